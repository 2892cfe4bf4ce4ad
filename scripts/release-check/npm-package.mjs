#!/usr/bin/env node
// What npm would publish, for scripts/release-check.sh. `npm pack --dry-run --json` lists the files of a package and its
// sizes, offline; two packages are checked with the same rules:
// - the jsii-pacmak tarball dist-jsii/js/<name>@<version>.jsii.tgz, which is what the release publishes;
// - the work tree (with --ignore-scripts, so `prepare` does not rebuild), which is what a publish from a checkout sends.
// The rules: only the built package (dist/ JavaScript and declarations, .jsii, the handler bundles in assets/, README.md,
// LICENSE, API.md, package.json) and the bundled dependencies' own folders; no source, test, fixture, script or build
// folder; every entry point package.json names; every handler of lambda/ bundled; no compiled file of dist/ whose
// source in lib/ is gone (tsc never deletes one); sizes within the budgets below.
//
// Then `npm publish --dry-run` of the tarball, which is what the release runs less the upload: it needs no login (npm
// only warns that a publish would), and its only requests are GETs of the package's registry document (checked from
// npm's http log: no PUT, POST, PATCH or DELETE). npm 11 refuses a version the registry already has, which is the state
// of every commit between two releases (package.json moves at release time), so that refusal fails only with
// --release (the release job, where the version must be new) and is a note otherwise.
//
//   node scripts/release-check/npm-package.mjs [--release]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Size budgets, in bytes. Measured on 0.1.0 (2026-12-07, a clean build): 3,881,909 packed and 8,649,474 unpacked in all,
 * of which the bundled @aws-cdk/cloudformation-diff and its dependencies are 6.0 MB unpacked (aws-service-spec's
 * database alone 2.8 MB), and this package's own files 2,645,399. Measured again after the custom senders, the custom
 * message trigger, the user import command and the compliance settings (2026-12-07): 4,453,219 packed, 10,991,709
 * unpacked, own files 4,987,634, of which the two senders' bundles (each with the AWS Encryption SDK) are 354,600 and
 * their maps about 542,900 each (third-party sources named without their text), .jsii 980,682 and API.md 788,968.
 * The budgets leave about 16% (own files about 25%): a release over one is a change to look at (a new bundled
 * dependency, source maps, a stray folder), not a rounding error.
 */
const BUDGET = { packed: 5_200_000, unpacked: 12_800_000, ownUnpacked: 6_200_000 };

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const failures = [];
const release = process.argv.includes('--release');

/** `npm pack --dry-run --json` of `spec` (a tarball, or '' for the work tree): what npm would put in the package. */
function dryRunPack(spec) {
  const args = ['pack', '--dry-run', '--json', ...(spec ? [spec] : ['--ignore-scripts'])];
  const run = spawnSync('npm', args, { cwd: spec ? path.dirname(spec) : ROOT, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`npm ${args.join(' ')} failed (exit ${run.status}):\n${run.stderr}`);
  }
  const json = JSON.parse(run.stdout);
  return Array.isArray(json) ? json[0] : json[pkg.name] ?? Object.values(json)[0];
}

/** `npm publish --dry-run` of the tarball: no login needed, no registry write, and whether the version is new. */
function dryRunPublish(tarball) {
  const run = spawnSync('npm', ['publish', '--dry-run', '--json', '--loglevel', 'http', tarball], {
    cwd: path.dirname(tarball), encoding: 'utf8',
  });
  const log = run.stderr;
  const writes = log.split('\n').filter((l) => /^npm http fetch (PUT|POST|DELETE|PATCH)\b/.test(l));
  if (writes.length > 0) failures.push(`npm publish --dry-run wrote to the registry: ${writes.join('; ')}`);
  const reads = log.split('\n').filter((l) => /^npm http fetch GET\b/.test(l)).length;
  if (run.status === 0) {
    console.log(`npm publish --dry-run ${path.basename(tarball)}: would publish ${pkg.name}@${pkg.version} (no login; ${reads} registry GETs, no write)`);
  } else if (/cannot publish over the previously published versions/.test(log)) {
    const note = `npm already has ${pkg.name}@${pkg.version}: a release must move the version first (npm run release)`;
    if (release) failures.push(note);
    else console.log(`npm publish --dry-run: ${note} (a note between releases; a failure with --release)`);
  } else {
    failures.push(`npm publish --dry-run ${path.basename(tarball)} failed (exit ${run.status}):\n${log}`);
  }
}

/** The handlers scripts/bundle.mjs bundles: every lambda/<name>/index.ts. */
const handlers = fs.readdirSync(path.join(ROOT, 'lambda'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(ROOT, 'lambda', d.name, 'index.ts')))
  .map((d) => d.name);

/** The files package.json points at: main, types, bin, and each exports target (not ./.jsii nor ./package.json). */
function entryPoints() {
  const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin ?? {})];
  const walk = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v ?? {}).forEach(walk));
  walk(pkg.exports);
  return [...new Set(targets.filter(Boolean).map((t) => t.replace(/^\.\//, '')))];
}

/** Why a path (outside the bundled dependencies) must not be published, or undefined when it may. */
function forbidden(p) {
  if (/(^|\/)(test|tests|__tests__|__snapshots__|fixtures?)\//.test(p) || /\.(test|spec)\.[cm]?[jt]s$/.test(p)) return 'a test or fixture';
  if (/\.[cm]?ts$/.test(p) && !/\.d\.[cm]?ts$/.test(p)) return 'TypeScript source';
  if (/^(lib|test|scripts|rosetta|bin|lambda|\.tools|dist-jsii|\.bench|\.e2e|\.github|\.ci|cdk\.out|coverage|api-baseline)\//.test(p)) {
    return `the repository's ${p.split('/')[0]}/ folder`;
  }
  if (/\.tsbuildinfo$|(^|\/)tsconfig[^/]*\.json$|\.jsii\.tabl\.json$/.test(p)) return 'build configuration or state';
  if (/^dist\/.*\.map$/.test(p)) return 'a source map of dist/ (dist/ ships without them)';
  if (/^dist\/.+\.(js|d\.ts)$/.test(p)) {
    const source = path.join(ROOT, 'lib', p.slice('dist/'.length).replace(/\.(js|d\.ts)$/, '.ts'));
    return fs.existsSync(source) ? undefined : `compiled from lib/${path.relative(path.join(ROOT, 'lib'), source)}, which no longer exists`;
  }
  if (/^assets\/[^/]+\/index\.js(\.map)?$/.test(p)) return undefined;
  if (['package.json', 'README.md', 'LICENSE', 'API.md', '.jsii'].includes(p)) return undefined;
  return 'not part of the built package';
}

function check(label, report) {
  const problems = [];
  const files = report.files.map((f) => f.path);
  const bundled = new Set(report.bundled ?? []);

  const bundledOf = (p) => {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p);
    return m ? m[1] : undefined;
  };
  for (const p of files) {
    const dep = bundledOf(p);
    if (dep !== undefined) {
      if (!bundled.has(dep)) problems.push(`${p}: node_modules/${dep} is not a bundled dependency`);
      continue;
    }
    const why = forbidden(p);
    if (why) problems.push(`${p}: ${why}`);
  }
  for (const dep of ['aws-cdk-lib', 'constructs']) {
    if (bundled.has(dep)) problems.push(`${dep} is bundled: it must stay a peer dependency (one copy in the user's app)`);
  }
  const required = [
    'package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', 'dist/index.js', 'dist/index.d.ts',
    ...entryPoints(),
    ...handlers.map((h) => `assets/${h}/index.js`),
  ];
  const missing = [...new Set(required)].filter((p) => !files.includes(p));
  if (missing.length > 0) problems.push(`missing: ${missing.join(', ')}`);

  const own = report.files.filter((f) => bundledOf(f.path) === undefined).reduce((n, f) => n + f.size, 0);
  const sizes = [
    ['packed', report.size, BUDGET.packed],
    ['unpacked', report.unpackedSize, BUDGET.unpacked],
    ['own files unpacked', own, BUDGET.ownUnpacked],
  ];
  for (const [what, size, budget] of sizes) {
    if (size > budget) problems.push(`${what} size ${size} bytes is over its budget of ${budget}`);
  }
  console.log(`${label}: ${report.id}, ${files.length} files (${files.filter((p) => !bundledOf(p)).length} own, `
    + `${bundled.size} bundled packages); ${sizes.map(([w, s, b]) => `${w} ${s} (budget ${b})`).join(', ')}`);
  for (const p of problems) failures.push(`${label}: ${p}`);
  return files;
}

const tarballs = fs.readdirSync(path.join(ROOT, 'dist-jsii', 'js')).filter((f) => f.endsWith('.jsii.tgz'));
const expected = `${pkg.name}@${pkg.version}.jsii.tgz`;
if (!tarballs.includes(expected)) {
  failures.push(`dist-jsii/js has no ${expected} (has ${tarballs.join(', ') || 'nothing'}): run npm run package`);
} else {
  const tarball = path.join(ROOT, 'dist-jsii', 'js', expected);
  const fromTarball = check(`dist-jsii/js/${expected}`, dryRunPack(tarball));
  const fromTree = check('work tree', dryRunPack(''));
  const onlyTarball = fromTarball.filter((p) => !fromTree.includes(p));
  const onlyTree = fromTree.filter((p) => !fromTarball.includes(p));
  if (onlyTarball.length + onlyTree.length === 0) {
    console.log('the jsii-pacmak tarball and the work tree publish the same files');
  } else {
    // Not a failure in itself (each list passed or failed the rules above): the tarball is older than the build.
    console.log(`the tarball and the work tree differ: only in the tarball ${onlyTarball.join(', ') || '-'}; `
      + `only in the work tree ${onlyTree.join(', ') || '-'}`);
  }
  dryRunPublish(tarball);
}

if (failures.length > 0) {
  for (const f of failures) console.error(`npm: ${f}`);
  process.exit(1);
}
