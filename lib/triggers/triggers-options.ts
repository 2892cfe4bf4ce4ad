// The triggers' options: what every bundled trigger function takes, each bundled trigger's settings, and the triggers
// as `CognitoAuth` takes them. The construct files import these; this file imports none of them.
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { BundledFunctionOptions } from '../function-options';
import type { FederationRule } from './federation-rules';
import type { MessageTemplate, MessageTemplatesOptions } from './message-templates';
import type { MigrationSource, MigrationUserStatus } from './migration-source';

/**
 * Settings every bundled trigger function takes: its logs, tracing, reserved concurrency and VPC. In `CognitoAuth`,
 * each one not given here comes from `bundledFunctions`.
 */
export interface TriggerFunctionOptions extends BundledFunctionOptions {}

/** The pre sign-up trigger's settings. */
export interface PreSignUpOptions extends TriggerFunctionOptions {
  /**
   * Only addresses of these domains may sign up (exact, case-insensitive; see `includeSubdomains`).
   * @default - any domain that is not blocked
   */
  readonly allowedEmailDomains?: string[];

  /**
   * Addresses of these domains may not sign up.
   * @default - none
   */
  readonly blockedEmailDomains?: string[];

  /**
   * Users signing up with these domains are confirmed, and their email verified, without a code. Not together with
   * `linkExternalUsers`: a verified address that nobody proved they own would let its first holder receive the real
   * owner's federated sign-ins.
   * @default - none
   */
  readonly autoConfirmEmailDomains?: string[];

  /**
   * Whether a listed domain also matches its subdomains (mail.example.com for example.com).
   * @default false
   */
  readonly includeSubdomains?: boolean;

  /**
   * Link a federated sign-up (Google, SAML, ...) to the existing native user with the same verified email,
   * so one person has one account.
   * @default false
   */
  readonly linkExternalUsers?: boolean;

  /**
   * The providers (Cognito provider names) whose users are linked when `linkExternalUsers` is on. Whoever controls an
   * address at the provider gets the account with that address, so a user is linked only when the provider says it
   * verified the address: its signal (Google's, Apple's and OIDC's `email_verified` claim, or a SAML provider's
   * `emailVerifiedAttribute`) is mapped to `custom:idp_email_verified`, and only `true` links. No signal, no link.
   * @default ['Google', 'SignInWithApple']
   */
  readonly linkProviders?: string[];

  /**
   * Providers of `linkProviders` whose addresses are taken as verified without a signal: for a company SAML or OIDC
   * IdP that issues every address it sends, or Facebook and Login with Amazon, which send no signal. Each raises the
   * warning `cdk-cognito-auth:linkWithoutVerification`, which you acknowledge once you have checked that the provider
   * never sends an address its user does not own.
   * @default - none: every linked provider must send a verification signal
   */
  readonly assumeEmailVerified?: string[];

  /**
   * What a rejected user is told (Cognito shows it as "PreSignUp failed with error <message>").
   * @default 'Sign-up is not allowed for this email address.'
   */
  readonly rejectionMessage?: string;
}

/** The post confirmation trigger's settings. */
export interface PostConfirmationOptions extends TriggerFunctionOptions {
  /**
   * Groups every user joins. Cognito runs post confirmation only for users who sign themselves up, never for users
   * created with AdminCreateUser; in `CognitoAuth`, the pre token generation trigger (when configured) adds missing
   * default groups at each sign-in, so they hold for admin-created users too. Without it, `CognitoAuth` refuses
   * default groups on a pool without self sign-up and warns on one with it.
   * @default - none
   */
  readonly defaultGroups?: string[];

  /**
   * A DynamoDB table for one profile item per user (keyed by the user's `sub`), written once.
   * @default - no profile table, unless `createProfileTable` is true
   */
  readonly profileTable?: dynamodb.ITable;

  /**
   * Create the profile table: on-demand, point-in-time recovery on, retained on stack deletion.
   * @default false
   */
  readonly createProfileTable?: boolean;

  /**
   * The profile table's partition key (a string attribute holding the user's `sub`).
   * @default 'userId'
   */
  readonly profileTablePartitionKey?: string;
}

/** The pre token generation trigger's settings. */
export interface PreTokenGenerationOptions extends TriggerFunctionOptions {
  /**
   * Claims copied from user attributes: claim name to attribute (`{ tenant: 'custom:tenant_id' }`).
   * @default - none
   */
  readonly claimsFromAttributes?: { [claim: string]: string };

  /**
   * The claim that lists the permissions of the user's groups (each group's `permissions`). V1 events get a
   * space-separated string; V2 and V3 events a list.
   * @default 'permissions'
   */
  readonly permissionsClaim?: string;

  /**
   * Claims removed from the tokens.
   * @default - none
   */
  readonly suppressClaims?: string[];

  /**
   * Whether the claims go into the access token too (V2 and V3 events).
   * @default true
   */
  readonly accessTokenClaims?: boolean;

  /**
   * The event version Cognito sends: V1_0 customizes the ID token; V2_0 also the access token (Essentials or
   * Plus); V3_0 also machine-to-machine access tokens.
   * @default LambdaVersion.V2_0, or V1_0 on the Lite plan
   */
  readonly eventVersion?: cognito.LambdaVersion;

  /**
   * The most bytes (as JSON) the added claims may take; claims past it are left out and a warning logged.
   * Cognito documents no limit, but tokens travel in headers and cookies (commonly 4 to 8 KB).
   * @default 2048
   */
  readonly maxClaimBytes?: number;
}

/**
 * The bundled custom message trigger's settings: your templates per message and locale. Email templates need a pool
 * that sends through Amazon SES (`email: UserPoolEmail.withSES(...)`).
 */
export interface CustomMessageOptions extends MessageTemplatesOptions, TriggerFunctionOptions {}

/** How an SMS is marked for the carriers (SNS's `AWS.SNS.SMS.SMSType`). */
export enum SmsType {
  /** Critical messages such as one-time codes: delivered with the highest reliability. */
  TRANSACTIONAL = 'Transactional',
  /** Non-critical messages such as marketing: delivered at the lowest cost. */
  PROMOTIONAL = 'Promotional',
}

/** Settings both bundled custom senders take: the templates (as the custom message trigger's) and the function's. */
export interface CustomSenderOptions extends TriggerFunctionOptions {
  /**
   * Templates per message and locale. A message (or a part) without one gets the built-in English message.
   * @default - the built-in English messages
   */
  readonly templates?: MessageTemplate[];

  /**
   * The locale of the templates that users get whose `locale` attribute matches no template.
   * @default 'en'
   */
  readonly defaultLocale?: string;
}

/** The bundled custom email sender's settings: it sends every email of the pool through Amazon SES. */
export interface EmailSenderOptions extends CustomSenderOptions {
  /** The sender address (SES `FromEmailAddress`), of an identity verified in SES in the stack's region. */
  readonly fromAddress: string;

  /**
   * The SES identity the address belongs to (a domain or an address): the function may send as this identity only.
   * @default - the domain of `fromAddress`
   */
  readonly sesIdentity?: string;

  /**
   * An SES configuration set for every email (event publishing, a dedicated IP pool).
   * @default - none
   */
  readonly configurationSet?: string;
}

/** The bundled custom SMS sender's settings: it publishes every SMS of the pool through Amazon SNS. */
export interface SmsSenderOptions extends CustomSenderOptions {
  /**
   * How the SMS are marked for the carriers.
   * @default SmsType.TRANSACTIONAL
   */
  readonly smsType?: SmsType;

  /**
   * The sender id shown where the destination country supports one (1 to 11 letters and digits, at least one letter).
   * @default - none: the number SNS chooses
   */
  readonly senderId?: string;
}

/** The bundled user migration trigger's settings. */
export interface UserMigrationOptions extends TriggerFunctionOptions {
  /** Where users come from. */
  readonly source: MigrationSource;

  /**
   * The source's attribute names that the new pool names otherwise: source name to pool name
   * (`{ 'custom:org': 'custom:tenant_id' }`). Others keep their names; an attribute the pool does not have is left out.
   * @default - none: every attribute keeps its name
   */
  readonly attributeMap?: { [sourceName: string]: string };

  /**
   * The status a user migrated at sign-in gets. With RESET_REQUIRED, a user without a verified email address or phone
   * number (where the reset code goes) is refused.
   * @default MigrationUserStatus.CONFIRMED
   */
  readonly finalUserStatus?: MigrationUserStatus;

  /**
   * The protected attributes (by their names in the new pool) a source may fill all the same. In `CognitoAuth`, an
   * attribute no app client may write (it feeds a claim, a principal tag, a role-mapping rule, or `email_verified`
   * while account linking is on) is left out of what a source answers, and its name logged, unless listed here: the
   * source then decides it for each user it migrates. `custom:groups_from` is never taken from a source.
   * @default - none: every protected attribute is left out of a source's answer
   */
  readonly trustedAttributes?: string[];
}

/**
 * The bundled inbound federation trigger's settings: the rules it applies, in order, to what an identity provider
 * sends before Cognito maps it to the user's attributes.
 */
export interface InboundFederationOptions extends TriggerFunctionOptions {
  /**
   * The rules, applied in order: `FederationRule.rename(...)`, `.lowercase(...)`, `.groupsToAttribute(...)`. In
   * `CognitoAuth`, no rule may write an attribute that feeds a claim, a principal tag, a role-mapping rule or account
   * linking, nor a linked provider's email verification signal.
   */
  readonly rules: FederationRule[];
}

/**
 * Your own functions for the triggers Cognito runs where a sign-in is served (in a replica region too, where
 * `AuthReplicaRegion` takes functions of that region for them).
 */
export interface SignInTriggerFunctions {
  /** Your custom message function. @default - none */
  readonly customMessage?: lambda.IFunction;
  /** Your pre authentication function. @default - none */
  readonly preAuthentication?: lambda.IFunction;
  /** Your post authentication function. @default - none */
  readonly postAuthentication?: lambda.IFunction;
  /** Your define-auth-challenge function (custom authentication). @default - none */
  readonly defineAuthChallenge?: lambda.IFunction;
  /** Your create-auth-challenge function (custom authentication). @default - none */
  readonly createAuthChallenge?: lambda.IFunction;
  /** Your verify-auth-challenge-response function (custom authentication). @default - none */
  readonly verifyAuthChallengeResponse?: lambda.IFunction;
}

/**
 * Lambda triggers, as `CognitoAuth` takes them: the three bundled ones by their settings, any other one by a
 * function of your own.
 */
export interface TriggersOptions extends SignInTriggerFunctions {
  /**
   * The bundled pre sign-up trigger.
   * @default - none
   */
  readonly preSignUp?: PreSignUpOptions;
  /**
   * The bundled post confirmation trigger.
   * @default - none
   */
  readonly postConfirmation?: PostConfirmationOptions;
  /**
   * The bundled pre token generation trigger.
   * @default - none
   */
  readonly preTokenGeneration?: PreTokenGenerationOptions;
  /**
   * The bundled custom message trigger, with your templates (not together with `customMessage`, your own function).
   * @default - none
   */
  readonly messages?: CustomMessageOptions;
  /**
   * The bundled custom email sender, through Amazon SES (not together with `customEmailSender`, your own function).
   * Cognito encrypts each code with the pool's `customSenderKmsKey`, created when not given.
   * @default - none
   */
  readonly emailSender?: EmailSenderOptions;
  /**
   * The bundled custom SMS sender, through Amazon SNS (not together with `customSmsSender`, your own function).
   * Cognito encrypts each code with the pool's `customSenderKmsKey`, created when not given.
   * @default - none
   */
  readonly smsSender?: SmsSenderOptions;
  /**
   * The bundled inbound federation trigger, with your normalisation rules. Cognito runs it at each sign-in through
   * an identity provider, before it maps the provider's attributes.
   * @default - none
   */
  readonly inboundFederation?: InboundFederationOptions;
  /**
   * The bundled user migration trigger: users of another pool, a legacy HTTPS endpoint or a password-hash table move in
   * at their first sign-in (not together with `userMigration`, your own function).
   * @default - none
   */
  readonly migration?: UserMigrationOptions;
  /** Your user migration function. @default - none */
  readonly userMigration?: lambda.IFunction;
  /** Your custom email sender (needs the pool's `customSenderKmsKey`). @default - none */
  readonly customEmailSender?: lambda.IFunction;
  /** Your custom SMS sender (needs the pool's `customSenderKmsKey`). @default - none */
  readonly customSmsSender?: lambda.IFunction;
}
