import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import {
  AppClient, AuthUserPool, ClientKind, CognitoAuth, GroupRoleIdentityPool, HostedDomain, IdentityPoolRole, JwtAuthorizerFunction,
  PostConfirmationTrigger, PreSignUpTrigger, RoleMapping, RuleMatchType, UnmatchedUsers, UserGroup, UserPoolHttpAuthorizer,
} from '../../lib';
import { ConfigError } from '../../lib/private/errors';
import { testApp } from '../support/helpers';

/**
 * Every error a user can cause names the construct whose props are wrong, the way aws-cdk-lib's validation reports
 * do (`[Stack/Construct] ...`), before the prop, the value and what is allowed. One test per class of error: thrown
 * while a construct is built, by a nested construct, by a method, and found at synth: one form for all, a ConfigError
 * whose message starts with the path.
 */
const stack = () => new Stack(testApp(), 'Paths');

test('an error while a standalone construct is built', () => {
  expect(() => new AuthUserPool(stack(), 'Pool', { passwordPolicy: { minLength: 5 } })).toThrow(
    '[Paths/Pool] passwordPolicy.minLength 5 is invalid: Cognito accepts a minimum password length from 6 to 99',
  );
  const s = stack();
  const userPool = new cognito.UserPool(s, 'P');
  expect(() => new AppClient(s, 'Web', { userPool, name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['http://app.example.com/cb'] })).toThrow(
    "[Paths/Web] clients['web'].callbackUrls[0] 'http://app.example.com/cb' is invalid: use https (http is allowed only for localhost and 127.0.0.1)",
  );
  expect(() => new UserGroup(s, 'G', { userPool, name: 'a b' })).toThrow("[Paths/G] groups[].name 'a b' is invalid");
  expect(() => new HostedDomain(s, 'D', { userPool, prefix: 'my-cognito' })).toThrow("[Paths/D] domain.prefix 'my-cognito' is invalid");
  expect(() => new PreSignUpTrigger(s, 'T', { userPool, allowedEmailDomains: ['@x'] })).toThrow("[Paths/T] triggers.preSignUp.allowedEmailDomains[0] '@x' is not a domain name");
  expect(() => new JwtAuthorizerFunction(s, 'A', { userPool, contextClaims: ['sub'] })).toThrow("[Paths/A] jwtAuthorizer('A').contextClaims[0] 'sub'");
  expect(() => new GroupRoleIdentityPool(s, 'I', { userPool, identityPoolName: 'a/b' })).toThrow("[Paths/I] identityPool.identityPoolName 'a/b' is invalid");
});

test('an error of a construct inside CognitoAuth names the innermost construct', () => {
  expect(() => new CognitoAuth(stack(), 'Auth', { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/#x'] }] })).toThrow(
    "[Paths/Auth/Client-web] clients['web'].callbackUrls[0] 'https://app.example.com/#x' is invalid: redirect URLs may not contain a fragment (#)",
  );
  expect(() => new CognitoAuth(stack(), 'Auth', { domain: { prefix: '-x' } })).toThrow("[Paths/Auth/Domain] domain.prefix '-x' is invalid");
  expect(() => new CognitoAuth(stack(), 'Auth', { triggers: { preSignUp: { autoConfirmEmailDomains: ['example.com'], linkExternalUsers: true } } })).toThrow(
    "[Paths/Auth/PreSignUp] triggers.preSignUp.autoConfirmEmailDomains has 'example.com' while linkExternalUsers is on",
  );
  // an error of CognitoAuth's own props
  expect(() => new CognitoAuth(stack(), 'Auth', { groups: [{ name: 'a' }, { name: 'a' }] })).toThrow("[Paths/Auth] groups has 'a' more than once: names must be unique");
});

test('an error of a method names the construct it was called on', () => {
  const auth = new CognitoAuth(stack(), 'Auth', { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }] });
  expect(() => auth.addGroup({ name: 'g', scopes: ['orders/read'] })).toThrow("[Paths/Auth] groups['g'].scopes[0] 'orders/read' is not a scope of any resource server");
  expect(() => auth.addClient({ name: 'web', kind: ClientKind.NATIVE })).toThrow("[Paths/Auth] clients has 'web' more than once: names must be unique");
  expect(() => auth.client('mobile')).toThrow("[Paths/Auth] client('mobile'): no such client; the clients are: web");
  expect(() => auth.addApiUrl('rest', 'http://api.example.com/')).toThrow("[Paths/Auth] addApiUrl: url 'http://api.example.com/' of 'rest' is invalid: an API URL must start with https://");
  expect(() => auth.httpRouteScopes(['orders/read'])).toThrow("[Paths/Auth] httpRouteScopes scopes[0] 'orders/read' is granted to no app client of this pool");
});

test('static methods: one given a scope names it; the factories check the shape of their arguments at the call, the rule count at the pool', () => {
  const s = stack();
  const key = new kms.Key(s, 'Key');
  const keyError = thrownBy(() => AuthUserPool.keyPolicyStatements(key, { userActivityLogs: 'yes' } as any));
  expect([keyError.constructPath, keyError.message]).toEqual([
    'Paths/Key', "[Paths/Key] AuthUserPool.keyPolicyStatements() options.userActivityLogs is 'yes': expected true or false",
  ]);
  // a plain-JavaScript argument of the wrong shape: refused by the factory, before any construct has it
  const shape = thrownBy(() => RoleMapping.fromRules([{ claim: 'c', matchType: 'equals', value: 'v', role: new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() }) }] as any));
  expect([shape.constructor, shape.constructPath]).toEqual([ConfigError, undefined]);
  expect(shape.message).toMatch(/^RoleMapping\.fromRules\(\) rules\[0\]\.matchType is 'equals': allowed values are RuleMatchType\.EQUALS/);
  // a count Cognito refuses: refused by the identity pool that is given the mapping, with its path
  const roleMapping = RoleMapping.fromRules([]);
  expect(() => new CognitoAuth(s, 'Auth', { identityPool: { roleMapping } })).toThrow(new ConfigError(
    '[Paths/Auth/IdentityPool] RoleMapping.fromRules() has 0 rules: Cognito takes 1 to 25 rules per identity provider (for no rules, use ' +
      'RoleMapping.fromGroups() or leave roleMapping out)',
  ));
});

/** What `fn` throws; fails the test when it throws nothing. */
function thrownBy(fn: () => unknown): any {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** The error `app.synth()` throws for the app of `scope`. */
const synthError = (scope: Construct) => thrownBy(() => (scope.node.root as App).synth());

describe('an error found at synth is the same ConfigError, with the construct path in front', () => {
  test('app.synth() throws it as the check threw it: not wrapped in "Validation failed", with its class, name and path', () => {
    const s = stack();
    const auth = new CognitoAuth(s, 'Auth', { selfSignUp: true, clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }] });
    auth.jwtAuthorizer('Admins', { requiredGroups: ['admin'] });
    const message = "[Paths/Auth] jwtAuthorizer('Admins').requiredGroups has 'admin', which is not a group of this pool; groups: (none)";
    const app = s.node.root as App;
    expect(() => app.synth()).toThrow(new ConfigError(message));
    const err = synthError(s);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.name).toBe('ConfigError');
    expect(err.constructPath).toBe('Paths/Auth');
    expect(err.message).toBe(message);
    // the same form as an error thrown while a construct is built
    const early = thrownBy(() => new CognitoAuth(stack(), 'Auth', { groups: [{ name: 'a' }, { name: 'a' }] }));
    expect([early.constructor, early.name, early.constructPath, early.message]).toEqual([
      ConfigError, 'ConfigError', 'Paths/Auth', "[Paths/Auth] groups has 'a' more than once: names must be unique",
    ]);
    // Template.fromStack synthesizes the same way
    expect(() => Template.fromStack(s)).toThrow(new ConfigError(message));
  });

  test('several problems of one construct: one error, a line each, each line with the path', () => {
    const s = stack();
    const auth = new CognitoAuth(s, 'Auth', { groups: [{ name: 'member' }], smokeCheck: { group: 'nobody', api: 'rest' } });
    auth.jwtAuthorizer('Admins', { requiredGroups: ['admin'] });
    const err = synthError(s);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.constructPath).toBe('Paths/Auth');
    expect(err.message).toBe(
      "[Paths/Auth] smokeCheck.group 'nobody' is not a group of this pool; groups: member\n" +
        "[Paths/Auth] smokeCheck.api 'rest' is not an API added with addApiUrl; APIs: (none)\n" +
        "[Paths/Auth] jwtAuthorizer('Admins').requiredGroups has 'admin', which is not a group of this pool; groups: member",
    );
  });

  test('the first construct (in tree order) whose check fails stops synth; checking a construct reports its own', () => {
    const s = stack();
    const first = new IdentityPoolRole(s, 'First');
    const second = new IdentityPoolRole(s, 'Second');
    const message = (path: string) => `[${path}] IdentityPoolRole was given to no identity pool, so it trusts no one and IAM would refuse it: use it as ` +
      'the role of a RoleMapping.fromRules rule or of a group (groups[].role) of an identity pool, or pass it to GroupRoleIdentityPool.trustRole';
    expect(synthError(s).message).toBe(message('Paths/First'));
    expect(() => second.node.validate()).toThrow(new ConfigError(message('Paths/Second')));
    expect(first).toBeDefined();
  });

  /** Every check of the library that waits for synth, with what makes it fail, and its error's path and message. */
  const CHECKS: [string, (s: Stack) => void, string, string | RegExp][] = [
    [
      'CognitoAuth: more groups than Cognito allows',
      (s) => {
        const auth = new CognitoAuth(s, 'Auth', {});
        // 10,001 real groups cost seconds: the check reads the group map, filled with stand-ins
        const groups = (auth as unknown as { groups: Map<string, unknown> }).groups;
        for (let i = 0; i <= 10000; i++) groups.set(`g${i}`, {});
      },
      'Paths/Auth',
      'groups has 10001 groups: Cognito allows at most 10000 per user pool (not adjustable)',
    ],
    [
      'CognitoAuth: a default group that is not a group of the pool',
      (s) => void new CognitoAuth(s, 'Auth', { groups: [{ name: 'member' }], triggers: { postConfirmation: { defaultGroups: ['members'] }, preTokenGeneration: {} } }),
      'Paths/Auth',
      "triggers.postConfirmation.defaultGroups has 'members', which is not a group of this pool; groups: member",
    ],
    [
      'CognitoAuth: a smoke check on a group that does not exist',
      (s) => void new CognitoAuth(s, 'Auth', { groups: [{ name: 'member' }], smokeCheck: { group: 'nobody' } }),
      'Paths/Auth',
      "smokeCheck.group 'nobody' is not a group of this pool; groups: member",
    ],
    [
      'CognitoAuth: a relying party that is not the domain, with a client on the hosted pages',
      (s) => {
        const auth = new CognitoAuth(s, 'Auth', { signInMethods: { passkey: true }, passkeys: { relyingPartyId: 'app.example.com' }, domain: { prefix: 'mismatch' } });
        auth.addClient({ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/callback'] });
      },
      'Paths/Auth',
      "passkeys.relyingPartyId 'app.example.com' is not the pool's domain 'mismatch.auth.<token>.amazoncognito.com', but 'web' signs users in on " +
        "that domain's pages, where passkeys work only with the domain's own name as relying party; leave relyingPartyId unset, or set it to the " +
        "domain's host name",
    ],
    [
      'JwtAuthorizerFunction: no client to accept',
      (s) => void new JwtAuthorizerFunction(s, 'A', { userPool: new cognito.UserPool(s, 'Pool') }),
      'Paths/A',
      "jwtAuthorizer('A') accepts no app client: give clients, or add one with addClient",
    ],
    [
      'UserPoolHttpAuthorizer: no client to accept, on the authorizer made for the HTTP API',
      (s) => {
        const authorizer = new UserPoolHttpAuthorizer({ userPool: new cognito.UserPool(s, 'Pool') });
        new apigwv2.HttpApi(s, 'Http').addRoutes({ path: '/me', integration: new integrations.HttpUrlIntegration('Url', 'https://example.com/'), authorizer });
      },
      'Paths/Http/HttpAuthorizer',
      "httpApiAuthorizer 'HttpAuthorizer' accepts no app client: add a client to the pool, or name clients",
    ],
    [
      "a bundled function: a config over Lambda's 4 KB of environment",
      (s) => void new PreSignUpTrigger(s, 'T', { userPool: new cognito.UserPool(s, 'Pool'), blockedEmailDomains: Array.from({ length: 300 }, (_, i) => `domain-${i}.example`) }),
      'Paths/T/Handler',
      /^triggers\.preSignUp makes a \d{4,}-byte environment: Lambda allows at most 4096 bytes of environment variables$/,
    ],
    [
      'a bundled function: the pool got its key after the function its permissions',
      (s) => {
        const pool = new cognito.UserPool(s, 'Pool');
        new PostConfirmationTrigger(s, 'Post', { userPool: pool, defaultGroups: ['member'] });
        (pool.node.defaultChild as cognito.CfnUserPool).keyConfiguration = { keyType: 'CUSTOMER_MANAGED_KEY', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' };
      },
      'Paths/Post/Handler',
      "the pool 'Paths/Pool' got its customer managed key after this function was given its permissions: set the pool's key configuration before " +
        'adding the trigger, so that its role may use the key through Cognito',
    ],
    [
      'IdentityPoolRole: given to no identity pool',
      (s) => void new IdentityPoolRole(s, 'Role'),
      'Paths/Role',
      'IdentityPoolRole was given to no identity pool, so it trusts no one and IAM would refuse it: use it as the role of a RoleMapping.fromRules ' +
        'rule or of a group (groups[].role) of an identity pool, or pass it to GroupRoleIdentityPool.trustRole',
    ],
    [
      'GroupRoleIdentityPool: the role mapping (DENY, and no group with a role)',
      (s) => void new CognitoAuth(s, 'Auth', { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }], identityPool: { roleMapping: RoleMapping.fromGroups(UnmatchedUsers.DENY) } }),
      'Paths/Auth/IdentityPool',
      'identityPool.roleMapping is fromGroups(UnmatchedUsers.DENY), but no group has a role: every signed-in user would be denied, and Cognito ' +
        'refuses an empty rule list; add a group, or use UnmatchedUsers.DEFAULT_ROLE',
    ],
    [
      "GroupRoleIdentityPool: a role's trust",
      (s) => {
        const role = new iam.Role(s, 'Open', { assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {}, 'sts:AssumeRoleWithWebIdentity') });
        new GroupRoleIdentityPool(s, 'Ids', { userPool: new cognito.UserPool(s, 'Pool'), roleMapping: RoleMapping.fromRules([{ claim: 'c', matchType: RuleMatchType.EQUALS, value: 'v', role }]) });
      },
      'Paths/Ids',
      /^identityPool\.roleMapping rule 0 role 'Paths\/Open' lets cognito-identity\.amazonaws\.com assume it /,
    ],
  ];

  test.each(CHECKS)('%s', (_name, build, path, message) => {
    const s = stack();
    build(s);
    const err = synthError(s);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.name).toBe('ConfigError');
    expect(err.constructPath).toBe(path);
    expect(err.message.startsWith(`[${path}] `)).toBe(true);
    const text = err.message.slice(`[${path}] `.length);
    if (typeof message === 'string') expect(text).toBe(message);
    else expect(text).toMatch(message);
  });

  test('every synth-time check of the library goes through checkAtSynth (no other node.addValidation in lib/)', () => {
    const lib = path.join(__dirname, '..', '..', 'lib');
    const direct = (fs.readdirSync(lib, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && f !== path.join('private', 'errors.ts'))
      .filter((f) => /\baddValidation\s*\(/.test(fs.readFileSync(path.join(lib, f), 'utf8')));
    expect(direct).toEqual([]);
  });
});
