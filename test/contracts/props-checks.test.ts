import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lib from '../../lib';
import { AppClient, ClientKind, CognitoAuth, GroupRoleIdentityPool, IdentityProvider, RoleMapping, UnmatchedUsers } from '../../lib';
import { checkProps, closestName } from '../../lib/private/props-check';
import { ConfigError } from '../../lib/private/errors';
import { testApp } from '../support/helpers';

/**
 * Plain JavaScript gets the checks TypeScript gives for free: every props object is checked at runtime against the
 * package's jsii assembly. An unknown prop is an error naming the closest known name; a value that is not one of an
 * enum's values, or not an instance of an enum-like class of this package, is an error naming the prop and what is
 * allowed. The props are written the way a JavaScript user writes them (`as any` here stands for "no compiler").
 */
const stack = () => new Stack(testApp(), 'Props');
const auth = (props: unknown) => () => new CognitoAuth(stack(), 'Auth', props as any);

describe('exact messages', () => {
  test("a string where an enum belongs: kind: 'WEB'", () => {
    expect(auth({ clients: [{ name: 'web', kind: 'WEB' }] })).toThrow(
      "[Props/Auth] clients['web'].kind is 'WEB': allowed values are ClientKind.PUBLIC_WEB, ClientKind.SERVER, ClientKind.NATIVE",
    );
  });

  test('a misspelled prop of the construct: selfSignup', () => {
    expect(auth({ selfSignup: true })).toThrow("[Props/Auth] CognitoAuthProps has an unknown prop 'selfSignup': did you mean 'selfSignUp'?");
  });

  test('a misspelled prop of a list item: callbackURLs', () => {
    expect(auth({ clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackURLs: ['https://app.example.com/cb'] }] })).toThrow(
      "[Props/Auth] clients['web'] has an unknown prop 'callbackURLs': did you mean 'callbackUrls'?",
    );
  });

  test('misspelled props of nested structs: triggers.preSignUp, identityPool', () => {
    expect(auth({ triggers: { preSignUp: { allowedDomains: ['example.com'] } } })).toThrow(
      "[Props/Auth] triggers.preSignUp has an unknown prop 'allowedDomains': did you mean 'allowedEmailDomains'?",
    );
    expect(auth({ identityPool: { allowGuest: false } })).toThrow(
      "[Props/Auth] identityPool has an unknown prop 'allowGuest': did you mean 'allowGuests'?",
    );
  });

  test("the bundled functions' settings: misspelled, and a number where a number belongs", () => {
    expect(auth({ bundledFunction: {} })).toThrow("[Props/Auth] CognitoAuthProps has an unknown prop 'bundledFunction': did you mean 'bundledFunctions'?");
    expect(auth({ bundledFunctions: { reservedConcurrency: 10 } })).toThrow(
      "[Props/Auth] bundledFunctions has an unknown prop 'reservedConcurrency': did you mean 'reservedConcurrentExecutions'?",
    );
    expect(auth({ triggers: { preTokenGeneration: { reservedConcurrentExecutions: '10' } } })).toThrow(
      "[Props/Auth] triggers.preTokenGeneration.reservedConcurrentExecutions is '10': expected a number",
    );
  });

  test('a plain object where an enum-like class belongs', () => {
    expect(auth({ identityPool: { roleMapping: { kind: 'GROUPS' } } })).toThrow(
      '[Props/Auth] identityPool.roleMapping is a plain object: expected a RoleMapping, made with RoleMapping.fromGroups(), RoleMapping.fromRules(), RoleMapping.fromToken()',
    );
    expect(auth({ identityProviders: [{ name: 'Google', clientId: 'id' }] })).toThrow(
      '[Props/Auth] identityProviders[0] is a plain object: expected an IdentityProvider, made with IdentityProvider.amazon(), IdentityProvider.apple(), IdentityProvider.facebook(), IdentityProvider.google(), IdentityProvider.oidc(), IdentityProvider.saml()',
    );
  });

  test('an enum whose values differ from its member names lists both; the value is accepted, the name is not', () => {
    expect(() => RoleMapping.fromGroups('DENY' as any)).toThrow(
      "RoleMapping.fromGroups() unmatched is 'DENY': allowed values are UnmatchedUsers.DEFAULT_ROLE ('AuthenticatedRole'), UnmatchedUsers.DENY ('Deny')",
    );
    expect(RoleMapping.fromGroups('Deny' as any).unmatched).toBe(UnmatchedUsers.DENY);
  });

  test('an unknown prop with no close name lists the known ones', () => {
    expect(auth({ domain: { frobnicate: 1 } })).toThrow(
      "[Props/Auth] domain has an unknown prop 'frobnicate'; its props are: brandingSettings, classicCss, customDomain, managedLogin, prefix",
    );
  });

  test('a value of the wrong primitive type, a missing required prop, a map of structs', () => {
    expect(auth({ selfSignUp: 'yes' })).toThrow("[Props/Auth] selfSignUp is 'yes': expected true or false");
    expect(auth({ groups: [{ name: 'admin', precedence: '1' }] })).toThrow("[Props/Auth] groups['admin'].precedence is '1': expected a number");
    expect(auth({ clients: [{ name: 'web' }] })).toThrow(
      "[Props/Auth] clients['web'].kind is missing: allowed values are ClientKind.PUBLIC_WEB, ClientKind.SERVER, ClientKind.NATIVE",
    );
    expect(auth({ clients: { name: 'web', kind: ClientKind.PUBLIC_WEB } })).toThrow(
      '[Props/Auth] clients is a plain object: expected a list of objects (AppClientOptions)',
    );
  });

  test('methods and standalone constructs name the prop the same way', () => {
    const a = new CognitoAuth(stack(), 'Auth');
    expect(() => a.addClient({ name: 'api', kind: 'server' } as any)).toThrow(
      "[Props/Auth] clients['api'].kind is 'server': allowed values are ClientKind.PUBLIC_WEB, ClientKind.SERVER, ClientKind.NATIVE",
    );
    expect(() => a.addGroup({ name: 'admin', precendence: 1 } as any)).toThrow("[Props/Auth] groups['admin'] has an unknown prop 'precendence': did you mean 'precedence'?");
    const s = stack();
    const userPool = new cognito.UserPool(s, 'Pool');
    expect(() => new AppClient(s, 'Web', { userPool, name: 'web', kind: ClientKind.PUBLIC_WEB, callbackURLs: [] } as any)).toThrow(
      "[Props/Web] clients['web'] has an unknown prop 'callbackURLs': did you mean 'callbackUrls'?",
    );
    expect(() => IdentityProvider.google({ clientID: 'id' } as any)).toThrow("identityProviders['Google'] has an unknown prop 'clientID': did you mean 'clientId'?");
    expect(() => RoleMapping.fromRules([{ claim: 'c', matchType: 'equals', value: 'v', role: undefined }] as any)).toThrow(
      "RoleMapping.fromRules() rules[0].matchType is 'equals': allowed values are RuleMatchType.EQUALS ('Equals'), RuleMatchType.CONTAINS ('Contains'), RuleMatchType.STARTS_WITH ('StartsWith'), RuleMatchType.NOT_EQUAL ('NotEqual')",
    );
  });

  test('the message templates: a source given by its name, a misspelled part', () => {
    expect(auth({ triggers: { messages: { templates: [{ source: 'SIGN_UP', sms: '{####}' }] } } })).toThrow(
      "[Props/Auth] triggers.messages.templates[0].source is 'SIGN_UP': allowed values are MessageSource.SIGN_UP ('SignUp'), " +
        "MessageSource.ADMIN_CREATE_USER ('AdminCreateUser'), MessageSource.RESEND_CODE ('ResendCode'), MessageSource.FORGOT_PASSWORD " +
        "('ForgotPassword'), MessageSource.UPDATE_USER_ATTRIBUTE ('UpdateUserAttribute'), MessageSource.VERIFY_USER_ATTRIBUTE " +
        "('VerifyUserAttribute'), MessageSource.AUTHENTICATION ('Authentication')",
    );
    expect(auth({ triggers: { messages: { templates: [{ source: 'SignUp', emailbody: '{####}' }] } } })).toThrow(
      "[Props/Auth] triggers.messages.templates[0] has an unknown prop 'emailbody': did you mean 'emailBody'?",
    );
  });

  test('errors are ConfigErrors', () => {
    expect(auth({ selfSignup: true })).toThrow(ConfigError);
  });
});

describe('does not fail when the value is a token', () => {
  // Each row: a token where a literal of the wrong kind fails, so the row proves the check runs and lets tokens by.
  const construct = (props: (v: unknown) => unknown) => (v: unknown) => auth(props(v))();
  test.each([
    ['a Token string for an enum', construct((v) => ({ clients: [{ name: 'api', kind: v }] })), Token.asString(Lazy.string({ produce: () => 'SERVER' })), 'SRV', "clients['api'].kind is 'SRV': allowed values are"],
    ['a Lazy string for a string', construct((v) => ({ domain: { prefix: v } })), Lazy.string({ produce: () => 'example-auth' }), 42, 'domain.prefix is 42: expected a string'],
    ['a Lazy number for a number', construct((v) => ({ groups: [{ name: 'admin', precedence: v }] })), Lazy.number({ produce: () => 1 }), '1', "groups['admin'].precedence is '1': expected a number"],
    ['a Token list for a list', (v: unknown) => checkProps('PreSignUpOptions', { allowedEmailDomains: v }), Token.asList(Lazy.list({ produce: () => ['example.com'] })), 'example.com', "allowedEmailDomains is 'example.com': expected a list of strings"],
    ['a Lazy value for a struct', (v: unknown) => checkProps('CognitoAuthProps', { domain: v }), Lazy.any({ produce: () => ({ prefix: 'example-auth' }) }), { prefx: 'x' }, "domain has an unknown prop 'prefx': did you mean 'prefix'?"],
  ])('%s', (_, run, token, wrong, message) => {
    expect(() => run(token)).not.toThrow();
    expect(() => run(wrong)).toThrow(message);
  });

  test('checkProps itself lets an unresolved value through anywhere', () => {
    expect(() => checkProps('AppClientOptions', { name: Lazy.string({ produce: () => 'x' }), kind: Token.asString({ resolve: () => 'NATIVE' }) })).not.toThrow();
    expect(() => checkProps('AppClientOptions', { name: 'x', kind: 'x' })).toThrow("kind is 'x'");
  });
});

describe('every public entry point checks its props', () => {
  const assembly = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.jsii'), 'utf8'));
  const own = (fqn?: string) => (fqn?.startsWith('cdk-cognito-auth.') ? assembly.types[fqn] : undefined);
  /** A bad value for a parameter of an own struct, list of structs or enum; undefined for any other parameter. */
  const bad = (type: any): unknown => {
    const t = own(type.fqn);
    if (t?.datatype) return { notAProp: 1 };
    if (t?.kind === 'enum') return 'NOT_A_VALUE';
    if (type.collection?.kind === 'array' && own(type.collection.elementtype.fqn)?.datatype) return [{ notAProp: 1 }];
    return undefined;
  };
  /** A harmless value for any other parameter (the only maps taken are UpgradeCheck's templates). */
  const filler = (p: any, s: Stack): unknown =>
    p.type.fqn === 'constructs.Construct' ? s : p.type.primitive === 'string' ? 'X' : p.type.collection?.kind === 'map' ? { Resources: {} } : p.type.collection ? [] : undefined;
  const rejected = /has an unknown prop 'notAProp'|is 'NOT_A_VALUE': allowed values are/;
  const classes: any[] = Object.values(assembly.types).filter((t: any) => t.kind === 'class');

  const constructors = classes.filter(
    (c) => c.initializer && !c.initializer.protected && (c.initializer.parameters ?? []).some((p: any) => bad(p.type) !== undefined),
  );
  test('the assembly lists the constructs', () => {
    expect(constructors.map((c) => c.name)).toEqual(expect.arrayContaining(['CognitoAuth', 'AuthUserPool', 'AppClient', 'HostedDomain', 'UserGroup', 'IdentityProviders', 'GroupRoleIdentityPool', 'PreSignUpTrigger', 'PostConfirmationTrigger', 'PreTokenGenerationTrigger', 'JwtAuthorizerFunction', 'AuthWebAcl', 'AuthMonitoring', 'UserActivityLogs', 'AuthReplicaRegion', 'UserPoolHttpAuthorizer']));
  });
  test.each(constructors.map((c) => [c.name, c]))('new %s(...) rejects an unknown prop', (name, c) => {
    const create = () => {
      const s = stack();
      return new (lib as any)[name](...c.initializer.parameters.map((p: any) => bad(p.type) ?? filler(p, s)));
    };
    const isConstruct = c.initializer.parameters[0]?.type.fqn === 'constructs.Construct';
    expect(create).toThrow(isConstruct ? '[Props/X] ' : rejected);
    expect(create).toThrow(rejected);
  });

  const statics = classes.flatMap((c) => (c.methods ?? []).filter((m: any) => m.static).flatMap((m: any) =>
    (m.parameters ?? []).map((p: any, i: number) => [`${c.name}.${m.name}(${p.name})`, c.name, m, i]).filter((row: any[]) => bad(row[2].parameters[row[3]].type) !== undefined)));
  test.each(statics)('%s rejects a wrong value', (_, className, method, index) => {
    const s = stack();
    const args = method.parameters.map((p: any, i: number) => (i === index ? bad(p.type) : filler(p, s)));
    expect(() => (lib as any)[className][method.name](...args)).toThrow(rejected);
  });

  // Instance methods need an instance: one row each, and the assembly's list must match the rows.
  const pool = (s: Stack) => new cognito.UserPool(s, 'Pool');
  const instanceCalls: Record<string, (bad: any) => unknown> = {
    'CognitoAuth.addClient': (v) => new CognitoAuth(stack(), 'X').addClient(v),
    'CognitoAuth.addGroup': (v) => new CognitoAuth(stack(), 'X').addGroup(v),
    'CognitoAuth.httpApiAuthorizer': (v) => new CognitoAuth(stack(), 'X').httpApiAuthorizer(v),
    'CognitoAuth.jwtAuthorizer': (v) => new CognitoAuth(stack(), 'X').jwtAuthorizer('A', v),
    'CognitoAuth.restApiAuthorizer': (v) => { const s = stack(); return new CognitoAuth(s, 'X').restApiAuthorizer(s, 'A', v); },
    'CognitoAuth.addRestApiMethod': (v) => {
      const s = stack();
      return new CognitoAuth(s, 'X').addRestApiMethod(new apigateway.RestApi(s, 'Api').root, 'GET', new apigateway.MockIntegration(), v);
    },
    'GroupRoleIdentityPool.addGroup': (v) => { const s = stack(); return new GroupRoleIdentityPool(s, 'X', { userPool: pool(s) }).addGroup(v); },
  };
  const instanceMethods = classes.flatMap((c) => (c.methods ?? []).filter((m: any) => !m.static && (m.parameters ?? []).some((p: any) => bad(p.type) !== undefined)).map((m: any) => [`${c.name}.${m.name}`, m]));
  test('every instance method that takes a struct or an enum has a row', () => {
    expect(instanceMethods.map((r) => r[0]).sort()).toEqual(Object.keys(instanceCalls).sort());
  });
  test.each(instanceMethods)('%s rejects a wrong value', (name, method) => {
    const param = method.parameters.find((p: any) => bad(p.type) !== undefined);
    expect(() => instanceCalls[name](bad(param.type))).toThrow('[Props/X] ');
    expect(() => instanceCalls[name](bad(param.type))).toThrow(rejected);
  });
});

test('plain JavaScript, through the built package', () => {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'props-checks', 'plain-javascript.js')], { encoding: 'utf8', env: { ...process.env, CDK_VALIDATION: 'false' } });
  expect(JSON.parse(out)).toEqual({
    kind: "[Js/Auth] clients['web'].kind is 'WEB': allowed values are ClientKind.PUBLIC_WEB, ClientKind.SERVER, ClientKind.NATIVE",
    selfSignup: "[Js/Auth] CognitoAuthProps has an unknown prop 'selfSignup': did you mean 'selfSignUp'?",
    callbackURLs: "[Js/Auth] clients['web'] has an unknown prop 'callbackURLs': did you mean 'callbackUrls'?",
    roleMapping: '[Js/Auth] identityPool.roleMapping is a plain object: expected a RoleMapping, made with RoleMapping.fromGroups(), RoleMapping.fromRules(), RoleMapping.fromToken()',
    valid: null,
  });
});

test('without the assembly, a check fails with a clear message instead of passing silently', () => {
  const assemblyFile = path.join(__dirname, '..', '..', '.jsii');
  jest.isolateModules(() => {
    const realFs = jest.requireActual('fs');
    jest.doMock('fs', () => ({ ...realFs, existsSync: (p: string) => (p === assemblyFile ? false : realFs.existsSync(p)) }));
    const isolated = require('../../lib/private/props-check');
    expect(() => isolated.checkProps('CognitoAuthProps', {})).toThrow(
      `the package's jsii assembly is missing at ${assemblyFile}: props are checked against it; run npm run build`,
    );
  });
  jest.dontMock('fs');
});

test('the closest name: another case first, then the fewest edits, nothing when far', () => {
  expect(closestName('callbackURLs', ['callbackUrls', 'logoutUrls'])).toBe('callbackUrls');
  expect(closestName('precendence', ['name', 'precedence'])).toBe('precedence');
  expect(closestName('x', ['id', 'name'])).toBeUndefined();
  expect(closestName('frobnicate', ['prefix', 'customDomain'])).toBeUndefined();
});

test('a valid app in plain JavaScript style still builds', () => {
  const s = new Stack(new App(), 'Ok');
  expect(() => new CognitoAuth(s, 'Auth', {
    selfSignUp: true,
    clients: [{ name: 'web', kind: 'PUBLIC_WEB', callbackUrls: ['https://app.example.com/cb'] }],
    domain: { prefix: 'example-auth' },
    groups: [{ name: 'admin', precedence: 0 }],
    identityPool: { roleMapping: RoleMapping.fromGroups('Deny' as any) },
  } as any)).not.toThrow();
});

test("TypeScript props that also extend StackProps (a common pattern TypeScript accepts) are not refused for StackProps' keys", () => {
  interface AuthStackProps extends lib.CognitoAuthProps {
    readonly env?: { readonly region?: string };
    readonly stackName?: string;
  }
  const props: AuthStackProps = { selfSignUp: true, env: { region: 'eu-west-1' }, stackName: 'Auth' };
  expect(() => new CognitoAuth(stack(), 'Auth', props)).not.toThrow();
  // Only at the top level of a construct's props, and only StackProps' keys.
  expect(auth({ clients: [{ name: 'web', kind: 'SERVER', env: {} }] })).toThrow("clients['web'] has an unknown prop 'env'");
});
