import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClientKind, CognitoAuth, CognitoAuthProps, IdentityProvider, OidcRequestMethod } from '../../lib';
import { testApp } from '../support/helpers';

// What the identity-provider tests share: the test secrets (which no cloud assembly may hold), every kind of provider,
// a pool that cdk-nag accepts, and a synth into a directory of its own.

/** The message without the construct path in front of it, after checking that the path names the CognitoAuth. */
export function withoutPath(message: string, pathStart: string): string {
  const match = /^(\[[^\]]+\]) ([\s\S]*)$/.exec(message);
  expect(match?.[1].startsWith(pathStart)).toBe(true);
  return match![2];
}

/** The test secrets: these strings live only here. None may appear anywhere in a synthesized cloud assembly. */
export const SECRETS = {
  google: 'GOCSPX-test-google-secret-7f3a9c',
  facebook: 'fb-test-secret-0d1e2f3a4b5c6d7e',
  amazon: 'amzn1-test-secret-9a8b7c6d5e4f',
  apple: '-----BEGIN PRIVATE KEY-----\nMIGTAgEAtestapplekey5d41402abc4b2a76\n-----END PRIVATE KEY-----',
  oidc: 'okta-test-secret-c4ca4238a0b92382',
};

export const SAML_METADATA =
  '<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"></md:EntityDescriptor>';

/**
 * Every provider, each secret a Secrets Manager reference to a secret whose value (in SECRETS) only Secrets Manager
 * would hold.
 */
export function everyProvider(): IdentityProvider[] {
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
export function authProps(overrides: Partial<CognitoAuthProps> = {}): CognitoAuthProps {
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
export function synthAll(props: CognitoAuthProps) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-'));
  const app = testApp({}, outdir);
  const stack = new Stack(app, 'Federation');
  const auth = new CognitoAuth(stack, 'Auth', props);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  return { auth, template: Template.fromStack(stack), outdir: assembly.directory };
}

/** Every file under `dir`, as text. */
export function allText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

/** The secret strings that occur in `text`. */
export function leaked(text: string): string[] {
  return Object.values(SECRETS).filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
}
