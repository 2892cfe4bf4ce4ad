import { Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ConfigError } from '../private/validate';
import { checkProps, itemProp } from '../private/props-check';
import { LINK_VERIFIED_ATTRIBUTE } from '../private/handler-config';
import type { BoundProvider, PoolAttributes } from './bound';
import {
  AmazonProviderOptions,
  AppleProviderOptions,
  FacebookProviderOptions,
  GoogleProviderOptions,
  IdentityProviderType,
  OidcProviderOptions,
  OidcRequestMethod,
  SamlProviderOptions,
} from './options';
import { mergeMapping, scopesOf, secretReference, validateClientId, validateIdentifiers, validateIssuer, validateProviderName, validateSamlMetadata } from './validate';


const SAML_EMAIL_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

type ProviderSpec =
  | { type: IdentityProviderType.GOOGLE; options: GoogleProviderOptions }
  | { type: IdentityProviderType.FACEBOOK; options: FacebookProviderOptions }
  | { type: IdentityProviderType.AMAZON; options: AmazonProviderOptions }
  | { type: IdentityProviderType.APPLE; options: AppleProviderOptions }
  | { type: IdentityProviderType.SAML; options: SamlProviderOptions }
  | { type: IdentityProviderType.OIDC; options: OidcProviderOptions };

/**
 * One identity provider, as `CognitoAuth` and `IdentityProviders` take it. Make one with `IdentityProvider.google()`,
 * `.facebook()`, `.apple()`, `.amazon()`, `.saml()` or `.oidc()`.
 */
export class IdentityProvider {
  /** Google. Set up an OAuth client in the Google Cloud console with the redirect URI `<domain>/oauth2/idpresponse`. */
  public static google(options: GoogleProviderOptions): IdentityProvider {
    checkProps('GoogleProviderOptions', options, "identityProviders['Google']");
    return new IdentityProvider('Google', { type: IdentityProviderType.GOOGLE, options });
  }

  /** Facebook. Create an app at developers.facebook.com with the redirect URI `<domain>/oauth2/idpresponse`. */
  public static facebook(options: FacebookProviderOptions): IdentityProvider {
    checkProps('FacebookProviderOptions', options, "identityProviders['Facebook']");
    return new IdentityProvider('Facebook', { type: IdentityProviderType.FACEBOOK, options });
  }

  /** Login with Amazon. Create a security profile with the return URL `<domain>/oauth2/idpresponse`. */
  public static amazon(options: AmazonProviderOptions): IdentityProvider {
    checkProps('AmazonProviderOptions', options, "identityProviders['LoginWithAmazon']");
    return new IdentityProvider('LoginWithAmazon', { type: IdentityProviderType.AMAZON, options });
  }

  /** Sign in with Apple. Create a Services ID with the return URL `<domain>/oauth2/idpresponse`, and a key. */
  public static apple(options: AppleProviderOptions): IdentityProvider {
    checkProps('AppleProviderOptions', options, "identityProviders['SignInWithApple']");
    return new IdentityProvider('SignInWithApple', { type: IdentityProviderType.APPLE, options });
  }

  /** A SAML 2.0 IdP. Register the pool with the ACS URL `<domain>/saml2/idpresponse` and the entity id `urn:amazon:cognito:sp:<userPoolId>`. */
  public static saml(options: SamlProviderOptions): IdentityProvider {
    checkProps('SamlProviderOptions', options, itemProp('identityProviders', options));
    return new IdentityProvider(options.name, { type: IdentityProviderType.SAML, options });
  }

  /** An OpenID Connect IdP. Register a client with the redirect URI `<domain>/oauth2/idpresponse`. */
  public static oidc(options: OidcProviderOptions): IdentityProvider {
    checkProps('OidcProviderOptions', options, itemProp('identityProviders', options));
    return new IdentityProvider(options.name, { type: IdentityProviderType.OIDC, options });
  }

  /** The provider's name in the pool, as app clients list it. */
  public readonly name: string;
  /** The kind of provider. */
  public readonly providerType: IdentityProviderType;
  /** Whether it is a SAML provider that accepts IdP-initiated sign-in. */
  public readonly idpInitiated: boolean;
  /** The provider's identifiers (SAML and OIDC). */
  public readonly identifiers: string[];
  /**
   * The provider's attribute that says whether it verified the user's email address, which account linking maps to
   * `custom:idp_email_verified`: `email_verified` for Google, Sign in with Apple and OIDC providers (unless set
   * otherwise), a SAML provider's `emailVerifiedAttribute`, and none for Facebook and Login with Amazon, which send
   * no such signal.
   */
  public readonly emailVerifiedAttribute?: string;

  private readonly spec: ProviderSpec;

  private constructor(name: string, spec: ProviderSpec) {
    this.name = name;
    this.providerType = spec.type;
    this.spec = spec;
    this.idpInitiated = spec.type === IdentityProviderType.SAML && spec.options.idpInitiated === true;
    this.identifiers = spec.type === IdentityProviderType.SAML || spec.type === IdentityProviderType.OIDC ? [...(spec.options.identifiers ?? [])] : [];
    this.emailVerifiedAttribute = verificationSignalOf(spec);
  }

  /**
   * Validates the settings and creates the provider resource in the pool.
   * @internal
   */
  public _bind(scope: Construct, id: string, userPool: cognito.IUserPool, attributes: PoolAttributes, linked = false): BoundProvider {
    let mapped: string[] = [];
    const prop = `identityProviders['${this.name}'].attributeMapping`;
    const given = linked ? this.withVerificationSignal(prop) : this.spec.options.attributeMapping;
    const mapping = (defaults: cognito.AttributeMapping) => {
      const merged = mergeMapping(prop, defaults, given, attributes);
      mapped = merged.attributes;
      return merged.mapping;
    };
    const resource = this.create(scope, id, userPool, mapping);
    return { resource, mappedAttributes: mapped };
  }

  /**
   * The user's mapping plus the provider's verification signal into `custom:idp_email_verified`, for a provider whose
   * users the pre sign-up trigger links.
   */
  private withVerificationSignal(prop: string): cognito.AttributeMapping {
    const given = this.spec.options.attributeMapping;
    const key = LINK_VERIFIED_ATTRIBUTE.slice('custom:'.length);
    const own = Object.keys(given?.custom ?? {}).find((k) => k === key || k === LINK_VERIFIED_ATTRIBUTE);
    if (own !== undefined) {
      throw new ConfigError(
        `${prop}.custom maps '${own}', which account linking fills from the provider's email verification signal: leave it out (set the signal with emailVerifiedAttribute)`,
      );
    }
    if (this.emailVerifiedAttribute === undefined) return given ?? {};
    return { ...given, custom: { ...given?.custom, [key]: cognito.ProviderAttribute.other(this.emailVerifiedAttribute) } };
  }

  private create(
    scope: Construct,
    id: string,
    userPool: cognito.IUserPool,
    mapping: (defaults: cognito.AttributeMapping) => cognito.AttributeMapping,
  ): cognito.IUserPoolIdentityProvider {
    const spec = this.spec;
    const prop = `identityProviders['${this.name}']`;
    switch (spec.type) {
      case IdentityProviderType.GOOGLE: {
        const o = spec.options;
        validateClientId(`${prop}.clientId`, o.clientId);
        const secret = secretReference(scope, `${prop}.clientSecret`, o.clientSecret);
        return new cognito.UserPoolIdentityProviderGoogle(scope, id, {
          userPool,
          clientId: o.clientId,
          clientSecretValue: secret,
          scopes: scopesOf(`${prop}.scopes`, o.scopes, ['openid', 'email', 'profile']),
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.GOOGLE_EMAIL,
            givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME,
            familyName: cognito.ProviderAttribute.GOOGLE_FAMILY_NAME,
            profilePicture: cognito.ProviderAttribute.GOOGLE_PICTURE,
          }),
        });
      }
      case IdentityProviderType.FACEBOOK: {
        const o = spec.options;
        validateClientId(`${prop}.clientId`, o.clientId);
        const secret = secretReference(scope, `${prop}.clientSecret`, o.clientSecret);
        if (o.apiVersion !== undefined && !Token.isUnresolved(o.apiVersion) && !/^v\d+\.\d+$/.test(o.apiVersion)) {
          throw new ConfigError(`${prop}.apiVersion '${o.apiVersion}' is not a Graph API version: use the form v17.0`);
        }
        return new cognito.UserPoolIdentityProviderFacebook(scope, id, {
          userPool,
          clientId: o.clientId,
          // A dynamic reference ({{resolve:secretsmanager:...}}), not the value: CloudFormation resolves it at deploy.
          clientSecret: secret.unsafeUnwrap(),
          apiVersion: o.apiVersion,
          scopes: scopesOf(`${prop}.scopes`, o.scopes, ['public_profile', 'email']),
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.FACEBOOK_EMAIL,
            givenName: cognito.ProviderAttribute.FACEBOOK_FIRST_NAME,
            familyName: cognito.ProviderAttribute.FACEBOOK_LAST_NAME,
          }),
        });
      }
      case IdentityProviderType.AMAZON: {
        const o = spec.options;
        validateClientId(`${prop}.clientId`, o.clientId);
        const secret = secretReference(scope, `${prop}.clientSecret`, o.clientSecret);
        return new cognito.UserPoolIdentityProviderAmazon(scope, id, {
          userPool,
          clientId: o.clientId,
          clientSecret: secret.unsafeUnwrap(),
          scopes: scopesOf(`${prop}.scopes`, o.scopes, ['profile']),
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.AMAZON_EMAIL,
            fullname: cognito.ProviderAttribute.AMAZON_NAME,
          }),
        });
      }
      case IdentityProviderType.APPLE: {
        const o = spec.options;
        validateClientId(`${prop}.servicesId`, o.servicesId);
        validateClientId(`${prop}.teamId`, o.teamId);
        validateClientId(`${prop}.keyId`, o.keyId);
        const key = secretReference(scope, `${prop}.privateKey`, o.privateKey);
        return new cognito.UserPoolIdentityProviderApple(scope, id, {
          userPool,
          clientId: o.servicesId,
          teamId: o.teamId,
          keyId: o.keyId,
          privateKeyValue: key,
          scopes: scopesOf(`${prop}.scopes`, o.scopes, ['email', 'name']),
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.APPLE_EMAIL,
            givenName: cognito.ProviderAttribute.APPLE_FIRST_NAME,
            familyName: cognito.ProviderAttribute.APPLE_LAST_NAME,
          }),
        });
      }
      case IdentityProviderType.SAML: {
        const o = spec.options;
        validateProviderName(`${prop}.name`, o.name);
        validateIdentifiers(`${prop}.identifiers`, o.identifiers ?? []);
        validateSamlMetadata(`${prop}.metadata`, o.metadata);
        return new cognito.UserPoolIdentityProviderSaml(scope, id, {
          userPool,
          name: o.name,
          metadata: o.metadata,
          identifiers: o.identifiers,
          requestSigningAlgorithm: o.signRequests === false ? undefined : cognito.SigningAlgorithm.RSA_SHA256,
          encryptedResponses: o.encryptedResponses ?? false,
          idpSignout: o.idpSignout ?? false,
          idpInitiated: o.idpInitiated ?? false,
          attributeMapping: mapping({ email: cognito.ProviderAttribute.other(SAML_EMAIL_CLAIM) }),
        });
      }
      case IdentityProviderType.OIDC: {
        const o = spec.options;
        validateProviderName(`${prop}.name`, o.name);
        validateClientId(`${prop}.clientId`, o.clientId);
        validateIdentifiers(`${prop}.identifiers`, o.identifiers ?? []);
        validateIssuer(`${prop}.issuerUrl`, o.issuerUrl);
        const secret = secretReference(scope, `${prop}.clientSecret`, o.clientSecret);
        const scopes = scopesOf(`${prop}.scopes`, o.scopes, ['openid', 'email', 'profile']);
        if (!scopes.includes('openid')) {
          throw new ConfigError(`${prop}.scopes is [${scopes.join(', ')}]: an OIDC provider needs the 'openid' scope`);
        }
        return new cognito.UserPoolIdentityProviderOidc(scope, id, {
          userPool,
          name: o.name,
          clientId: o.clientId,
          clientSecret: secret.unsafeUnwrap(),
          issuerUrl: o.issuerUrl,
          scopes,
          identifiers: o.identifiers,
          attributeRequestMethod:
            o.attributeRequestMethod === OidcRequestMethod.POST ? cognito.OidcAttributeRequestMethod.POST : cognito.OidcAttributeRequestMethod.GET,
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.other('email'),
            givenName: cognito.ProviderAttribute.other('given_name'),
            familyName: cognito.ProviderAttribute.other('family_name'),
            profilePicture: cognito.ProviderAttribute.other('picture'),
          }),
        });
      }
    }
  }
}

/** The attribute in which a provider says it verified the address: see `IdentityProvider.emailVerifiedAttribute`. */
function verificationSignalOf(spec: ProviderSpec): string | undefined {
  switch (spec.type) {
    case IdentityProviderType.GOOGLE:
    case IdentityProviderType.APPLE:
      return 'email_verified';
    case IdentityProviderType.OIDC:
      return spec.options.emailVerifiedAttribute ?? 'email_verified';
    case IdentityProviderType.SAML:
      return spec.options.emailVerifiedAttribute;
    default:
      return undefined;
  }
}
