// The benchmark: `npm run bench`. Prints a table and writes .bench/results.json. Not part of `npm test`: figures
// come from this run on this machine, never from timed tests. Needs `npm run build` first (it measures dist/ and
// assets/, what the package ships).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 2 : 5;
const COLD_PROCESSES = quick ? 5 : 21;

const node = (args) => {
  const out = execFileSync(process.execPath, args, { cwd: root, env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' }, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  return JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).pop());
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 1) => n.toFixed(d);

const results = { machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, date: new Date().toISOString() };

// 1. synth time against hand-written aws-cdk-lib, alternated, each in its own process
const synth = { library: [], handwritten: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const kind of r % 2 === 0 ? ['library', 'handwritten'] : ['handwritten', 'library']) synth[kind].push(node([join(here, 'synth-one.cjs'), kind, '3', '2']));
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
const scale = [];
for (const [groups, clients] of [[1, 1], [10, 1], [100, 1], [1, 10], [1, 50]]) scale.push(node([join(here, 'synth-one.cjs'), 'library', String(groups), String(clients)]));
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
const nodeStart = [];
for (let i = 0; i < COLD_PROCESSES; i++) {
  const t = performance.now();
  execFileSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  nodeStart.push(performance.now() - t);
}
const require = createRequire(import.meta.url);
const { CONFIGS, fixture } = require('./fixtures.cjs');
results.coldStart = { nodeStartupMedianMs: median(nodeStart), processes: COLD_PROCESSES, measures: [] };
for (const name of bundles) {
  for (const configuration of CONFIGS[name] ?? []) {
    const runs = Array.from({ length: COLD_PROCESSES }, () => node([join(here, 'cold-start.cjs'), name, configuration]));
    const sdkLoaded = runs.some((r) => r.sdkLoaded);
    // The handler's own share, with the SDK loaded beforehand, only where the configuration loads it.
    const own = sdkLoaded ? Array.from({ length: COLD_PROCESSES }, () => node([join(here, 'cold-start.cjs'), name, configuration, 'preload-sdk'])) : undefined;
    const { label, noCall } = fixture(name, configuration);
    results.coldStart.measures.push({
      name,
      configuration,
      label,
      noCall,
      sdkLoaded,
      firstAnswerMedianMs: median(runs.map((r) => r.firstAnswerMs)),
      loadMedianMs: median(runs.map((r) => r.loadMs)),
      ...(own ? { ownFirstAnswerMedianMs: median(own.map((r) => r.firstAnswerMs)) } : {}),
    });
  }
}

// 5 and 6. warm latency and authorizer throughput
Object.assign(results, node([join(here, 'warm.cjs')]));

mkdirSync(join(root, '.bench'), { recursive: true });
writeFileSync(join(root, '.bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');

const rows = [
  ['machine', `${results.machine.cpus} x ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, Node.js ${results.machine.node}`],
  ['synth (example-sized stack), library', `${fmt(results.synth.libraryMedianMs, 0)} ms median of ${ROUNDS}`],
  ['synth, hand-written aws-cdk-lib', `${fmt(results.synth.handwrittenMedianMs, 0)} ms median of ${ROUNDS}`],
  ['synth ratio (budget <= 1.15)', fmt(results.synth.ratio, 2)],
  ['template bytes, library / hand-written', `${results.synth.libraryTemplateBytes} / ${results.synth.handwrittenTemplateBytes}`],
  ['template growth per group (1->10, 10->100)', `${fmt(results.scale.bytesPerGroup.from1to10, 0)} / ${fmt(results.scale.bytesPerGroup.from10to100, 0)} bytes`],
  ['template growth per client (1->10, 10->50)', `${fmt(results.scale.bytesPerClient.from1to10, 0)} / ${fmt(results.scale.bytesPerClient.from10to50, 0)} bytes`],
  ['synth time per group / per client', `${fmt(results.scale.msPerGroup, 1)} / ${fmt(results.scale.msPerClient, 1)} ms`],
  ...results.bundles.map((b) => [`bundle ${b.name}`, `${b.bytes} bytes (${b.gzipBytes} gzipped)`]),
  ['Node.js start-up (not counted below)', `${fmt(results.coldStart.nodeStartupMedianMs)} ms median`],
  ...results.coldStart.measures.map((m) => [
    `cold load + first answer ${m.name}, ${m.label}`,
    m.sdkLoaded
      ? `${fmt(m.firstAnswerMedianMs)} ms median of ${COLD_PROCESSES} (loads the AWS SDK; own code, SDK preloaded: ${fmt(m.ownFirstAnswerMedianMs)} ms; no call: ${m.noCall})`
      : `${fmt(m.firstAnswerMedianMs)} ms median of ${COLD_PROCESSES} (no AWS SDK loaded)`,
  ]),
  ...results.latencies.map((l) => [`warm ${l.name} (50 groups, 20 attributes)`, `p50 ${fmt(l.p50Ms, 4)} ms, p99 ${fmt(l.p99Ms, 4)} ms`]),
  ['authorizer verifications/s, bundled handler', fmt(results.authorizer.bundledPerSecond, 0)],
  ['authorizer verifications/s, aws-jwt-verify alone', fmt(results.authorizer.awsJwtVerifyPerSecond, 0)],
  ['authorizer ratio (budget >= 0.9)', fmt(results.authorizer.ratio, 2)],
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'));
console.log('\nwritten: .bench/results.json');
