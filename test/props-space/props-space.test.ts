/**
 * The props space, explored: each draw sets every feature of the library at once (see ./draw.ts) and must either be
 * refused with a ConfigError naming the construct, or synthesize templates that pass AWS's CloudFormation validator,
 * the service rules and every cross-feature invariant (../invariants). In `npm test` with a fixed seed and a bounded
 * number of draws; `npm run explore` runs many more with a fresh seed, and fast-check prints a failing draw shrunk
 * to a minimal one.
 */
import fc from 'fast-check';
import { validatorOn } from '../support/helpers';
import { drawArbitrary } from './draw';
import { outcomeOf, unacknowledgeableWarnings, violationsOf } from './outcome';

validatorOn();

const EXPLORE = process.env.PROPS_SPACE_EXPLORE === '1';
const RUNS = Number(process.env.PROPS_SPACE_RUNS ?? (EXPLORE ? 1000 : 16));
const SEED = process.env.PROPS_SPACE_SEED !== undefined ? Number(process.env.PROPS_SPACE_SEED) : EXPLORE ? Date.now() % 2 ** 31 : 20261207;

test(`every draw of the props space is refused by name or synthesizes an app that holds every invariant (${RUNS} draws, seed ${SEED})`, () => {
  const counts = { refused: 0, synthesized: 0 };
  const started = Date.now();
  fc.assert(
    fc.property(drawArbitrary, (draw) => {
      const outcome = outcomeOf(draw);
      counts[outcome.kind]++;
      if (outcome.kind === 'refused') return;
      expect(violationsOf(outcome)).toEqual([]);
      expect(unacknowledgeableWarnings(outcome.warnings)).toEqual([]);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: !EXPLORE },
  );
  if (EXPLORE) {
    process.stdout.write(`props space: ${RUNS} draws (seed ${SEED}): ${counts.synthesized} synthesized, ${counts.refused} refused, in ${Math.round((Date.now() - started) / 1000)} s\n`);
  }
  // A space whose draws are all refused proves nothing about synthesized apps, and one never refused checks no error.
  expect(counts.synthesized).toBeGreaterThan(0);
  expect(counts.refused).toBeGreaterThan(0);
});
