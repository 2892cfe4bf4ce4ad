import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Fn, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClientKind, CognitoAuth, CognitoAuthProps, IdentityProvider, IdentityProviders, OidcRequestMethod } from '../lib';
import { testApp, testStack, validatorOn } from './helpers';


/** The message without the construct path in front of it, after checking that the path names the CognitoAuth. */
function withoutPath(message: string, pathStart: string): string {
  const match = /^(\[[^\]]+\]) ([\s\S]*)$/.exec(message);
  expect(match?.[1].startsWith(pathStart)).toBe(true);
  return match![2];
}
// These templates must pass AWS's CloudFormation validator (off by default in unit tests: test/setup-env.ts).
validatorOn();

/** The test secrets: these strings live only here. None may appear anywhere in a synthesized cloud assembly. */
const SECRETS = {
  google: 'GOCSPX-test-google-secret-7f3a9c',
  facebook: 'fb-test-secret-0d1e2f3a4b5c6d7e',
  amazon: 'amzn1-test-secret-9a8b7c6d5e4f',
  apple: '-----BEGIN PRIVATE KEY-----\nMIGTAgEAtestapplekey5d41402abc4b2a76\n-----END PRIVATE KEY-----',
  oidc: 'okta-test-secret-c4ca4238a0b92382',
};

const SAML_METADATA =
  '<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"></md:EntityDescriptor>';

/**
 * Every provider, each secret a Secrets Manager reference to a secret whose value (in SECRETS) only Secrets Manager
 * would hold.
 */
function everyProvider(): IdentityProvider[] {
  return [
    IdentityProvider.google({
      clientId: 'google-client-id.apps.googleusercontent.com',
      clientSecret: SecretValue.secretsManager('auth/google', { jsonField: 'clientSecret' }),
      attributeMapping: { custom: { tenant: cognito.ProviderAttribute.other('hd') } },
    }),
    IdentityProvider.facebook({
      clientId: '1234567890',
      clientSecret: SecretValue.secretsManager('arn:aws:secretsmanager:eu-west-1:123456789012:secret:auth/facebook-AbCdEf'),
      apiVersion: 'v17.0',
    }),
    IdentityProvider.amazon({ clientId: 'amzn1.application-oa2-client.abc', clientSecret: SecretValue.secretsManager('auth/amazon') }),
    IdentityProvider.apple({
      servicesId: 'com.example.signin',
      teamId: 'TEAM123456',
      keyId: 'KEY1234567',
      privateKey: SecretValue.secretsManager('auth/apple', { jsonField: 'privateKey' }),
    }),
    IdentityProvider.saml({
      name: 'Corporate',
      metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/metadata.xml'),
      identifiers: ['example.com', 'example.org'],
      idpSignout: true,
      attributeMapping: { givenName: cognito.ProviderAttribute.other('firstName') },
    }),
    IdentityProvider.saml({
      name: 'Portal',
      metadata: cognito.UserPoolIdentityProviderSamlMetadata.file(SAML_METADATA),
      idpInitiated: true,
      signRequests: false,
      encryptedResponses: true,
    }),
    IdentityProvider.oidc({
      name: 'Okta',
      clientId: 'okta-client',
      clientSecret: SecretValue.secretsManager('auth/okta', { jsonField: 'secret' }),
      issuerUrl: 'https://example.okta.com',
      attributeRequestMethod: OidcRequestMethod.POST,
      identifiers: ['okta.example.com'],
    }),
  ];
}

/** A pool set up the way cdk-nag wants it (Plus plan, enforced threat protection, MFA required). */
function authProps(overrides: Partial<CognitoAuthProps> = {}): CognitoAuthProps {
  return {
    signIn: { email: true },
    customAttributes: { tenant: new cognito.StringAttribute({ mutable: true }) },
    featurePlan: cognito.FeaturePlan.PLUS,
    threatProtection: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    removalPolicy: RemovalPolicy.DESTROY,
    domain: { prefix: 'example-federation' },
    identityProviders: everyProvider(),
    clients: [
      { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] },
      {
        name: 'portal',
        kind: ClientKind.PUBLIC_WEB,
        callbackUrls: ['https://portal.example.com/cb'],
        identityProviders: [cognito.UserPoolClientIdentityProvider.custom('Portal')],
      },
      {
        name: 'google-only',
        kind: ClientKind.PUBLIC_WEB,
        callbackUrls: ['https://g.example.com/cb'],
        identityProviders: [cognito.UserPoolClientIdentityProvider.GOOGLE],
      },
      { name: 'api-only', kind: ClientKind.NATIVE },
    ],
    ...overrides,
  };
}

/** Synthesizes one stack with `props` into a fresh directory, with cdk-nag on; returns the template and the directory. */
function synthAll(props: CognitoAuthProps) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-'));
  const app = testApp({}, outdir);
  const stack = new Stack(app, 'Federation');
  const auth = new CognitoAuth(stack, 'Auth', props);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  return { auth, template: Template.fromStack(stack), outdir: assembly.directory };
}

/** Every file under `dir`, as text. */
function allText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

/** The secret strings that occur in `text`. */
function leaked(text: string): string[] {
  return Object.values(SECRETS).filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
}

describe('identity providers, all at once (shared stack; CloudFormation validator and cdk-nag on)', () => {
  const { auth, template, outdir } = synthAll(authProps());
  const providers = template.findResources('AWS::Cognito::UserPoolIdentityProvider');
  const byName = (name: string) => Object.values(providers).find((r) => r.Properties.ProviderName === name)!;
  const clientLogicalId = (name: string) =>
    Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).find(([, r]) => r.Properties.ClientName === name)![0];
  const providerLogicalId = (name: string) => Object.entries(providers).find(([, r]) => r.Properties.ProviderName === name)![0];

  test('synth passes the CloudFormation validator and cdk-nag with no acknowledgement', () => {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
    expect(Object.keys(providers)).toHaveLength(7);
  });

  test('no test secret appears anywhere in the cloud assembly (templates, manifests, tree, metadata)', () => {
    expect(leaked(allText(outdir))).toEqual([]);
  });

  test('the secrets are Secrets Manager dynamic references', () => {
    expect(byName('Google').Properties.ProviderDetails.client_secret).toBe('{{resolve:secretsmanager:auth/google:SecretString:clientSecret::}}');
    expect(byName('Facebook').Properties.ProviderDetails.client_secret).toBe(
      '{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:auth/facebook-AbCdEf:SecretString:::}}',
    );
    expect(byName('LoginWithAmazon').Properties.ProviderDetails.client_secret).toBe('{{resolve:secretsmanager:auth/amazon:SecretString:::}}');
    expect(byName('SignInWithApple').Properties.ProviderDetails.private_key).toBe('{{resolve:secretsmanager:auth/apple:SecretString:privateKey::}}');
    expect(byName('Okta').Properties.ProviderDetails.client_secret).toBe('{{resolve:secretsmanager:auth/okta:SecretString:secret::}}');
  });

  test('Google: details, default scopes, email/names/picture mapped, a custom attribute mapped', () => {
    expect(byName('Google').Properties).toEqual({
      UserPoolId: { Ref: expect.stringMatching(/^AuthUserPool/) },
      ProviderName: 'Google',
      ProviderType: 'Google',
      ProviderDetails: {
        client_id: 'google-client-id.apps.googleusercontent.com',
        client_secret: expect.any(String),
        authorize_scopes: 'openid email profile',
      },
      AttributeMapping: {
        email: 'email',
        given_name: 'given_name',
        family_name: 'family_name',
        picture: 'picture',
        'custom:tenant': 'hd',
      },
    });
  });

  test('Facebook: API version, scopes and mapping', () => {
    expect(byName('Facebook').Properties).toMatchObject({
      ProviderType: 'Facebook',
      ProviderDetails: { client_id: '1234567890', authorize_scopes: 'public_profile,email', api_version: 'v17.0' },
      AttributeMapping: { email: 'email', given_name: 'first_name', family_name: 'last_name' },
    });
  });

  test('Login with Amazon: scopes and mapping', () => {
    expect(byName('LoginWithAmazon').Properties).toMatchObject({
      ProviderType: 'LoginWithAmazon',
      ProviderDetails: { client_id: 'amzn1.application-oa2-client.abc', authorize_scopes: 'profile' },
      AttributeMapping: { email: 'email', name: 'name' },
    });
  });

  test('Sign in with Apple: services id, team, key, scopes and mapping', () => {
    expect(byName('SignInWithApple').Properties).toMatchObject({
      ProviderType: 'SignInWithApple',
      ProviderDetails: { client_id: 'com.example.signin', team_id: 'TEAM123456', key_id: 'KEY1234567', authorize_scopes: 'email name' },
      AttributeMapping: { email: 'email', given_name: 'firstName', family_name: 'lastName' },
    });
  });

  test('SAML by metadata URL: identifiers, IdP sign-out, signed requests, the email claim, a mapping override', () => {
    expect(byName('Corporate').Properties).toMatchObject({
      ProviderType: 'SAML',
      IdpIdentifiers: ['example.com', 'example.org'],
      ProviderDetails: { MetadataURL: 'https://idp.example.com/metadata.xml', IDPSignout: true, IDPInit: false, EncryptedResponses: false, RequestSigningAlgorithm: 'rsa-sha256' },
      AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', given_name: 'firstName' },
    });
  });

  test('SAML by metadata document: IdP-initiated, encrypted responses, unsigned requests', () => {
    const details = byName('Portal').Properties.ProviderDetails;
    expect(details).toMatchObject({ MetadataFile: SAML_METADATA, IDPInit: true, EncryptedResponses: true, IDPSignout: false });
    expect(details.RequestSigningAlgorithm).toBeUndefined();
  });

  test('OIDC: issuer, scopes, request method, identifiers, mapping', () => {
    expect(byName('Okta').Properties).toMatchObject({
      ProviderType: 'OIDC',
      IdpIdentifiers: ['okta.example.com'],
      ProviderDetails: { client_id: 'okta-client', oidc_issuer: 'https://example.okta.com', authorize_scopes: 'openid email profile', attributes_request_method: 'POST' },
      AttributeMapping: { email: 'email', given_name: 'given_name', family_name: 'family_name', picture: 'picture' },
    });
  });

  test('every provider maps the email, which account linking matches on', () => {
    for (const resource of Object.values(providers)) expect(resource.Properties.AttributeMapping.email).toEqual(expect.any(String));
  });

  test('a hosted-page client offers COGNITO and every provider except the IdP-initiated one, and depends on each', () => {
    const web = template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: 'web' } });
    const [id, resource] = Object.entries(web)[0];
    expect(resource.Properties.SupportedIdentityProviders).toEqual(['COGNITO', 'Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple', 'Corporate', 'Okta']);
    for (const name of ['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple', 'Corporate', 'Okta']) {
      expect(resource.DependsOn).toContain(providerLogicalId(name));
    }
    expect(resource.DependsOn).not.toContain(providerLogicalId('Portal'));
    expect(id).toBe(clientLogicalId('web'));
  });

  test('a client that names its providers gets exactly those, and depends on them only', () => {
    const portal = template.toJSON().Resources[clientLogicalId('portal')];
    expect(portal.Properties.SupportedIdentityProviders).toEqual(['Portal']);
    expect(portal.DependsOn.filter((d: string) => d in providers)).toEqual([providerLogicalId('Portal')]);
    const google = template.toJSON().Resources[clientLogicalId('google-only')];
    expect(google.Properties.SupportedIdentityProviders).toEqual(['Google']);
    expect(google.DependsOn.filter((d: string) => d in providers)).toEqual([providerLogicalId('Google')]);
  });

  test('a client without the hosted pages offers COGNITO only', () => {
    const api = template.toJSON().Resources[clientLogicalId('api-only')];
    expect(api.Properties.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect((api.DependsOn ?? []).filter((d: string) => d in providers)).toEqual([]);
  });

  test("the hosted sign-in page has what it needs to show the providers' buttons: the client's providers, OAuth on, a managed login style", () => {
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { ClientId: { Ref: clientLogicalId('web') } });
    expect(template.toJSON().Resources[clientLogicalId('web')].Properties.SupportedIdentityProviders).toHaveLength(7);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'web',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
    });
  });

  test('stack outputs for the provider side: redirect URI, SAML ACS URL and entity id', () => {
    const outputs = template.toJSON().Outputs;
    const value = (prefix: string) => JSON.stringify(Object.entries(outputs).find(([k]) => k.startsWith(prefix))![1]);
    expect(value('AuthIdpRedirectUrl')).toContain('/oauth2/idpresponse');
    expect(value('AuthSamlAcsUrl')).toContain('/saml2/idpresponse');
    expect(value('AuthSamlEntityId')).toContain('urn:amazon:cognito:sp:');
  });

  test('the construct exposes the providers by name', () => {
    expect(auth.identityProviders!.names).toEqual(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple', 'Corporate', 'Portal', 'Okta']);
    expect(auth.identityProviders!.enterpriseNames).toEqual(['Corporate', 'Portal', 'Okta']);
    expect(auth.identityProviders!.resource('Okta')).toBeInstanceOf(cognito.UserPoolIdentityProviderOidc);
  });
});

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

  describe('clients', () => {
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
});

describe('account linking', () => {
  test("the pre sign-up trigger learns the pool's SAML and OIDC provider names, to link their users", () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', {
      domain: { prefix: 'example-federation' },
      identityProviders: [
        IdentityProvider.google({ clientId: 'g', clientSecret: SecretValue.secretsManager('auth/google') }),
        IdentityProvider.saml({ name: 'Corporate', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m') }),
        IdentityProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: SecretValue.secretsManager('auth/okta'), issuerUrl: 'https://example.okta.com' }),
      ],
      triggers: { preSignUp: { linkExternalUsers: true } },
    });
    const fns = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
    const preSignUp = fns.find((f) => f.Properties.Description?.includes('pre sign-up'))!;
    const config = JSON.parse(preSignUp.Properties.Environment.Variables.TRIGGER_CONFIG);
    expect(config).toMatchObject({ linkExternalUsers: true, externalProviderNames: ['Corporate', 'Okta'] });
  });
});

describe('IdentityProviders, standalone', () => {
  test('creates the providers on any pool and finds them by name', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const idps = new IdentityProviders(stack, 'Idps', {
      userPool,
      providers: [IdentityProvider.amazon({ clientId: 'a', clientSecret: SecretValue.secretsManager('auth/amazon') })],
    });
    const client = userPool.addClient('Web', {
      oAuth: { callbackUrls: ['https://app.example.com/cb'] },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.AMAZON],
    });
    client.node.addDependency(idps.resource('LoginWithAmazon'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 1);
    expect(() => idps.resource('Google')).toThrow("identity provider 'Google': no such provider; the providers are: LoginWithAmazon");
  });
});
