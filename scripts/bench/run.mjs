// The benchmark: `npm run bench` (one run) or `npm run bench -- --runs 3` (three runs, one after the other, and the
// median of each figure across them). Prints a table, with each budget met or missed, and writes
// .bench/results.json. Not part of `npm test`: figures come from runs on one machine, never from timed tests. Needs
// `npm run build` first (it measures dist/ and assets/, what the package ships). `--quick` takes fewer samples;
// `--strict` ends with exit code 1 when a budget is missed. Its last step (user-app.mjs) measures a user's app outside
// this repository, installed from the `npm pack` tarball in a temporary folder (from the npm cache where it can).
//
// It runs to its end wherever it is started (a terminal, a CI job, a background job with no terminal): it reads
// nothing from its standard input, and runs each measurement in a child process that has no terminal, no standard
// input and a time limit (child.mjs). A step that fails, or overruns its limit twice, stops the benchmark with the
// step named.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { childEnv, childRunner } from './child.mjs';
import { benchUserApp, setUpUserApp, userAppRows } from './user-app.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const strict = args.includes('--strict');
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 1;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a whole number of runs, 1 or more');
const ROUNDS = quick ? 2 : 5;
const COLD_PROCESSES = quick ? 5 : 21;
const USER_APP_PROCESSES = quick ? 1 : 3;

/** The budgets, as the README states them. */
const BUDGETS = {
  /** Synth of the example-sized stack: at most this multiple of the same stack in hand-written aws-cdk-lib. */
  synthRatioMax: 1.1,
  /** The bundled authorizer's verifications per second: at least this share of aws-jwt-verify's alone. */
  authorizerRatioMin: 0.95,
  /** Cold load and first answer, where the first event needs no AWS call (no AWS SDK loaded), in ms. */
  coldStartMs: {
    'pre-signup': 15, 'post-confirmation': 30, 'pre-token-generation': 30, 'jwt-authorizer': 30, 'custom-message': 15,
    // The senders carry the AWS Encryption SDK (about 350 KB minified), which their module parses at load.
    'custom-email-sender': 30, 'custom-sms-sender': 30,
    'inbound-federation': 15, 'migrate-from-pool': 15, 'migrate-from-http': 15, 'migrate-from-hashes': 30,
  },
  /**
   * The migration triggers' first sign-in, cold (the SDK's load, the calls to a local stand-in, and the hash's
   * verification with OWASP's parameters), in ms: well inside the 5 seconds Cognito waits, on a machine slower than
   * the 1 GB function the hash source gets.
   */
  migrationFirstCallMs: { 'migrate-from-pool': 400, 'migrate-from-hashes': 1500 },
  /** Bundle sizes in bytes (minified, AWS SDK external), as test/contracts/bundles.test.ts holds them too. */
  bundleBytes: {
    'pre-token-generation': 8 * 1024, 'pre-signup': 16 * 1024, 'post-confirmation': 16 * 1024, 'jwt-authorizer': 64 * 1024, 'custom-message': 8 * 1024,
    'custom-email-sender': 384 * 1024, 'custom-sms-sender': 384 * 1024, 'inbound-federation': 8 * 1024,
    'migrate-from-pool': 16 * 1024, 'migrate-from-http': 16 * 1024, 'migrate-from-hashes': 96 * 1024,
  },
  /** Pre token generation with default groups answering a user already in them, cold, in ms. */
  preTokenDefaultGroupsColdMs: 15,
  /** Warm pre token generation (50 groups, 20 attributes), p99 in ms. */
  preTokenWarmP99Ms: 0.2,
};

/** Time limits of the child processes, in ms: far above what each takes, so only a stuck child reaches one. */
const LIMITS = { nodeStart: 30_000, synth: 180_000, coldStart: 30_000, warm: 300_000 };
const log = (message) => process.stderr.write(`${message}\n`);
const { run, measure, retried } = childRunner({ cwd: root, env: childEnv(root), log });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 1) => n.toFixed(d);
const require = createRequire(import.meta.url);
const { CONFIGS, fixture } = require('./fixtures.cjs');
// Labels only: the authorizer's fixture makes a key pair, so it is read once here, not per measure.
const fixtures = Object.fromEntries(
  Object.entries(CONFIGS).map(([name, configurations]) => [name, Object.fromEntries(configurations.map((c) => [c, fixture(name, c)]))]),
);

async function benchOnce(runIndex, userApp) {
  const results = {};
  const tag = RUNS > 1 ? `run ${runIndex + 1}/${RUNS}: ` : '';

  // 1. synth time against hand-written aws-cdk-lib, alternated, each in its own process
  log(`${tag}synth, ${ROUNDS} rounds`);
  const synth = { library: [], handwritten: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const kind of r % 2 === 0 ? ['library', 'handwritten'] : ['handwritten', 'library']) {
      synth[kind].push(await measure(`synth ${kind}`, [join(here, 'synth-one.cjs'), kind, '3', '2'], LIMITS.synth));
    }
  }
  results.synth = {
    rounds: ROUNDS,
    libraryMedianMs: median(synth.library.map((s) => s.synthMs)),
    handwrittenMedianMs: median(synth.handwritten.map((s) => s.synthMs)),
    libraryTemplateBytes: synth.library[0].templateBytes,
    handwrittenTemplateBytes: synth.handwritten[0].templateBytes,
  };
  results.synth.ratio = results.synth.libraryMedianMs / results.synth.handwrittenMedianMs;

  // 2. scale: groups and clients
  log(`${tag}scale`);
  const scale = [];
  for (const [groups, clients] of [[1, 1], [10, 1], [100, 1], [1, 10], [1, 50]]) {
    scale.push(await measure(`synth library, ${groups} groups, ${clients} clients`, [join(here, 'synth-one.cjs'), 'library', String(groups), String(clients)], LIMITS.synth));
  }
  const per = (a, b, items) => (b.templateBytes - a.templateBytes) / items;
  results.scale = {
    runs: scale,
    bytesPerGroup: { from1to10: per(scale[0], scale[1], 9), from10to100: per(scale[1], scale[2], 90) },
    bytesPerClient: { from1to10: per(scale[0], scale[3], 9), from10to50: per(scale[3], scale[4], 40) },
    msPerGroup: (scale[2].synthMs - scale[0].synthMs) / 99,
    msPerClient: (scale[4].synthMs - scale[0].synthMs) / 49,
  };

  // 3. bundle sizes
  const bundles = readdirSync(join(root, 'assets')).sort();
  results.bundles = bundles.map((name) => {
    const code = readFileSync(join(root, 'assets', name, 'index.js'));
    return { name, bytes: code.length, gzipBytes: gzipSync(code).length };
  });

  // 4. cold start of each handler in each of its configurations, Node's own start-up measured apart
  log(`${tag}cold starts, ${COLD_PROCESSES} processes each`);
  const nodeStart = [];
  for (let i = 0; i < COLD_PROCESSES; i++) {
    const t = performance.now();
    await run('Node.js start-up', ['-e', ''], LIMITS.nodeStart);
    nodeStart.push(performance.now() - t);
  }
  results.coldStart = { nodeStartupMedianMs: median(nodeStart), processes: COLD_PROCESSES, measures: [] };
  for (const name of bundles) {
    for (const configuration of CONFIGS[name] ?? []) {
      const script = join(here, 'cold-start.cjs');
      const runs = [];
      for (let i = 0; i < COLD_PROCESSES; i++) runs.push(await measure(`cold start ${name} ${configuration}`, [script, name, configuration], LIMITS.coldStart));
      const { label, noCall, callEvent, call } = fixtures[name][configuration];
      // Where the configuration calls AWS: the cold start whose first event makes the call (and so loads the SDK).
      let calls;
      if (callEvent) {
        calls = [];
        for (let i = 0; i < COLD_PROCESSES; i++) calls.push(await measure(`first call ${name} ${configuration}`, [script, name, configuration, 'first-call'], LIMITS.coldStart));
      }
      results.coldStart.measures.push({
        name,
        configuration,
        label,
        noCall,
        sdkLoaded: runs.some((r) => r.sdkLoaded),
        firstAnswerMedianMs: median(runs.map((r) => r.firstAnswerMs)),
        loadMedianMs: median(runs.map((r) => r.loadMs)),
        ...(calls ? { call, firstCallMedianMs: median(calls.map((r) => r.firstAnswerMs)) } : {}),
      });
    }
  }

  // 5 and 6. warm latency and authorizer throughput
  log(`${tag}warm latency and authorizer throughput`);
  Object.assign(results, await measure('warm latency and authorizer throughput', [join(here, 'warm.cjs')], LIMITS.warm));

  // 7. a user's app, outside this repository, from the packed package (user-app.mjs)
  results.userApp = await benchUserApp({ root, here, log, retried, setup: userApp, processes: USER_APP_PROCESSES, tag });
  return results;
}

/** Each budget with the figure it is held to and whether it is met. */
function budgets(r) {
  const preTokenDefault = r.coldStart.measures.find((m) => m.name === 'pre-token-generation' && m.configuration === 'default-groups');
  const preTokenWarm = r.latencies.find((l) => l.name === 'pre-token-generation');
  return [
    { budget: `synth ratio <= ${BUDGETS.synthRatioMax}`, figure: r.synth.ratio, met: r.synth.ratio <= BUDGETS.synthRatioMax },
    { budget: `authorizer ratio >= ${BUDGETS.authorizerRatioMin}`, figure: r.authorizer.ratio, met: r.authorizer.ratio >= BUDGETS.authorizerRatioMin },
    {
      budget: `pre-token-generation, default groups, a user already in them, cold < ${BUDGETS.preTokenDefaultGroupsColdMs} ms`,
      figure: preTokenDefault.firstAnswerMedianMs,
      met: preTokenDefault.firstAnswerMedianMs < BUDGETS.preTokenDefaultGroupsColdMs && !preTokenDefault.sdkLoaded,
    },
    ...r.coldStart.measures
      .filter((m) => !(m.name === 'pre-token-generation' && m.configuration === 'default-groups'))
      .map((m) => ({
        budget: `${m.name}, ${m.label}, cold < ${BUDGETS.coldStartMs[m.name]} ms, no AWS SDK loaded`,
        figure: m.firstAnswerMedianMs,
        met: m.firstAnswerMedianMs < BUDGETS.coldStartMs[m.name] && !m.sdkLoaded,
      })),
    ...r.coldStart.measures
      .filter((m) => BUDGETS.migrationFirstCallMs[m.name] !== undefined && m.firstCallMedianMs !== undefined)
      .map((m) => ({
        budget: `${m.name}, ${m.label}, ${m.call}, cold < ${BUDGETS.migrationFirstCallMs[m.name]} ms`,
        figure: m.firstCallMedianMs,
        met: m.firstCallMedianMs < BUDGETS.migrationFirstCallMs[m.name],
      })),
    { budget: `warm pre-token-generation p99 < ${BUDGETS.preTokenWarmP99Ms} ms`, figure: preTokenWarm.p99Ms, met: preTokenWarm.p99Ms < BUDGETS.preTokenWarmP99Ms },
    ...r.bundles.map((b) => ({ budget: `bundle ${b.name} <= ${BUDGETS.bundleBytes[b.name]} bytes`, figure: b.bytes, met: b.bytes <= BUDGETS.bundleBytes[b.name] })),
  ];
}

/**
 * The median of each number across the runs, field by field (arrays by position); a flag is set when it is set in any
 * run; other values come from the first run.
 */
function medianOf(values) {
  const [first] = values;
  if (typeof first === 'number') return median(values);
  if (typeof first === 'boolean') return values.some(Boolean);
  if (Array.isArray(first)) return first.map((_, i) => medianOf(values.map((v) => v[i])));
  if (first !== null && typeof first === 'object') return Object.fromEntries(Object.keys(first).map((k) => [k, medianOf(values.map((v) => v[k]))]));
  return first;
}

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
const started = new Date().toISOString();
const runs = [];
let userApp;
try {
  userApp = await setUpUserApp({ root, here, log, retried });
  for (let i = 0; i < RUNS; i++) runs.push(await benchOnce(i, userApp));
} catch (err) {
  userApp?.cleanup();
  log(`\nthe benchmark stopped: ${err.message}`);
  process.exit(1);
}
userApp.cleanup();
const figures = RUNS === 1 ? runs[0] : medianOf(runs);
const checked = budgets(figures);
const results = { machine, date: started, runs: RUNS, figures, budgets: checked, retried, ...(RUNS > 1 ? { each: runs } : {}) };

mkdirSync(join(root, '.bench'), { recursive: true });
writeFileSync(join(root, '.bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');

const of = RUNS > 1 ? `, median of ${RUNS} runs` : '';
const f = figures;
const rows = [
  ['machine', `${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node.js ${machine.node}`],
  ['synth (example-sized stack), library', `${fmt(f.synth.libraryMedianMs, 0)} ms median of ${ROUNDS}${of}`],
  ['synth, hand-written aws-cdk-lib', `${fmt(f.synth.handwrittenMedianMs, 0)} ms median of ${ROUNDS}${of}`],
  [`synth ratio (budget <= ${BUDGETS.synthRatioMax})`, `${fmt(f.synth.ratio, 2)}${RUNS > 1 ? ` (runs: ${runs.map((r) => fmt(r.synth.ratio, 2)).join(', ')})` : ''}`],
  ['template bytes, library / hand-written', `${f.synth.libraryTemplateBytes} / ${f.synth.handwrittenTemplateBytes}`],
  ['template growth per group (1->10, 10->100)', `${fmt(f.scale.bytesPerGroup.from1to10, 0)} / ${fmt(f.scale.bytesPerGroup.from10to100, 0)} bytes`],
  ['template growth per client (1->10, 10->50)', `${fmt(f.scale.bytesPerClient.from1to10, 0)} / ${fmt(f.scale.bytesPerClient.from10to50, 0)} bytes`],
  ['synth time per group / per client', `${fmt(f.scale.msPerGroup, 1)} / ${fmt(f.scale.msPerClient, 1)} ms`],
  ...f.bundles.map((b) => [`bundle ${b.name}`, `${b.bytes} bytes (${b.gzipBytes} gzipped)`]),
  ['Node.js start-up (not counted below)', `${fmt(f.coldStart.nodeStartupMedianMs)} ms median${of}`],
  ...f.coldStart.measures.flatMap((m) => [
    [
      `cold load + first answer ${m.name}, ${m.label}${m.noCall ? `, ${m.noCall}` : ''}`,
      `${fmt(m.firstAnswerMedianMs)} ms median of ${COLD_PROCESSES}${of} (${m.sdkLoaded ? 'LOADED THE AWS SDK' : 'no AWS SDK loaded'})`,
    ],
    ...(m.call ? [[`  first call of ${m.name}, ${m.label}: ${m.call}`, `${fmt(m.firstCallMedianMs)} ms (loads the AWS SDK; calls answered by a local stand-in)`]] : []),
  ]),
  ...f.latencies.map((l) => [`warm ${l.name} (${l.name === 'custom-message' ? 'two locales' : '50 groups'}, 20 attributes)`, `p50 ${fmt(l.p50Ms, 4)} ms, p99 ${fmt(l.p99Ms, 4)} ms`]),
  ['authorizer verifications/s, bundled handler', fmt(f.authorizer.bundledPerSecond, 0)],
  ['authorizer verifications/s, aws-jwt-verify alone', fmt(f.authorizer.awsJwtVerifyPerSecond, 0)],
  [`authorizer ratio (budget >= ${BUDGETS.authorizerRatioMin})`, `${fmt(f.authorizer.ratio, 2)}${RUNS > 1 ? ` (runs: ${runs.map((r) => fmt(r.authorizer.ratio, 2)).join(', ')})` : ''}`],
  ...userAppRows(f.userApp, of, fmt),
  ...checked.map((c) => [`budget: ${c.budget}`, `${c.met ? 'met' : 'MISSED'} (${fmt(c.figure, c.figure < 1 ? 3 : 2)})`]),
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'));
if (retried.length > 0) console.log(`\nsteps run once more after overrunning their limit: ${retried.join('; ')}`);
console.log('\nwritten: .bench/results.json');
if (strict && checked.some((c) => !c.met)) process.exitCode = 1;
