import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/**
 * Two conventions of aws-cdk-lib's public API, read from the package's jsii assembly (`.jsii`, which `npm run build`
 * writes) so that they hold in every jsii language:
 * - every optional property of a struct documents its default (`@default`, `docs.default` in the assembly);
 * - a struct property (a construct's props) that takes a construct takes it by interface: not a concrete construct
 *   class, of this package or of aws-cdk-lib, that has an interface `I<ClassName>` (`CognitoAuth` has `ICognitoAuth`,
 *   `cognito.UserPool` has `cognito.IUserPool`).
 */
const root = path.join(__dirname, '..', '..');

interface TypeRef {
  readonly fqn?: string;
  readonly collection?: { readonly elementtype: TypeRef };
  readonly union?: { readonly types: TypeRef[] };
}
interface JsiiProperty {
  readonly name: string;
  readonly optional?: boolean;
  readonly type: TypeRef;
  readonly docs?: { readonly default?: string };
}
interface JsiiType {
  readonly fqn: string;
  readonly name: string;
  readonly kind: string;
  readonly datatype?: boolean;
  readonly base?: string;
  readonly interfaces?: string[];
  readonly properties?: JsiiProperty[];
}
type Types = { [fqn: string]: JsiiType };

/** An assembly's types, following a redirect to a compressed assembly. */
function typesOf(dir: string): Types {
  let parsed = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf8'));
  if (parsed.schema === 'jsii/file-redirect') {
    const bytes = fs.readFileSync(path.join(dir, parsed.filename));
    parsed = JSON.parse((parsed.compression === 'gzip' ? zlib.gunzipSync(bytes) : bytes).toString('utf8'));
  }
  return parsed.types;
}

/** The structs' optional properties without a documented default, one line each. */
function missingDefaults(own: Types): string[] {
  const found: string[] = [];
  for (const type of Object.values(own)) {
    if (type.kind !== 'interface' || !type.datatype) continue;
    for (const p of type.properties ?? []) {
      if (p.optional && p.docs?.default === undefined) found.push(`${type.name}.${p.name} is optional without @default`);
    }
  }
  return found.sort();
}

/** Every fqn a type reference names, through lists, maps and unions. */
function fqnsOf(ref: TypeRef): string[] {
  if (ref.fqn !== undefined) return [ref.fqn];
  if (ref.collection !== undefined) return fqnsOf(ref.collection.elementtype);
  if (ref.union !== undefined) return ref.union.types.flatMap(fqnsOf);
  return [];
}

/**
 * The interface that a construct class of `all` implements under its own name (`I<ClassName>`, itself or through a
 * base), or undefined when `fqn` is no construct class or has no such interface.
 */
function constructInterface(all: Types, fqn: string): string | undefined {
  const type = all[fqn];
  if (type?.kind !== 'class') return undefined;
  const chain: JsiiType[] = [];
  for (let t: JsiiType | undefined = type; t !== undefined; t = t.base ? all[t.base] : undefined) chain.push(t);
  if (!chain.some((t) => t.fqn === 'constructs.Construct')) return undefined;
  const wanted = `I${type.name}`;
  return chain.flatMap((t) => t.interfaces ?? []).find((i) => all[i]?.name === wanted);
}

/** The structs' properties typed with a construct class that has an interface, one line each. */
function concreteConstructProps(own: Types, all: Types): string[] {
  const found: string[] = [];
  for (const type of Object.values(own)) {
    if (type.kind !== 'interface' || !type.datatype) continue;
    for (const p of type.properties ?? []) {
      for (const fqn of fqnsOf(p.type)) {
        const iface = constructInterface(all, fqn);
        if (iface !== undefined) found.push(`${type.name}.${p.name} takes the class ${fqn}: take its interface ${iface}`);
      }
    }
  }
  return found.sort();
}

const own = typesOf(root);
const all: Types = { ...typesOf(path.join(root, 'node_modules', 'constructs')), ...typesOf(path.join(root, 'node_modules', 'aws-cdk-lib')), ...own };

test('every optional property of a public struct documents its default (@default)', () => {
  expect(missingDefaults(own)).toEqual([]);
});

test('no public struct property takes a concrete construct class where an interface exists', () => {
  expect(concreteConstructProps(own, all)).toEqual([]);
});

test('the checks can fail: an optional property without @default, and props typed with construct classes', () => {
  const planted: Types = {
    'cdk-cognito-auth.PlantedProps': {
      fqn: 'cdk-cognito-auth.PlantedProps',
      name: 'PlantedProps',
      kind: 'interface',
      datatype: true,
      properties: [
        { name: 'documented', optional: true, type: { fqn: 'aws-cdk-lib.aws_cognito.IUserPool' }, docs: { default: '- none' } },
        { name: 'undocumented', optional: true, type: { fqn: 'aws-cdk-lib.aws_iam.IRole' } },
        { name: 'required', type: { fqn: 'aws-cdk-lib.aws_cognito.UserPool' } },
        { name: 'auths', type: { collection: { elementtype: { fqn: 'cdk-cognito-auth.CognitoAuth' } } } },
        // An L1 has no interface of its own name (its reference interface does not carry what the L1 does).
        { name: 'replicaKey', type: { fqn: 'aws-cdk-lib.aws_kms.CfnReplicaKey' } },
        // Not a construct: an enum-like class.
        { name: 'mapping', type: { fqn: 'cdk-cognito-auth.RoleMapping' } },
      ],
    },
  };
  expect(missingDefaults(planted)).toEqual(['PlantedProps.undocumented is optional without @default']);
  expect(concreteConstructProps(planted, all)).toEqual([
    'PlantedProps.auths takes the class cdk-cognito-auth.CognitoAuth: take its interface cdk-cognito-auth.ICognitoAuth',
    'PlantedProps.required takes the class aws-cdk-lib.aws_cognito.UserPool: take its interface aws-cdk-lib.aws_cognito.IUserPool',
  ]);
});
