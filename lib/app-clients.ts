import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STANDARD_KEYS } from './private/attributes';
import { addTerms, validateTerms } from './private/terms';
import { ConfigError, LIMITS, NAME_ALLOWED, NAME_PATTERN, validateCount, validateRedirectUrl, validateText, validateTokenValidity, located } from './private/validate';
import { checkProps, itemProp } from './private/props-check';
import type { ClientTerms } from './sign-in-methods';

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

const STANDARD_WRITABLE: cognito.StandardAttributesMask = {
  address: true,
  birthdate: true,
  email: true,
  familyName: true,
  gender: true,
  givenName: true,
  locale: true,
  middleName: true,
  fullname: true,
  nickname: true,
  phoneNumber: true,
  profilePicture: true,
  preferredUsername: true,
  profilePage: true,
  timezone: true,
  lastUpdateTime: true,
  website: true,
};

const USER_SCOPES = ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'];

/**
 * The default write attributes: the writable standard attributes and the mutable custom attributes, less those in
 * `exclude` (Cognito names).
 */
function defaultWriteAttributes(customAttributeNames: string[], exclude: string[]): cognito.ClientAttributes {
  const standard: { [key: string]: boolean } = {};
  for (const [key, on] of Object.entries(STANDARD_WRITABLE)) {
    if (on && !exclude.includes(STANDARD_KEYS[key])) standard[key] = true;
  }
  return new cognito.ClientAttributes()
    .withStandardAttributes(standard as cognito.StandardAttributesMask)
    .withCustomAttributes(...customAttributeNames.filter((n) => !exclude.includes(`custom:${n}`)));
}

/** Rotation grace period: long enough for a client's retry after a lost response, short enough to matter. */
const ROTATION_GRACE_PERIOD = Duration.seconds(10);

/**
 * An app client built from a preset (`ClientKind`) with secure defaults: token revocation on, user-existence
 * errors prevented, no implicit grant, access and ID tokens 60 minutes, refresh tokens 30 days.
 */
export class AppClient extends Construct {
  /** The aws-cdk-lib client. */
  public readonly userPoolClient: cognito.UserPoolClient;
  /** The client's name. */
  public readonly name: string;
  /** The preset. */
  public readonly kind: ClientKind;
  /** The callback URLs (empty when the client does not use the hosted sign-in page). */
  public readonly callbackUrls: string[];
  /** The logout URLs. */
  public readonly logoutUrls: string[];
  /** The names of the identity providers the client offers (COGNITO, Google, a SAML provider's name, ...). */
  public readonly identityProviderNames: string[];
  /** The attributes the client may write (email, given_name, custom:tenant, ...). */
  public readonly writeAttributeNames: string[];
  /** The OAuth scope names the client may ask for. */
  public readonly scopeNames: string[];
  /** Whether the client uses OAuth (the hosted pages or client credentials); API-only clients do not. */
  public readonly oauth: boolean;
  /** Whether the client is a machine-to-machine (client credentials) client. */
  public readonly machineToMachine: boolean;
  /** Whether the client has choice-based sign-in (`ALLOW_USER_AUTH`, the USER_AUTH flow). */
  public readonly choiceBasedSignIn: boolean;
  /** The terms documents, when `terms` was given. */
  public readonly terms: cognito.CfnTerms[] = [];

  constructor(scope: Construct, id: string, props: AppClientProps) {
    super(scope, id);
    try {
      checkProps('AppClientProps', props, itemProp('clients', props));
      const prop = `clients['${props.name}']`;
      this.name = props.name;
      this.kind = props.kind;
      const isPublic = props.kind !== ClientKind.SERVER;
      const m2m = props.clientCredentials === true;
      const callbackUrls = props.callbackUrls ?? [];
      const logoutUrls = props.logoutUrls ?? [];
      this.callbackUrls = [...callbackUrls];
      this.logoutUrls = [...logoutUrls];

      // CreateUserPoolClient: ClientName 1-128 [\w\s+=,.@-]+; CallbackURLs and LogoutURLs at most 100, each 1-1024.
      validateText(`${prop}.name`, props.name, 1, LIMITS.clientNameMaxLength, NAME_PATTERN, NAME_ALLOWED);
      validateCount(`${prop}.callbackUrls`, callbackUrls.length, LIMITS.redirectUrlsMax, 'URLs', 'CreateUserPoolClient (CallbackURLs)');
      validateCount(`${prop}.logoutUrls`, logoutUrls.length, LIMITS.redirectUrlsMax, 'URLs', 'CreateUserPoolClient (LogoutURLs)');
      [...callbackUrls.map((u, i) => [`${prop}.callbackUrls[${i}]`, u]), ...logoutUrls.map((u, i) => [`${prop}.logoutUrls[${i}]`, u])].forEach(([where, url]) => {
        if (!Token.isUnresolved(url) && url.length > LIMITS.redirectUrlMaxLength) {
          throw new ConfigError(`${where} is ${url.length} characters long: Cognito takes redirect URLs of at most ${LIMITS.redirectUrlMaxLength}`);
        }
      });
      callbackUrls.forEach((url, i) => validateRedirectUrl(`${prop}.callbackUrls[${i}]`, url, props.kind === ClientKind.NATIVE));
      logoutUrls.forEach((url, i) => validateRedirectUrl(`${prop}.logoutUrls[${i}]`, url, props.kind === ClientKind.NATIVE));

      if (m2m && isPublic) {
        throw new ConfigError(
          `${prop}.clientCredentials is true for a ${props.kind} client: only ClientKind.SERVER clients (which have a secret) may use the client-credentials grant`,
        );
      }
      if (m2m && callbackUrls.length > 0) {
        throw new ConfigError(
          `${prop}.clientCredentials is true and callbackUrls are set: Cognito does not allow the client-credentials grant together with the authorization-code grant; use two clients`,
        );
      }

      const scopes = props.scopes ?? (m2m ? [] : [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE]);
      this.scopeNames = scopes.map((s) => s.scopeName);
      validateCount(`${prop}.scopes`, scopes.length, LIMITS.clientScopesMax, 'scopes', 'CreateUserPoolClient (AllowedOAuthScopes)');
      if (m2m) {
        if (scopes.length === 0) {
          throw new ConfigError(
            `${prop}.scopes is empty: a client-credentials client needs at least one resource-server scope ('identifier/scope')`,
          );
        }
        const userScope = this.scopeNames.find((s) => USER_SCOPES.includes(s));
        if (userScope) {
          throw new ConfigError(
            `${prop}.scopes has '${userScope}': a client-credentials client may ask only for resource-server scopes ('identifier/scope')`,
          );
        }
      }

      if (props.accessTokenValidity) validateTokenValidity(`${prop}.accessTokenValidity`, 'access', props.accessTokenValidity);
      if (props.idTokenValidity) validateTokenValidity(`${prop}.idTokenValidity`, 'id', props.idTokenValidity);
      if (props.refreshTokenValidity) validateTokenValidity(`${prop}.refreshTokenValidity`, 'refresh', props.refreshTokenValidity);

      const immutable = (props.immutableCustomAttributeNames ?? []).map((n) => `custom:${n}`);
      const guarded = props.protectedAttributes ?? {};
      const writeAttributes = props.writeAttributes ?? defaultWriteAttributes(props.customAttributeNames ?? [], [...immutable, ...Object.keys(guarded)]);
      this.writeAttributeNames = writeAttributes.attributes();
      const immutableWritten = this.writeAttributeNames.find((a) => immutable.includes(a));
      if (immutableWritten) {
        throw new ConfigError(
          `${prop}.writeAttributes has '${immutableWritten}', an immutable custom attribute: no app client may write it (set it from a trigger or an admin call)`,
        );
      }
      const guardedWritten = this.writeAttributeNames.find((a) => Object.prototype.hasOwnProperty.call(guarded, a));
      if (guardedWritten) {
        throw new ConfigError(
          `${prop}.writeAttributes has '${guardedWritten}', which feeds ${guarded[guardedWritten]}: a signed-in user could set it with their own access token (UpdateUserAttributes); leave it out, and set it with an admin call or a trigger`,
        );
      }

      if (m2m && props.authFlows !== undefined) {
        throw new ConfigError(`${prop}.authFlows is set for a client-credentials client: machine clients get tokens from the token endpoint, not InitiateAuth`);
      }
      const passwordSignIn = props.passwordSignIn ?? true;
      // Choice-based sign-in is how users reach a passwordless method, in the API and on managed login's pages: the
      // default flows have it when the pool has such a method. Flows given explicitly stay as given.
      const defaultFlows: cognito.AuthFlow = passwordSignIn ? { userSrp: true, user: props.passwordlessSignIn || undefined } : { user: true };
      const authFlows: cognito.AuthFlow = m2m ? {} : (props.authFlows ?? defaultFlows);
      this.choiceBasedSignIn = authFlows.user === true;
      if (!m2m && !passwordSignIn) {
        const passwordFlow = (['userSrp', 'userPassword', 'adminUserPassword'] as const).find((f) => authFlows[f]);
        if (passwordFlow) {
          throw new ConfigError(`${prop}.authFlows.${passwordFlow} is on, but the pool's signInMethods.password is false: a password flow would still sign users in with a password; use user (choice-based sign-in)`);
        }
      }
      if (!m2m && props.passwordlessSignIn && authFlows.user === undefined) {
        Annotations.of(this).addWarningV2(
          'cdk-cognito-auth:clientWithoutChoiceBasedSignIn',
          `${prop}.authFlows leaves out user (ALLOW_USER_AUTH), but the pool has passwordless sign-in methods: this client's users cannot reach them, on managed login's pages or through the API; add user: true, or set user: false to keep the client as it is`,
        );
      }
      if (!m2m && !Object.values(authFlows).some((on) => on === true)) {
        throw new ConfigError(`${prop}.authFlows turns on no flow: turn on at least one of userSrp, userPassword, adminUserPassword, custom, user`);
      }

      const usesHostedUi = m2m || callbackUrls.length > 0;
      this.oauth = usesHostedUi;
      this.machineToMachine = m2m;
      const rotation = props.refreshTokenRotation ?? isPublic;

      const providers = props.identityProviders ?? [cognito.UserPoolClientIdentityProvider.COGNITO];
      this.identityProviderNames = providers.map((p) => p.name);

      this.userPoolClient = new cognito.UserPoolClient(this, 'Resource', {
        userPool: props.userPool,
        userPoolClientName: props.name,
        generateSecret: !isPublic,
        authFlows,
        disableOAuth: !usesHostedUi,
        oAuth: usesHostedUi
          ? {
            flows: m2m ? { clientCredentials: true } : { authorizationCodeGrant: true },
            callbackUrls: m2m ? undefined : callbackUrls,
            logoutUrls: m2m ? undefined : logoutUrls,
            scopes,
          }
          : undefined,
        accessTokenValidity: props.accessTokenValidity ?? Duration.minutes(60),
        idTokenValidity: props.idTokenValidity ?? Duration.minutes(60),
        refreshTokenValidity: props.refreshTokenValidity ?? Duration.days(30),
        refreshTokenRotationGracePeriod: rotation && !m2m ? ROTATION_GRACE_PERIOD : undefined,
        enableTokenRevocation: true,
        preventUserExistenceErrors: true,
        readAttributes: props.readAttributes,
        writeAttributes,
        supportedIdentityProviders: providers,
      });
      if (props.terms) {
        if (callbackUrls.length === 0) {
          throw new ConfigError(`${prop}.terms is set, but the client has no callbackUrls: managed login shows terms on the sign-up page of clients that sign users in there`);
        }
        validateTerms(`${prop}.terms`, props.terms);
        this.terms = addTerms(this, props.userPool, this.userPoolClient, props.terms);
      }
      if (m2m) {
        // aws-cdk-lib leaves ExplicitAuthFlows out when no flow is chosen, and Cognito then allows SRP and custom
        // auth: a machine client gets the refresh flow only, written out.
        (this.userPoolClient.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
      }
    } catch (err) {
      throw located(this, err);
    }
  }

  /** The client id. */
  public get clientId(): string {
    return this.userPoolClient.userPoolClientId;
  }
}
