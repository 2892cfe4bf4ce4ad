import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * What each registry requires of the package's metadata, read from package.json and from the jsii assembly that carries
 * it into every language's package: offline and cheap. The built packages themselves (npm publish --dry-run, twine,
 * the POM, the Go module, jsii-diff) are checked by scripts/release-check.sh. Each test names the registry whose rule
 * it holds.
 */
const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const targets = pkg.jsii.targets;
const github = /^https:\/\/github\.com\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(\.git)?$/;

describe('npm', () => {
  test('npm: the name is a valid new package name (lowercase, URL-safe, at most 214 characters, no leading dot or _)', () => {
    expect(pkg.name).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
    expect(pkg.name.length).toBeLessThanOrEqual(214);
  });

  test('npm: the version is semver', () => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  test('npm: the license is the SPDX identifier Apache-2.0, and LICENSE (published) is its text', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
    expect(license).toContain('Apache License');
    expect(license).toContain('Version 2.0');
  });

  test('npm: a description (npm search and the package page show it; PyPI Summary, POM description)', () => {
    expect(pkg.description.trim().length).toBeGreaterThan(20);
  });

  test('npm: repository is the GitHub repository, as git over https (npm links it; the POM scm, PyPI Source)', () => {
    expect(pkg.repository.type).toBe('git');
    expect(pkg.repository.url).toMatch(github);
  });

  test('npm: a homepage that is a page, not the git URL (npm links it; PyPI Home-page and the POM url come from it)', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.homepage).not.toMatch(/\.git$/);
  });

  test('npm: an author with a name and an email (the POM developer and PyPI Author come from it)', () => {
    expect(pkg.author.name).toEqual(expect.any(String));
    expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });

  test('npm: "files" publishes the built package only: dist JavaScript and declarations, .jsii, assets, the docs', () => {
    expect(pkg.files).toEqual(expect.arrayContaining(['.jsii', 'API.md', 'README.md', 'LICENSE']));
    expect(pkg.files.some((f: string) => f.startsWith('dist/'))).toBe(true);
    expect(pkg.files.some((f: string) => f.startsWith('assets/'))).toBe(true);
    for (const f of pkg.files) {
      expect(f).not.toMatch(/^(lib|test|scripts|rosetta|bin|lambda|api-baseline|dist-jsii|\.tools)(\/|$)|\*\.ts$/);
    }
  });
});

describe('Construct Hub', () => {
  test('Construct Hub: the keywords include awscdk, by which it picks up AWS CDK construct libraries', () => {
    expect(pkg.keywords).toContain('awscdk');
  });

  test('Construct Hub: a jsii package (it reads the .jsii of the tarball) under a license it lists (Apache-2.0)', () => {
    expect(pkg.jsii).toBeDefined();
    expect(pkg.files).toContain('.jsii');
    expect(['Apache-2.0', 'MIT', 'BSD-3-Clause', 'BSD-2-Clause', 'ISC', '0BSD', 'MIT-0']).toContain(pkg.license);
  });

  test('Construct Hub: every construct, struct and enum shows its stability (the package\'s, experimental, unless a type says otherwise)', () => {
    expect(pkg.stability).toBe('experimental');
    const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
    const types = Object.entries(assembly.types as Record<string, { docs?: { stability?: string } }>);
    expect(types.length).toBeGreaterThan(100);
    expect(types.filter(([, t]) => !['experimental', 'stable', 'deprecated'].includes(t.docs?.stability ?? '')).map(([n]) => n)).toEqual([]);
  });

  test('Construct Hub: aws-cdk-lib 2 and constructs 10 are peer dependencies (one copy in the user\'s app)', () => {
    expect(pkg.peerDependencies['aws-cdk-lib']).toMatch(/^\^2\./);
    expect(pkg.peerDependencies.constructs).toMatch(/^\^10\./);
    expect(pkg.dependencies?.['aws-cdk-lib']).toBeUndefined();
  });
});

describe('PyPI', () => {
  test('PyPI: distName is a valid project name (PEP 508) and module a Python package name', () => {
    expect(targets.python.distName).toMatch(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/);
    expect(targets.python.module).toMatch(/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/);
  });

  test('PyPI: the classifiers include Framework :: AWS CDK :: 2, by which PyPI lists AWS CDK v2 libraries', () => {
    expect(targets.python.classifiers).toContain('Framework :: AWS CDK :: 2');
  });

  test('PyPI: each classifier has the trove form "Topic :: Subtopic" (the release check tests them against PyPI\'s list)', () => {
    for (const c of targets.python.classifiers ?? []) {
      expect(c).toMatch(/^[A-Z][^:]*( :: [^:]+)+$/);
    }
  });
});

describe('Maven Central', () => {
  test('Maven Central: groupId is a reversed domain name (the namespace verified on the Central Portal) and artifactId a name', () => {
    expect(targets.java.maven.groupId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
    expect(targets.java.maven.artifactId).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  test('Maven Central: the Java package is a valid package name, in the groupId\'s top-level domain', () => {
    expect(targets.java.package).toMatch(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/);
    expect(targets.java.package.split('.')[0]).toBe(targets.java.maven.groupId.split('.')[0]);
  });
});

describe('Go', () => {
  test('Go (publib-golang): moduleName is github.com/<owner>/<repository>, the repository the release pushes to, of the source\'s owner', () => {
    const [host, owner, repo, ...rest] = targets.go.moduleName.split('/');
    expect(host).toBe('github.com');
    expect(repo).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(rest).toEqual([]);
    expect(owner).toBe(github.exec(pkg.repository.url)?.[1]);
  });

  test('Go: below version 2 the module path needs no major version suffix (from 2 on jsii-pacmak adds /vN and publib-golang requires it)', () => {
    expect(targets.go.moduleName).not.toMatch(/\/v\d+$/);
  });
});

describe('the jsii assembly (run npm run build when these fail)', () => {
  const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));

  test('all registries: the assembly carries package.json\'s name, version, description, license, repository, homepage, author and keywords', () => {
    expect(assembly.name).toBe(pkg.name);
    expect(assembly.version).toBe(pkg.version);
    expect(assembly.description).toBe(pkg.description);
    expect(assembly.license).toBe(pkg.license);
    expect(assembly.repository).toEqual(pkg.repository);
    expect(assembly.homepage).toBe(pkg.homepage);
    expect(assembly.author).toEqual(expect.objectContaining({ name: pkg.author.name, email: pkg.author.email }));
    expect(assembly.keywords).toEqual(pkg.keywords);
  });

  test('all registries: the assembly carries package.json\'s targets (PyPI, Maven Central, Go)', () => {
    expect(assembly.targets).toEqual(expect.objectContaining(targets));
  });
});

describe('API baseline (jsii-diff, scripts/release-check/api-compat.mjs)', () => {
  const baselineDir = path.join(root, 'api-baseline');

  test('api-baseline/ holds this assembly (package.json with its dependencies, and assembly.jsii), not newer than package.json', () => {
    const baseline = JSON.parse(fs.readFileSync(path.join(baselineDir, 'assembly.jsii'), 'utf8'));
    const baselinePkg = JSON.parse(fs.readFileSync(path.join(baselineDir, 'package.json'), 'utf8'));
    expect(baseline.name).toBe(pkg.name);
    expect(baselinePkg).toEqual(expect.objectContaining({ name: pkg.name, version: baseline.version, private: true }));
    expect(Object.keys(baselinePkg.peerDependencies)).toEqual(Object.keys(pkg.peerDependencies));
    const parts = (v: string) => v.split(/[.-]/).slice(0, 3).map(Number);
    const [b, v] = [parts(baseline.version), parts(pkg.version)];
    expect(b[0] * 1e6 + b[1] * 1e3 + b[2]).toBeLessThanOrEqual(v[0] * 1e6 + v[1] * 1e3 + v[2]);
    expect(fs.existsSync(path.join(baselineDir, 'allowed-breaking-changes.txt'))).toBe(true);
  });

  test('no file named .jsii outside the build: jsii-docgen would document it in place of the build\'s assembly', () => {
    const found = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
      .split('\n').filter((f) => path.basename(f) === '.jsii');
    expect(found).toEqual([]);
  });
});
