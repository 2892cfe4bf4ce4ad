#!/usr/bin/env node
// API compatibility with the last release, for scripts/release-check.sh: jsii-diff compares the assembly of the last
// release (api-baseline/, committed) with the one `npm run build` made (./.jsii), and fails on any breaking change that
// api-baseline/allowed-breaking-changes.txt does not acknowledge. Every API of this package is experimental (package.json
// "stability"), and jsii-diff's default (--error-on prod) only fails on stable or deprecated APIs, so this runs with
// --error-on all: without it no change would ever fail.
//
// A breaking change, acknowledged or not, also needs the version to move: package.json's version must be past the
// baseline's major (1.0.0 and later), or past its minor while the baseline is 0.x. An acknowledgement that matches no
// finding fails too (it would silently accept a later break with the same key): the file is emptied when the baseline
// moves.
//
//   node scripts/release-check/api-compat.mjs [--baseline DIR] [--updated DIR]
//   node scripts/release-check/api-compat.mjs --update-baseline   (after a release: the released assembly is the baseline)
//
// api-baseline/ holds a package.json and the assembly as assembly.jsii, not .jsii: jsii-docgen (npm run build) reads
// every file named .jsii under the project as an assembly, and a baseline there of the same name and version would be
// documented in place of the build. jsii-diff needs a package directory (package.json and .jsii: it loads the
// assemblies the package depends on, aws-cdk-lib and constructs, from its package.json; a bare file loads none,
// "Assembly "constructs" not found"), so the check puts the two into a directory under .tools/ for the run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BASELINE = path.join(ROOT, 'api-baseline');
const ALLOWED_HEADER = [
  '# Breaking changes against api-baseline/ that the next release accepts, one jsii-diff key a line (the key in square',
  '# brackets at the end of a finding of scripts/release-check.sh), or `move:OLD.FQN NEW.FQN` for a moved type. Each',
  '# needs the version in package.json to move (major; minor while 0.x). Emptied when the baseline moves after a release.',
  '',
].join('\n');

const { values: opts } = parseArgs({
  options: {
    'baseline': { type: 'string', default: BASELINE },
    'updated': { type: 'string', default: ROOT },
    'update-baseline': { type: 'boolean', default: false },
  },
});

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

if (opts['update-baseline']) {
  const pkg = readJson(path.join(ROOT, 'package.json'));
  const assembly = readJson(path.join(ROOT, '.jsii'));
  if (assembly.version !== pkg.version) {
    throw new Error(`.jsii is of ${assembly.version} but package.json says ${pkg.version}: run npm run build first`);
  }
  fs.mkdirSync(BASELINE, { recursive: true });
  fs.copyFileSync(path.join(ROOT, '.jsii'), path.join(BASELINE, 'assembly.jsii'));
  // What jsii-reflect reads of a package: its jsii section and the dependencies whose assemblies it loads.
  const baselinePkg = {
    '//': 'The API of the last release, for jsii-diff (scripts/release-check/api-compat.mjs --update-baseline wrote it). Not a package to publish.',
    name: pkg.name,
    version: pkg.version,
    private: true,
    jsii: pkg.jsii,
    dependencies: pkg.dependencies,
    peerDependencies: pkg.peerDependencies,
    bundleDependencies: pkg.bundleDependencies,
  };
  fs.writeFileSync(path.join(BASELINE, 'package.json'), `${JSON.stringify(baselinePkg, null, 2)}\n`);
  fs.writeFileSync(path.join(BASELINE, 'allowed-breaking-changes.txt'), ALLOWED_HEADER);
  console.log(`api-baseline/ is now ${pkg.name}@${pkg.version} (fingerprint ${assembly.fingerprint}); commit it`);
  process.exit(0);
}

/** major.minor.patch of a semver string (a pre-release or build suffix is kept apart). */
function parseVersion(v) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
  if (!m) throw new Error(`not a semver version: ${v}`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] };
}

/** < 0, 0, > 0 like a comparator; a pre-release sorts before its release. */
function compareVersions(a, b) {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (const k of ['major', 'minor', 'patch']) {
    if (x[k] !== y[k]) return x[k] - y[k];
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** Whether `version` has moved far enough from `baseline` for a breaking change (a pre-release of it counts). */
function movedForBreakingChange(baseline, version) {
  const b = parseVersion(baseline);
  const v = parseVersion(version);
  return b.major >= 1 ? v.major > b.major : v.major > 0 || v.minor > b.minor;
}

/**
 * A package directory jsii-diff can read for a baseline directory (package.json and assembly.jsii): made under .tools/
 * (git-ignored; a dot directory, which jsii-docgen does not search), inside the project so that the dependencies
 * resolve from its node_modules, and removed when the process exits.
 */
function packageDirOf(dir) {
  if (fs.existsSync(path.join(dir, '.jsii'))) return dir;
  fs.mkdirSync(path.join(ROOT, '.tools'), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(ROOT, '.tools', 'api-baseline-'));
  fs.copyFileSync(path.join(dir, 'package.json'), path.join(tmp, 'package.json'));
  fs.copyFileSync(path.join(dir, 'assembly.jsii'), path.join(tmp, '.jsii'));
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  return tmp;
}

const baselineSource = path.resolve(opts.baseline);
const baselineDir = packageDirOf(baselineSource);
const updatedDir = path.resolve(opts.updated);
const allowedFile = path.join(baselineSource, 'allowed-breaking-changes.txt');
const baselineVersion = readJson(path.join(baselineDir, '.jsii')).version;
const pkgVersion = readJson(path.join(updatedDir, 'package.json')).version;
const builtVersion = readJson(path.join(updatedDir, '.jsii')).version;
const failures = [];
if (builtVersion !== pkgVersion) {
  failures.push(`the assembly (.jsii) is of ${builtVersion} but package.json says ${pkgVersion}: run npm run build`);
}

const jsiiDiff = path.join(ROOT, 'node_modules', 'jsii-diff', 'bin', 'jsii-diff');
const args = [jsiiDiff, '--keys', '--error-on', 'all', '--ignore-file', allowedFile, baselineDir, updatedDir];
const shown = (a) => (path.isAbsolute(a) ? path.relative(ROOT, a) || '.' : a);
console.log(`jsii-diff ${args.slice(1).map(shown).join(' ')}`);
const env = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] };
const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env });
const output = `${run.stdout}${run.stderr}`;
if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
if (run.status !== 0 && run.status !== 1) {
  console.error(`api-compat: jsii-diff could not compare the assemblies (exit ${run.status})`);
  process.exit(2);
}

// Each finding is `err  - MESSAGE [key]` (not acknowledged), `skip - MESSAGE [key]` (acknowledged) or `warn - ...`.
const findings = output.split('\n')
  .map((line) => /^(err |warn|skip) - (.*) \[([^\]]+)\]$/.exec(line))
  .filter(Boolean)
  .map(([, level, message, key]) => ({ level: level.trim(), message, key }));
const open = findings.filter((f) => f.level !== 'skip');
const acknowledged = findings.filter((f) => f.level === 'skip');
const allowed = fs.existsSync(allowedFile)
  ? fs.readFileSync(allowedFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  : [];
const moves = allowed.filter((l) => l.startsWith('move:'));
const baselineTypes = readJson(path.join(baselineDir, '.jsii')).types ?? {};

if (run.status === 1 || open.length > 0) {
  failures.push(
    `${open.length} breaking change(s) against ${baselineVersion} (above, "err"). Keep the old API (a deprecated alias for a `
    + 'rename), or accept the break: add each key in [brackets] to api-baseline/allowed-breaking-changes.txt and move the version.',
  );
}
const stale = [
  ...allowed.filter((k) => !k.startsWith('move:') && !findings.some((f) => f.key === k)),
  ...moves.filter((m) => !(m.slice('move:'.length).trim().split(/[:, \t]+/)[0] in baselineTypes)),
];
if (stale.length > 0) {
  failures.push(`${path.relative(ROOT, allowedFile)} acknowledges what is no longer a finding; remove: ${stale.join(', ')}`);
}

const breaking = findings.length + moves.length;
if (compareVersions(pkgVersion, baselineVersion) < 0) {
  failures.push(`package.json's version ${pkgVersion} is older than the baseline's ${baselineVersion}`);
} else if (breaking > 0 && !movedForBreakingChange(baselineVersion, pkgVersion)) {
  const b = parseVersion(baselineVersion);
  const next = b.major >= 1 ? `${b.major + 1}.0.0` : `0.${b.minor + 1}.0`;
  failures.push(
    `${breaking} breaking change(s) against the last release ${baselineVersion} (${acknowledged.length} acknowledged`
    + `${moves.length ? `, ${moves.length} move(s)` : ''}), but package.json's version is ${pkgVersion}: a breaking change `
    + `needs ${next} or later (${b.major >= 1 ? 'a major release' : 'a minor release while 0.x'}).`,
  );
}

if (failures.length > 0) {
  for (const f of failures) console.error(`api-compat: ${f}`);
  process.exit(1);
}
console.log(`api-compat: ${pkgVersion} against the last release ${baselineVersion}: `
  + (breaking ? `${breaking} acknowledged breaking change(s), version moved accordingly` : 'no breaking change'));
