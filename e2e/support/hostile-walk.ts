import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isAbstractType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** One request of the walk: an operation with valid arguments but one hostile value. */
export interface HostileCase {
  operation: string;
  kind: 'query' | 'mutation';
  /** Where the hostile value sits, e.g. `input.amount.amount`; `(valid)` for the plain call. */
  path: string;
  value: unknown;
  document: string;
  variables: Record<string, unknown>;
}

/** Values that once reached a database or a parser as they were. */
const HOSTILE_TEXT = [
  '',
  '   ',
  '\u0000',
  'text with a \u0000 in it',
  '12345678901234567890',
  '-99999999999999999999.99',
  '1e400',
  '1E-400',
  '-0',
  'NaN',
  '0x1F',
  '2024-02-30',
  '2023-13-45',
  '0000-00-00',
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000g',
  Buffer.from(JSON.stringify(['yesterday', 'not-an-id'])).toString('base64url'),
  Buffer.from(JSON.stringify(['invoices', '2026-01-01T00:00:00Z', 'x'])).toString('base64url'),
  'x'.repeat(20_000),
  'WRONG_ENUM_VALUE',
  "'; drop table clients; --",
  '../../etc/passwd',
  '\uD800',
];
const HOSTILE_INTS = [0, -1, 2_147_483_647, -2_147_483_648];
const HOSTILE_FLOATS = [0, -1, 1e308, -1e308, 5e-324];

/** fast-check's own hostile strings, drawn from a fixed seed so that a run is repeatable. */
function generatedText(seed: number): string[] {
  return fc.sample(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
      fc.double().map(String),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.uuid().map((uuid) => uuid.toUpperCase().replace(/-/g, '')),
    ),
    { seed, numRuns: 6 },
  );
}

/** A value that GraphQL accepts for the type and that a resolver would take as sensible. */
export function validValue(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return validValue(type.ofType, name);
  if (isListType(type)) return [validValue(type.ofType, name)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = validValue(field.type, field.name);
    }
    return value;
  }
  switch (type.name) {
    case 'ID':
      return randomUUID();
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return false;
    default:
      return validText(name);
  }
}

function validText(name: string): string {
  if (/idempotencyKey/i.test(name)) return randomUUID();
  if (/(^id$|Id$)/.test(name)) return randomUUID();
  if (/currency/i.test(name)) return 'USD';
  if (/amount/i.test(name)) return '10.00';
  if (/timeZone/i.test(name)) return 'America/New_York';
  if (/(On$|Date$|^from$|^to$|asOf|period|effective)/.test(name)) return '2026-03-02';
  if (/hours/i.test(name)) return '1.5';
  if (/percent/i.test(name)) return '5';
  if (/url/i.test(name)) return 'https://hooks.example.com/lexfin';
  if (/email/i.test(name)) return 'ada@example.com';
  return 'Review of the lease';
}

interface Leaf {
  path: string[];
  type: GraphQLInputType;
}

/** Every place a value goes in an argument: itself, each input field, each list element. */
function leavesOf(type: GraphQLInputType, path: string[], seen: Set<string>): Leaf[] {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return leavesOf(inner.ofType, [...path, '0'], seen);
  if (isInputObjectType(inner)) {
    if (seen.has(inner.name)) return [];
    const nested = new Set(seen).add(inner.name);
    return Object.values(inner.getFields()).flatMap((field) =>
      leavesOf(field.type, [...path, field.name], nested),
    );
  }
  return [{ path, type: inner }];
}

function hostileValues(type: GraphQLInputType, seed: number): unknown[] {
  const named = getNamedType(type);
  if (named.name === 'Int') return HOSTILE_INTS;
  if (named.name === 'Float') return HOSTILE_FLOATS;
  if (named.name === 'Boolean') return [true];
  if (isEnumType(named)) return ['WRONG_ENUM_VALUE', named.getValues()[0]!.value.toLowerCase()];
  return [...HOSTILE_TEXT, ...generatedText(seed)];
}

/** `root` with `value` at `path`, building the objects and lists on the way validly. */
function withValueAt(
  root: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
  args: readonly GraphQLArgument[],
): Record<string, unknown> {
  const copy = structuredClone(root);
  let container = copy as Record<string, unknown>;
  let type: GraphQLInputType = args.find((arg) => arg.name === path[0])!.type;
  for (const [index, key] of path.slice(0, -1).entries()) {
    const inner = isNonNullType(type) ? type.ofType : type;
    container[key] ??= validValue(inner, key);
    if (isListType(inner)) type = inner.ofType;
    else if (isInputObjectType(inner)) type = inner.getFields()[path[index + 1]!]!.type;
    container = container[key] as Record<string, unknown>;
  }
  container[path.at(-1)!] = value;
  return copy;
}

function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) || isAbstractType(named) ? ' { __typename }' : '';
}

/**
 * The walk over every query and mutation of `schema` (federation's own `_entities` and
 * `_service` aside): the valid call, then each argument place with each hostile value.
 */
export function hostileCases(schema: GraphQLSchema, seed: number): HostileCase[] {
  const cases: HostileCase[] = [];
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  for (const [kind, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (field.name.startsWith('_')) continue;
      const declared = field.args.map((arg, index) => `$a${index}: ${arg.type.toString()}`);
      const passed = field.args.map((arg, index) => `${arg.name}: $a${index}`);
      const document = `${kind} Walk${declared.length ? `(${declared.join(', ')})` : ''} { ${field.name}${passed.length ? `(${passed.join(', ')})` : ''}${selectionOf(field)} }`;
      const valid: Record<string, unknown> = {};
      for (const arg of field.args) {
        if (isNonNullType(arg.type)) valid[arg.name] = validValue(arg.type, arg.name);
      }
      const variablesOf = (values: Record<string, unknown>) =>
        Object.fromEntries(field.args.map((arg, index) => [`a${index}`, values[arg.name] ?? null]));
      cases.push({
        operation: field.name,
        kind,
        path: '(valid)',
        value: null,
        document,
        variables: variablesOf(valid),
      });
      for (const arg of field.args) {
        for (const leaf of leavesOf(arg.type, [arg.name], new Set())) {
          for (const value of hostileValues(leaf.type, seed + cases.length)) {
            cases.push({
              operation: field.name,
              kind,
              path: leaf.path.join('.'),
              value,
              document,
              variables: variablesOf(withValueAt(valid, leaf.path, value, field.args)),
            });
          }
        }
      }
    }
  }
  return cases;
}
