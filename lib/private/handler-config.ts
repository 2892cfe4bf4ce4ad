/**
 * The contract between the constructs (which build and validate each handler's JSON config at synth) and the
 * handlers (which parse it at cold start): the config types, and the constants both sides need. It imports nothing,
 * so esbuild bundles it into the handlers and jsii compiles it with the constructs: each value is written once.
 */

/** The name of the environment variable that carries a handler's JSON config. */
export const CONFIG_ENV = 'TRIGGER_CONFIG';

/** Pre-signup: who may sign up, who is confirmed without a code, and federated-account linking. */
export interface PreSignUpConfig {
  /** Lowercase domains whose addresses may sign up; empty means any domain not blocked. */
  readonly allowedDomains: string[];
  /** Lowercase domains whose addresses may not sign up. */
  readonly blockedDomains: string[];
  /** Lowercase domains whose users are confirmed (and their email verified) without a code. */
  readonly autoConfirmDomains: string[];
  /** Whether a listed domain also matches its subdomains (a.example.com for example.com). */
  readonly includeSubdomains: boolean;
  /** Whether a federated sign-up is linked to an existing native user with the same verified email. */
  readonly linkExternalUsers: boolean;
  /**
   * The providers (Cognito names) whose users are linked; others are not. A user of one of them is linked only when
   * the sign-up event carries the provider's own word that it verified the address (`LINK_VERIFIED_ATTRIBUTE` is
   * `true`), unless the provider is in `assumeVerifiedProviders`.
   */
  readonly linkProviders: string[];
  /**
   * Providers of `linkProviders` whose addresses are taken as verified without a signal (an explicit opt-in of the
   * pool's owner, warned about at synth).
   */
  readonly assumeVerifiedProviders: string[];
  /**
   * The pool's SAML and OIDC provider names, so that a user name whose prefix Cognito lowercased
   * (mysaml_123) can be linked under the provider's real name (MySaml).
   */
  readonly externalProviderNames: string[];
  /** What a rejected user is told. */
  readonly rejectionMessage: string;
}

/**
 * The pool attribute that carries a provider's email verification signal (Google's and OIDC's `email_verified`
 * claim, or a SAML attribute) into the pre sign-up event of a federated user. Cognito maps it from the provider's
 * token at the first federated sign-in, before the user exists, so no user can write the value the trigger reads;
 * the stored copy (which Cognito requires to be writable by the client, as every mapped attribute) is never read for
 * a decision.
 */
export const LINK_VERIFIED_ATTRIBUTE = 'custom:idp_email_verified';

/** Post-confirmation: default groups and an optional profile record. */
export interface PostConfirmationConfig {
  /** Groups every newly confirmed user is added to. */
  readonly defaultGroups: string[];
  /**
   * Whether the pre token generation trigger also adds missing default groups at sign-in; then a failed group
   * write does not fail the confirmation, since the next sign-in completes it.
   */
  readonly groupsAtSignIn: boolean;
  /** A DynamoDB table that gets one profile item per user, written once. */
  readonly profileTable?: {
    readonly tableName: string;
    readonly partitionKey: string;
  };
}

/** Pre-token-generation: claims from attributes and groups, claims to suppress, scopes per group. */
export interface PreTokenGenerationConfig {
  /** Claim name to the user attribute it is copied from (e.g. tenant <- custom:tenant_id). */
  readonly claimsFromAttributes: { [claim: string]: string };
  /** The claim that carries the permissions of the user's groups. */
  readonly permissionsClaim: string;
  /** Group name to the permissions its members get. */
  readonly groupPermissions: { [group: string]: string[] };
  /** Group name to the OAuth scopes added to its members' access tokens (V2/V3 events only). */
  readonly groupScopes: { [group: string]: string[] };
  /** Claims removed from the tokens. */
  readonly suppressClaims: string[];
  /** Whether the claims also go into the access token (V2/V3 events only). */
  readonly accessTokenClaims: boolean;
  /** The most bytes the added claims may take, as JSON; claims past it are left out and the event logged. */
  readonly maxClaimBytes: number;
  /**
   * Groups every user who signs in must be in: a missing one is added (AdminAddUserToGroup) and put into the token
   * being issued. Covers users that post confirmation never sees (AdminCreateUser).
   */
  readonly defaultGroups: string[];
  /**
   * Whether a missing default group is added to the user (AdminAddUserToGroup). False in a replica region, where
   * Cognito takes no writes: the groups go into the token only, and the next sign-in in the primary adds them.
   * Absent means true.
   */
  readonly joinDefaultGroups?: boolean;
}

/**
 * Claims that a pre-token-generation trigger may not add, override or suppress: the list the Amazon Cognito
 * developer guide gives for the ID token, plus the access token's own standard claims (client_id, scope,
 * username, event_id, version) and c_hash. Refused at synth, never emitted at run time.
 */
export const RESERVED_CLAIMS = [
  'acr', 'amr', 'at_hash', 'auth_time', 'aud', 'azp', 'c_hash', 'client_id', 'cognito:username', 'event_id', 'exp', 'iat',
  'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'scope', 'sub', 'token_use', 'username', 'version',
] as const;

/** Whether Cognito reserves a claim name (see RESERVED_CLAIMS). */
export function isReservedClaim(name: string): boolean {
  return (RESERVED_CLAIMS as readonly string[]).includes(name);
}

/**
 * The authorizer context keys the JWT authorizer always sets from the verified token: the caller's identity, client,
 * groups and scopes. A configured context claim never replaces one of them (refused at synth, ignored at run time).
 */
export const AUTHORIZER_CONTEXT_KEYS = ['sub', 'username', 'tokenUse', 'clientId', 'groups', 'scope'] as const;
export type AuthorizerContextKey = (typeof AUTHORIZER_CONTEXT_KEYS)[number];

/** JWT authorizer: which tokens it accepts and what they must carry. */
export interface JwtAuthorizerConfig {
  /** The user pool's issuer (https://cognito-idp.<region>.amazonaws.com/<poolId>). */
  readonly issuer: string;
  /** Where the signing keys are (the issuer's /.well-known/jwks.json). */
  readonly jwksUri: string;
  /** App client ids whose tokens are accepted (aud of ID tokens, client_id of access tokens). */
  readonly clientIds: string[];
  /** Which tokens: ID, access, or either. */
  readonly tokenUse: 'id' | 'access' | 'any';
  /** Groups the user must be in; empty means no group check. */
  readonly requiredGroups: string[];
  /** Whether the user needs any one of the groups, or all of them. */
  readonly groupsMatch: 'any' | 'all';
  /** Scopes the access token must carry, all of them. */
  readonly requiredScopes: string[];
  /** Claims passed on to the integration in the authorizer context, besides the standard ones. */
  readonly contextClaims: string[];
  /** Signing keys given inline instead of fetched (for tests and emulators). */
  readonly jwks?: { readonly keys: object[] };
}

/**
 * The messages Cognito sends, by the part of the trigger source after its prefix (`CustomMessage_SignUp`,
 * `CustomEmailSender_SignUp`, `CustomSMSSender_SignUp` are all `SignUp`): the custom message trigger and the custom
 * senders choose a template by it.
 */
export const MESSAGE_SOURCES = [
  'SignUp', 'AdminCreateUser', 'ResendCode', 'ForgotPassword', 'UpdateUserAttribute', 'VerifyUserAttribute', 'Authentication',
] as const;
export type MessageSourceName = (typeof MESSAGE_SOURCES)[number];

/** A locale as the templates are keyed and the user's is matched: lowercase, with hyphens (`pt_BR` is `pt-br`). */
export function normalizeLocale(locale: string): string {
  return locale.trim().toLowerCase().replace(/_/g, '-');
}

/**
 * Cognito's limits on what a custom message trigger returns, in UTF-8 characters with the code: the developer guide's
 * "Custom message Lambda trigger" page (email messages up to 20,000, SMS messages up to 140); the subject as the API
 * reference's MessageTemplateType and VerificationMessageTemplateType give it (EmailSubject: 1 to 140). The
 * templates are held to them at synth; the trigger leaves a rendered part past its limit to Cognito.
 */
export const MESSAGE_LIMITS = { emailBody: 20_000, sms: 140, emailSubject: 140 } as const;

/** Where Cognito's code (or temporary password) goes in a template: Cognito's own placeholder. */
export const CODE_PLACEHOLDER = '{####}';
/** Where the user name goes in an invitation (AdminCreateUser): Cognito's own placeholder. */
export const USERNAME_PLACEHOLDER = '{username}';

/** One message's templates; a part left out is Cognito's own (the trigger) or not sent (the senders). */
export interface MessageParts {
  /** The email's subject (text). */
  readonly emailSubject?: string;
  /** The email's body (HTML). */
  readonly emailBody?: string;
  /** The SMS text. */
  readonly sms?: string;
}

/** Templates by message source and locale, with the locale used when the user's has none. */
export interface MessagesConfig {
  /** The locale whose template is used when the user's `locale` attribute matches none (lowercase). */
  readonly defaultLocale: string;
  /** Message source (MESSAGE_SOURCES) to locale (lowercase) to that message's templates. */
  readonly templates: { [source: string]: { [locale: string]: MessageParts } };
}

/** Custom message trigger: the templates; Cognito puts the code in. */
export type CustomMessageConfig = MessagesConfig;

/** Custom email sender: the templates, the key that decrypts the code, and how the email goes out through SES. */
export interface EmailSenderConfig extends MessagesConfig {
  /** The KMS key's ARN that Cognito encrypts codes with. */
  readonly keyArn: string;
  /** The sender address (SES FromEmailAddress). */
  readonly fromAddress: string;
  /** The SES configuration set, if any. */
  readonly configurationSet?: string;
}

/** Custom SMS sender: the templates, the key that decrypts the code, and how the SMS goes out through SNS. */
export interface SmsSenderConfig extends MessagesConfig {
  /** The KMS key's ARN that Cognito encrypts codes with. */
  readonly keyArn: string;
  /** The SMS type (SNS AWS.SNS.SMS.SMSType): Transactional for codes. */
  readonly smsType: 'Transactional' | 'Promotional';
  /** The sender id shown to the recipient where the country allows one (SNS AWS.SNS.SMS.SenderID). */
  readonly senderId?: string;
}

/**
 * The developer guide's "Inbound federation Lambda trigger" page: the trigger source Cognito sends, and the only event
 * version it takes for this trigger (the API reference's InboundFederationLambdaType: LambdaVersion V1_0).
 */
export const INBOUND_FEDERATION_SOURCE = 'InboundFederation_ExternalProvider';
export const INBOUND_FEDERATION_VERSION = 'V1_0';

/**
 * The most characters a mapped user pool attribute's value may have (the developer guide's "Mapping IdP attributes to
 * profiles and tokens": 2,048), so the most a rule that joins groups writes.
 */
export const MAPPED_VALUE_MAX_LENGTH = 2048;

/** One normalisation rule of the inbound federation trigger, applied in order. */
export interface FederationRuleConfig {
  /** rename: `source` moves to `target`; lowercase: `source` (= `target`) in lower case; groups: `source` joined into `target`. */
  readonly kind: 'rename' | 'lowercase' | 'groups';
  /** The provider attribute the rule reads. */
  readonly source: string;
  /** The provider attribute the rule writes. */
  readonly target: string;
  /** The providers (Cognito names) it applies to; empty means every provider. */
  readonly providers: string[];
  /** groups: how the written value joins the groups. */
  readonly separator?: string;
  /** groups: how a value that is not a JSON list of strings separates the groups it lists. */
  readonly sourceSeparator?: string;
  /** groups: only groups whose name starts with it are kept. */
  readonly prefix?: string;
  /** groups: the most characters the written value may have; groups past it are left out. */
  readonly maxLength?: number;
}

/** Inbound federation: the rules that normalise what a provider sends before Cognito maps it. */
export interface InboundFederationConfig {
  readonly rules: FederationRuleConfig[];
}

/**
 * The user migration triggers' common part: which attributes reach the new pool, under which names, and the status a
 * migrated user gets. One handler bundle per source (another user pool, an HTTPS endpoint, a password-hash table).
 */
export interface MigrationConfig {
  /** A source attribute's name to the new pool's name for it, where they differ; others keep their names. */
  readonly attributeMap: { [source: string]: string };
  /**
   * The new pool's attributes the trigger may return (standard and `custom:`), less those Cognito sets itself (`sub`,
   * `identities`): a source attribute whose (mapped) name is not here is left out, and its name logged.
   */
  readonly poolAttributes: string[];
  /** What a user migrated at sign-in is: CONFIRMED (signs in with the password just checked) or RESET_REQUIRED. */
  readonly finalUserStatus: 'CONFIRMED' | 'RESET_REQUIRED';
  /**
   * The pool attributes a source's answer may not fill (by their names in the new pool): those the pool protects (they
   * feed claims, principal tags, role-mapping rules, account linking) less those trusted. MIGRATION_GROUPS_ATTRIBUTE
   * is never taken from a source, listed or not: only the trigger itself sets it.
   */
  readonly untrustedAttributes: string[];
}

/**
 * The pool attribute that carries, from the migration to the user's first post authentication, the user name in the old
 * pool whose groups the user joins: Cognito creates the user after the migration trigger answers, so the trigger cannot
 * add them itself. No app client may write it; the post authentication step removes it once the groups are added.
 */
export const MIGRATION_GROUPS_ATTRIBUTE = 'custom:groups_from';

/** The migration trigger that reads another user pool. */
export interface PoolMigrationConfig extends MigrationConfig {
  /** The old pool's id (its region is the one in the id). */
  readonly userPoolId: string;
  /** An app client of the old pool that allows ADMIN_USER_PASSWORD_AUTH and has no secret. */
  readonly clientId: string;
  /** Whether the user joins their old pool's groups (at the first post authentication; see MIGRATION_GROUPS_ATTRIBUTE). */
  readonly keepGroups: boolean;
}

/** The most milliseconds the HTTP source waits for its endpoint: well inside Cognito's 5 seconds for a trigger. */
export const MIGRATION_HTTP_TIMEOUT_MAX_MS = 4000;

/** The migration trigger that asks a legacy system over HTTPS. */
export interface HttpMigrationConfig extends MigrationConfig {
  /** The endpoint, https only. */
  readonly url: string;
  /** The Secrets Manager secret (ARN) whose value is sent as a bearer token. */
  readonly secretArn: string;
  /** How long to wait for an answer, in milliseconds, at most MIGRATION_HTTP_TIMEOUT_MAX_MS. */
  readonly timeoutMs: number;
}

/** The migration trigger that checks a password against a hash kept in DynamoDB. */
export interface HashMigrationConfig extends MigrationConfig {
  /** The table's name. */
  readonly tableName: string;
  /** The table's partition key (a string attribute holding the user name as the user types it). */
  readonly partitionKey: string;
  /** The item attribute holding the PHC-format hash. */
  readonly hashAttribute: string;
  /** The item attribute holding the user's attributes (a map of strings); absent means none but the key. */
  readonly attributesAttribute: string;
  /** The hash algorithms accepted (PHC ids: bcrypt, scrypt, pbkdf2-sha256, argon2id). */
  readonly algorithms: string[];
}
