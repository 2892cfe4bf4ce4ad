import { SecretValue } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';

/** The kinds of identity provider a user pool can federate with. */
export enum IdentityProviderType {
  /** Google (OAuth 2.0 / OpenID Connect). Cognito's provider name: `Google`. */
  GOOGLE = 'GOOGLE',
  /** Facebook. Cognito's provider name: `Facebook`. */
  FACEBOOK = 'FACEBOOK',
  /** Sign in with Apple. Cognito's provider name: `SignInWithApple`. */
  APPLE = 'APPLE',
  /** Login with Amazon. Cognito's provider name: `LoginWithAmazon`. */
  AMAZON = 'AMAZON',
  /** A SAML 2.0 identity provider (Entra ID, Okta, ADFS, ...), under the name you give it. */
  SAML = 'SAML',
  /** An OpenID Connect identity provider, under the name you give it. */
  OIDC = 'OIDC',
}

/** Settings shared by every identity provider. */
export interface IdentityProviderCommonOptions {
  /**
   * How the provider's attributes map to user pool attributes. Your entries are merged over the defaults of the
   * provider, which map the email (for account linking) and the names, and the picture where the provider has one.
   * Custom attributes go under `custom`, keyed by the attribute's name (`tenant` or `custom:tenant`); each must be
   * a custom attribute of the pool. Every mapped attribute must be mutable, and every client that offers the
   * provider must be able to write it (Cognito updates mapped attributes at each sign-in): mapping `emailVerified`
   * therefore needs `email_verified` in those clients' `writeAttributes`.
   * @default - the provider's defaults (see the README's identity provider table)
   */
  readonly attributeMapping?: cognito.AttributeMapping;
}

/** A social provider whose app has an id and a secret (Google, Facebook, Login with Amazon). */
export interface SocialProviderOptions extends IdentityProviderCommonOptions {
  /** The client (app) id from the provider's developer console. */
  readonly clientId: string;

  /**
   * The client (app) secret, as a reference: `SecretValue.secretsManager('name-or-arn', { jsonField: '...' })`.
   * A plain-text value is refused, so that the secret never appears in the template.
   */
  readonly clientSecret: SecretValue;

  /**
   * The scopes Cognito asks the provider for.
   * @default - Google: openid email profile; Facebook: public_profile email; Login with Amazon: profile
   */
  readonly scopes?: string[];
}

/** Google. */
export interface GoogleProviderOptions extends SocialProviderOptions {}

/** Facebook. */
export interface FacebookProviderOptions extends SocialProviderOptions {
  /**
   * The Graph API version, like `v17.0`.
   * @default - the version Cognito chooses
   */
  readonly apiVersion?: string;
}

/** Login with Amazon. */
export interface AmazonProviderOptions extends SocialProviderOptions {}

/** Sign in with Apple. */
export interface AppleProviderOptions extends IdentityProviderCommonOptions {
  /** The Services ID (not the App ID) from the Apple developer account. */
  readonly servicesId: string;

  /** The Apple developer team id. */
  readonly teamId: string;

  /** The id of the Sign in with Apple private key. */
  readonly keyId: string;

  /**
   * The private key (the .p8 file's PEM text), as a reference: `SecretValue.secretsManager('name-or-arn')`.
   * A plain-text value is refused, so that the key never appears in the template.
   */
  readonly privateKey: SecretValue;

  /**
   * The scopes Cognito asks Apple for.
   * @default ['email', 'name']
   */
  readonly scopes?: string[];
}

/** A SAML 2.0 identity provider. */
export interface SamlProviderOptions extends IdentityProviderCommonOptions {
  /**
   * The provider's name in this pool: 3 to 32 characters, no spaces, not the name of a social provider.
   * Clients list it, and users see it on the sign-in page.
   */
  readonly name: string;

  /**
   * The IdP's metadata: `UserPoolIdentityProviderSamlMetadata.url('https://...')` (recommended: Cognito can refresh the
   * metadata from it) or `.file(xml)` (the metadata document itself).
   */
  readonly metadata: cognito.UserPoolIdentityProviderSamlMetadata;

  /**
   * Identifiers (usually the company's email domains): the sign-in page sends a user whose email matches one
   * straight to this provider. At most 50, each at most 40 characters.
   * @default - none
   */
  readonly identifiers?: string[];

  /**
   * Sign the authentication requests Cognito sends to the IdP (RSA-SHA256), with Cognito's signing certificate.
   * IdPs that do not check request signatures ignore it.
   * @default true
   */
  readonly signRequests?: boolean;

  /**
   * Require the IdP to encrypt its assertions with Cognito's encryption certificate. Set it only once the IdP has
   * that certificate, or every sign-in fails.
   * @default false
   */
  readonly encryptedResponses?: boolean;

  /**
   * Sign users out of the IdP too when they sign out of the pool (the IdP must support SAML single logout).
   * @default false
   */
  readonly idpSignout?: boolean;

  /**
   * Accept IdP-initiated sign-in (from a tile in the IdP's portal). Cognito cannot tie such an assertion to a
   * request of its own, so this weakens CSRF protection, and a client offering this provider may offer no other
   * kind of provider: not COGNITO, not social, not OIDC. Clients offer it only when they name it.
   * @default false
   */
  readonly idpInitiated?: boolean;

  /**
   * The SAML attribute in which the IdP says whether it verified the user's email address (SAML has no standard
   * one). Used only when the pre sign-up trigger links this provider's users to native users
   * (`triggers.preSignUp.linkProviders`): it is then mapped to `custom:idp_email_verified`, and a user is linked only
   * when its value is `true`. Without it, linking this provider needs `triggers.preSignUp.assumeEmailVerified`.
   * @default - none: the provider sends no verification signal
   */
  readonly emailVerifiedAttribute?: string;
}

/** How Cognito asks an OIDC provider's userInfo endpoint for attributes. */
export enum OidcRequestMethod {
  /** HTTP GET. */
  GET = 'GET',
  /** HTTP POST. */
  POST = 'POST',
}

/** An OpenID Connect identity provider. */
export interface OidcProviderOptions extends IdentityProviderCommonOptions {
  /** The provider's name in this pool: 3 to 32 characters, no spaces, not the name of a social provider. */
  readonly name: string;

  /** The client id registered with the provider. */
  readonly clientId: string;

  /**
   * The client secret, as a reference: `SecretValue.secretsManager('name-or-arn', { jsonField: '...' })`.
   * A plain-text value is refused.
   */
  readonly clientSecret: SecretValue;

  /** The issuer URL (https); Cognito discovers the endpoints from `<issuer>/.well-known/openid-configuration`. */
  readonly issuerUrl: string;

  /**
   * The scopes Cognito asks for; must include `openid`.
   * @default ['openid', 'email', 'profile']
   */
  readonly scopes?: string[];

  /**
   * How Cognito calls the userInfo endpoint.
   * @default OidcRequestMethod.GET
   */
  readonly attributeRequestMethod?: OidcRequestMethod;

  /**
   * Identifiers (usually email domains) that send a user straight to this provider. At most 50, each at most 40
   * characters.
   * @default - none
   */
  readonly identifiers?: string[];

  /**
   * The claim in which the provider says whether it verified the user's email address. Used only when the pre
   * sign-up trigger links this provider's users to native users (`triggers.preSignUp.linkProviders`): it is then
   * mapped to `custom:idp_email_verified`, and a user is linked only when its value is `true`.
   * @default 'email_verified' (the OpenID Connect standard claim)
   */
  readonly emailVerifiedAttribute?: string;
}
