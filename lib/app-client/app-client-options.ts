import type { Duration } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { ClientTerms } from './client-terms';

/** What kind of application a client is for. Each kind is a preset of secure settings. */
export enum ClientKind {
  /**
   * A browser app (SPA): no secret, authorization-code grant only (use PKCE), SRP sign-in, refresh-token rotation.
   */
  PUBLIC_WEB = 'PUBLIC_WEB',
  /**
   * A back end that can keep a secret: authorization-code grant, or client credentials for machine-to-machine calls.
   */
  SERVER = 'SERVER',
  /**
   * A mobile or desktop app: no secret, authorization-code grant (use PKCE), custom-scheme callbacks allowed.
   */
  NATIVE = 'NATIVE',
}

/** One app client, as `CognitoAuth` takes it. */
export interface AppClientOptions {
  /** The client's name: the key for `auth.client(name)`, and the Cognito client name. */
  readonly name: string;

  /** The preset. */
  readonly kind: ClientKind;

  /**
   * Where the hosted sign-in page may send users back to: https, or http on localhost and 127.0.0.1;
   * custom schemes (myapp://callback) only for native clients; no fragments.
   * @default - none: the client signs users in through the API (SRP) only, without the hosted sign-in page
   */
  readonly callbackUrls?: string[];

  /**
   * Where users may land after signing out; same rules as `callbackUrls`.
   * @default - none
   */
  readonly logoutUrls?: string[];

  /**
   * OAuth scopes the client may ask for. For client credentials, only resource-server scopes
   * (`OAuthScope.resourceServer(...)` or `OAuthScope.custom('identifier/scope')`).
   * @default [OPENID, EMAIL, PROFILE]; for client credentials there is no default: at least one scope is required
   */
  readonly scopes?: cognito.OAuthScope[];

  /**
   * Machine-to-machine: the client-credentials grant instead of the authorization-code grant. SERVER clients only.
   * @default false
   */
  readonly clientCredentials?: boolean;

  /**
   * How long access tokens are valid: 5 minutes to 1 day.
   * @default Duration.minutes(60)
   */
  readonly accessTokenValidity?: Duration;

  /**
   * How long ID tokens are valid: 5 minutes to 1 day.
   * @default Duration.minutes(60)
   */
  readonly idTokenValidity?: Duration;

  /**
   * How long refresh tokens are valid: 60 minutes to 10 years.
   * @default Duration.days(30)
   */
  readonly refreshTokenValidity?: Duration;

  /**
   * Refresh-token rotation: each refresh returns a new refresh token and invalidates the old one
   * after a 10-second grace period.
   * @default true for PUBLIC_WEB and NATIVE clients; false for SERVER clients
   */
  readonly refreshTokenRotation?: boolean;

  /**
   * Attributes the client may read.
   * @default - all attributes
   */
  readonly readAttributes?: cognito.ClientAttributes;

  /**
   * Attributes the client may write. A signed-in user can write each of them with their own access token
   * (UpdateUserAttributes), so immutable custom attributes, and attributes that feed a claim, a role-mapping rule
   * or a principal tag (in `CognitoAuth`: `triggers.preTokenGeneration.claimsFromAttributes`,
   * `identityPool.principalTags`, `RoleMapping.fromRules`), are never allowed here.
   * @default - every standard attribute except email_verified and phone_number_verified, and every mutable custom
   * attribute, less the attributes that feed a claim, a rule or a tag
   */
  readonly writeAttributes?: cognito.ClientAttributes;

  /**
   * The ways the client's users sign in through the API (`InitiateAuth`). The refresh flow is added by aws-cdk-lib
   * except for clients that rotate refresh tokens, which refresh with `GetTokensFromRefreshToken` instead (Cognito
   * refuses `ALLOW_REFRESH_TOKEN_AUTH` on them). When the pool has a passwordless sign-in method, choice-based
   * sign-in (`user`, `ALLOW_USER_AUTH`) is added unless `user` is set to false. Not for client-credentials clients.
   * @default { userSrp: true }, plus `user` when the pool has a passwordless method; `{ user: true }` alone when the
   * pool's password sign-in is off
   */
  readonly authFlows?: cognito.AuthFlow;

  /**
   * Terms of use and privacy policy that managed login links on the client's sign-up page. Needs callbackUrls and,
   * in `CognitoAuth`, a domain with managed login.
   * @default - no terms
   */
  readonly terms?: ClientTerms;

  /**
   * Identity providers the client offers on the sign-in page: `UserPoolClientIdentityProvider.COGNITO` (email and
   * password), `.GOOGLE`, `.FACEBOOK`, `.APPLE`, `.AMAZON`, or `.custom('<SAML or OIDC provider name>')`.
   * In `CognitoAuth`, each must be a provider of `identityProviders`, and the client depends on it.
   * @default - in `CognitoAuth`: COGNITO and every identity provider (except IdP-initiated SAML providers) for a
   * client with callbackUrls, COGNITO alone for other clients; for a standalone `AppClient`: COGNITO
   */
  readonly identityProviders?: cognito.UserPoolClientIdentityProvider[];
}

/** Props for a standalone `AppClient`. */
export interface AppClientProps extends AppClientOptions {
  /** The user pool the client belongs to. */
  readonly userPool: cognito.IUserPool;

  /**
   * The pool's custom attribute names (without `custom:`), to build the default write attributes.
   * @default - none
   */
  readonly customAttributeNames?: string[];

  /**
   * The pool's immutable custom attribute names (without `custom:`): never writable by this client.
   * @default - none
   */
  readonly immutableCustomAttributeNames?: string[];

  /**
   * Attributes (Cognito names: `custom:tenant`, `email_verified`) that no app client may write, each with what it
   * feeds, for the error message: a claim, a role-mapping rule, a principal tag, account linking. They are left out
   * of the default write attributes, and a client that lists one fails.
   * @default - none
   */
  readonly protectedAttributes?: { [attribute: string]: string };

  /**
   * Whether the pool offers a passwordless first factor (email or SMS codes, passkeys): the client then gets
   * choice-based sign-in (`ALLOW_USER_AUTH`). `CognitoAuth` sets it from `signInMethods`.
   * @default false
   */
  readonly passwordlessSignIn?: boolean;

  /**
   * Whether the pool lets users sign in with a password: without it, the default flows leave SRP out.
   * `CognitoAuth` sets it from `signInMethods`.
   * @default true
   */
  readonly passwordSignIn?: boolean;
}
