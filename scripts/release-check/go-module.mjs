#!/usr/bin/env node
// The Go module jsii-pacmak generated (dist-jsii/go/<package>), for scripts/release-check.sh, against where the release
// puts it. publib-golang (`npx publib-golang dist-jsii/go`: its default folder is dist/go) reads each go.mod's module
// path: its first three segments, github.com/<owner>/<repo>, are the repository it clones and pushes to (github.com
// only, unless it runs with SSH or GitHub Enterprise), the rest (less a /vN suffix) is the folder of that repository the
// module is copied to, tagged <folder>/v<version> from the module's `version` file. So the go tool finds the module
// only if: the path is moduleName (package.json jsii.targets.go) + '/' + the package name, that last part is the module's
// folder name in dist-jsii/go (publib copies the folder as it is), a major version from 2 on ends the path in /vN, and
// every module of dist-jsii/go is in one repository. The repository's owner must be the source repository's (package.json
// repository), and the module carries a LICENSE (pkg.go.dev shows the docs of a module with a redistributable license
// only) and a README.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const go = pkg.jsii?.targets?.go ?? {};
const failures = [];

// As jsii-pacmak names the package (goPackageNameForAssembly) and versions the module.
const packageName = go.packageName ?? pkg.name.replace(/[^a-z0-9.]/gi, '').toLowerCase();
const version = `${pkg.version}${go.versionSuffix ?? ''}`;
const major = Number(version.split('.')[0]);
const suffix = major >= 2 ? `/v${major}` : '';
const expected = `${go.moduleName}/${packageName}${suffix}`;

const goDir = path.join(ROOT, 'dist-jsii', 'go');
const modules = fs.readdirSync(goDir).filter((d) => fs.existsSync(path.join(goDir, d, 'go.mod')));
if (fs.existsSync(path.join(goDir, 'go.mod'))) failures.push('dist-jsii/go/go.mod: a module at the root of the folder publib-golang publishes');
if (!modules.includes(packageName)) failures.push(`dist-jsii/go/${packageName}/go.mod missing (modules: ${modules.join(', ') || 'none'})`);

const repos = new Set();
for (const dir of modules) {
  const modFile = path.join(goDir, dir, 'go.mod');
  const modulePath = /^module\s+(\S+)/m.exec(fs.readFileSync(modFile, 'utf8'))?.[1] ?? '';
  const parts = modulePath.split('/');
  const repo = parts.slice(0, 3).join('/');
  const folder = parts.slice(3).filter((p, i, all) => !(i === all.length - 1 && p === `v${major}` && major >= 2)).join('/');
  repos.add(repo);
  const where = `dist-jsii/go/${dir}/go.mod`;
  if (dir === packageName && modulePath !== expected) failures.push(`${where}: module ${modulePath}, expected ${expected}`);
  if (!repo.startsWith('github.com/') || parts.length < 3) failures.push(`${where}: ${modulePath} is not under github.com/<owner>/<repo>`);
  if (folder !== dir) {
    failures.push(`${where}: publib-golang would push the module to ${repo} folder ${dir}/, but its path ${modulePath} says folder ${folder || '(root)'}/`);
  }
  if (!modulePath.endsWith(suffix)) failures.push(`${where}: version ${version} needs the module path to end in ${suffix}`);
  const versionFile = path.join(goDir, dir, 'version');
  const moduleVersion = fs.existsSync(versionFile) ? fs.readFileSync(versionFile, 'utf8').trim() : undefined;
  if (moduleVersion !== version) failures.push(`dist-jsii/go/${dir}/version is ${moduleVersion ?? 'missing'}, expected ${version}`);
  for (const file of ['LICENSE', 'README.md']) {
    if (!fs.existsSync(path.join(goDir, dir, file))) failures.push(`dist-jsii/go/${dir}/${file} missing`);
  }
  console.log(`${where}: module ${modulePath}: publib-golang pushes it to https://${repo} (branch main unless GIT_BRANCH), `
    + `folder ${folder}/, tag ${folder}/v${moduleVersion}`);
}
if (repos.size > 1) failures.push(`the modules are in more than one repository (${[...repos].join(', ')}): publib-golang takes one`);

const source = /github\.com[/:]([^/]+)\/([^/.]+)/.exec(pkg.repository?.url ?? '');
const goOwner = (go.moduleName ?? '').split('/')[1];
if (!source) {
  failures.push(`package.json repository.url ${pkg.repository?.url} is not a GitHub repository`);
} else {
  if (goOwner !== source[1]) failures.push(`the Go repository's owner ${goOwner} is not the source repository's ${source[1]}`);
  console.log(`source repository github.com/${source[1]}/${source[2]}; Go repository ${go.moduleName} `
    + `(${go.moduleName === `github.com/${source[1]}/${source[2]}` ? 'the same one' : 'a repository of its own, which must exist'})`);
}

if (failures.length > 0) {
  for (const f of failures) console.error(`go: ${f}`);
  process.exit(1);
}
