// The integration tests of test/integ/ (integ.*.ts: apps written with @aws-cdk/integ-tests-alpha, one IntegTest
// each, the way aws-cdk-lib writes its own) and their snapshots (integ.<name>.ts.snapshot/: each stack's template and
// the integ manifest).
//
//   node scripts/integ.mjs verify [TEST...]   offline, no account: synthesize each test and compare its templates with
//                                             the committed snapshot; exit 1 on a difference or a missing snapshot
//   node scripts/integ.mjs update [TEST...]   offline: write the snapshots anew from the synthesized templates
//   node scripts/integ.mjs list               the tests a deploy runs with the environment as it is
//   node scripts/integ.mjs deploy [TEST...] [--no-clean] [--upgrade-from REF]
//                                             with AWS credentials: deploy each test's stacks and its assertion stack
//                                             (the CDK CLI, bootstrapped account), read the assertion results from
//                                             the assertion stack's outputs, destroy every stack (unless --no-clean);
//                                             --upgrade-from REF deploys the test as synthesized at the git ref REF
//                                             (a release tag) first, then this version over it, then the assertions
//
// Why not integ-runner: @aws-cdk/integ-runner's newest release on npm (2.197.10) reads cloud assemblies up to schema
// version 53, and aws-cdk-lib 2.270.0 writes version 54; it fails on every test before comparing anything. This script
// keeps integ-runner's files and conventions (integ.*.ts, *.snapshot/, integ.json, the AssertionResults outputs), so
// the tests move to integ-runner unchanged once a release of it reads this aws-cdk-lib's assemblies.
//
// Like integ-runner's default (IntegTest's diffAssets: false), the comparison ignores asset hashes: a changed handler
// bundle alone does not fail verify (the bundle tests cover the handlers); `update` records the new hashes, so they
// show in review. TEST is a file name (integ.triggers.ts) or its name without integ. and .ts (triggers).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testDir = join(root, 'test', 'integ');

/**
 * Tests that need something of the account besides credentials: each names the environment variable a deploy reads,
 * the context key the app reads it from, and the stand-in value its snapshot is synthesized with. A deploy without
 * the variable leaves the test out (it is not listed, not skipped).
 */
export const OPT_IN = {
  'integ.email-sender.ts': {
    env: 'INTEG_SES_FROM_ADDRESS',
    context: 'sesFromAddress',
    snapshotValue: 'integ-sender@example.com',
    // When the verified identity is the address itself rather than its domain (the library's default identity).
    optional: { env: 'INTEG_SES_IDENTITY', context: 'sesIdentity' },
  },
  'integ.customer-key.ts': { env: 'INTEG_CUSTOMER_KEY', context: 'customerKey', snapshotValue: 'true' },
  // The primary region is the deploy region (AWS_REGION), passed as the context value primaryRegion.
  'integ.replica.ts': { env: 'INTEG_REPLICA_REGION', context: 'replicaRegion', snapshotValue: 'us-west-2', primaryRegion: 'us-east-1' },
};

/** Every integration test file, sorted. */
export function integTests() {
  return readdirSync(testDir).filter((f) => /^integ\..+(?<!\.d)\.ts$/.test(f)).sort();
}

export function snapshotDir(test) {
  return join(testDir, `${test}.snapshot`);
}

/**
 * The `salt` integ-tests-alpha gives each assertion (the time of the synth, so that every deploy runs it again) is
 * the same in every snapshot: it would differ on each synth.
 */
export function withoutSalt(text) {
  return text.replace(/"salt": "\d+"/g, '"salt": "<synth time>"');
}

/** Asset hashes (64 hex digits) masked, so that a rebuilt bundle alone is no difference; the salt too. */
export function maskAssetHashes(text) {
  return withoutSalt(text).replace(/[0-9a-f]{64}/g, '<asset-hash>');
}

function resolveTests(names) {
  const all = integTests();
  if (names.length === 0) return all;
  return names.map((name) => {
    const file = name.startsWith('integ.') ? name : `integ.${name}.ts`;
    if (!all.includes(file)) throw new Error(`no integration test ${name}: the tests are ${all.join(', ')}`);
    return file;
  });
}

/** The project's CDK context (cdk.json in dir), which the CDK CLI would pass to the app, plus the test's own values. */
function contextJson(extra, dir) {
  const cdkJson = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8'));
  return JSON.stringify({ ...cdkJson.context, ...extra });
}

/** The context a test is synthesized with: for a snapshot the stand-in values, for a deploy the environment's. */
function testContext(test, forDeploy) {
  const optIn = OPT_IN[test];
  if (!optIn) return {};
  const value = forDeploy ? process.env[optIn.env] : optIn.snapshotValue;
  const extra = forDeploy && optIn.optional ? process.env[optIn.optional.env] : undefined;
  const primaryRegion = forDeploy ? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION : optIn.primaryRegion;
  return {
    [optIn.context]: value,
    ...(extra ? { [optIn.optional.context]: extra } : {}),
    ...(optIn.primaryRegion && primaryRegion ? { primaryRegion } : {}),
  };
}

/** Synthesizes the test app into outdir, offline (no credentials, no lookups). */
export function synth(test, outdir, context = {}, cwd = root) {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(cwd, 'test', 'integ', test)], {
    cwd,
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: contextJson(context, cwd), AWS_EC2_METADATA_DISABLED: 'true' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`synth of ${test} failed:\n${result.stderr}${result.stdout}`);
}

/** The files a snapshot keeps: each stack's template and the integ manifest, by name. */
function snapshotFiles(assemblyDir) {
  const files = {};
  for (const f of readdirSync(assemblyDir).sort()) {
    if (f.endsWith('.template.json') || f === 'integ.json') files[f] = readFileSync(join(assemblyDir, f), 'utf8');
  }
  return files;
}

async function describeDifference(name, before, after) {
  if (!name.endsWith('.template.json')) return `  ${name} differs`;
  const { fullDiff, formatDifferences } = await import('@aws-cdk/cloudformation-diff');
  const diff = fullDiff(JSON.parse(before), JSON.parse(after));
  let text = '';
  formatDifferences({ write: (chunk) => { text += chunk; return true; } }, diff);
  return `  ${name}:\n${text}`;
}

/** How many tests verify synthesizes at once: the build machines have two cores. */
const VERIFY_CONCURRENCY = 2;

/** Synthesizes a test in a child process without blocking (for verify, which runs two at a time). */
function synthAsync(test, outdir, context) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(testDir, test)], {
      cwd: root,
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: contextJson(context, root), AWS_EC2_METADATA_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`synth of ${test} failed:\n${output}`))));
  });
}

/** One test against its snapshot: a line for the report, and whether it passed. */
async function verifyOne(test) {
  const started = Date.now();
  const out = mkdtempSync(join(tmpdir(), 'integ-'));
  try {
    await synthAsync(test, out, testContext(test, false));
    const dir = snapshotDir(test);
    if (!existsSync(dir)) return { ok: false, report: `  NEW       ${test}: no snapshot; run npm run integ:update -- ${test} and commit it` };
    const actual = snapshotFiles(out);
    const expected = snapshotFiles(dir);
    const problems = [];
    for (const name of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
      if (!(name in actual)) problems.push(`  ${name} is in the snapshot, not in the app`);
      else if (!(name in expected)) problems.push(`  ${name} is in the app, not in the snapshot`);
      else if (maskAssetHashes(actual[name]) !== maskAssetHashes(expected[name])) {
        problems.push(await describeDifference(name, maskAssetHashes(expected[name]), maskAssetHashes(actual[name])));
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (problems.length > 0) return { ok: false, report: `  CHANGED   ${test} (${seconds} s)\n${problems.join('\n')}` };
    return { ok: true, report: `  UNCHANGED ${test} (${seconds} s)` };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function verify(tests) {
  const results = new Array(tests.length);
  let next = 0;
  const worker = async () => {
    while (next < tests.length) {
      const i = next++;
      results[i] = await verifyOne(tests[i]).catch((e) => ({ ok: false, report: `  ERROR     ${tests[i]}: ${e.message}` }));
      console.log(results[i].report);
    }
  };
  await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, tests.length) }, worker));
  const failed = results.filter((r) => !r.ok).length;
  console.log(`integ snapshots: ${tests.length - failed} passed, ${failed} failed`);
  if (failed > 0) {
    console.log('A changed snapshot is reviewed, and deployed with npm run integ when it changes what AWS sees; then: npm run integ:update');
    process.exitCode = 1;
  }
}

function update(tests) {
  for (const test of tests) {
    const out = mkdtempSync(join(tmpdir(), 'integ-'));
    try {
      synth(test, out, testContext(test, false));
      const dir = snapshotDir(test);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of Object.entries(snapshotFiles(out))) writeFileSync(join(dir, name), withoutSalt(text));
      console.log(`  wrote ${relative(root, dir)}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
}

/** The tests a deploy runs: the opt-in ones only when their variable is set. */
export function deployable(tests, env = process.env) {
  return tests.filter((t) => !OPT_IN[t] || (env[OPT_IN[t].env] ?? '') !== '');
}

/**
 * The assertion results among a deploy's outputs (integ-tests-alpha names them AssertionResults...): the ones that
 * did not succeed, with their messages.
 */
export function failedAssertions(outputs) {
  const failures = [];
  for (const [stack, values] of Object.entries(outputs)) {
    for (const [key, value] of Object.entries(values)) {
      if (!key.startsWith('AssertionResults')) continue;
      let result;
      try {
        result = JSON.parse(value);
      } catch {
        result = { status: 'fail', message: `not an assertion result: ${value}` };
      }
      if (result.status !== 'success') failures.push(`${stack} ${key}: ${result.message ?? value}`);
    }
  }
  return failures;
}

function cdk(args) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk'), ...args], { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

/** The test synthesized at a git ref (a release), in a worktree of its own with its own install. */
function synthAtRef(test, ref, outdir) {
  const worktree = mkdtempSync(join(tmpdir(), 'integ-ref-'));
  try {
    execFileSync('git', ['worktree', 'add', '--detach', worktree, ref], { cwd: root, stdio: 'inherit' });
    try {
      execFileSync('npm', ['ci'], { cwd: worktree, stdio: 'inherit' });
      if (!existsSync(join(worktree, 'test', 'integ', test))) throw new Error(`${ref} has no test/integ/${test}: there is nothing to upgrade from`);
      synth(test, outdir, testContext(test, true), worktree);
    } finally {
      execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root, stdio: 'inherit' });
    }
  } finally {
    rmSync(worktree, { recursive: true, force: true });
  }
}

/** Deploys one test (its stacks, then its assertion stack), destroys it unless told not to; returns what went wrong. */
function deployOne(test, work, { clean, upgradeFrom }) {
  const assembly = join(work, 'cdk.out');
  synth(test, assembly, testContext(test, true));
  const manifest = JSON.parse(readFileSync(join(assembly, 'integ.json'), 'utf8'));
  const cases = Object.values(manifest.testCases);
  const stacks = cases.flatMap((c) => c.stacks);
  const assertionStacks = cases.map((c) => c.assertionStack).filter(Boolean);
  const problems = [];
  console.log(`== ${test}: ${[...stacks, ...assertionStacks].join(', ')}`);
  if (upgradeFrom) {
    const before = join(work, 'before.out');
    try {
      synthAtRef(test, upgradeFrom, before);
      if (cdk(['deploy', '--app', before, '--require-approval', 'never', ...stacks]) !== 0) problems.push(`deploy of ${upgradeFrom} failed`);
    } catch (e) {
      problems.push(e.message);
    }
  }
  if (problems.length === 0 && cdk(['deploy', '--app', assembly, '--require-approval', 'never', ...stacks]) !== 0) {
    problems.push('deploy failed');
  }
  if (problems.length === 0) {
    const outputsFile = join(work, 'outputs.json');
    const code = cdk(['deploy', '--app', assembly, '--require-approval', 'never', '--no-rollback', '--exclusively',
      '--outputs-file', outputsFile, ...assertionStacks]);
    if (code !== 0) problems.push('the assertion stack failed to deploy (an API call failed: see its events)');
    else problems.push(...failedAssertions(JSON.parse(readFileSync(outputsFile, 'utf8'))));
  }
  if (clean && cdk(['destroy', '--app', assembly, '--force', ...assertionStacks, ...stacks]) !== 0) {
    problems.push(`destroy failed: delete the stacks ${[...assertionStacks, ...stacks].join(', ')} (CONTRIBUTING.md)`);
  }
  return problems;
}

function deploy(tests, options) {
  const run = deployable(tests);
  for (const t of tests.filter((t) => !run.includes(t))) console.log(`  not listed: ${t} (set ${OPT_IN[t].env} to run it)`);
  let failed = 0;
  for (const test of run) {
    const started = Date.now();
    const work = mkdtempSync(join(tmpdir(), 'integ-deploy-'));
    let problems;
    try {
      problems = deployOne(test, work, options);
    } catch (e) {
      problems = [e.message];
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    const minutes = ((Date.now() - started) / 60000).toFixed(1);
    if (problems.length > 0) {
      failed++;
      console.log(`  FAILED    ${test} (${minutes} min)\n    ${problems.join('\n    ')}`);
    } else {
      console.log(`  PASSED    ${test} (${minutes} min)`);
    }
  }
  console.log(`integ deploys: ${run.length - failed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

async function main(argv) {
  const [command = 'verify', ...rest] = argv;
  const options = { clean: true, upgradeFrom: undefined };
  const names = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--no-clean') options.clean = false;
    else if (rest[i] === '--upgrade-from') options.upgradeFrom = rest[++i];
    else names.push(rest[i]);
  }
  const tests = resolveTests(names);
  if (command === 'verify') await verify(tests);
  else if (command === 'update') update(tests);
  else if (command === 'list') for (const t of deployable(tests)) console.log(t);
  else if (command === 'deploy') deploy(tests, options);
  else throw new Error(`unknown command ${command}: verify, update, list or deploy`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e.message);
    process.exitCode = 2;
  });
}
