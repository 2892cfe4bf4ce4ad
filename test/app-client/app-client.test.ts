import { Duration, Lazy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AppClient, AppClientProps, ClientKind } from '../../lib';
import { testStack } from '../support/helpers';

function poolIn(stack = testStack()) {
  return { stack, userPool: new cognito.UserPool(stack, 'Pool') };
}

function addClient(props: Omit<AppClientProps, 'userPool'>) {
  const { stack, userPool } = poolIn();
  new AppClient(stack, 'Client', { userPool, ...props });
  return Template.fromStack(stack);
}

describe('client presets (one stack with one client of each kind)', () => {
  // GIVEN a pool with an immutable and a mutable custom attribute
  const { stack, userPool } = poolIn();
  const attrs = { customAttributeNames: ['tenant_id', 'plan'], immutableCustomAttributeNames: ['tenant_id'] };
  // WHEN one client of each preset is added
  new AppClient(stack, 'Web', { userPool, ...attrs, name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'], logoutUrls: ['https://app.example.com/'] });
  new AppClient(stack, 'Native', { userPool, ...attrs, name: 'native', kind: ClientKind.NATIVE, callbackUrls: ['myapp://callback'] });
  new AppClient(stack, 'Server', { userPool, ...attrs, name: 'server', kind: ClientKind.SERVER, callbackUrls: ['https://api.example.com/cb'] });
  new AppClient(stack, 'M2m', { userPool, ...attrs, name: 'm2m', kind: ClientKind.SERVER, clientCredentials: true, scopes: [cognito.OAuthScope.custom('orders/read')] });
  new AppClient(stack, 'SrpOnly', { userPool, ...attrs, name: 'srp-only', kind: ClientKind.PUBLIC_WEB });
  const template = Template.fromStack(stack);
  const client = (name: string, props: Record<string, unknown>) =>
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: name, ...props });

  test('every client: token revocation, no user-existence errors, 60-minute tokens, 30-day refresh', () => {
    for (const name of ['web', 'native', 'server', 'm2m', 'srp-only']) {
      client(name, {
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
        AccessTokenValidity: 60,
        IdTokenValidity: 60,
        RefreshTokenValidity: 43200,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      });
    }
  });

  test('public web: no secret, code grant only, SRP, rotation, standard scopes', () => {
    client('web', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      CallbackURLs: ['https://app.example.com/cb'],
      LogoutURLs: ['https://app.example.com/'],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  test('native: no secret, code grant, custom-scheme callback, rotation', () => {
    client('native', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['myapp://callback'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
    });
  });

  test('server: secret, code grant, no rotation by default', () => {
    client('server', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      RefreshTokenRotation: Match.absent(),
    });
  });

  test('machine-to-machine: secret, client credentials, resource-server scopes, no user flows', () => {
    client('m2m', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['orders/read'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      CallbackURLs: Match.absent(),
    });
  });

  test('no callback URLs: API sign-in only, OAuth off', () => {
    client('srp-only', { AllowedOAuthFlows: Match.absent(), AllowedOAuthFlowsUserPoolClient: false });
  });

  test('no client allows the implicit grant', () => {
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    for (const c of Object.values(clients)) {
      expect(c.Properties.AllowedOAuthFlows ?? []).not.toContain('implicit');
    }
  });

  test('default write attributes leave out the immutable custom attribute and the verified flags', () => {
    const web = Object.values(template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: 'web' } }))[0];
    expect(web.Properties.WriteAttributes).toContain('custom:plan');
    expect(web.Properties.WriteAttributes).toContain('email');
    expect(web.Properties.WriteAttributes).not.toContain('custom:tenant_id');
    expect(web.Properties.WriteAttributes).not.toContain('email_verified');
    expect(web.Properties.WriteAttributes).not.toContain('phone_number_verified');
  });
});

describe('client options', () => {
  test('token validity, read and write attributes, identity providers, rotation off', () => {
    addClient({
      name: 'web',
      kind: ClientKind.PUBLIC_WEB,
      callbackUrls: ['https://app.example.com/cb'],
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(30),
      refreshTokenValidity: Duration.days(1),
      refreshTokenRotation: false,
      readAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, givenName: true }),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ givenName: true }),
      identityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO, cognito.UserPoolClientIdentityProvider.GOOGLE],
      scopes: [cognito.OAuthScope.OPENID],
    }).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 15,
      IdTokenValidity: 30,
      RefreshTokenValidity: 1440,
      RefreshTokenRotation: Match.absent(),
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      ReadAttributes: ['email', 'given_name'],
      WriteAttributes: ['given_name'],
      SupportedIdentityProviders: ['COGNITO', 'Google'],
      AllowedOAuthScopes: ['openid'],
    });
  });

  test('a callback URL that is a token is not validated', () => {
    expect(() =>
      addClient({ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: [Lazy.string({ produce: () => 'https://x.example.com' })] }),
    ).not.toThrow();
  });
});

describe('client validation', () => {
  test('http callback on a public host', () => {
    expect(() => addClient({ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['http://app.example.com/cb'] })).toThrow(
      "clients['web'].callbackUrls[0] 'http://app.example.com/cb' is invalid: use https (http is allowed only for localhost and 127.0.0.1)",
    );
  });

  test('custom scheme on a web client', () => {
    expect(() =>
      addClient({ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://a.example.com/'], logoutUrls: ['myapp://out'] }),
    ).toThrow(
      "clients['web'].logoutUrls[0] 'myapp://out' is invalid: the 'myapp' scheme is allowed only for native clients (ClientKind.NATIVE); use https",
    );
  });

  test('client credentials on a public client', () => {
    expect(() => addClient({ name: 'spa', kind: ClientKind.PUBLIC_WEB, clientCredentials: true })).toThrow(
      "clients['spa'].clientCredentials is true for a PUBLIC_WEB client: only ClientKind.SERVER clients (which have a secret) may use the client-credentials grant",
    );
  });

  test('client credentials with callback URLs', () => {
    expect(() =>
      addClient({ name: 'svc', kind: ClientKind.SERVER, clientCredentials: true, callbackUrls: ['https://a.example.com/cb'], scopes: [cognito.OAuthScope.custom('api/read')] }),
    ).toThrow(
      "clients['svc'].clientCredentials is true and callbackUrls are set: Cognito does not allow the client-credentials grant together with the authorization-code grant; use two clients",
    );
  });

  test('client credentials without scopes', () => {
    expect(() => addClient({ name: 'svc', kind: ClientKind.SERVER, clientCredentials: true })).toThrow(
      "clients['svc'].scopes is empty: a client-credentials client needs at least one resource-server scope ('identifier/scope')",
    );
  });

  test('client credentials with a user scope', () => {
    expect(() =>
      addClient({ name: 'svc', kind: ClientKind.SERVER, clientCredentials: true, scopes: [cognito.OAuthScope.custom('api/read'), cognito.OAuthScope.OPENID] }),
    ).toThrow("clients['svc'].scopes has 'openid': a client-credentials client may ask only for resource-server scopes ('identifier/scope')");
  });

  test('an immutable custom attribute among the write attributes', () => {
    expect(() =>
      addClient({
        name: 'web',
        kind: ClientKind.PUBLIC_WEB,
        immutableCustomAttributeNames: ['tenant_id'],
        writeAttributes: new cognito.ClientAttributes().withCustomAttributes('tenant_id'),
      }),
    ).toThrow(
      "clients['web'].writeAttributes has 'custom:tenant_id', an immutable custom attribute: no app client may write it (set it from a trigger or an admin call)",
    );
  });

  test.each([
    ['accessTokenValidity', Duration.minutes(2), "clients['web'].accessTokenValidity 2 minutes is invalid: an access token is valid for 5 minutes to 1 day"],
    ['idTokenValidity', Duration.days(2), "clients['web'].idTokenValidity 2 days is invalid: an ID token is valid for 5 minutes to 1 day"],
    ['refreshTokenValidity', Duration.minutes(30), "clients['web'].refreshTokenValidity 30 minutes is invalid: a refresh token is valid for 60 minutes to 3650 days (10 years)"],
  ])('%s out of range', (prop, value, message) => {
    expect(() => addClient({ name: 'web', kind: ClientKind.PUBLIC_WEB, [prop]: value })).toThrow(message);
  });
});
