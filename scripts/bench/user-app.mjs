// The benchmark's step for a user's app: where the time of `cdk synth` and of a unit-test loop goes in a CDK app that
// is not this repository (user-app.cjs builds it from the `npm pack` tarball, in a temporary folder). Every process is
// one of the benchmark's children (child.mjs): detached, with no input, its output captured and a time limit.
//
// - phases: one `node`-run synth of the compiled app, timed inside the process: Node's start, require('aws-cdk-lib'),
//   require of this library, constructing the app (its modules load here: aws-cdk-lib loads each service on first
//   use), app.synth(); with the CloudFormation validator on and off (CDK_VALIDATION=false), and cdk-nag's AwsSolutions
//   checks on and off.
// - whole processes, timed from outside (spawn to exit): the app run the ways a user runs it, with the context a fresh
//   `cdk init app` writes and CDK_OUTDIR set, as the CLI runs an app: through the CLI with ts-node (the whole command),
//   ts-node type-checking, ts-node --transpile-only, the compiled JavaScript, the compiled JavaScript without the
//   validator, the CLI around that (its own share); and `tsc --noEmit` alone (a fresh app's `npm run build`).
// - unit: a jest-style test module, `Template.fromStack` on the auth stack alone in a fresh App per test, with the
//   validator on and off.
//
// Each figure is the median of `processes` processes, the variants alternated round by round.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, childRunner } from './child.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Time limits, in ms: far above what each takes (a type-checking ts-node run through the CLI takes the longest). */
const LIMITS = { setup: 600_000, app: 300_000, unit: 300_000 };
const TESTS_PER_MODULE = 5;

/** Packs this package and installs the user's app in a temporary folder; `cleanup` removes it. */
export async function setUpUserApp({ root, here, log, retried }) {
  const workdir = mkdtempSync(join(tmpdir(), 'bench-user-app-'));
  const runner = childRunner({ cwd: root, env: childEnv(root), log });
  try {
    log('user app: npm pack, install (from the npm cache where it can), compile');
    const setup = await runner.measure('user app setup', [join(here, 'user-app.cjs'), 'setup', workdir], LIMITS.setup);
    retried.push(...runner.retried);
    return { ...setup, workdir, cleanup: () => rmSync(workdir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(workdir, { recursive: true, force: true });
    throw err;
  }
}

/** One run of the step: answers the figures for .bench/results.json. */
export async function benchUserApp({ root, here, log, retried, setup, processes, tag }) {
  const { appDir, nag } = setup;
  const script = join(here, 'user-app.cjs');
  const context = JSON.stringify(JSON.parse(readFileSync(join(appDir, 'cdk.json'), 'utf8')).context);

  /** A child in the app's folder; `outdir` makes it a CLI-style run (CDK_OUTDIR, the app's context as the CLI passes it). */
  async function child(label, argv, { validator = true, outdir = false, command, limit = LIMITS.app, json = false } = {}) {
    const out = outdir ? mkdtempSync(join(tmpdir(), 'bench-user-app-out-')) : undefined;
    const env = {
      ...childEnv(root),
      CDK_DISABLE_VERSION_CHECK: '1',
      ...(validator ? {} : { CDK_VALIDATION: 'false' }),
      ...(out ? { CDK_OUTDIR: out, CDK_CONTEXT_JSON: context } : {}),
    };
    const runner = childRunner({ cwd: appDir, env, log, ...(command ? { command } : {}) });
    try {
      const start = performance.now();
      const stdout = json ? await runner.measure(label, argv, limit) : await runner.run(label, argv, limit);
      return { wallMs: performance.now() - start, ...(json ? stdout : {}) };
    } finally {
      retried.push(...runner.retried);
      if (out) rmSync(out, { recursive: true, force: true });
    }
  }

  const tsNode = join(appDir, 'node_modules', 'ts-node', 'dist', 'bin.js');
  const cdk = join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  /** `cdk synth` of the app's folder (its cdk.json's context) with this `app` command. */
  async function cli(label, appCommand, options) {
    const output = mkdtempSync(join(tmpdir(), 'bench-user-app-cdk-out-'));
    try {
      return await child(label, [cdk, 'synth', '--quiet', '--app', appCommand, '--output', output], options);
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  }

  // Whole processes, each a user's way of running the app.
  const WHOLE = {
    // what `cdk synth` runs for an app whose cdk.json says `npx ts-node --prefer-ts-exts bin/app.ts` (type-checks)
    cliTsNodeTypeCheck: (label) => cli(label, 'npx ts-node --prefer-ts-exts bin/app.ts'),
    // the CLI's own share: `cdk synth` of the compiled app without the validator, against compiledNoValidator
    cliCompiledNoValidator: (label) => cli(label, 'node build/bin/app.js', { validator: false }),
    tsNodeTypeCheck: (label) => child(label, [tsNode, '--prefer-ts-exts', 'bin/app.ts'], { outdir: true }),
    tsNodeTranspileOnly: (label) => child(label, [tsNode, '--transpile-only', '--prefer-ts-exts', 'bin/app.ts'], { outdir: true }),
    compiled: (label) => child(label, ['build/bin/app.js'], { outdir: true }),
    compiledNoValidator: (label) => child(label, ['build/bin/app.js'], { outdir: true, validator: false }),
    tscNoEmit: (label) => child(label, [join(appDir, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.']),
  };
  const PHASES = [['on', 'off'], ['off', 'off'], ...(nag ? [['on', 'on'], ['off', 'on']] : [])];

  const whole = Object.fromEntries(Object.keys(WHOLE).map((k) => [k, []]));
  const phases = Object.fromEntries(PHASES.map(([v, n]) => [`validator-${v},nag-${n}`, []]));
  const unit = { 'validator-on': [], 'validator-off': [] };
  for (let round = 0; round < processes; round++) {
    log(`${tag}user app, round ${round + 1}/${processes}`);
    const order = round % 2 === 0 ? (xs) => xs : (xs) => [...xs].reverse();
    for (const name of order(Object.keys(WHOLE))) whole[name].push((await WHOLE[name](`user app: ${name}`)).wallMs);
    for (const [v, n] of order(PHASES)) {
      phases[`validator-${v},nag-${n}`].push(await child(`user app: phases, validator ${v}, nag ${n}`, [script, 'phases', appDir, v, n], { json: true }));
    }
    for (const v of order(['on', 'off'])) {
      unit[`validator-${v}`].push(await child(`user app: unit, validator ${v}`, [script, 'unit', appDir, v, String(TESTS_PER_MODULE)], { json: true, limit: LIMITS.unit }));
    }
  }

  const medians = (runs, keys) => Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))]));
  return {
    processes,
    testsPerModule: TESTS_PER_MODULE,
    nag,
    tarballBytes: setup.tarballBytes,
    installMs: setup.installMs,
    wholeMs: Object.fromEntries(Object.entries(whole).map(([k, xs]) => [k, median(xs)])),
    phases: Object.fromEntries(Object.entries(phases).map(([k, runs]) => [
      k,
      medians(runs, ['wallMs', 'startMs', 'requireCdkMs', 'requireLibraryMs', 'constructMs', 'synthMs', 'authTemplateBytes', 'apiTemplateBytes']),
    ])),
    unit: Object.fromEntries(Object.entries(unit).map(([k, runs]) => [k, medians(runs, ['wallMs', 'startMs', 'loadMs', 'firstMs', 'nextMedianMs'])])),
  };
}

/** The step's rows of the printed table. */
export function userAppRows(u, of, fmt) {
  const ms = (n) => `${fmt(n, 0)} ms`;
  const p = u.phases;
  const phase = (k) => p[k] && `${ms(p[k].synthMs)} synth (process ${ms(p[k].wallMs)})`;
  const w = u.wholeMs;
  const x = `median of ${u.processes}${of}`;
  return [
    ['user app (packed tarball, own folder): Node.js start', `${ms(p['validator-off,nag-off'].startMs)} ${x}`],
    ['user app: require aws-cdk-lib / this library', `${ms(p['validator-off,nag-off'].requireCdkMs)} / ${ms(p['validator-off,nag-off'].requireLibraryMs)}`],
    ['user app: construct 2 stacks (services load here)', ms(p['validator-off,nag-off'].constructMs)],
    ['user app: synth, validator on / off', `${phase('validator-on,nag-off')} / ${phase('validator-off,nag-off')}`],
    ...(u.nag ? [['user app: synth with cdk-nag AwsSolutions, validator on / off', `${phase('validator-on,nag-on')} / ${phase('validator-off,nag-on')}`]] : []),
    ['user app: cdk synth, app `npx ts-node` (type-checks), validator on', `${ms(w.cliTsNodeTypeCheck)} ${x}`],
    ['user app: ts-node bin/app.ts, validator on', ms(w.tsNodeTypeCheck)],
    ['user app: ts-node --transpile-only, validator on', ms(w.tsNodeTranspileOnly)],
    ['user app: node build/bin/app.js, validator on / off', `${ms(w.compiled)} / ${ms(w.compiledNoValidator)}`],
    ['user app: cdk synth, app `node build/bin/app.js`, validator off', ms(w.cliCompiledNoValidator)],
    ['user app: tsc --noEmit', ms(w.tscNoEmit)],
    [
      `user app: jest-style module, ${u.testsPerModule} x Template.fromStack(auth), validator on`,
      `load ${ms(u.unit['validator-on'].loadMs)}, first ${ms(u.unit['validator-on'].firstMs)}, next ${ms(u.unit['validator-on'].nextMedianMs)} (process ${ms(u.unit['validator-on'].wallMs)})`,
    ],
    [
      '  the same, validator off (CDK_VALIDATION=false)',
      `load ${ms(u.unit['validator-off'].loadMs)}, first ${ms(u.unit['validator-off'].firstMs)}, next ${ms(u.unit['validator-off'].nextMedianMs)} (process ${ms(u.unit['validator-off'].wallMs)})`,
    ],
  ];
}
