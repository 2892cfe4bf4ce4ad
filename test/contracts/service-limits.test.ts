import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ClientKind, CognitoAuth, CognitoAuthProps, RoleMapping, RuleMatchType, UnmatchedUsers } from '../../lib';
import { ConfigError } from '../../lib/private/errors';
import { testApp, testStack } from '../support/helpers';


/**
 * Limits of the Cognito APIs that the CloudFormation schema does not check (or checks only at deploy), each refused
 * at synth with the prop, the value and what is allowed. Sources: the API references' "Array Members", "Map
 * Entries", "Length Constraints" and "Pattern" lines, and the quotas page (see the README's limits table).
 */
const build = (props: CognitoAuthProps) => new CognitoAuth(testStack(), 'Auth', props);
const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://app.example.com/cb${i}`);

describe('app clients (CreateUserPoolClient)', () => {
  test.each<[string, CognitoAuthProps, string]>([
    ['101 callback URLs', { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: urls(101) }] }, "clients['web'].callbackUrls has 101 URLs: CreateUserPoolClient (CallbackURLs) takes at most 100"],
    ['101 logout URLs', { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: urls(1), logoutUrls: urls(101) }] }, "clients['web'].logoutUrls has 101 URLs: CreateUserPoolClient (LogoutURLs) takes at most 100"],
    [
      'a URL over 1024 characters',
      { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: [`https://app.example.com/${'a'.repeat(1001)}`] }] },
      "clients['web'].callbackUrls[0] is 1025 characters long: Cognito takes redirect URLs of at most 1024",
    ],
    [
      '51 scopes',
      { resourceServers: [{ identifier: 'r', scopes: Array.from({ length: 60 }, (_, i) => ({ name: `s${i}`, description: 'd' })) }], clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: urls(1), scopes: Array.from({ length: 51 }, (_, i) => cognito.OAuthScope.custom(`r/s${i}`)) }] },
      "clients['web'].scopes has 51 scopes: CreateUserPoolClient (AllowedOAuthScopes) takes at most 50",
    ],
    ['a client name Cognito refuses', { clients: [{ name: 'web/app', kind: ClientKind.PUBLIC_WEB }] }, "clients['web/app'].name 'web/app' is invalid: 1 to 128 characters of letters, digits, white space and _ + = , . @ -"],
    ['a client name over 128 characters', { clients: [{ name: 'w'.repeat(129), kind: ClientKind.PUBLIC_WEB }] }, `clients['${'w'.repeat(129)}'].name '${'w'.repeat(129)}' is invalid: 1 to 128 characters`],
    ['auth flows that turn on nothing', { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, authFlows: { userSrp: false } }] }, "clients['web'].authFlows turns on no flow: turn on at least one of userSrp, userPassword, adminUserPassword, custom, user"],
    [
      'auth flows on a machine client',
      { resourceServers: [{ identifier: 'r', scopes: [{ name: 's', description: 'd' }] }], clients: [{ name: 'svc', kind: ClientKind.SERVER, clientCredentials: true, scopes: [cognito.OAuthScope.custom('r/s')], authFlows: { userSrp: true } }] },
      "clients['svc'].authFlows is set for a client-credentials client: machine clients get tokens from the token endpoint, not InitiateAuth",
    ],
  ])('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('100 callback URLs and 50 scopes pass; a rotating client never gets ALLOW_REFRESH_TOKEN_AUTH, whatever its flows', () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', {
      clients: [
        { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: urls(100), logoutUrls: urls(100) },
        { name: 'native', kind: ClientKind.NATIVE, authFlows: { userSrp: true, userPassword: true } },
        { name: 'backend', kind: ClientKind.SERVER, callbackUrls: urls(1) },
      ],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: 'native', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'], RefreshTokenRotation: { Feature: 'ENABLED' } });
    // a server client does not rotate, so it refreshes with REFRESH_TOKEN_AUTH
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: 'backend', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], RefreshTokenRotation: Match.absent() });
  });
});

describe('resource servers (CreateResourceServer)', () => {
  const rs = (identifier: string, scopes = [{ name: 'read', description: 'Read' }], name?: string) => ({ resourceServers: [{ identifier, name, scopes }] });
  test.each<[string, CognitoAuthProps, string]>([
    ['an identifier with a space', rs('my api'), "resourceServers['my api'].identifier 'my api' is invalid: 1 to 256 characters of printable ASCII without white space, '\"' or '\\'"],
    ['a name Cognito refuses', rs('orders', undefined, 'Orders/API'), "resourceServers['orders'].name 'Orders/API' is invalid: 1 to 256 characters of letters, digits, white space and _ + = , . @ -"],
    ['a scope name with a slash', rs('orders', [{ name: 'read/all', description: 'd' }]), "resourceServers['orders'].scopes[0].name 'read/all' is invalid: 1 to 256 characters of printable ASCII without white space, '/', '\"' or '\\'"],
    ['an empty scope description', rs('orders', [{ name: 'read', description: '' }]), "resourceServers['orders'].scopes[0].description '' is invalid: 1 to 256 characters of any text"],
    ['a scope twice', rs('orders', [{ name: 'read', description: 'a' }, { name: 'read', description: 'b' }]), "resourceServers['orders'].scopes has 'read' more than once: names must be unique"],
    ['101 scopes', rs('orders', Array.from({ length: 101 }, (_, i) => ({ name: `s${i}`, description: 'd' }))), "resourceServers['orders'].scopes has 101 scopes: CreateResourceServer (Scopes) takes at most 100"],
  ])('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('an identifier that is a URL gets a name Cognito accepts', () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', rs('https://api.example.com/orders'));
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { Identifier: 'https://api.example.com/orders', Name: 'https---api.example.com-orders' });
  });

  test('more than the default quota of 25: a warning (the quota is adjustable), acknowledgeable', () => {
    const stack = new Stack(testApp(), 'Quota');
    const auth = new CognitoAuth(stack, 'Auth', { resourceServers: Array.from({ length: 26 }, (_, i) => ({ identifier: `api${i}`, scopes: [{ name: 'read', description: 'r' }] })) });
    expect(() => Template.fromStack(stack)).toThrow(/WARNING resourceServers has 26 servers: Cognito's default quota is 25 per user pool \(adjustable\)[\s\S]*Annotation::cdk-cognito-auth:resourceServerQuota/);
    const ok = new Stack(testApp(), 'Quota');
    const raised = new CognitoAuth(ok, 'Auth', { resourceServers: Array.from({ length: 26 }, (_, i) => ({ identifier: `api${i}`, scopes: [{ name: 'read', description: 'r' }] })) });
    Validations.of(raised).acknowledge({ id: 'Annotation::cdk-cognito-auth:resourceServerQuota', reason: 'our quota is 100' });
    expect(() => Template.fromStack(ok)).not.toThrow();
    expect(Annotations.fromStack(ok).findError('*', Match.anyValue())).toEqual([]);
    expect(auth).toBeDefined();
  });
});

describe('groups', () => {
  test('more than 10,000 groups (not adjustable), checked at synth after every addGroup', () => {
    const auth = build({});
    for (let i = 0; i < 3; i++) auth.addGroup({ name: `g${i}` });
    expect(auth.node.validate()).toEqual([]);
    // 10,001 real groups cost seconds of construct building: the check reads the pool's group map, filled here
    // with stand-ins for the rest.
    const groups = (auth as unknown as { groups: Map<string, unknown> }).groups;
    for (let i = 3; i <= 10000; i++) groups.set(`g${i}`, {});
    expect(() => auth.node.validate()).toThrow(new ConfigError('[Test/Auth] groups has 10001 groups: Cognito allows at most 10000 per user pool (not adjustable)'));
  });
});

describe('the identity pool (SetIdentityPoolRoles, SetPrincipalTagAttributeMap)', () => {
  const role = () => iam.Role.fromRoleArn(new Stack(), 'R', 'arn:aws:iam::123456789012:role/gold');
  const clients = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, kind: ClientKind.PUBLIC_WEB }));

  test('identityPool: {} with clients and no groups writes no rule list at all (Cognito refuses an empty one); users get the authenticated role', () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', { clients: clients(2), identityPool: {} });
    const attachment = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::IdentityPoolRoleAttachment'))[0];
    expect(attachment.Properties.RoleMappings).toBeUndefined();
    expect(attachment.Properties.Roles.authenticated).toBeDefined();
  });

  test('groups mapping with DENY and no group: every user would be denied, and Cognito refuses the empty list', () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', { clients: clients(1), identityPool: { roleMapping: RoleMapping.fromGroups(UnmatchedUsers.DENY) } });
    expect(() => Template.fromStack(stack)).toThrow(
      'identityPool.roleMapping is fromGroups(UnmatchedUsers.DENY), but no group has a role: every signed-in user would be denied, and Cognito refuses an empty rule list; add a group, or use UnmatchedUsers.DEFAULT_ROLE',
    );
  });

  test('role mappings for 11 clients (at most 10)', () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', { clients: clients(11), groups: [{ name: 'admin' }], identityPool: {} });
    expect(() => Template.fromStack(stack)).toThrow(
      'identityPool maps roles for 11 app clients (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10): SetIdentityPoolRoles takes role mappings for at most 10 identity providers, one per client; sign users in through fewer clients, or use the default authenticated role (no roleMapping rules)',
    );
  });

  test('10 clients with role mappings pass; so do 11 with nothing to map', () => {
    const ten = testStack();
    new CognitoAuth(ten, 'Auth', { clients: clients(10), groups: [{ name: 'admin' }], identityPool: {} });
    expect(() => Template.fromStack(ten)).not.toThrow();
    const eleven = testStack();
    new CognitoAuth(eleven, 'Auth', { clients: clients(11), identityPool: {} });
    expect(() => Template.fromStack(eleven)).not.toThrow();
  });

  test.each<[string, CognitoAuthProps, string]>([
    ['51 principal tags', { identityPool: { principalTags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'email'])) } }, 'identityPool.principalTags has 51 tags: SetPrincipalTagAttributeMap (PrincipalTags) takes at most 50'],
    [
      'a rule claim over 64 characters',
      { identityPool: { roleMapping: RoleMapping.fromRules([{ claim: `custom:${'x'.repeat(58)}`, matchType: RuleMatchType.EQUALS, value: 'v', role: role() }]) } },
      `identityPool.roleMapping rule 0 claim 'custom:${'x'.repeat(58)}' is invalid: 1 to 64 characters of letters, digits, symbols and punctuation, without white space`,
    ],
    [
      'a rule value over 128 characters',
      { identityPool: { roleMapping: RoleMapping.fromRules([{ claim: 'email', matchType: RuleMatchType.EQUALS, value: 'v'.repeat(129), role: role() }]) } },
      `identityPool.roleMapping rule 0 value '${'v'.repeat(129)}' is invalid: 1 to 128 characters of any text`,
    ],
    ['an identity pool name Cognito refuses', { identityPool: { identityPoolName: 'my/pool' } }, "identityPool.identityPoolName 'my/pool' is invalid: 1 to 128 characters of letters, digits, white space and _ + = , . @ -"],
  ])('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});

describe('adjustable quotas warn once, when the count passes the default', () => {
  test('51 clients of an identity pool: the identity pool provider quota (50)', () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', { clients: Array.from({ length: 51 }, (_, i) => ({ name: `c${i}`, kind: ClientKind.PUBLIC_WEB })), identityPool: {} });
    expect(() => Template.fromStack(stack)).toThrow(
      /WARNING the identity pool accepts more than 50 app clients: Cognito's default quota is 50 user pool providers per identity pool \(adjustable\) \(Annotation\)\s+Test\/Auth\/IdentityPool[\s\S]*Annotation::cdk-cognito-auth:identityPoolProviderQuota/,
    );
  });
});
