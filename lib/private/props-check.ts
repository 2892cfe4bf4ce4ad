/**
 * Runtime checks of props objects against the package's own jsii assembly (`.jsii` at the package root), for users
 * who call the library from plain JavaScript: TypeScript checks these at compile time, and jsii checks them for
 * Python, Java and Go, but nothing checks them for JavaScript. A misspelled prop, or a string where an enum or an
 * enum-like class belongs, would silently leave a feature off.
 *
 * What is checked, in a struct of this package (and its inherited structs): every key is a declared prop; required
 * props are present; values of primitive types have that type; enums of this package get one of their values;
 * classes of this package get an instance; interfaces of this package (`ICognitoAuth`) get an object with their
 * required properties and methods; nested structs, lists and maps of them are checked the same way. Types of
 * other packages (aws-cdk-lib, constructs), unions and `any` are left alone, and so is every value that is an
 * unresolved token, which is only known at deploy.
 *
 * The assembly is read and indexed once per process, on the first check (jsii-assembly.ts).
 */
import { Token } from 'aws-cdk-lib';
import { assembly, declaredInNewerSources, JsiiType, ownType, runtimeSymbol, StructShape, structShape, TypeRef } from './jsii-assembly';
import { ConfigError } from './errors';

/** Props objects the library built itself from props it had checked (see `preChecked`). */
const prechecked = new WeakSet<object>();

/**
 * Checks `value` against a type of this package, named as in the API (`CognitoAuthProps`, `ClientKind`,
 * `RoleMappingRule[]` for a list). `prop` is the prop's path as the user writes it (`clients['web']`,
 * `triggers.preSignUp`); empty for a construct's own props, whose errors then name the struct. Undefined and null
 * pass (the caller knows whether the value is optional). Throws a ConfigError naming the prop.
 */
export function checkProps(type: string, value: unknown, prop = ''): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'object' && prechecked.has(value)) return;
  const list = type.endsWith('[]');
  const name = list ? type.slice(0, -2) : type;
  const found = ownType(name);
  if (found === undefined) throw new Error(`checkProps: no type '${name}' in the jsii assembly of ${assembly().name} (if it is new, run npm run ` +
    `build)`);
  const ref: TypeRef = list ? { collection: { kind: 'array', elementtype: { fqn: found.fqn } } } : { fqn: found.fqn };
  checkValue(ref, value, prop);
}

/**
 * Marks props that the library builds from props it has checked already (say, `CognitoAuth`'s props passed on to
 * `AuthUserPool` with keys only `CognitoAuth` knows), so the inner construct does not check them again.
 */
export function preChecked<T extends object>(props: T): T {
  prechecked.add(props);
  return props;
}

/**
 * The path of one item of a list prop as errors name it, for a construct or method that gets the item alone:
 * `clients['web']` by its name, `clients[]` when it has no usable name.
 */
export function itemProp(list: string, item: unknown, key = 'name'): string {
  const name = isObject(item) ? (item as any)[key] : undefined;
  return typeof name === 'string' && !Token.isUnresolved(name) ? `${list}['${name}']` : `${list}[]`;
}

/** The path of a list item: by its name (`clients['web']`) when its struct has a `name` or `identifier`, else its index. */
function itemPath(prop: string, element: TypeRef, item: unknown, index: number): string {
  const type = element.fqn ? assembly().types[element.fqn] : undefined;
  if (type?.kind === 'interface' && type.datatype && isObject(item)) {
    const props = structShape(type).props;
    for (const key of ['name', 'identifier']) {
      const v = (item as any)[key];
      if (props.get(key)?.type.primitive === 'string' && typeof v === 'string' && !Token.isUnresolved(v)) return `${prop}['${v}']`;
    }
  }
  return `${prop}[${index}]`;
}

function join(prop: string, key: string): string {
  return prop === '' ? key : `${prop}.${key}`;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkValue(ref: TypeRef, value: unknown, prop: string): void {
  if (value === undefined || value === null || Token.isUnresolved(value)) return;
  if (ref.primitive !== undefined) return checkPrimitive(ref.primitive, value, prop);
  if (ref.collection !== undefined) {
    const element = ref.collection.elementtype;
    if (ref.collection.kind === 'array') {
      if (!Array.isArray(value)) fail(prop, value, `expected ${describeType(ref)}`);
      value.forEach((item, i) => checkValue(element, item, itemPath(prop, element, item, i)));
    } else {
      if (!isObject(value)) fail(prop, value, `expected ${describeType(ref)}`);
      for (const [key, item] of Object.entries(value)) checkValue(element, item, `${prop}['${key}']`);
    }
    return;
  }
  // Unions, intersections and the types of other packages are left alone.
  const type = ref.fqn !== undefined && ref.fqn.startsWith(`${assembly().name}.`) ? assembly().types[ref.fqn] : undefined;
  if (type === undefined) return;
  if (type.kind === 'enum') return checkEnum(type, value, prop);
  if (type.kind === 'class') return checkInstance(type, value, prop);
  if (type.datatype) return checkStruct(type, value, prop);
  return checkInterface(type, value, prop);
}

function checkPrimitive(primitive: string, value: unknown, prop: string): void {
  const ok =
    primitive === 'string' ? typeof value === 'string'
      : primitive === 'number' ? typeof value === 'number'
        : primitive === 'boolean' ? typeof value === 'boolean'
          : primitive === 'date' ? value instanceof Date
            : true;
  if (!ok) fail(prop, value, `expected ${describeType({ primitive })}`);
}

/** The keys of aws-cdk-lib's StackProps. */
const STACK_PROPS = new Set([
  'analyticsReporting', 'crossRegionReferences', 'description', 'env', 'notificationArns', 'permissionsBoundary', 'propertyInjectors',
  'stackName', 'suppressTemplateIndentation', 'synthesizer', 'tags', 'terminationProtection',
]);

function checkStruct(type: JsiiType, value: unknown, prop: string): void {
  if (!isObject(value)) fail(prop || type.name, value, `expected an object (${type.name})`);
  const shape = structShape(type);
  if (!shape.open) {
    for (const key of Object.keys(value)) {
      // A construct's own props may come from a TypeScript interface that also extends StackProps, a common CDK
      // pattern that TypeScript accepts: those keys are let through at the top level.
      if (prop === '' && STACK_PROPS.has(key)) continue;
      if (!shape.props.has(key) && !declaredInNewerSources(shape, key)) throw new ConfigError(unknownPropMessage(prop || type.name, key, shape));
    }
  }
  for (const p of shape.props.values()) {
    const v = (value as any)[p.name];
    if ((v === undefined || v === null) && !p.optional) fail(join(prop, p.name), v, requirement(p.type));
    checkValue(p.type, v, join(prop, p.name));
  }
}

function enumValues(type: JsiiType): { label: string; value: unknown }[] | undefined {
  const object = runtimeSymbol(type) as any;
  if (object === undefined) return undefined;
  return (type.members ?? []).map((m) => {
    const v = object[m.name];
    return { label: v === m.name ? `${type.name}.${m.name}` : `${type.name}.${m.name} (${describeValue(v)})`, value: v };
  });
}

function checkEnum(type: JsiiType, value: unknown, prop: string): void {
  const values = enumValues(type);
  if (values === undefined || values.some((v) => v.value === value)) return;
  fail(prop, value, requirement({ fqn: type.fqn }));
}

function checkInstance(type: JsiiType, value: unknown, prop: string): void {
  const cls = runtimeSymbol(type);
  if (typeof cls === 'function' ? value instanceof cls : hasConstructorNamed(value, type.name)) return;
  fail(prop, value, requirement({ fqn: type.fqn }));
}

/**
 * A value for a behavioral interface of this package (`ICognitoAuth`): an object with the interface's required
 * properties and its methods, its bases' included (those of other packages, such as `IConstruct`, are not checked).
 */
function checkInterface(type: JsiiType, value: unknown, prop: string): void {
  const lacking: string[] = [];
  if (typeof value === 'object' && value !== null) {
    const visit = (t: JsiiType) => {
      for (const p of t.properties ?? []) if (!p.optional && !p.static && (value as any)[p.name] === undefined) lacking.push(p.name);
      for (const m of t.methods ?? []) if (!m.static && typeof (value as any)[m.name] !== 'function') lacking.push(`${m.name}()`);
      for (const base of t.interfaces ?? []) {
        const b = assembly().types[base];
        if (b !== undefined) visit(b);
      }
    };
    visit(type);
    if (lacking.length === 0) return;
  }
  fail(prop, value, `expected ${describeType({ fqn: type.fqn })}${lacking.length > 0 ? ` (it lacks ${lacking.join(', ')})` : ''}`);
}

/** Whether a class of this name is in the value's prototype chain (used when the class itself cannot be found). */
function hasConstructorNamed(value: unknown, name: string): boolean {
  for (let p = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : null; p; p = Object.getPrototypeOf(p)) {
    if (p.constructor?.name === name) return true;
  }
  return false;
}

/** What a prop of this type takes: `allowed values are ...` for enums, `expected ...` for the rest. */
function requirement(ref: TypeRef): string {
  const type = ref.fqn !== undefined ? assembly().types[ref.fqn] : undefined;
  if (type?.kind === 'enum') {
    const values = enumValues(type);
    const labels = values ? values.map((v) => v.label) : (type.members ?? []).map((m) => `${type.name}.${m.name}`);
    return `allowed values are ${labels.join(', ')}`;
  }
  if (type?.kind === 'class') {
    const constants = (type.properties ?? []).filter((p) => p.static && p.type.fqn === type.fqn).map((p) => `${type.name}.${p.name}`);
    if (constants.length > 0) return `allowed values are ${constants.join(', ')}`;
    const factories = (type.methods ?? []).filter((m) => m.static && m.returns?.type.fqn === type.fqn).map((m) => `${type.name}.${m.name}()`);
    return `expected ${describeType(ref)}${factories.length > 0 ? `, made with ${factories.join(', ')}` : ''}`;
  }
  return `expected ${describeType(ref)}`;
}

function article(noun: string): string {
  return /^[AEIOUaeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** A type in words: `a string`, `an IdentityProvider`, `an object (AppClientOptions)`, `a list of strings`. */
function describeType(ref: TypeRef, plural = false): string {
  const words = (singular: string, many: string) => (plural ? many : singular);
  if (ref.primitive !== undefined) {
    switch (ref.primitive) {
      case 'string': return words('a string', 'strings');
      case 'number': return words('a number', 'numbers');
      case 'boolean': return words('true or false', 'true or false');
      case 'date': return words('a Date', 'Dates');
      default: return words('any value', 'any values');
    }
  }
  if (ref.collection !== undefined) {
    const element = describeType(ref.collection.elementtype, true);
    return ref.collection.kind === 'array' ? words(`a list of ${element}`, `lists of ${element}`) : words(`an object mapping keys to ` +
      `${element}`, `objects mapping keys to ${element}`);
  }
  if (ref.fqn !== undefined) {
    const own = ref.fqn.startsWith(`${assembly().name}.`) ? assembly().types[ref.fqn] : undefined;
    if (own?.datatype) return words(`an object (${own.name})`, `objects (${own.name})`);
    if (own) return words(article(own.name), `${own.name} values`);
    // aws-cdk-lib.aws_cognito.IUserPool -> an IUserPool (from aws-cdk-lib/aws-cognito)
    const parts = ref.fqn.split('.');
    const name = parts[parts.length - 1];
    const module = [parts[0], ...parts.slice(1, -1).map((p) => p.replace(/_/g, '-'))].join('/');
    return `${words(article(name), `${name} values`)} (from ${module})`;
  }
  return words('a value', 'values');
}

/** A value in words, for messages: `'WEB'`, `12`, `a list`, `a plain object`, `missing`. */
function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'missing';
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (Array.isArray(value)) return 'a list';
  const proto = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return 'a plain object';
  const name = proto.constructor?.name;
  return name ? `an instance of ${name}` : 'an object';
}

function fail(prop: string, value: unknown, expected: string): never {
  throw new ConfigError(`${prop} is ${describeValue(value)}: ${expected}`);
}

function unknownPropMessage(label: string, key: string, shape: StructShape): string {
  const names = [...shape.props.keys()];
  const closest = closestName(key, names);
  return closest !== undefined
    ? `${label} has an unknown prop '${key}': did you mean '${closest}'?`
    : `${label} has an unknown prop '${key}'; its props are: ${names.join(', ')}`;
}

/**
 * The known name closest to `key`: the same name in another case, or else the one fewest edits away (ignoring case),
 * if that is close enough to be a misspelling (at most 40% of the longer name, and at least 1 edit).
 */
export function closestName(key: string, names: string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(lower, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(1, Math.floor(Math.max(key.length, best.length) * 0.4)) ? best : undefined;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
