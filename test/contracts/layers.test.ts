import * as fs from 'fs';
import * as path from 'path';

/**
 * The layout of lib/ (the README's "Layout"): one folder per concept with an index, its private wiring in
 * `<folder>/private/`, shared helpers in lib/private/, and imports that only run downwards:
 * - lib/private/ imports nothing outside itself;
 * - a folder's private/ is imported only from that folder;
 * - between parts, an import runs from a higher layer to a lower one, never sideways or up (LAYERS);
 * - lib/frontend-config.ts (a subpath export of the front end's types) imports nothing;
 * - lib/index.ts re-exports each folder's index and each single-file part, nothing else;
 * - no file in lib/ is over 400 lines;
 * - no import cycle, not even inside a folder and not even through type-only imports: a folder's options file is
 *   imported by its construct files, never the other way round.
 */
const root = path.join(__dirname, '..', '..');

/** The parts of lib/, lowest first. A part may import the parts of lower layers only. */
const LAYERS: string[][] = [
  ['private'],
  // the front end's types; the settings every bundled function takes (imports types of aws-cdk-lib only)
  ['frontend-config', 'function-options'],
  ['user-pool', 'app-client', 'hosted-domain', 'identity-pool', 'identity-providers', 'triggers', 'operations', 'authorizers', 'snapshot', 'upgrade-check', 'smoke-check', 'user-import'],
  // a group's role is made by the identity pool
  ['groups'],
  // composes every part
  ['cognito-auth'],
  ['index'],
];
const MAX_LINES = 400;

/** Every .ts file under lib/, by its path from the repository root, with its text. */
function libFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(path.join(root, 'lib'), { recursive: true }) as string[]) {
    if (f.endsWith('.ts')) files.set(path.posix.join('lib', f.split(path.sep).join('/')), fs.readFileSync(path.join(root, 'lib', f), 'utf8'));
  }
  return files;
}

/** The part a file belongs to: `private` for lib/private/, a folder's name, or a single file's name. */
function partOf(file: string): string {
  const [, first, ...rest] = file.split('/');
  return rest.length === 0 ? first.replace(/\.ts$/, '') : first;
}

/** The folder whose private/ holds `file` (lib for lib/private/), or undefined when it is not private. */
function privateOwner(file: string): string | undefined {
  const i = file.lastIndexOf('/private/');
  return i < 0 ? undefined : file.slice(0, i);
}

/** The relative imports and re-exports of a file, type-only ones included, resolved to files of `files`. */
function importsOf(file: string, text: string, files: Map<string, string>): string[] {
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']*)'/gms)].map((m) => m[1]);
  specifiers.push(...[...text.matchAll(/^\s*import\s+'(\.[^']*)'/gm)].map((m) => m[1]));
  return specifiers.map((s) => {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), s));
    return [`${target}.ts`, `${target}/index.ts`, target].find((c) => files.has(c)) ?? `${target} (missing)`;
  });
}

/** Every breach of the layout, one line each. */
function violations(files: Map<string, string>): string[] {
  const rank = new Map(LAYERS.flatMap((parts, i) => parts.map((p): [string, number] => [p, i])));
  const found: string[] = [];
  for (const [file, text] of files) {
    const from = partOf(file);
    if (!rank.has(from)) found.push(`${file}: the part '${from}' is in no layer of LAYERS`);
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES) found.push(`${file}: ${lines} lines, over ${MAX_LINES}`);
    for (const target of importsOf(file, text, files)) {
      const to = partOf(target);
      const owner = privateOwner(target);
      if (from === 'private' && to !== 'private') found.push(`${file} -> ${target}: lib/private imports nothing outside itself`);
      if (owner !== undefined && owner !== 'lib' && !file.startsWith(`${owner}/`)) found.push(`${file} -> ${target}: another folder's private/`);
      if (file === 'lib/frontend-config.ts') found.push(`${file} -> ${target}: the front end's types import nothing`);
      if (from !== to && (rank.get(to) ?? Infinity) >= (rank.get(from) ?? -Infinity)) found.push(`${file} -> ${target}: '${from}' may not import '${to}' (not a lower layer)`);
    }
  }
  return found.sort();
}

/**
 * Every import cycle among `files` (type-only imports and re-exports count), one line each, as the files of one
 * strongly connected part of the import graph: `a -> b -> a`, from the part's first file by name along a shortest way
 * back to it.
 */
function cycles(files: Map<string, string>): string[] {
  const graph = new Map([...files].map(([file, text]): [string, string[]] => [file, importsOf(file, text, files).filter((t) => files.has(t))]));
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const parts: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of graph.get(file)!) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const part: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        part.push(member);
      } while (member !== file);
      if (part.length > 1 || graph.get(file)!.includes(file)) parts.push(part);
    }
  };
  [...graph.keys()].sort().forEach((file) => index.has(file) || visit(file));
  return parts
    .map((part) => {
      const start = [...part].sort()[0];
      // A shortest way from `start` back to itself, inside the part.
      const previous = new Map<string, string>();
      const queue = [start];
      while (queue.length > 0) {
        const file = queue.shift()!;
        const next = graph.get(file)!.filter((t) => part.includes(t)).sort();
        if (next.includes(start)) {
          const way = [file];
          while (way[0] !== start) way.unshift(previous.get(way[0])!);
          return `import cycle: ${[...way, start].join(' -> ')}`;
        }
        for (const t of next) {
          if (!previous.has(t) && t !== start) {
            previous.set(t, file);
            queue.push(t);
          }
        }
      }
      return `import cycle: ${part.sort().join(', ')}`;
    })
    .sort();
}

test('lib/ keeps its layers: no import runs up or sideways, nor into another folder\'s private/, and no file is over 400 lines', () => {
  expect(violations(libFiles())).toEqual([]);
});

test('lib/ has no import cycle, type-only imports included', () => {
  expect(cycles(libFiles())).toEqual([]);
});

test('every folder of lib/ has an index, and lib/index.ts re-exports each index and single-file part, nothing else', () => {
  const entries = fs.readdirSync(path.join(root, 'lib'), { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory() && e.name !== 'private').map((e) => e.name);
  for (const folder of folders) expect(fs.existsSync(path.join(root, 'lib', folder, 'index.ts'))).toBe(true);
  const singles = entries.filter((e) => e.isFile() && e.name !== 'index.ts').map((e) => e.name.replace(/\.ts$/, ''));
  const index = fs.readFileSync(path.join(root, 'lib', 'index.ts'), 'utf8');
  const statements = index.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('//'));
  expect(statements.every((l) => /^export \* from '\.\/[\w-]+';$/.test(l))).toBe(true);
  expect(statements.map((l) => /'\.\/([\w-]+)'/.exec(l)![1]).sort()).toEqual([...folders, ...singles].sort());
});

test('the check can fail: each rule reports its breach', () => {
  const planted = new Map<string, string>([
    ['lib/private/errors.ts', "import { AuthUserPool } from '../user-pool';\n"],
    ['lib/user-pool/index.ts', "export * from './user-pool';\n"],
    ['lib/user-pool/user-pool.ts', "import type { CognitoAuth } from '../cognito-auth/cognito-auth';\nimport { x } from '../app-client/private/terms';\n"],
    ['lib/app-client/private/terms.ts', ''],
    ['lib/cognito-auth/cognito-auth.ts', "import { AuthUserPool } from '../user-pool';\n".repeat(MAX_LINES + 1)],
    ['lib/frontend-config.ts', "import { ConfigError } from './private/errors';\n"],
    ['lib/new-part.ts', ''],
  ]);
  expect(violations(planted)).toEqual([
    `lib/cognito-auth/cognito-auth.ts: ${MAX_LINES + 1} lines, over ${MAX_LINES}`,
    "lib/frontend-config.ts -> lib/private/errors.ts: the front end's types import nothing",
    "lib/new-part.ts: the part 'new-part' is in no layer of LAYERS",
    "lib/private/errors.ts -> lib/user-pool/index.ts: 'private' may not import 'user-pool' (not a lower layer)",
    'lib/private/errors.ts -> lib/user-pool/index.ts: lib/private imports nothing outside itself',
    "lib/user-pool/user-pool.ts -> lib/app-client/private/terms.ts: 'user-pool' may not import 'app-client' (not a lower layer)",
    "lib/user-pool/user-pool.ts -> lib/app-client/private/terms.ts: another folder's private/",
    "lib/user-pool/user-pool.ts -> lib/cognito-auth/cognito-auth.ts: 'user-pool' may not import 'cognito-auth' (not a lower layer)",
  ]);
});

test('the cycle check can fail: a cycle of type-only imports inside a folder, and a longer one through an index', () => {
  const planted = new Map<string, string>([
    ['lib/triggers/triggers-options.ts', "import type { PreSignUpOptions } from './pre-sign-up';\n"],
    ['lib/triggers/pre-sign-up.ts', "import type { TriggerFunctionOptions } from './triggers-options';\n"],
    ['lib/operations/index.ts', "export * from './monitoring';\n"],
    ['lib/operations/monitoring.ts', "import { validateMonitoring } from './private/checks';\n"],
    ['lib/operations/private/checks.ts', "import type { MonitoringOptions } from '..';\nimport { x } from '../firewall';\n"],
    ['lib/operations/firewall.ts', ''],
    ['lib/user-pool/user-pool.ts', "import type { A } from './user-pool';\n"],
  ]);
  expect(cycles(planted)).toEqual([
    'import cycle: lib/operations/index.ts -> lib/operations/monitoring.ts -> lib/operations/private/checks.ts -> lib/operations/index.ts',
    'import cycle: lib/triggers/pre-sign-up.ts -> lib/triggers/triggers-options.ts -> lib/triggers/pre-sign-up.ts',
    'import cycle: lib/user-pool/user-pool.ts -> lib/user-pool/user-pool.ts',
  ]);
  // The same files without the options file's import back: no cycle left there.
  planted.set('lib/triggers/triggers-options.ts', '');
  expect(cycles(planted).some((c) => c.includes('triggers'))).toBe(false);
});
