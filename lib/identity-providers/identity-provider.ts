import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ConfigError } from '../private/errors';
import { LINK_VERIFIED_ATTRIBUTE } from '../private/handler-config';
import { checkProps, itemProp } from '../private/props-check';
import { mergeMapping } from './private/checks';
import type { BoundProvider, PoolAttributes } from './private/provider-binding';
import { kindOf, ProviderSpec } from './private/provider-kinds';
import {
  AmazonProviderOptions,
  AppleProviderOptions,
  FacebookProviderOptions,
  GoogleProviderOptions,
  IdentityProviderType,
  OidcProviderOptions,
  SamlProviderOptions,
} from './provider-options';

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
    this.identifiers =
      spec.type === IdentityProviderType.SAML || spec.type === IdentityProviderType.OIDC ? [...(spec.options.identifiers ?? [])] : [];
    this.emailVerifiedAttribute = kindOf(spec).emailVerifiedAttribute(spec.options);
  }

  /**
   * Validates the settings and creates the provider resource in the pool.
   * @internal
   */
  public _bind(scope: Construct, id: string, userPool: cognito.IUserPool, attributes: PoolAttributes, linked = false): BoundProvider {
    let mapped: string[] = [];
    let sources: { [attribute: string]: string } = {};
    const prop = `identityProviders['${this.name}'].attributeMapping`;
    const given = linked ? this.withVerificationSignal(prop) : this.spec.options.attributeMapping;
    const mapping = (defaults: cognito.AttributeMapping) => {
      const merged = mergeMapping(prop, defaults, given, attributes);
      mapped = merged.attributes;
      sources = merged.sources;
      return merged.mapping;
    };
    const spec = this.spec;
    const resource = kindOf(spec).create({ scope, id, userPool, options: spec.options, prop: `identityProviders['${this.name}']`, mapping });
    return { resource, mappedAttributes: mapped, mappedFrom: sources };
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
        `${prop}.custom maps '${own}', which account linking fills from the provider's email verification signal: leave it out (set the signal ` +
          `with emailVerifiedAttribute)`,
      );
    }
    if (this.emailVerifiedAttribute === undefined) return given ?? {};
    return { ...given, custom: { ...given?.custom, [key]: cognito.ProviderAttribute.other(this.emailVerifiedAttribute) } };
  }
}
