import { SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ClientKind, CognitoAuth, IdentityProvider } from '../../lib';
import { testStack } from '../support/helpers';
import { withoutPath } from '../identity-providers/fixtures';

// Clients offering providers pass AWS's CloudFormation validator in identity-providers.test.ts and the props-space
// test; this module runs without it (test/support/setup-env.ts).

const secret = SecretValue.secretsManager('auth/x');

describe('the providers a client offers, in CognitoAuth', () => {
  const providers = () => [
    IdentityProvider.google({ clientId: 'g', clientSecret: secret }),
    IdentityProvider.saml({ name: 'Portal', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m'), idpInitiated: true }),
  ];
  const clientError = (identityProviders: cognito.UserPoolClientIdentityProvider[], callbackUrls = ['https://app.example.com/cb']) => {
    try {
      new CognitoAuth(testStack(), 'Auth', {
        domain: { prefix: 'example-federation' },
        identityProviders: providers(),
        clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls, identityProviders }],
      });
      return undefined;
    } catch (e) {
      return withoutPath((e as Error).message, '[Test/Auth');
    }
  };

  test('a provider the pool does not have', () => {
    expect(clientError([cognito.UserPoolClientIdentityProvider.FACEBOOK])).toBe(
      "clients['web'].identityProviders[0] 'Facebook' is not an identity provider of this pool; providers: COGNITO, Google, Portal",
    );
  });

  test('a provider on a client without callback URLs', () => {
    expect(clientError([cognito.UserPoolClientIdentityProvider.GOOGLE], [])).toBe(
      "clients['web'].identityProviders[0] 'Google' needs the hosted sign-in pages, but the client has no callbackUrls: federated sign-in redirects back to a callback URL",
    );
  });

  test('an IdP-initiated SAML provider next to another kind of provider', () => {
    expect(clientError([cognito.UserPoolClientIdentityProvider.custom('Portal'), cognito.UserPoolClientIdentityProvider.COGNITO])).toBe(
      "clients['web'].identityProviders has 'Portal', a SAML provider with idpInitiated, and 'COGNITO': Cognito allows only SAML providers on a client that accepts IdP-initiated sign-in",
    );
  });

  test("a client that cannot write an attribute its provider maps (Cognito would fail the sign-in)", () => {
    const build = (writeAttributes?: cognito.ClientAttributes) =>
      new CognitoAuth(testStack(), 'Auth', {
        domain: { prefix: 'example-federation' },
        identityProviders: [IdentityProvider.google({ clientId: 'g', clientSecret: secret, attributeMapping: { emailVerified: cognito.ProviderAttribute.GOOGLE_EMAIL_VERIFIED } })],
        clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'], writeAttributes }],
      });
    expect(() => build()).toThrow(
      "clients['web'] offers 'Google', which maps 'email_verified', but the client cannot write it: Cognito fails the federated sign-in; add 'email_verified' to the client's writeAttributes, or drop the mapping",
    );
    const all = { email: true, emailVerified: true, givenName: true, familyName: true, profilePicture: true };
    expect(() => build(new cognito.ClientAttributes().withStandardAttributes(all))).not.toThrow();
  });

  test('an empty list', () => {
    expect(clientError([])).toBe(
      "clients['web'].identityProviders is empty: list at least one provider (UserPoolClientIdentityProvider.COGNITO for email and password)",
    );
  });

  test('without providers, a client may still list COGNITO, and nothing else', () => {
    const stack = testStack();
    const build = (list: cognito.UserPoolClientIdentityProvider[]) =>
      new CognitoAuth(stack, `Auth${list.length}`, {
        clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'], identityProviders: list }],
      });
    build([cognito.UserPoolClientIdentityProvider.COGNITO]);
    expect(() => build([cognito.UserPoolClientIdentityProvider.COGNITO, cognito.UserPoolClientIdentityProvider.GOOGLE])).toThrow(
      "clients['web'].identityProviders[1] 'Google' is not an identity provider of this pool; providers: COGNITO",
    );
  });
});
