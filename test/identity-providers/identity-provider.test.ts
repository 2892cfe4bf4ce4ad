import * as fs from 'fs';
import * as path from 'path';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { validatorOn } from '../support/helpers';
import { allText, authProps, leaked, SAML_METADATA, synthAll } from './fixtures';

// These templates must pass AWS's CloudFormation validator (off by default in unit tests: test/support/setup-env.ts).
validatorOn();

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
