import { SecretValue, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ClientKind, CognitoAuth, CognitoAuthProps, IdentityProvider, IdentityProviders } from '../../lib';
import { testStack } from '../support/helpers';

// Account linking trusts a provider's word that it verified an address: these tests prove that the word is carried
// (mapped into custom:idp_email_verified), that a provider without one is refused unless trusted by name, and that the
// opt-in is a warning a strict synth stops at.

const secret = SecretValue.secretsManager('auth/idp');
const google = () => IdentityProvider.google({ clientId: 'g', clientSecret: secret });
const facebook = () => IdentityProvider.facebook({ clientId: 'f', clientSecret: secret });
const saml = (emailVerifiedAttribute?: string) =>
  IdentityProvider.saml({ name: 'Corporate', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m'), emailVerifiedAttribute });
const web = { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/callback'] };

function build(props: CognitoAuthProps, acknowledge = false): Template {
  const stack = testStack();
  const auth = new CognitoAuth(stack, 'Auth', { domain: { prefix: 'example-linking' }, clients: [web], ...props });
  if (acknowledge) Validations.of(auth).acknowledge({ id: 'Annotation::cdk-cognito-auth:linkWithoutVerification', reason: 'the IdP issues every address' });
  return Template.fromStack(stack);
}

function mappingOf(template: Template, providerName: string): Record<string, string> {
  const providers = Object.values(template.findResources('AWS::Cognito::UserPoolIdentityProvider'));
  return providers.find((p) => p.Properties.ProviderName === providerName)!.Properties.AttributeMapping;
}

function preSignUpConfig(template: Template): Record<string, unknown> {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Description?.includes('pre sign-up'))!;
  return JSON.parse(fn.Properties.Environment.Variables.TRIGGER_CONFIG);
}

function schemaOf(template: Template): { Name: string; Mutable?: boolean; AttributeDataType: string }[] {
  return Object.values(template.findResources('AWS::Cognito::UserPool'))[0].Properties.Schema ?? [];
}

describe('account linking: the provider must say it verified the address', () => {
  const linked = build({ identityProviders: [google()], triggers: { preSignUp: { linkExternalUsers: true } } });

  test("a linked Google maps its email_verified claim into custom:idp_email_verified, which the pool declares mutable", () => {
    expect(mappingOf(linked, 'Google')).toMatchObject({ email: 'email', 'custom:idp_email_verified': 'email_verified' });
    expect(schemaOf(linked)).toContainEqual(expect.objectContaining({ Name: 'idp_email_verified', AttributeDataType: 'String', Mutable: true }));
  });

  test('the client that offers Google can write the signal (Cognito writes mapped attributes through it), but not email_verified', () => {
    linked.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'web',
      WriteAttributes: Match.arrayWith(['custom:idp_email_verified']),
    });
    const client = Object.values(linked.findResources('AWS::Cognito::UserPoolClient'))[0];
    expect(client.Properties.WriteAttributes).not.toContain('email_verified');
  });

  test('the trigger links on the signal alone: no provider is assumed verified by default', () => {
    expect(preSignUpConfig(linked)).toMatchObject({ linkExternalUsers: true, linkProviders: ['Google', 'SignInWithApple'], assumeVerifiedProviders: [] });
  });

  test('linking off: no mapping of the signal and no new attribute (the pool schema of earlier releases)', () => {
    const off = build({ identityProviders: [google()], triggers: { preSignUp: {} } });
    expect(mappingOf(off, 'Google')['custom:idp_email_verified']).toBeUndefined();
    expect(schemaOf(off).map((a) => a.Name)).not.toContain('idp_email_verified');
  });

  test('a provider that is not linked does not map the signal', () => {
    const t = build({ identityProviders: [google(), facebook()], triggers: { preSignUp: { linkExternalUsers: true, linkProviders: ['Google'] } } });
    expect(mappingOf(t, 'Facebook')['custom:idp_email_verified']).toBeUndefined();
  });

  test('a linked provider that sends no signal is refused: no signal, no link', () => {
    expect(() => build({ identityProviders: [facebook()], triggers: { preSignUp: { linkExternalUsers: true, linkProviders: ['Facebook'] } } })).toThrow(
      "triggers.preSignUp.linkProviders[0] 'Facebook' sends no email verification signal, so none of its users could be linked: give a SAML provider's emailVerifiedAttribute, or, if every address the provider sends belongs to its user, name it in triggers.preSignUp.assumeEmailVerified (a warning to acknowledge)",
    );
    expect(() => build({ identityProviders: [saml()], triggers: { preSignUp: { linkExternalUsers: true, linkProviders: ['Corporate'] } } })).toThrow(
      "triggers.preSignUp.linkProviders[0] 'Corporate' sends no email verification signal",
    );
  });

  test("a SAML provider's emailVerifiedAttribute is mapped when it is linked", () => {
    const t = build({ identityProviders: [saml('http://example.com/claims/email_verified')], triggers: { preSignUp: { linkExternalUsers: true, linkProviders: ['Corporate'] } } });
    expect(mappingOf(t, 'Corporate')['custom:idp_email_verified']).toBe('http://example.com/claims/email_verified');
  });

  test("an OIDC provider maps email_verified, or the claim it names", () => {
    const oidc = (emailVerifiedAttribute?: string) =>
      IdentityProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: secret, issuerUrl: 'https://example.okta.com', emailVerifiedAttribute });
    const props = (p: IdentityProvider): CognitoAuthProps => ({ identityProviders: [p], triggers: { preSignUp: { linkExternalUsers: true, linkProviders: ['Okta'] } } });
    expect(mappingOf(build(props(oidc())), 'Okta')['custom:idp_email_verified']).toBe('email_verified');
    expect(mappingOf(build(props(oidc('verified'))), 'Okta')['custom:idp_email_verified']).toBe('verified');
  });

  test('assumeEmailVerified trusts a provider by name, with a warning that stops a strict synth until acknowledged', () => {
    const props: CognitoAuthProps = {
      identityProviders: [facebook()],
      triggers: { preSignUp: { linkExternalUsers: true, linkProviders: ['Facebook'], assumeEmailVerified: ['Facebook'] } },
    };
    expect(() => build(props)).toThrow(
      /WARNING triggers\.preSignUp\.assumeEmailVerified links users of Facebook to the native user with the same address without the provider saying it verified the address: whoever holds an address there gets that person's account here\. Acknowledge this warning only if every address these providers send belongs to its user\.[\s\S]*Acknowledge with 'Annotation::cdk-cognito-auth:linkWithoutVerification'/,
    );
    const t = build(props, true);
    expect(preSignUpConfig(t)).toMatchObject({ linkProviders: ['Facebook'], assumeVerifiedProviders: ['Facebook'] });
    expect(schemaOf(t).map((a) => a.Name)).not.toContain('idp_email_verified');
  });

  test('assumeEmailVerified names only linked providers', () => {
    expect(() => build({ identityProviders: [google(), facebook()], triggers: { preSignUp: { linkExternalUsers: true, assumeEmailVerified: ['Facebook'] } } }, true)).toThrow(
      "triggers.preSignUp.assumeEmailVerified[0] 'Facebook' is not in linkProviders (Google, SignInWithApple): only linked providers can be trusted without a signal",
    );
  });

  test('a declared idp_email_verified must be a mutable string; the signal may not be mapped by hand', () => {
    const linking: CognitoAuthProps = { identityProviders: [google()], triggers: { preSignUp: { linkExternalUsers: true } } };
    expect(() => build({ ...linking, customAttributes: { idp_email_verified: new cognito.StringAttribute({ mutable: false }) } })).toThrow(
      "customAttributes['idp_email_verified'] is an immutable String attribute, but account linking maps the providers' email verification signal into it: declare it as new cognito.StringAttribute({ mutable: true }), or leave it out and the pool declares it",
    );
    expect(() => build({ ...linking, customAttributes: { idp_email_verified: new cognito.StringAttribute({ mutable: true }) } })).not.toThrow();
    const byHand = IdentityProvider.google({ clientId: 'g', clientSecret: secret, attributeMapping: { custom: { idp_email_verified: cognito.ProviderAttribute.other('x') } } });
    expect(() => build({ identityProviders: [byHand], triggers: { preSignUp: { linkExternalUsers: true } } })).toThrow(
      "identityProviders['Google'].attributeMapping.custom maps 'idp_email_verified', which account linking fills from the provider's email verification signal: leave it out (set the signal with emailVerifiedAttribute)",
    );
  });

  test('the signal is user-writable once stored, so it may feed no claim', () => {
    expect(() =>
      build({
        identityProviders: [google()],
        triggers: { preSignUp: { linkExternalUsers: true }, preTokenGeneration: { claimsFromAttributes: { verified: 'custom:idp_email_verified' } } },
      }),
    ).toThrow("clients['web'] offers 'Google', which maps 'custom:idp_email_verified', but 'custom:idp_email_verified' feeds the claim 'verified'");
  });

  test('standalone IdentityProviders map the signal of the providers named in linkedProviders', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { customAttributes: { idp_email_verified: new cognito.StringAttribute({ mutable: true }) } });
    new IdentityProviders(stack, 'Idps', { userPool, providers: [google()], customAttributeNames: ['idp_email_verified'], linkedProviders: ['Google'] });
    expect(mappingOf(Template.fromStack(stack), 'Google')['custom:idp_email_verified']).toBe('email_verified');
  });

  test('a provider trusted by name still maps the signal it has, so that its false still stops a link', () => {
    const t = build(
      { identityProviders: [google(), facebook()], triggers: { preSignUp: { linkExternalUsers: true, linkProviders: ['Google', 'Facebook'], assumeEmailVerified: ['Google', 'Facebook'] } } },
      true,
    );
    expect(mappingOf(t, 'Google')['custom:idp_email_verified']).toBe('email_verified');
    expect(mappingOf(t, 'Facebook')['custom:idp_email_verified']).toBeUndefined();
  });
});

describe('account linking and the pool\'s enterprise providers', () => {
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
