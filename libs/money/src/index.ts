export { allocateMinor, splitEvenly } from './allocation';
export { isKnownCurrency, minorDigits } from './currency';
export { formatMinorAmount, parseDecimalAmount } from './decimal';
export {
  CurrencyMismatchError,
  InvalidAmountError,
  MoneyError,
  UnknownCurrencyError,
} from './errors';
export { Money } from './money';
export { divideRounded, type Rounding } from './rounding';
