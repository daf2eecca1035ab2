/**
 * The toolbar checks frames with fitsRule(); the bridge validates commands with ajv on the JSON schema of the same
 * rule. Both must say the same of every value, or one side would send what the other refuses.
 */
import { schemaCompiler } from '../../server/src/bridge/schemaCompiler';
import { FIELD_RULES, fitsRule, orEmpty, textSchema, type TextRule } from '../../protocol/fieldRules';

const SAMPLES: readonly unknown[] = [
  undefined,
  null,
  42,
  ['a'],
  '',
  ' ',
  '\t',
  'a',
  ' a ',
  '0123456789abcdef',
  '0123456789ABCDEF',
  '0123456789abcde',
  '0123456789abcdef0',
  'bell\u0007',
  'del\u007f',
  'line\nbreak',
  '\u00a0',
  'caf\u00e9',
  '\u{1F600}',
  '\ud800',
  '+1 (650) 555-0100',
  '#*#*',
  ' 5550100',
  '5550100 ',
  '1'.repeat(64),
  '1'.repeat(65),
];

/** Texts around a rule's length limit, in UTF-16 units and in code points (an astral character is two units). */
function aroundLimit(rule: TextRule): string[] {
  const n = rule.maxLength;
  return ['x'.repeat(n), 'x'.repeat(n + 1), '\u{1F600}'.repeat(n), '\u{1F600}'.repeat(n + 1), 'x'.repeat(n - 1) + '\u{1F600}'];
}

const RULES: ReadonlyArray<readonly [string, TextRule]> = [
  ...Object.entries(FIELD_RULES),
  ...Object.entries(FIELD_RULES).map(([name, rule]) => [`${name} or empty`, orEmpty(rule)] as const),
];

describe.each(RULES)('the rule for %s', (_name, rule) => {
  const ajvCheck = schemaCompiler.compile(textSchema(rule));
  test.each([...SAMPLES, ...aroundLimit(rule)].map((value) => [JSON.stringify(value) ?? 'undefined', value]))(
    'the toolbar and the bridge agree on %s',
    (_shown, value) => {
      expect(fitsRule(rule, value)).toBe(ajvCheck(value));
    },
  );
});

test.each([
  ['connectionId', '0123456789abcdef', true],
  ['connectionId', '0123456789ABCDEF', false],
  ['eventId', ' ', false],
  ['eventId', 'call-1', true],
  ['ANI', '', true],
  ['ANI', 'bell\u0007', false],
  ['destination', ' ', false],
  ['destination', '+1 (555) 010-0100', true],
  ['destination', '555.0100', true],
  ['destination', '7002', true],
  ['destination', '1'.repeat(64), true],
  ['destination', '1'.repeat(65), false],
  ['destination', ' 5550100', false],
  ['destination', '5550100 ', false],
  ['destination', '#*#*', false],
  ['destination', '*67 5550100', false],
  ['destination', '5550100#', false],
  ['destination', '+', false],
  ['destination', '(-)', false],
  ['destination', '555+0100', false],
  ['destination', '５５５', false],
  ['thisDN', '', false],
] as const)('%s: %j → %s', (name, value, fits) => {
  expect(fitsRule(FIELD_RULES[name], value)).toBe(fits);
});

test('an empty text fits a rule made to allow it, and nothing else it refused does', () => {
  expect(fitsRule(orEmpty(FIELD_RULES.thisDN), '')).toBe(true);
  expect(fitsRule(orEmpty(FIELD_RULES.thisDN), ' ')).toBe(false);
  expect(fitsRule(orEmpty(FIELD_RULES.connectionId), 'ABC')).toBe(false);
});
