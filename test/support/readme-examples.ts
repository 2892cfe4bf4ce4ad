import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The README's code blocks, read the way jsii-rosetta reads them (the ecosystem's tool: it compiles a package's
 * examples with `jsii-rosetta extract --strict` and translates them into Python, Java, Go and C# for Construct Hub).
 *
 * - A TypeScript block (```ts, or ```mts for browser code) is put into a fixture, `rosetta/<name>.ts-fixture`: the one its info string names
 *   (```ts fixture=frontend), else `rosetta/default.ts-fixture`; ```ts nofixture is a complete program. The fixture's
 *   `/// here` line is replaced by the block, whose imports are hoisted to the top of the file (TypeScript allows
 *   them only there), exactly as jsii-rosetta's fixtures.js does.
 */
export const ROOT = path.join(__dirname, '..', '..');

export interface CodeBlock {
  /** The line of the opening fence, 1-based. */
  readonly line: number;
  readonly language: string;
  readonly parameters: Record<string, string>;
  readonly source: string;
}

/** Every fenced code block of a markdown text, with its info string's language and key=value parameters. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith(open[1]) && l.trim() === open[1]);
    if (end < 0) throw new Error(`README line ${i + 1}: a code block that is never closed`);
    const parameters: Record<string, string> = {};
    for (const word of open[3].split(/\s+/).filter(Boolean)) {
      const [key, ...value] = word.split('=');
      parameters[key] = value.join('=');
    }
    blocks.push({ line: i + 1, language: open[2], parameters, source: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/**
 * TypeScript blocks: ```ts (CDK code, which jsii-rosetta also compiles and translates into the other languages) and
 * ```mts (a browser's ES module: front-end code, which has nothing to translate and which jsii-rosetta skips).
 */
export const isTypeScript = (b: CodeBlock) => ['ts', 'typescript', 'mts'].includes(b.language);

/** The fixture a TypeScript block is compiled in, or undefined for a complete program (`nofixture`). */
export function fixtureOf(block: CodeBlock): string | undefined {
  if ('nofixture' in block.parameters) return undefined;
  return block.parameters.fixture || 'default';
}

/** The block's complete source: the block put into its fixture, imports hoisted (jsii-rosetta's semantics). */
export function completeSource(block: CodeBlock): string {
  const fixture = fixtureOf(block);
  if (fixture === undefined) return block.source;
  const file = path.join(ROOT, 'rosetta', `${fixture}.ts-fixture`);
  if (!fs.existsSync(file)) throw new Error(`README line ${block.line}: fixture '${fixture}' not found: rosetta/${fixture}.ts-fixture`);
  const template = fs.readFileSync(file, 'utf8');
  const here = /[/]{3}[ \t]*here[ \t]*$/im;
  if (!here.test(template)) throw new Error(`rosetta/${fixture}.ts-fixture has no '/// here' line`);
  const parsed = ts.createSourceFile('block.ts', block.source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let imports = '';
  let statements = '';
  for (const s of parsed.statements) {
    if (ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s)) imports += s.getFullText(parsed);
    else statements += s.getFullText(parsed);
  }
  // A function as the replacement: a `$` in the block is not a replacement pattern.
  return `${imports}\n${template.replace(here, () => statements)}`;
}

/**
 * The compiler options jsii-rosetta 6 compiles examples with (its STANDARD_COMPILER_OPTIONS: strict, Node16
 * modules, ES2022 without the DOM), without emitting; every file is a module.
 */
export const ROSETTA_COMPILER_OPTIONS: ts.CompilerOptions = {
  alwaysStrict: true,
  experimentalDecorators: true,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  noFallthroughCasesInSwitch: true,
  noImplicitAny: true,
  noImplicitReturns: true,
  noImplicitThis: true,
  resolveJsonModule: true,
  strict: true,
  strictNullChecks: true,
  strictPropertyInitialization: true,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  moduleDetection: ts.ModuleDetectionKind.Force,
  // The libraries' own declaration files are not the README's concern, and checking aws-cdk-lib's takes most of
  // the time; the blocks are checked against them all the same.
  skipLibCheck: true,
};

/** Front-end blocks (fixture=frontend) run in a browser: they compile with the DOM library, as a web build does. */
const FRONTEND_COMPILER_OPTIONS: ts.CompilerOptions = { ...ROSETTA_COMPILER_OPTIONS, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] };

/**
 * Type-checks every TypeScript block of `markdown` in one program. The blocks are virtual files inside this
 * repository, so `import ... from 'cdk-cognito-auth'` resolves to the package itself through its `exports` map
 * (dist/*.d.ts: what a user's compiler sees), and every other import to node_modules. Returns the diagnostics,
 * each with the README line of its block.
 */
export function compileErrors(markdown: string): string[] {
  const blocks = codeBlocks(markdown);
  const dir = path.join(ROOT, 'rosetta', '.readme');
  const files = new Map<string, string>();
  const lineOf = new Map<string, number>();
  const frontend: string[] = [];
  const backend: string[] = [];
  for (const b of blocks) {
    if (!isTypeScript(b)) continue;
    const name = path.join(dir, `readme-line-${b.line}.${b.language === 'mts' ? 'mts' : 'ts'}`);
    files.set(name, completeSource(b));
    lineOf.set(name, b.line);
    (fixtureOf(b) === 'frontend' ? frontend : backend).push(name);
  }
  const diagnostics = (roots: string[], options: ts.CompilerOptions) => {
    if (roots.length === 0) return [];
    const host = ts.createCompilerHost(options, true);
    const { fileExists, readFile, getSourceFile } = host;
    host.fileExists = (f) => files.has(path.resolve(f)) || fileExists.call(host, f);
    host.readFile = (f) => files.get(path.resolve(f)) ?? readFile.call(host, f);
    host.getSourceFile = (f, lang, onError, create) => {
      const text = files.get(path.resolve(f));
      return text !== undefined ? ts.createSourceFile(f, text, lang, true) : getSourceFile.call(host, f, lang, onError, create);
    };
    return ts.getPreEmitDiagnostics(ts.createProgram(roots, options, host));
  };
  return [...diagnostics(backend, ROSETTA_COMPILER_OPTIONS), ...diagnostics(frontend, FRONTEND_COMPILER_OPTIONS)].map((d) => {
    const where = d.file && lineOf.get(path.resolve(d.file.fileName));
    const position = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const at = where !== undefined && position ? `README block at line ${where}, its complete source's line ${position.line + 1}` : d.file?.fileName ?? 'global';
    return `${at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Transpiles a block's complete source to CommonJS, for running it. */
export function transpiled(block: CodeBlock): string {
  return ts.transpileModule(completeSource(block), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}
