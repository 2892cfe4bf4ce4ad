/**
 * The package's own jsii assembly (`.jsii` at the package root, shipped in the npm package), read and indexed once per
 * process on first use, for the runtime props checks (props-check.ts): the structs' props with inherited ones, the
 * enums' members, the classes' factories, and the runtime enums and classes that the assembly's symbol ids name.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { ConfigError } from './errors';

/** The parts of the jsii assembly schema (jsii/0.10.0) that the checks read. */
export interface TypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: 'array' | 'map'; readonly elementtype: TypeRef };
  readonly union?: unknown;
  readonly intersection?: unknown;
}

export interface JsiiProperty {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional?: boolean;
  readonly static?: boolean;
}

export interface JsiiMethod {
  readonly name: string;
  readonly static?: boolean;
  readonly returns?: { readonly type: TypeRef };
}

export interface JsiiType {
  readonly fqn: string;
  readonly name: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly datatype?: boolean;
  readonly interfaces?: string[];
  readonly properties?: JsiiProperty[];
  readonly methods?: JsiiMethod[];
  readonly members?: { readonly name: string }[];
  readonly symbolId?: string;
  readonly locationInModule?: { readonly filename: string };
}

export interface Assembly {
  readonly name: string;
  readonly types: { [fqn: string]: JsiiType };
  readonly metadata?: { readonly tscRootDir?: string };
}

/** The struct's props by name, inherited ones included; `open` when a base comes from another package. */
export interface StructShape {
  readonly props: Map<string, JsiiProperty>;
  readonly open: boolean;
  readonly files: string[];
}

/** The package root: this file is `<root>/lib/private/` (sources) or `<root>/dist/private/` (built). */
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const ASSEMBLY_FILE = path.join(PACKAGE_ROOT, '.jsii');

let loaded: { assembly: Assembly; mtimeMs: number } | undefined;
const shapes = new Map<string, StructShape>();
const runtimeSymbols = new Map<string, unknown>();

/** The assembly, read on first use; a clear error when the package has none (a tree that was never built). */
export function assembly(): Assembly {
  if (loaded === undefined) {
    if (!fs.existsSync(ASSEMBLY_FILE)) {
      throw new ConfigError(
        `the package's jsii assembly is missing at ${ASSEMBLY_FILE}: props are checked against it; run npm run build`,
      );
    }
    let parsed = JSON.parse(fs.readFileSync(ASSEMBLY_FILE, 'utf8'));
    if (parsed.schema === 'jsii/file-redirect') {
      // A compressed assembly: `.jsii` names the file that holds it.
      const target = path.join(PACKAGE_ROOT, parsed.filename);
      const bytes = fs.readFileSync(target);
      parsed = JSON.parse((parsed.compression === 'gzip' ? zlib.gunzipSync(bytes) : bytes).toString('utf8'));
    }
    loaded = { assembly: parsed as Assembly, mtimeMs: fs.statSync(ASSEMBLY_FILE).mtimeMs };
  }
  return loaded.assembly;
}

/** A type of this package, by its name (`CognitoAuthProps`) or fqn. */
export function ownType(nameOrFqn: string): JsiiType | undefined {
  const asm = assembly();
  return asm.types[nameOrFqn] ?? asm.types[`${asm.name}.${nameOrFqn}`];
}

/** A struct's props, its inherited interfaces' included, and the files that declare them (computed once). */
export function structShape(type: JsiiType): StructShape {
  let shape = shapes.get(type.fqn);
  if (shape === undefined) {
    const props = new Map<string, JsiiProperty>();
    const files: string[] = [];
    let open = false;
    const visit = (t: JsiiType) => {
      if (t.locationInModule) files.push(t.locationInModule.filename);
      for (const p of t.properties ?? []) if (!props.has(p.name)) props.set(p.name, p);
      for (const base of t.interfaces ?? []) {
        const b = assembly().types[base];
        if (b === undefined) open = true;
        else visit(b);
      }
    };
    visit(type);
    shape = { props, open, files };
    shapes.set(type.fqn, shape);
  }
  return shape;
}

/**
 * The runtime value of a type of this package (the enum object or the class), from the module its symbol id names,
 * relative to the sources' root (`lib/`, or `dist/` when built). Undefined when it cannot be found (for example while
 * that module is still loading): then the value is not checked, rather than wrongly refused.
 */
export function runtimeSymbol(type: JsiiType): unknown {
  if (runtimeSymbols.has(type.fqn)) return runtimeSymbols.get(type.fqn);
  let found: unknown;
  const [modulePath, symbol] = (type.symbolId ?? '').split(':');
  const rootDir = assembly().metadata?.tscRootDir ?? 'lib';
  if (symbol && modulePath.startsWith(`${rootDir}/`)) {
    try {
      // The module is named by the assembly at run time, so it cannot be a static import.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      let value: any = require(path.join(__dirname, '..', modulePath.slice(rootDir.length + 1)));
      for (const part of symbol.split('.')) value = value?.[part];
      found = value;
    } catch {
      found = undefined;
    }
  }
  if (found !== undefined) runtimeSymbols.set(type.fqn, found);
  return found;
}

const sourceTexts = new Map<string, string | undefined>();

/**
 * Running from the sources (this repository's tests), a prop added since the last build is not in the assembly yet:
 * a key that a file declaring the struct, changed since the build, declares as `readonly <key>` is let through
 * unchecked. A published package has no sources, so this never applies there.
 */
export function declaredInNewerSources(shape: StructShape, key: string): boolean {
  const declaration = new RegExp(`\\breadonly\\s+${key.replace(/\W/g, '\\$&')}\\??\\s*:`);
  return shape.files.some((file) => {
    if (!sourceTexts.has(file)) {
      let text: string | undefined;
      try {
        const full = path.join(PACKAGE_ROOT, file);
        if (fs.statSync(full).mtimeMs > (loaded?.mtimeMs ?? Infinity)) text = fs.readFileSync(full, 'utf8');
      } catch {
        text = undefined;
      }
      sourceTexts.set(file, text);
    }
    const text = sourceTexts.get(file);
    return text !== undefined && declaration.test(text);
  });
}
