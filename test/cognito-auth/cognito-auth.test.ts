import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ClientKind, CognitoAuth, CognitoAuthProps } from '../../lib';
import { testStack } from '../support/helpers';

const FULL: CognitoAuthProps = {
  customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: false }) },
  resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'Read orders' }] }],
  clients: [
    { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] },
    { name: 'svc', kind: ClientKind.SERVER, clientCredentials: true, scopes: [cognito.OAuthScope.custom('orders/read')] },
  ],
  domain: { prefix: 'example-login' },
  groups: [
    { name: 'admin', precedence: 0 },
    { name: 'member', precedence: 10 },
  ],
  identityPool: {},
};

describe('CognitoAuth composes every part', () => {
  // GIVEN the full props WHEN synthesized once, then a client and a group are added afterwards
  const stack = testStack();
  const auth = new CognitoAuth(stack, 'Auth', FULL);
  const later = auth.addClient({ name: 'mobile', kind: ClientKind.NATIVE, callbackUrls: ['exampleapp://cb'] });
  const auditors = auth.addGroup({ name: 'auditors', precedence: 5 });
  auth.group('admin').role!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }));
  const template = Template.fromStack(stack);

  test('one pool, three clients, one resource server, one domain, three groups with roles', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 3);
    template.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 3);
    template.resourceCountIs('AWS::IAM::Role', 4); // three group roles and the default authenticated role
  });

  test('parts are exposed by name', () => {
    expect(auth.client('web').kind).toBe(ClientKind.PUBLIC_WEB);
    expect(auth.client('mobile')).toBe(later);
    expect(auth.group('auditors')).toBe(auditors);
    expect(auth.group('admin').role).toBeDefined();
    expect(auth.domain?.managedLogin).toBe(true);
    expect(auth.identityPool).toBeDefined();
    expect(auth.resourceServer('orders').userPoolResourceServerId).toBeDefined();
  });

  test('the immutable custom attribute is not writable by the clients', () => {
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    for (const c of Object.values(clients)) expect(c.Properties.WriteAttributes).not.toContain('custom:tenant_id');
  });

  test('clients depend on the resource servers, so their scopes exist first', () => {
    const svc = Object.values(template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: 'svc' } }))[0];
    expect(svc.DependsOn).toEqual([expect.stringMatching(/^AuthUserPoolResourceServer/)]);
  });

  test('branding for each client that uses the sign-in page, not for the machine client', () => {
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 2);
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { ClientId: { Ref: Match.stringLikeRegexp('AuthClientweb') } });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { ClientId: { Ref: Match.stringLikeRegexp('AuthClientmobile') } });
  });

  test('the identity pool serves the user clients, not the machine client', () => {
    const pool = Object.values(template.findResources('AWS::Cognito::IdentityPool'))[0];
    const clientRefs = pool.Properties.CognitoIdentityProviders.map((p: { ClientId: { Ref: string } }) => p.ClientId.Ref);
    // sorted by client name, so the order clients are given in changes nothing
    expect(clientRefs).toEqual([expect.stringMatching(/^AuthClientmobile/), expect.stringMatching(/^AuthClientweb/)]);
  });

  test('outputs: pool id and ARN, issuer, JWKS, domain, client ids, sign-in URLs and the front-end config', () => {
    const outputs = template.findOutputs('*');
    const names = Object.keys(outputs).map((k) => k.replace(/[0-9A-F]{8}$/, ''));
    expect(names.sort()).toEqual(
      [
        'AuthUserPoolId', 'AuthUserPoolArn', 'AuthIssuerUrl', 'AuthJwksUrl', 'AuthDomainName', 'AuthDomainUrl',
        'AuthwebClientId', 'AuthwebSignInUrl', 'AuthsvcClientId', 'AuthmobileClientId', 'AuthmobileSignInUrl', 'AuthFrontendConfig',
      ].sort(),
    );
    const issuer = template.findOutputs('*', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthUserPool'), 'ProviderName'] }]] },
    });
    expect(Object.keys(issuer)).toEqual([expect.stringMatching(/^AuthIssuerUrl/)]);
    const jwks = template.findOutputs('*', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthUserPool'), 'ProviderName'] }, '/.well-known/jwks.json']] },
    });
    expect(Object.keys(jwks)).toEqual([expect.stringMatching(/^AuthJwksUrl/)]);
  });

  test('a group role can be granted permissions', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Resource: 'arn:aws:s3:::bucket/*' }] },
      Roles: [{ Ref: Match.stringLikeRegexp('AuthGroupadminRole') }],
    });
  });
});

describe('CognitoAuth without the optional parts', () => {
  test('a bare pool: no domain, no identity pool, groups without roles, outputs off', () => {
    const stack = testStack();
    const auth = new CognitoAuth(stack, 'Auth', { groups: [{ name: 'staff' }], outputs: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    template.resourceCountIs('AWS::Cognito::IdentityPool', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(auth.group('staff').role).toBeUndefined();
    expect(Object.keys(template.findOutputs('*'))).toEqual([]);
  });
});

describe('CognitoAuth validation', () => {
  const build = (props: CognitoAuthProps) => new CognitoAuth(testStack(), 'Auth', props);

  test('duplicate client names', () => {
    expect(() =>
      build({ clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }, { name: 'web', kind: ClientKind.NATIVE }] }),
    ).toThrow("clients has 'web' more than once: names must be unique");
  });

  test('duplicate group names, also through addGroup', () => {
    expect(() => build({ groups: [{ name: 'a' }, { name: 'a' }] })).toThrow("groups has 'a' more than once: names must be unique");
    const auth = build({ groups: [{ name: 'a' }] });
    expect(() => auth.addGroup({ name: 'a' })).toThrow("groups has 'a' more than once: names must be unique");
  });

  test('a client added twice', () => {
    const auth = build({ clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }] });
    expect(() => auth.addClient({ name: 'web', kind: ClientKind.PUBLIC_WEB })).toThrow("clients has 'web' more than once: names must be unique");
  });

  test('a scope of no declared resource server', () => {
    expect(() =>
      build({
        resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'Read' }] }],
        clients: [{ name: 'svc', kind: ClientKind.SERVER, clientCredentials: true, scopes: [cognito.OAuthScope.custom('orders/delete')] }],
      }),
    ).toThrow("clients['svc'].scopes[0] 'orders/delete' is not a scope of any resource server; declared: orders/read");
  });

  test('unknown client and group names', () => {
    const auth = build({ clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }] });
    expect(() => auth.client('mobile')).toThrow("client('mobile'): no such client; the clients are: web");
    expect(() => auth.group('admin')).toThrow("group('admin'): no such group; the groups are: (none)");
    expect(() => auth.resourceServer('api')).toThrow("resourceServer('api'): no such resource server");
  });
});
