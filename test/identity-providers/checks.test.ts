import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Fn, SecretValue, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuth, CognitoAuthProps, IdentityProvider } from '../../lib';
import { testApp, testStack } from '../support/helpers';
import { allText, leaked, SECRETS, withoutPath } from './fixtures';

// The checks throw before synth; the providers' templates pass AWS's CloudFormation validator in identity-provider.test.ts
// and identity-providers.test.ts, so this module runs without it (test/support/setup-env.ts).

describe('every path that would carry a secret value into the template is refused', () => {
  const google = (clientSecret: () => SecretValue) => () => IdentityProvider.google({ clientId: 'g', clientSecret: clientSecret() });
  const attempt = (provider: () => IdentityProvider, setup?: (stack: Stack) => void, synth = true) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-attempt-'));
    const app = testApp({}, outdir);
    const stack = new Stack(app, 'Attempt');
    setup?.(stack);
    let error: string | undefined;
    try {
      new CognitoAuth(stack, 'Auth', { domain: { prefix: 'example-federation' }, identityProviders: [provider()] });
    } catch (e) {
      error = withoutPath((e as Error).message, '[Attempt/Auth');
    }
    return { error, text: synth ? allText(app.synth().directory) : '' };
  };

  test.each([
    ['unsafePlainText', google(() => SecretValue.unsafePlainText(SECRETS.google))],
    ['a Secrets Manager reference with plain text joined to it', google(() => SecretValue.unsafePlainText(Fn.join('', [SECRETS.google, SecretValue.secretsManager('auth/google').unsafeUnwrap()])))],
    ['a token string that is plain text', google(() => new SecretValue(Fn.join('', [SECRETS.google])))],
  ])('%s: refused, and the value is nowhere in the cloud assembly', (_name, provider) => {
    const { error, text } = attempt(provider);
    expect(error).toBe(
      "identityProviders['Google'].clientSecret is a plain-text value: it would be written into the template; store it in Secrets Manager and pass SecretValue.secretsManager('<secret name or ARN>', { jsonField: '<field>' })",
    );
    expect(leaked(text)).toEqual([]);
  });

  test('a noEcho parameter whose default is the value: refused', () => {
    let param!: CfnParameter;
    const { error } = attempt(
      google(() => SecretValue.cfnParameter(param)),
      (stack) => (param = new CfnParameter(stack, 'GoogleSecret', { noEcho: true, default: SECRETS.google })),
      false,
    );
    expect(error).toBe(
      "identityProviders['Google'].clientSecret is the CloudFormation parameter GoogleSecret, which has a default value, written into the template: use a noEcho parameter without a default, or Secrets Manager",
    );
  });

  test('a parameter that is not noEcho: refused', () => {
    let param!: CfnParameter;
    const { error } = attempt(google(() => new SecretValue(param.value)), (stack) => (param = new CfnParameter(stack, 'GoogleSecret')), false);
    expect(error).toBe(
      "identityProviders['Google'].clientSecret is the CloudFormation parameter GoogleSecret, which is not noEcho, so CloudFormation shows its value: use a noEcho parameter without a default, or Secrets Manager",
    );
  });

  test('a Ref to something that is not a parameter: refused', () => {
    const { error } = attempt(google(() => new SecretValue({ Ref: 'AWS::StackName' } as any)));
    expect(error).toMatch(/clientSecret is a plain-text value/);
  });

  test('a Secrets Manager reference to a secret of the same stack (by ARN) is accepted, and holds no value', () => {
    const { error, text } = attempt(() =>
      IdentityProvider.google({
        clientId: 'g',
        clientSecret: SecretValue.secretsManager(Fn.join(':', ['arn:aws:secretsmanager:eu-west-1:123456789012:secret', 'auth-google-AbCdEf']), { jsonField: 'clientSecret' }),
      }),
    );
    expect(error).toBeUndefined();
    expect(leaked(text)).toEqual([]);
  });
});

describe('the secret scan can fail', () => {
  test('aws-cdk-lib given plain strings writes them into the template, and the scan finds every one', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-leak-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Leaky');
    const userPool = new cognito.UserPool(stack, 'Pool');
    new cognito.UserPoolIdentityProviderGoogle(stack, 'G', { userPool, clientId: 'g', clientSecretValue: SecretValue.unsafePlainText(SECRETS.google) });
    new cognito.UserPoolIdentityProviderFacebook(stack, 'F', { userPool, clientId: 'f', clientSecret: SECRETS.facebook });
    new cognito.UserPoolIdentityProviderAmazon(stack, 'A', { userPool, clientId: 'a', clientSecret: SECRETS.amazon });
    new cognito.UserPoolIdentityProviderApple(stack, 'P', { userPool, clientId: 'p', teamId: 't', keyId: 'k', privateKeyValue: SecretValue.unsafePlainText(SECRETS.apple) });
    new cognito.UserPoolIdentityProviderOidc(stack, 'O', { userPool, clientId: 'o', clientSecret: SECRETS.oidc, issuerUrl: 'https://example.okta.com' });
    expect(leaked(allText(app.synth().directory)).sort()).toEqual(Object.values(SECRETS).sort());
  });
});

describe('identity provider validation', () => {
  /** Builds a CognitoAuth with one provider; returns the error message, or undefined. */
  function errorOf(provider: () => IdentityProvider, extra: Partial<CognitoAuthProps> = {}): string | undefined {
    try {
      new CognitoAuth(testStack(), 'Auth', {
        customAttributes: { tenant: new cognito.StringAttribute({ mutable: true }) },
        domain: { prefix: 'example-federation' },
        identityProviders: [provider()],
        ...extra,
      });
      return undefined;
    } catch (e) {
      return withoutPath((e as Error).message, '[Test/Auth');
    }
  }

  test.each([
    ['Google', () => IdentityProvider.google({ clientId: 'g', clientSecret: SecretValue.unsafePlainText(SECRETS.google) }), 'clientSecret'],
    ['Facebook', () => IdentityProvider.facebook({ clientId: 'f', clientSecret: SecretValue.unsafePlainText(SECRETS.facebook) }), 'clientSecret'],
    ['LoginWithAmazon', () => IdentityProvider.amazon({ clientId: 'a', clientSecret: SecretValue.unsafePlainText(SECRETS.amazon) }), 'clientSecret'],
    ['SignInWithApple', () => IdentityProvider.apple({ servicesId: 's', teamId: 't', keyId: 'k', privateKey: SecretValue.unsafePlainText(SECRETS.apple) }), 'privateKey'],
    ['Okta', () => IdentityProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: SecretValue.unsafePlainText(SECRETS.oidc), issuerUrl: 'https://example.okta.com' }), 'clientSecret'],
  ])('%s: a plain-text secret is refused', (name, provider, field) => {
    const message = errorOf(provider);
    expect(message).toBe(
      `identityProviders['${name}'].${field} is a plain-text value: it would be written into the template; store it in Secrets Manager and pass SecretValue.secretsManager('<secret name or ARN>', { jsonField: '<field>' })`,
    );
    expect(leaked(message!)).toEqual([]);
  });

  test('a plain string where a SecretValue belongs (JavaScript without types) is refused', () => {
    expect(errorOf(() => IdentityProvider.google({ clientId: 'g', clientSecret: SECRETS.google as unknown as SecretValue }))).toBe(
      "identityProviders['Google'].clientSecret is a plain-text value: it would be written into the template; store it in Secrets Manager and pass SecretValue.secretsManager('<secret name or ARN>', { jsonField: '<field>' })",
    );
  });

  test('an SSM SecureString reference is refused: CloudFormation does not resolve it for Cognito providers', () => {
    expect(errorOf(() => IdentityProvider.google({ clientId: 'g', clientSecret: SecretValue.ssmSecure('/auth/google') }))).toBe(
      "identityProviders['Google'].clientSecret is an SSM SecureString reference: CloudFormation resolves ssm-secure references only for a short list of resource properties, and Cognito identity providers are not among them; store the secret in Secrets Manager and pass SecretValue.secretsManager('<secret name or ARN>')",
    );
  });

  test('a plain SSM parameter reference is refused', () => {
    const ssm = SecretValue.cfnDynamicReference(new (require('aws-cdk-lib').CfnDynamicReference)('ssm', '/auth/google'));
    expect(errorOf(() => IdentityProvider.google({ clientId: 'g', clientSecret: ssm }))).toBe(
      "identityProviders['Google'].clientSecret is a plain SSM parameter reference, which is not encrypted: store the secret in Secrets Manager and pass SecretValue.secretsManager('<secret name or ARN>')",
    );
  });

  test('a NoEcho CloudFormation parameter is accepted', () => {
    const stack = testStack();
    const param = new CfnParameter(stack, 'GoogleSecret', { noEcho: true });
    new CognitoAuth(stack, 'Auth', {
      domain: { prefix: 'example-federation' },
      identityProviders: [IdentityProvider.google({ clientId: 'g', clientSecret: SecretValue.cfnParameter(param) })],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderDetails: Match.objectLike({ client_secret: { Ref: 'GoogleSecret' } }),
    });
  });

  test('a mapping to an unknown custom attribute is refused', () => {
    const provider = () =>
      IdentityProvider.oidc({
        name: 'Okta',
        clientId: 'o',
        clientSecret: SecretValue.secretsManager('auth/okta'),
        issuerUrl: 'https://example.okta.com',
        attributeMapping: { custom: { department: cognito.ProviderAttribute.other('dept') } },
      });
    expect(errorOf(provider)).toBe("identityProviders['Okta'].attributeMapping.custom 'custom:department' is not a custom attribute of this user pool; declared: custom:tenant");
  });

  test('a custom attribute key may carry the custom: prefix', () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', {
      customAttributes: { tenant: new cognito.StringAttribute({ mutable: true }) },
      domain: { prefix: 'example-federation' },
      identityProviders: [
        IdentityProvider.google({
          clientId: 'g',
          clientSecret: SecretValue.secretsManager('auth/google'),
          attributeMapping: { custom: { 'custom:tenant': cognito.ProviderAttribute.other('hd') } },
        }),
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      AttributeMapping: Match.objectLike({ 'custom:tenant': 'hd' }),
    });
  });

  const secret = SecretValue.secretsManager('auth/x');
  test.each([
    [
      'no domain',
      () => IdentityProvider.google({ clientId: 'g', clientSecret: secret }),
      { domain: undefined },
      "identityProviders has 'Google' but domain is not set: federated sign-in goes through the hosted sign-in pages, which need a domain (the providers redirect to <domain>/oauth2/idpresponse)",
    ],
    [
      'reserved SAML name',
      () => IdentityProvider.saml({ name: 'google', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m') }),
      {},
      "identityProviders['google'].name 'google' is reserved: COGNITO, Google, Facebook, SignInWithApple, LoginWithAmazon name Cognito itself and the social providers",
    ],
    [
      'short SAML name',
      () => IdentityProvider.saml({ name: 'AD', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m') }),
      {},
      "identityProviders['AD'].name 'AD' is invalid: use 3 to 32 letters, digits, symbols and punctuation, without spaces, and '_' only as the second character",
    ],
    [
      'an underscore in a SAML name',
      () => IdentityProvider.saml({ name: 'Corp_AD', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m') }),
      {},
      "identityProviders['Corp_AD'].name 'Corp_AD' is invalid: use 3 to 32 letters, digits, symbols and punctuation, without spaces, and '_' only as the second character",
    ],
    [
      'a space in an OIDC name',
      () => IdentityProvider.oidc({ name: 'My Okta', clientId: 'o', clientSecret: secret, issuerUrl: 'https://example.okta.com' }),
      {},
      "identityProviders['My Okta'].name 'My Okta' is invalid: use 3 to 32 letters, digits, symbols and punctuation, without spaces, and '_' only as the second character",
    ],
    [
      'a mapping to an immutable custom attribute',
      () => IdentityProvider.google({ clientId: 'g', clientSecret: secret, attributeMapping: { custom: { region: cognito.ProviderAttribute.other('hd') } } }),
      { customAttributes: { region: new cognito.StringAttribute({ mutable: false }) } },
      "identityProviders['Google'].attributeMapping maps 'custom:region', an immutable attribute of the pool: Cognito updates mapped attributes at every federated sign-in, so a mapped attribute must be mutable",
    ],
    [
      'a mapping to an immutable standard attribute',
      () => IdentityProvider.google({ clientId: 'g', clientSecret: secret }),
      { standardAttributes: { email: { required: true, mutable: true }, givenName: { mutable: false } } },
      "identityProviders['Google'].attributeMapping maps 'given_name', an immutable attribute of the pool: Cognito updates mapped attributes at every federated sign-in, so a mapped attribute must be mutable",
    ],
    [
      'http metadata URL',
      () => IdentityProvider.saml({ name: 'Corporate', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('http://idp.example.com/m') }),
      {},
      "identityProviders['Corporate'].metadata URL 'http://idp.example.com/m' is invalid: the metadata URL must be an https URL",
    ],
    [
      'metadata that is not SAML metadata',
      () => IdentityProvider.saml({ name: 'Corporate', metadata: cognito.UserPoolIdentityProviderSamlMetadata.file('<html></html>') }),
      {},
      "identityProviders['Corporate'].metadata is not SAML metadata: the document has no EntityDescriptor element",
    ],
    [
      'too many identifiers',
      () =>
        IdentityProvider.saml({
          name: 'Corporate',
          metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m'),
          identifiers: Array.from({ length: 51 }, (_, i) => `d${i}.example.com`),
        }),
      {},
      "identityProviders['Corporate'].identifiers has 51 identifiers: at most 50 are allowed",
    ],
    [
      'a long identifier',
      () =>
        IdentityProvider.saml({
          name: 'Corporate',
          metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m'),
          identifiers: ['a'.repeat(41)],
        }),
      {},
      `identityProviders['Corporate'].identifiers[0] '${'a'.repeat(41)}' is invalid: 1 to 40 letters, digits, spaces and + = . @ - _`,
    ],
    [
      'http issuer',
      () => IdentityProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: secret, issuerUrl: 'http://example.okta.com' }),
      {},
      "identityProviders['Okta'].issuerUrl 'http://example.okta.com' is invalid: the issuer must be an https URL",
    ],
    [
      'OIDC without openid',
      () => IdentityProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: secret, issuerUrl: 'https://example.okta.com', scopes: ['email'] }),
      {},
      "identityProviders['Okta'].scopes is [email]: an OIDC provider needs the 'openid' scope",
    ],
    [
      'an empty client id',
      () => IdentityProvider.google({ clientId: ' ', clientSecret: secret }),
      {},
      "identityProviders['Google'].clientId is empty",
    ],
    [
      'a bad Facebook API version',
      () => IdentityProvider.facebook({ clientId: 'f', clientSecret: secret, apiVersion: '17' }),
      {},
      "identityProviders['Facebook'].apiVersion '17' is not a Graph API version: use the form v17.0",
    ],
    [
      'a scope with a space',
      () => IdentityProvider.google({ clientId: 'g', clientSecret: secret, scopes: ['openid email'] }),
      {},
      "identityProviders['Google'].scopes[0] 'openid email' is not a scope: scopes are single words without spaces",
    ],
  ])('%s', (_name, provider, extra, message) => {
    expect(errorOf(provider, extra as Partial<CognitoAuthProps>)).toBe(message);
  });

  test('one identifier on two providers', () => {
    const stack = testStack();
    const saml = (name: string) =>
      IdentityProvider.saml({ name, metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m'), identifiers: ['example.com'] });
    expect(() => new CognitoAuth(stack, 'Auth', { domain: { prefix: 'example-federation' }, identityProviders: [saml('Corporate'), saml('Partners')] })).toThrow(
      "identityProviders[].identifiers has 'example.com' more than once: names must be unique",
    );
  });

  test('linkProviders must name providers of the pool', () => {
    expect(() =>
      new CognitoAuth(testStack(), 'Auth', {
        domain: { prefix: 'example-federation' },
        identityProviders: [IdentityProvider.google({ clientId: 'g', clientSecret: secret })],
        triggers: { preSignUp: { linkExternalUsers: true, linkProviders: ['Google', 'Corporate'] } },
      }),
    ).toThrow("triggers.preSignUp.linkProviders[1] 'Corporate' is not an identity provider of this pool; providers: Google");
  });

  test('a default mapping can be removed, and a standard attribute without a typed key goes under custom', () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', {
      domain: { prefix: 'example-federation' },
      identityProviders: [
        IdentityProvider.google({
          clientId: 'g',
          clientSecret: secret,
          attributeMapping: { profilePicture: undefined, custom: { phone_number_verified: cognito.ProviderAttribute.other('pv') } },
        }),
      ],
    });
    const [provider] = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPoolIdentityProvider'));
    expect(provider.Properties.AttributeMapping).toEqual({ email: 'email', given_name: 'given_name', family_name: 'family_name', phone_number_verified: 'pv' });
  });

  test('two providers with one name', () => {
    const stack = testStack();
    const p = () => IdentityProvider.google({ clientId: 'g', clientSecret: secret });
    expect(() => new CognitoAuth(stack, 'Auth', { domain: { prefix: 'example-federation' }, identityProviders: [p(), p()] })).toThrow(
      "identityProviders has 'Google' more than once: names must be unique",
    );
  });
});
