export { keysetCursor, type KeysetCursor } from './cursor';
export { MAX_MINOR_UNITS, money, positiveMoney } from './money';
export { parseInput } from './parse';
export {
  MAX_TEXT_LENGTH,
  currency,
  date,
  id,
  idempotencyKey,
  oneOf,
  optionalText,
  pageSize,
  text,
  timeZone,
} from './values';
