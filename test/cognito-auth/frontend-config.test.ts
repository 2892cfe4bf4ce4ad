import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ClientKind, CognitoAuth, CognitoAuthProps, RoleMapping, RuleMatchType, UnmatchedUsers } from '../../lib';

const SMOKE_CLIENT_NAME = CognitoAuth.SMOKE_CLIENT_NAME;
import type { FrontendConfig, SmokeCheckConfig } from '../../lib/frontend-config';
import { evaluate, testApp } from '../support/helpers';

/** The JSON of the output whose logical id starts with `prefix`. */
function outputJson(template: Template, prefix: string): any {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  const hits = Object.entries(outputs).filter(([k]) => k.startsWith(prefix));
  expect(hits).toHaveLength(1);
  return JSON.parse(evaluate(hits[0][1].Value));
}

const logicalId = (template: Template, type: string, match: (props: any) => boolean) =>
  Object.entries(template.findResources(type)).find(([, r]) => match(r.Properties))![0];

function build(props: CognitoAuthProps, after?: (auth: CognitoAuth) => void) {
  const stack = new Stack(testApp(), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const auth = new CognitoAuth(stack, 'Auth', props);
  after?.(auth);
  return { auth, template: Template.fromStack(stack) };
}

const FULL: CognitoAuthProps = {
  resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'Read' }] }],
  clients: [
    { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'], logoutUrls: ['https://app.example.com/'] },
    { name: 'ios', kind: ClientKind.NATIVE, callbackUrls: ['myapp://cb'], scopes: [cognito.OAuthScope.OPENID] },
    { name: 'spa-api-only', kind: ClientKind.PUBLIC_WEB },
    { name: 'backend', kind: ClientKind.SERVER, callbackUrls: ['https://backend.example.com/cb'] },
    { name: 'orders-service', kind: ClientKind.SERVER, clientCredentials: true, scopes: [cognito.OAuthScope.custom('orders/read')] },
  ],
  domain: { prefix: 'example-frontend' },
  groups: [{ name: 'member', precedence: 10 }],
  identityPool: { roleMapping: RoleMapping.fromGroups() },
  frontendConfig: { ssmParameterName: '/my-app/auth/frontend-config' },
  smokeCheck: { group: 'member', api: 'rest', apiPath: 'me' },
};

describe('front-end config', () => {
  // GIVEN every part, and an API URL added after the construct (shared by the tests below)
  const { auth, template } = build(FULL, (a) => a.addApiUrl('rest', 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/'));
  const config: FrontendConfig = outputJson(template, 'AuthFrontendConfig');
  const client = (name: string) => `<${logicalId(template, 'AWS::Cognito::UserPoolClient', (p) => p.ClientName === name)}>`;

  test('one JSON output with region, pool, issuer, domain, identity pool and the APIs added later', () => {
    const pool = logicalId(template, 'AWS::Cognito::UserPool', () => true);
    expect(config).toMatchObject({
      version: 1,
      region: 'eu-west-1',
      userPoolId: `<${pool}>`,
      issuer: `https://<${pool}.ProviderName>`,
      domain: {
        hostname: `<${logicalId(template, 'AWS::Cognito::UserPoolDomain', () => true)}>.auth.eu-west-1.amazoncognito.com`,
        baseUrl: `https://<${logicalId(template, 'AWS::Cognito::UserPoolDomain', () => true)}>.auth.eu-west-1.amazoncognito.com`,
      },
      identityPoolId: `<${logicalId(template, 'AWS::Cognito::IdentityPool', () => true)}>`,
      signInMethods: ['PASSWORD'],
      apis: { rest: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/' },
    });
  });

  test('public clients only, each with its scopes, redirect URLs and providers; server, machine and smoke clients are left out', () => {
    expect(config.clients).toEqual({
      'web': {
        clientId: client('web'),
        scopes: ['openid', 'email', 'profile'],
        redirectSignIn: ['https://app.example.com/cb'],
        redirectSignOut: ['https://app.example.com/'],
        identityProviders: ['COGNITO'],
        choiceBasedSignIn: false,
      },
      'ios': { clientId: client('ios'), scopes: ['openid'], redirectSignIn: ['myapp://cb'], redirectSignOut: [], identityProviders: ['COGNITO'], choiceBasedSignIn: false },
      'spa-api-only': { clientId: client('spa-api-only'), scopes: [], redirectSignIn: [], redirectSignOut: [], identityProviders: ['COGNITO'], choiceBasedSignIn: false },
    });
  });

  test('the same JSON in an SSM String parameter (standard tier)', () => {
    const [, parameter] = Object.entries(template.findResources('AWS::SSM::Parameter'))[0];
    expect(parameter.Properties).toMatchObject({ Name: '/my-app/auth/frontend-config', Type: 'String', Tier: 'Standard' });
    expect(JSON.parse(evaluate(parameter.Properties.Value))).toEqual(config);
    expect(auth.frontendConfigParameter).toBeDefined();
  });

  test('the getter gives the same shape, with tokens', () => {
    expect(Object.keys(auth.frontendConfig.clients)).toEqual(['web', 'ios', 'spa-api-only']);
    expect(auth.frontendConfig.apis).toEqual({ rest: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/' });
  });

  test('without a domain or an identity pool, those keys are absent; without outputs, no output', () => {
    const bare = build({ clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }] });
    const json = outputJson(bare.template, 'AuthFrontendConfig');
    expect(json.domain).toBeUndefined();
    expect(json.identityPoolId).toBeUndefined();
    expect(json.passkeyRelyingPartyId).toBeUndefined();
    expect(json.apis).toEqual({});
    const none = build({ outputs: false });
    expect(Object.keys(none.template.toJSON().Outputs ?? {})).toEqual([]);
    none.template.resourceCountIs('AWS::SSM::Parameter', 0);
  });

  test('the type module imports nothing, so a front end can import its types without aws-cdk-lib', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'frontend-config.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/require\(/);
  });

  test.each([
    ['my app', "frontendConfig.ssmParameterName 'my app' is invalid: use 1 to 1011 letters, digits and _ . - /"],
    ['/aws/app/config', "frontendConfig.ssmParameterName '/aws/app/config' is invalid: parameter names may not begin with 'aws' or 'ssm'"],
    ['SSM-config', "frontendConfig.ssmParameterName 'SSM-config' is invalid: parameter names may not begin with 'aws' or 'ssm'"],
    ['app/config', "frontendConfig.ssmParameterName 'app/config' is invalid: a parameter path must start with '/'"],
  ])('SSM parameter name %s is refused', (name, message) => {
    expect(() => build({ frontendConfig: { ssmParameterName: name } })).toThrow(message);
  });

  test.each([
    ['my api', 'https://x.example.com/', "addApiUrl: name 'my api' is invalid: use 1 to 64 letters, digits, '-' and '_'"],
    ['rest', 'http://x.example.com/', "addApiUrl: url 'http://x.example.com/' of 'rest' is invalid: an API URL must start with https://"],
  ])('addApiUrl(%s, %s) is refused', (name, url, message) => {
    expect(() => build({}, (a) => a.addApiUrl(name, url))).toThrow(message);
  });

  test('addApiUrl twice with one name is refused', () => {
    expect(() =>
      build({}, (a) => {
        a.addApiUrl('rest', 'https://a.example.com/');
        a.addApiUrl('rest', 'https://b.example.com/');
      }),
    ).toThrow("addApiUrl: 'rest' is added more than once: names must be unique");
  });
});

describe('smoke check opt-in', () => {
  const { auth, template } = build(FULL, (a) => a.addApiUrl('rest', 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/'));
  const smoke: SmokeCheckConfig = outputJson(template, 'AuthSmokeCheck');

  test('a smoke client: no secret, no OAuth, admin password sign-in only; it rotates refresh tokens, so no REFRESH_TOKEN_AUTH', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: SMOKE_CLIENT_NAME,
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
    });
    expect(auth.smokeClient!.name).toBe(SMOKE_CLIENT_NAME);
  });

  test('the SmokeCheck output: client, group, identity pool, the group role to expect, the API route', () => {
    const roleId = logicalId(template, 'AWS::IAM::Role', (p) => JSON.stringify(p).includes('member'));
    expect(smoke).toEqual({
      version: 1,
      region: 'eu-west-1',
      userPoolId: `<${logicalId(template, 'AWS::Cognito::UserPool', () => true)}>`,
      issuer: `https://<${logicalId(template, 'AWS::Cognito::UserPool', () => true)}.ProviderName>`,
      clientId: `<${logicalId(template, 'AWS::Cognito::UserPoolClient', (p) => p.ClientName === SMOKE_CLIENT_NAME)}>`,
      usernameAttributes: ['email'],
      requiredAttributes: ['email'],
      group: 'member',
      identityPoolId: `<${logicalId(template, 'AWS::Cognito::IdentityPool', () => true)}>`,
      expectedRoleArn: `<${roleId}.Arn>`,
      apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/me',
      bearer: false,
    });
    expect(roleId).toMatch(/^AuthGroupmemberRole/);
  });

  test('the identity pool accepts the smoke client, so its token can be exchanged', () => {
    const pool = Object.values(template.findResources('AWS::Cognito::IdentityPool'))[0];
    const clients = pool.Properties.CognitoIdentityProviders.map((p: any) => p.ClientId.Ref);
    expect(clients).toContain(logicalId(template, 'AWS::Cognito::UserPoolClient', (p) => p.ClientName === SMOKE_CLIENT_NAME));
  });

  test('without a group, the default authenticated role is expected', () => {
    const { template: t } = build({ identityPool: {}, smokeCheck: {} });
    const json: SmokeCheckConfig = outputJson(t, 'AuthSmokeCheck');
    expect(json.group).toBeUndefined();
    expect(json.expectedRoleArn).toMatch(/^<AuthIdentityPoolAuthenticatedRole[0-9A-F]+\.Arn>$/);
    expect(json.apiUrl).toBeUndefined();
  });

  test('rules mapping: no role is expected (it depends on claims); denied unmatched users without a group: a refusal is expected', () => {
    const rules = build({
      groups: [{ name: 'member' }],
      identityPool: { roleMapping: RoleMapping.fromRules([{ claim: 'custom:tier', matchType: RuleMatchType.EQUALS, value: 'gold', role: iam.Role.fromRoleArn(new Stack(), 'R', 'arn:aws:iam::123456789012:role/gold') }]) },
      smokeCheck: { group: 'member' },
    }, (auth) => Validations.of(auth).acknowledge({ id: 'Annotation::cdk-cognito-auth:identityPoolRoleImported', reason: 'the imported role trusts only this pool' }));
    const json: SmokeCheckConfig = outputJson(rules.template, 'AuthSmokeCheck');
    expect(json.expectedRoleArn).toBeUndefined();
    expect(json.expectDenied).toBeUndefined();
    const denied = build({ groups: [{ name: 'admin' }], identityPool: { roleMapping: RoleMapping.fromGroups(UnmatchedUsers.DENY) }, smokeCheck: {} });
    expect(outputJson(denied.template, 'AuthSmokeCheck')).toMatchObject({ expectDenied: true });
    expect(outputJson(denied.template, 'AuthSmokeCheck').expectedRoleArn).toBeUndefined();
  });

  test('the pool\'s sign-in attributes and required attributes reach the check', () => {
    const { template: t } = build({
      signIn: { username: true, email: true },
      standardAttributes: { email: { required: true }, givenName: { required: true }, familyName: { required: false } },
      smokeCheck: {},
    });
    const json: SmokeCheckConfig = outputJson(t, 'AuthSmokeCheck');
    expect(json.usernameAttributes).toEqual([]);
    expect(json.requiredAttributes).toEqual(['email', 'given_name']);
  });

  test('without smokeCheck there is no smoke client and no output', () => {
    const { template: t } = build({ clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }] });
    expect(Object.values(t.findResources('AWS::Cognito::UserPoolClient')).map((r) => r.Properties.ClientName)).toEqual(['web']);
    expect(Object.keys(t.toJSON().Outputs).filter((k) => k.includes('SmokeCheck'))).toEqual([]);
  });

  test.each([
    [{ group: 'nobody' }, "smokeCheck.group 'nobody' is not a group of this pool; groups: member"],
    [{ api: 'rest' }, "smokeCheck.api 'rest' is not an API added with addApiUrl; APIs: (none)"],
  ])('%j is refused at synth', (smokeCheck, message) => {
    expect(() => build({ groups: [{ name: 'member' }], smokeCheck })).toThrow(message);
  });

  test.each([
    [{ api: 'rest', apiPath: '/me' }, "smokeCheck.apiPath '/me' is invalid: it is appended to the API's URL, which ends with '/'; write 'me', not '/me'"],
    [{ apiPath: 'me me' }, "smokeCheck.apiPath 'me me' is invalid: it is appended to the API's URL, which ends with '/'; write 'me', not '/me'"],
  ])('%j is refused', (smokeCheck, message) => {
    expect(() => build({ smokeCheck })).toThrow(message);
  });

  test('apiPath without api: a route of an API in another stack, whose URL the command takes with --api-url', () => {
    const { template: t } = build({ smokeCheck: { apiPath: 'me' } });
    const output = Object.entries(t.toJSON().Outputs as Record<string, { Value: unknown }>).find(([k]) => k.startsWith('AuthSmokeCheck'))![1];
    const config = JSON.parse(evaluate(output.Value));
    expect(config.apiPath).toBe('me');
    expect(config.apiUrl).toBeUndefined();
  });

  test("a client of the user's own named smoke-check collides with the smoke client", () => {
    expect(() => build({ clients: [{ name: SMOKE_CLIENT_NAME, kind: ClientKind.NATIVE }], smokeCheck: {} })).toThrow(
      "clients has 'smoke-check' more than once: names must be unique",
    );
  });
});
