import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ConfigError, located } from '../private/errors';
import { LIMITS } from '../private/limits';
import { checkProps, itemProp } from '../private/props-check';
import { NAME_ALLOWED, NAME_PATTERN, validateCount, validateRedirectUrl, validateText, validateTokenValidity } from '../private/validators';
import { AppClientProps, ClientKind } from './app-client-options';
import type { ClientTerms } from './client-terms';
import { addTerms, validateTerms } from './private/terms';
import { defaultWriteAttributes } from './private/write-attributes';

const USER_SCOPES = ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'];

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
      this.machineToMachine = props.clientCredentials === true;
      this.callbackUrls = [...(props.callbackUrls ?? [])];
      this.logoutUrls = [...(props.logoutUrls ?? [])];
      this.configureRedirects(prop, props);
      this.configureGrant(prop, props);
      const scopes = this.configureScopes(prop, props);
      this.scopeNames = scopes.map((s) => s.scopeName);
      this.configureTokenValidity(prop, props);
      const writeAttributes = this.configureWriteAttributes(prop, props);
      this.writeAttributeNames = writeAttributes.attributes();
      const authFlows = this.configureAuthFlows(prop, props);
      this.choiceBasedSignIn = authFlows.user === true;
      this.oauth = this.machineToMachine || this.callbackUrls.length > 0;
      const providers = props.identityProviders ?? [cognito.UserPoolClientIdentityProvider.COGNITO];
      this.identityProviderNames = providers.map((p) => p.name);

      this.userPoolClient = this.createClient(props, { scopes, writeAttributes, authFlows, providers });
      if (props.terms) this.terms = this.configureTerms(prop, props.userPool, props.terms);
      if (this.machineToMachine) {
        // aws-cdk-lib leaves ExplicitAuthFlows out when no flow is chosen, and Cognito then allows SRP and custom
        // auth: a machine client gets the refresh flow only, written out.
        (this.userPoolClient.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
      }
    } catch (err) {
      throw located(this, err);
    }
  }

  /** The name and the redirect URLs, as CreateUserPoolClient takes them. */
  private configureRedirects(prop: string, props: AppClientProps): void {
    const callbackUrls = this.callbackUrls;
    const logoutUrls = this.logoutUrls;
    // CreateUserPoolClient: ClientName 1-128 [\w\s+=,.@-]+; CallbackURLs and LogoutURLs at most 100, each 1-1024.
    validateText(`${prop}.name`, props.name, 1, LIMITS.clientNameMaxLength, NAME_PATTERN, NAME_ALLOWED);
    validateCount(`${prop}.callbackUrls`, callbackUrls.length, LIMITS.redirectUrlsMax, 'URLs', 'CreateUserPoolClient (CallbackURLs)');
    validateCount(`${prop}.logoutUrls`, logoutUrls.length, LIMITS.redirectUrlsMax, 'URLs', 'CreateUserPoolClient (LogoutURLs)');
    [
      ...callbackUrls.map((u, i) => [`${prop}.callbackUrls[${i}]`, u]),
      ...logoutUrls.map((u, i) => [`${prop}.logoutUrls[${i}]`, u]),
    ].forEach(([where, url]) => {
      if (!Token.isUnresolved(url) && url.length > LIMITS.redirectUrlMaxLength) {
        throw new ConfigError(`${where} is ${url.length} characters long: Cognito takes redirect URLs of at most ${LIMITS.redirectUrlMaxLength}`);
      }
    });
    callbackUrls.forEach((url, i) => validateRedirectUrl(`${prop}.callbackUrls[${i}]`, url, props.kind === ClientKind.NATIVE));
    logoutUrls.forEach((url, i) => validateRedirectUrl(`${prop}.logoutUrls[${i}]`, url, props.kind === ClientKind.NATIVE));
  }

  /** The client-credentials grant: for SERVER clients only, and never beside the authorization-code grant. */
  private configureGrant(prop: string, props: AppClientProps): void {
    if (this.machineToMachine && props.kind !== ClientKind.SERVER) {
      throw new ConfigError(
        `${prop}.clientCredentials is true for a ${props.kind} client: only ClientKind.SERVER clients (which have a secret) may use the ` +
          `client-credentials grant`,
      );
    }
    if (this.machineToMachine && this.callbackUrls.length > 0) {
      throw new ConfigError(
        `${prop}.clientCredentials is true and callbackUrls are set: Cognito does not allow the client-credentials grant together with the ` +
          `authorization-code grant; use two clients`,
      );
    }
  }

  /** The OAuth scopes: user scopes by default; resource-server scopes only, and at least one, for a machine client. */
  private configureScopes(prop: string, props: AppClientProps): cognito.OAuthScope[] {
    const m2m = this.machineToMachine;
    const scopes = props.scopes ?? (m2m ? [] : [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE]);
    validateCount(`${prop}.scopes`, scopes.length, LIMITS.clientScopesMax, 'scopes', 'CreateUserPoolClient (AllowedOAuthScopes)');
    if (m2m) {
      if (scopes.length === 0) {
        throw new ConfigError(
          `${prop}.scopes is empty: a client-credentials client needs at least one resource-server scope ('identifier/scope')`,
        );
      }
      const userScope = scopes.map((s) => s.scopeName).find((s) => USER_SCOPES.includes(s));
      if (userScope) {
        throw new ConfigError(
          `${prop}.scopes has '${userScope}': a client-credentials client may ask only for resource-server scopes ('identifier/scope')`,
        );
      }
    }
    return scopes;
  }

  private configureTokenValidity(prop: string, props: AppClientProps): void {
    if (props.accessTokenValidity) validateTokenValidity(`${prop}.accessTokenValidity`, 'access', props.accessTokenValidity);
    if (props.idTokenValidity) validateTokenValidity(`${prop}.idTokenValidity`, 'id', props.idTokenValidity);
    if (props.refreshTokenValidity) validateTokenValidity(`${prop}.refreshTokenValidity`, 'refresh', props.refreshTokenValidity);
  }

  /** The attributes the client may write: never an immutable one, nor one that feeds a claim, a rule or a tag. */
  private configureWriteAttributes(prop: string, props: AppClientProps): cognito.ClientAttributes {
    const immutable = (props.immutableCustomAttributeNames ?? []).map((n) => `custom:${n}`);
    const guarded = props.protectedAttributes ?? {};
    const writeAttributes =
      props.writeAttributes ?? defaultWriteAttributes(props.customAttributeNames ?? [], [...immutable, ...Object.keys(guarded)]);
    const names = writeAttributes.attributes();
    const immutableWritten = names.find((a) => immutable.includes(a));
    if (immutableWritten) {
      throw new ConfigError(
        `${prop}.writeAttributes has '${immutableWritten}', an immutable custom attribute: no app client may write it (set it from a trigger or an ` +
          `admin call)`,
      );
    }
    const guardedWritten = names.find((a) => Object.prototype.hasOwnProperty.call(guarded, a));
    if (guardedWritten) {
      throw new ConfigError(
        `${prop}.writeAttributes has '${guardedWritten}', which feeds ${guarded[guardedWritten]}: a signed-in user could set it with their own ` +
          `access token (UpdateUserAttributes); leave it out, and set it with an admin call or a trigger`,
      );
    }
    return writeAttributes;
  }

  /** The sign-in flows: none for a machine client; choice-based sign-in by default when the pool is passwordless. */
  private configureAuthFlows(prop: string, props: AppClientProps): cognito.AuthFlow {
    const m2m = this.machineToMachine;
    if (m2m && props.authFlows !== undefined) {
      throw new ConfigError(`${prop}.authFlows is set for a client-credentials client: machine clients get tokens from the token endpoint, not ` +
        `InitiateAuth`);
    }
    const passwordSignIn = props.passwordSignIn ?? true;
    // Choice-based sign-in is how users reach a passwordless method, in the API and on managed login's pages: the
    // default flows have it when the pool has such a method. Flows given explicitly stay as given.
    const defaultFlows: cognito.AuthFlow = passwordSignIn ? { userSrp: true, user: props.passwordlessSignIn || undefined } : { user: true };
    const authFlows: cognito.AuthFlow = m2m ? {} : (props.authFlows ?? defaultFlows);
    if (!m2m && !passwordSignIn) {
      const passwordFlow = (['userSrp', 'userPassword', 'adminUserPassword'] as const).find((f) => authFlows[f]);
      if (passwordFlow) {
        throw new ConfigError(`${prop}.authFlows.${passwordFlow} is on, but the pool's signInMethods.password is false: a password flow would ` +
          `still sign users in with a password; use user (choice-based sign-in)`);
      }
    }
    if (!m2m && props.passwordlessSignIn && authFlows.user === undefined) {
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:clientWithoutChoiceBasedSignIn',
        `${prop}.authFlows leaves out user (ALLOW_USER_AUTH), but the pool has passwordless sign-in methods: this client's users cannot reach ` +
          `them, on managed login's pages or through the API; add user: true, or set user: false to keep the client as it is`,
      );
    }
    if (!m2m && !Object.values(authFlows).some((on) => on === true)) {
      throw new ConfigError(`${prop}.authFlows turns on no flow: turn on at least one of userSrp, userPassword, adminUserPassword, custom, user`);
    }
    return authFlows;
  }

  /** The aws-cdk-lib client, with the secure defaults. */
  private createClient(props: AppClientProps, settled: ClientSettings): cognito.UserPoolClient {
    const m2m = this.machineToMachine;
    const isPublic = props.kind !== ClientKind.SERVER;
    const rotation = props.refreshTokenRotation ?? isPublic;
    return new cognito.UserPoolClient(this, 'Resource', {
      userPool: props.userPool,
      userPoolClientName: props.name,
      generateSecret: !isPublic,
      authFlows: settled.authFlows,
      disableOAuth: !this.oauth,
      oAuth: this.oauth
        ? {
          flows: m2m ? { clientCredentials: true } : { authorizationCodeGrant: true },
          callbackUrls: m2m ? undefined : this.callbackUrls,
          logoutUrls: m2m ? undefined : this.logoutUrls,
          scopes: settled.scopes,
        }
        : undefined,
      accessTokenValidity: props.accessTokenValidity ?? Duration.minutes(60),
      idTokenValidity: props.idTokenValidity ?? Duration.minutes(60),
      refreshTokenValidity: props.refreshTokenValidity ?? Duration.days(30),
      refreshTokenRotationGracePeriod: rotation && !m2m ? ROTATION_GRACE_PERIOD : undefined,
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
      readAttributes: props.readAttributes,
      writeAttributes: settled.writeAttributes,
      supportedIdentityProviders: settled.providers,
    });
  }

  /** The terms documents, which managed login shows on the sign-up page of a client that signs users in there. */
  private configureTerms(prop: string, userPool: cognito.IUserPool, terms: ClientTerms): cognito.CfnTerms[] {
    if (this.callbackUrls.length === 0) {
      throw new ConfigError(`${prop}.terms is set, but the client has no callbackUrls: managed login shows terms on the sign-up page of clients ` +
        `that sign users in there`);
    }
    validateTerms(`${prop}.terms`, terms);
    return addTerms(this, userPool, this.userPoolClient, terms);
  }

  /** The client id. */
  public get clientId(): string {
    return this.userPoolClient.userPoolClientId;
  }
}

/** What the client's steps settled, for the aws-cdk-lib client. */
interface ClientSettings {
  readonly scopes: cognito.OAuthScope[];
  readonly writeAttributes: cognito.ClientAttributes;
  readonly authFlows: cognito.AuthFlow;
  readonly providers: cognito.UserPoolClientIdentityProvider[];
}
