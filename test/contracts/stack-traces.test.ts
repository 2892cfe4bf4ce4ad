/**
 * Stack traces name what the package ships. The package ships dist/**\/*.js and .d.ts, not lib/*.ts, so dist/ carries
 * no source map (package.json's jsii.tsc turns tsc's inline maps off): under source-map support (ts-node,
 * `node --enable-source-maps`) a trace through the library still names dist/*.js, which the user has. The bundled
 * handlers are minified, so their maps stay: they name the TypeScript sources, and carry their text
 * (sourcesContent), so a trace in a function's logs is readable from the shipped asset alone.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** The files `npm pack` would put in the package, by their path from the package root. */
const shipped: Set<string> = (() => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  }).toString();
  return new Set((JSON.parse(out)[0].files as { path: string }[]).map((f) => f.path));
})();

/** The files the frames of a V8 stack trace name (`at f (file:1:2)` and `at file:1:2`), as absolute paths. */
function framesOf(stack: string): string[] {
  return stack
    .split('\n')
    .map((line) => /^\s+at (?:.*? \()?(.+?):\d+:\d+\)?$/.exec(line)?.[1])
    .filter((f): f is string => f !== undefined)
    .map((f) => (f.startsWith('file://') ? new URL(f).pathname : f));
}

/**
 * The frames naming a file of this package (under its root, not under node_modules/: a dependency such as
 * aws-cdk-lib is the user's own install) that `npm pack` would not ship, as paths from the root.
 */
function unshipped(frames: string[]): string[] {
  return frames
    .filter((f) => path.isAbsolute(f) && !path.relative(ROOT, f).startsWith('..'))
    .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
    .filter((f) => !f.startsWith('node_modules/') && !shipped.has(f));
}

/** Runs `script` with `node --enable-source-maps` from a folder outside the package; returns what it prints, parsed. */
function runWithSourceMaps(script: string, env: NodeJS.ProcessEnv = {}): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traces-'));
  fs.writeFileSync(path.join(dir, 'app.js'), script);
  const out = execFileSync(process.execPath, ['--enable-source-maps', path.join(dir, 'app.js'), ROOT], { cwd: dir, stdio: 'pipe', env: { ...process.env, ...env } });
  return JSON.parse(out.toString());
}

test('the package ships the compiled library and the bundled handlers (what the checks below rely on)', () => {
  expect(shipped.has('dist/index.js')).toBe(true);
  expect(shipped.has('dist/private/errors.js')).toBe(true);
  // not the TypeScript sources (node_modules/ holds the bundled dependencies, shipped as their authors publish them)
  expect([...shipped].filter((f) => !f.startsWith('node_modules/') && f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  expect(shipped.has('assets/pre-signup/index.js.map')).toBe(true);
});

test('no shipped file of dist/ has a source map (the maps would name lib/*.ts, which is not shipped)', () => {
  const mapped = [...shipped].filter((f) => f.startsWith('dist/') && /sourceMappingURL=/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  expect(mapped).toEqual([]);
  expect([...shipped].filter((f) => f.startsWith('dist/') && f.endsWith('.map'))).toEqual([]);
});

test('an error thrown by a construct, from dist/ under node --enable-source-maps, names shipped files only', () => {
  const result = runWithSourceMaps(`
    const path = require('path');
    const root = process.argv[2];
    const { App, Stack } = require(path.join(root, 'node_modules', 'aws-cdk-lib'));
    const lib = require(path.join(root, 'dist', 'index.js'));
    const caught = (fn) => { try { fn(); } catch (e) { return { name: e.name, message: e.message, constructPath: e.constructPath, stack: e.stack }; } };
    const app = new App();
    const built = caught(() => new lib.AuthUserPool(new Stack(app, 'Built'), 'Pool', { passwordPolicy: { minLength: 5 } }));
    new lib.IdentityPoolRole(new Stack(app, 'Synth'), 'Role');
    const synth = caught(() => app.synth());
    console.log(JSON.stringify({ built, synth, sourceMaps: process.execArgv.includes('--enable-source-maps') }));
  `);
  expect(result.sourceMaps).toBe(true);
  expect([result.built.name, result.built.constructPath, result.built.message]).toEqual([
    'ConfigError', 'Built/Pool', '[Built/Pool] passwordPolicy.minLength 5 is invalid: Cognito accepts a minimum password length from 6 to 99',
  ]);
  expect([result.synth.name, result.synth.constructPath]).toEqual(['ConfigError', 'Synth/Role']);
  for (const { stack } of [result.built, result.synth]) {
    const frames = framesOf(stack);
    // the trace goes through the library (it is not vacuous), and every file of the package it names is shipped
    expect(frames.some((f) => path.relative(ROOT, f).startsWith(`dist${path.sep}`))).toBe(true);
    expect(unshipped(frames)).toEqual([]);
  }
});

describe('the bundled handlers', () => {
  const handlers = [...shipped].filter((f) => /^assets\/[^/]+\/index\.js$/.test(f)).map((f) => f.split('/')[1]);

  test.each(handlers)('%s: its shipped map names its sources relative to the package and carries the text of each of its own', (name) => {
    expect(shipped.has(`assets/${name}/index.js.map`)).toBe(true);
    const map = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets', name, 'index.js.map'), 'utf8'));
    expect(map.sources.length).toBeGreaterThan(0);
    expect(map.sources.filter((s: string) => !s.startsWith('../../'))).toEqual([]);
    expect(map.sourcesContent?.length).toBe(map.sources.length);
    const own = (s: string) => !s.includes('/node_modules/');
    expect(map.sources.filter((s: string, i: number) => own(s) && (typeof map.sourcesContent[i] !== 'string' || map.sourcesContent[i].length === 0)))
      .toEqual([]);
    // Third-party sources are named, in packages whose versions package.json pins, without their text.
    expect(map.sources.filter((s: string, i: number) => !own(s) && map.sourcesContent[i] !== null)).toEqual([]);
  });

  test("a handler's trace under --enable-source-maps names its TypeScript sources, whose text the shipped map has", () => {
    const result = runWithSourceMaps(`
      const path = require('path');
      try { require(path.join(process.argv[2], 'assets', 'pre-signup', 'index.js')); } catch (e) { console.log(JSON.stringify({ stack: e.stack })); }
    `, { TRIGGER_CONFIG: '' });
    const frames = framesOf(result.stack).filter((f) => !path.relative(ROOT, f).startsWith('..'));
    expect(frames.length).toBeGreaterThan(0);
    const map = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets', 'pre-signup', 'index.js.map'), 'utf8'));
    const inMap = new Map<string, string>(map.sources.map((s: string, i: number) => [path.resolve(ROOT, 'assets', 'pre-signup', s), map.sourcesContent[i]]));
    for (const f of unshipped(frames)) expect([f, typeof inMap.get(path.join(ROOT, f))]).toEqual([f, 'string']);
    // the frames name the TypeScript sources, not the minified bundle
    expect(frames.map((f) => path.relative(ROOT, f).split(path.sep).join('/'))).toContain('lambda/pre-signup/index.ts');
  });
});
