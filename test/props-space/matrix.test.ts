/**
 * The pairwise matrix: every feature alone, and every two features together, either synthesize an app that holds every
 * invariant or are refused with the message REFUSED_PAIRS documents (the README's Combinations section). AWS's
 * CloudFormation validator is off here (the props-space test runs it on its draws); the service rules and the
 * invariants run on every pair.
 */
import { BASE_DRAW } from './draw';
import { combine, FEATURES, REFUSED_PAIRS, WARNED_PAIRS, warningIds } from './features';
import { outcomeOf, violationsOf, type Outcome } from './outcome';

const names = Object.keys(FEATURES);
const pairs = names.flatMap((a, i) => names.slice(i + 1).map((b) => [a, b] as const));

const alone = new Map<string, Outcome>(names.map((name) => [name, outcomeOf(combine(BASE_DRAW, name))]));
const idsOf = (o: Outcome | undefined) => (o?.kind === 'synthesized' ? warningIds(o.warnings) : []);

test.each(names)('%s alone synthesizes and holds every invariant', (name) => {
  const outcome = alone.get(name)!;
  expect(outcome.kind === 'refused' ? outcome.message : '').toBe('');
  if (outcome.kind === 'synthesized') expect(violationsOf(outcome)).toEqual([]);
});

test.each(pairs)('%s + %s', (a, b) => {
  const outcome = outcomeOf(combine(BASE_DRAW, a, b));
  const refusal = REFUSED_PAIRS[`${a} + ${b}`];
  if (refusal !== undefined) {
    expect(outcome.kind === 'refused' ? outcome.message.replace(/^\[[^\]]+\] /, '') : 'synthesized').toContain(refusal);
    return;
  }
  expect(outcome.kind === 'refused' ? outcome.message : 'synthesized').toBe('synthesized');
  if (outcome.kind !== 'synthesized') return;
  expect(violationsOf(outcome)).toEqual([]);
  const own = new Set([...idsOf(alone.get(a)), ...idsOf(alone.get(b))]);
  expect(warningIds(outcome.warnings).filter((id) => !own.has(id))).toEqual(WARNED_PAIRS[`${a} + ${b}`] ?? []);
});

test('every documented refusal and warning is a pair of the matrix', () => {
  const all = new Set(pairs.map(([a, b]) => `${a} + ${b}`));
  expect([...Object.keys(REFUSED_PAIRS), ...Object.keys(WARNED_PAIRS)].filter((p) => !all.has(p))).toEqual([]);
});
