import * as fs from 'fs';
import * as path from 'path';

/**
 * The integration tests (test/integ/integ.*.ts) and what rests on them: each has its committed snapshot and each
 * snapshot its test; every stack they deploy is deleted with them (no retained resource, no pool protected from
 * deletion); the README's list of what only a deploy proves names them (and only tests that exist), and so does
 * CONTRIBUTING.md; the opt-in tests the runner knows exist. The snapshots' contents are compared with a fresh synth
 * by `npm run integ:verify` (in .ci/run), not here.
 */
const ROOT = path.join(__dirname, '..', '..');
const INTEG = path.join(ROOT, 'test', 'integ');
const read = (...p: string[]) => fs.readFileSync(path.join(ROOT, ...p), 'utf8');

const tests = fs.readdirSync(INTEG).filter((f) => /^integ\..+\.ts$/.test(f)).sort();
const snapshots = fs.readdirSync(INTEG).filter((f) => f.endsWith('.snapshot')).sort();

/** The README section "What only a deploy proves", up to the next section. */
function deploySection(): string {
  const readme = read('README.md');
  const start = readme.indexOf('## What only a deploy proves');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end);
}

/** The list items of a markdown section, each joined into one line. */
function listItems(section: string): string[] {
  return section.split(/\n(?=- )/).slice(1).map((item) => item.replace(/\n\n[\s\S]*$/, '').replace(/\s+/g, ' ').trim());
}

test('there are integration tests, each with a committed snapshot, and no snapshot without its test', () => {
  expect(tests.length).toBeGreaterThanOrEqual(4);
  expect(snapshots).toEqual(tests.map((t) => `${t}.snapshot`));
  for (const test of tests) {
    const manifest = JSON.parse(read('test', 'integ', `${test}.snapshot`, 'integ.json'));
    const cases = Object.values(manifest.testCases) as any[];
    expect(cases.length).toBe(1);
    for (const stack of [...cases[0].stacks, cases[0].assertionStackName]) {
      expect(fs.existsSync(path.join(INTEG, `${test}.snapshot`, `${stack}.template.json`))).toBe(true);
    }
  }
});

test.each(tests)('every resource of %s is deleted with its stack', (test) => {
  const dir = path.join(INTEG, `${test}.snapshot`);
  const templates = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'));
  const kept: string[] = [];
  for (const file of templates) {
    const template = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
      for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy']) {
        if (resource[policy] !== undefined && resource[policy] !== 'Delete') kept.push(`${file} ${id} ${policy} ${resource[policy]}`);
      }
      if (resource.Type === 'AWS::Cognito::UserPool' && resource.Properties?.DeletionProtection !== 'INACTIVE') {
        kept.push(`${file} ${id} DeletionProtection ${resource.Properties?.DeletionProtection}`);
      }
    }
  }
  expect(kept).toEqual([]);
});

test('each item of the README list of what only a deploy proves names its integration test, or says that none does', () => {
  const items = listItems(deploySection());
  expect(items.length).toBeGreaterThan(5);
  const unaccounted = items.filter((item) => !/`test\/integ\/integ\.[\w-]+\.ts`/.test(item) && !item.startsWith('- not proven by any test'));
  expect(unaccounted).toEqual([]);
});

test('the README names every integration test, and only tests that exist', () => {
  const named = [...deploySection().matchAll(/`test\/integ\/(integ\.[\w-]+\.ts)`/g)].map((m) => m[1]);
  expect([...new Set(named)].sort()).toEqual(tests);
});

test('CONTRIBUTING.md describes every integration test', () => {
  const contributing = read('CONTRIBUTING.md');
  const section = contributing.slice(contributing.indexOf('## Integration tests in an account'));
  for (const test of tests) expect(section).toContain(`| \`${test}\``);
});

test('the opt-in tests the runner knows are tests that exist', () => {
  const runner = read('scripts', 'integ.mjs');
  const block = runner.slice(runner.indexOf('export const OPT_IN = {'), runner.indexOf('};', runner.indexOf('export const OPT_IN = {')));
  const optIn = [...block.matchAll(/'(integ\.[\w-]+\.ts)'/g)].map((m) => m[1]);
  expect(optIn.length).toBeGreaterThan(0);
  for (const test of optIn) expect(tests).toContain(test);
});

test('no account id or role ARN in the integration tests, their snapshots or the workflow', () => {
  const files = [
    ...tests.map((t) => path.join('test', 'integ', t)),
    ...snapshots.flatMap((s) => fs.readdirSync(path.join(INTEG, s)).map((f) => path.join('test', 'integ', s, f))),
    path.join('.github', 'workflows', 'integ.yml'),
  ];
  const found = files.flatMap((f) => [...read(f).matchAll(/arn:aws[\w-]*:[\w-]+:[\w-]*:\d{12}:|(?<![-\w])\d{12}(?![-\w])/g)].map((m) => `${f}: ${m[0]}`));
  expect(found).toEqual([]);
});
