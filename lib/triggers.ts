import { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BundledFunction } from './private/bundled-function';
import type { PostConfirmationConfig, PreSignUpConfig, PreTokenGenerationConfig } from './private/handler-config';
import { ConfigError, validateAttributeName, validateClaimName, validateEmailDomain } from './private/validate';

/** Settings every bundled trigger function takes. */
export interface TriggerFunctionOptions {
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

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
   * The providers (Cognito provider names) whose users are linked when `linkExternalUsers` is on. Link only from
   * providers that verify email addresses: whoever controls an address at the provider gets the account with that
   * address. A federated user whose mapped `email_verified` is `false` is never linked.
   * @default ['Google', 'SignInWithApple']
   */
  readonly linkProviders?: string[];

  /**
   * What a rejected user is told (Cognito shows it as "PreSignUp failed with error <message>").
   * @default 'Sign-up is not allowed for this email address.'
   */
  readonly rejectionMessage?: string;
}

/** Props for a standalone `PreSignUpTrigger`. */
export interface PreSignUpTriggerProps extends PreSignUpOptions {
  /** The user pool to attach the trigger to. */
  readonly userPool: cognito.UserPool;
  /**
   * The pool's SAML and OIDC provider names, for linking users whose name prefix Cognito lowercased.
   * @default - none
   */
  readonly externalProviderNames?: string[];
}

const DEFAULT_REJECTION = 'Sign-up is not allowed for this email address.';

/** Social providers that verify the email addresses they send. */
const DEFAULT_LINK_PROVIDERS = ['Google', 'SignInWithApple'];

/**
 * The bundled pre sign-up trigger: email domain allow and block lists, auto-confirmation, federated-account
 * linking. Its role may call only ListUsers and AdminLinkProviderForUser on this pool, and only when linking is on.
 */
export class PreSignUpTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: PreSignUpTriggerProps) {
    super(scope, id);
    const prop = 'triggers.preSignUp';
    const norm = (list: string[] | undefined, key: string) =>
      (list ?? []).map((d, i) => {
        const domain = d.trim().toLowerCase();
        validateEmailDomain(`${prop}.${key}[${i}]`, domain);
        return domain;
      });
    const allowed = norm(props.allowedEmailDomains, 'allowedEmailDomains');
    const blocked = norm(props.blockedEmailDomains, 'blockedEmailDomains');
    const autoConfirm = norm(props.autoConfirmEmailDomains, 'autoConfirmEmailDomains');
    const both = allowed.find((d) => blocked.includes(d));
    if (both) throw new ConfigError(`${prop}: '${both}' is both allowed and blocked`);
    const includeSubdomains = props.includeSubdomains ?? false;
    for (const d of autoConfirm) {
      const ok = allowed.length === 0 || allowed.some((a) => d === a || (includeSubdomains && d.endsWith(`.${a}`)));
      if (!ok || blocked.includes(d)) {
        throw new ConfigError(`${prop}.autoConfirmEmailDomains has '${d}', which may not sign up: allow it or remove it`);
      }
    }

    const linkExternalUsers = props.linkExternalUsers ?? false;
    if (linkExternalUsers && autoConfirm.length > 0) {
      throw new ConfigError(
        `${prop}.autoConfirmEmailDomains has '${autoConfirm[0]}' while linkExternalUsers is on: auto-confirmation marks an address verified without proof that the user owns the mailbox, and linking trusts verified addresses, so whoever signs up first as someone@${autoConfirm[0]} would receive that person's federated sign-ins; turn one of them off`,
      );
    }
    const config: PreSignUpConfig = {
      allowedDomains: allowed,
      blockedDomains: blocked,
      autoConfirmDomains: autoConfirm,
      includeSubdomains,
      linkExternalUsers,
      linkProviders: props.linkProviders ?? [...DEFAULT_LINK_PROVIDERS],
      externalProviderNames: props.externalProviderNames ?? [],
      rejectionMessage: props.rejectionMessage ?? DEFAULT_REJECTION,
    };
    const fn = new BundledFunction(this, 'Handler', {
      handler: 'pre-signup',
      description: 'Cognito pre sign-up trigger (cdk-cognito-auth)',
      config: () => config,
      configProp: prop,
      logRetention: props.logRetention,
    });
    if (config.linkExternalUsers) {
      fn.grantOnPool(props.userPool, ['cognito-idp:ListUsers', 'cognito-idp:AdminLinkProviderForUser']);
    }
    this.function = fn.function;
    props.userPool.addTrigger(cognito.UserPoolOperation.PRE_SIGN_UP, fn.function);
  }
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

/** Props for a standalone `PostConfirmationTrigger`. */
export interface PostConfirmationTriggerProps extends PostConfirmationOptions {
  /** The user pool to attach the trigger to. */
  readonly userPool: cognito.UserPool;
  /**
   * Whether a pre token generation trigger adds missing default groups at sign-in (its `defaultGroups`): then a
   * failed group write does not fail the confirmation, since the next sign-in completes it.
   * @default false
   */
  readonly groupsAtSignIn?: boolean;
}

/**
 * The bundled post confirmation trigger: default groups and a profile record, safe to run twice. Its role may
 * call only AdminAddUserToGroup on this pool (when there are default groups) and PutItem on the profile table.
 */
export class PostConfirmationTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;
  /** The profile table, when there is one. */
  public readonly profileTable?: dynamodb.ITable;

  constructor(scope: Construct, id: string, props: PostConfirmationTriggerProps) {
    super(scope, id);
    const prop = 'triggers.postConfirmation';
    if (props.profileTable && props.createProfileTable) {
      throw new ConfigError(`${prop}: give profileTable or createProfileTable, not both`);
    }
    const partitionKey = props.profileTablePartitionKey ?? 'userId';
    this.profileTable =
      props.profileTable ??
      (props.createProfileTable
        ? new dynamodb.Table(this, 'Profiles', {
          partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
          billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          removalPolicy: RemovalPolicy.RETAIN,
        })
        : undefined);

    const defaultGroups = props.defaultGroups ?? [];
    const config: PostConfirmationConfig = {
      defaultGroups,
      groupsAtSignIn: props.groupsAtSignIn ?? false,
      ...(this.profileTable ? { profileTable: { tableName: this.profileTable.tableName, partitionKey } } : {}),
    };
    const fn = new BundledFunction(this, 'Handler', {
      handler: 'post-confirmation',
      description: 'Cognito post confirmation trigger (cdk-cognito-auth)',
      config: () => config,
      configProp: prop,
      logRetention: props.logRetention,
    });
    if (defaultGroups.length > 0) fn.grantOnPool(props.userPool, ['cognito-idp:AdminAddUserToGroup']);
    if (this.profileTable) {
      fn.role.attachInlinePolicy(
        new iam.Policy(this, 'TablePolicy', {
          statements: [new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [this.profileTable.tableArn] })],
        }),
      );
    }
    this.function = fn.function;
    props.userPool.addTrigger(cognito.UserPoolOperation.POST_CONFIRMATION, fn.function);
  }
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

/** Props for a standalone `PreTokenGenerationTrigger`. */
export interface PreTokenGenerationTriggerProps extends PreTokenGenerationOptions {
  /** The user pool to attach the trigger to. */
  readonly userPool: cognito.UserPool;
  /**
   * The pool's feature plan, which decides the default event version.
   * @default FeaturePlan.ESSENTIALS
   */
  readonly featurePlan?: cognito.FeaturePlan;
  /**
   * The pool's custom attribute names (without `custom:`), to check `claimsFromAttributes`.
   * @default - none
   */
  readonly customAttributeNames?: string[];
  /**
   * Group name to the permissions its members get. More can be added with `addGroup`.
   * @default - none
   */
  readonly groupPermissions?: { [group: string]: string[] };
  /**
   * Group name to the OAuth scopes added to its members' access tokens (V2 and V3 events). More can be added
   * with `addGroup`.
   * @default - none
   */
  readonly groupScopes?: { [group: string]: string[] };
  /**
   * Groups every user who signs in must be in: a missing one is added once (AdminAddUserToGroup, which the
   * function's role may then call on this pool) and is in the token being issued; later tokens find the user in it
   * and make no call. This covers users that post confirmation never sees (AdminCreateUser). A user an
   * administrator removes from such a group rejoins it at the next sign-in.
   * @default - none
   */
  readonly defaultGroups?: string[];
}

/**
 * The bundled pre token generation trigger: claims from attributes and groups, claims suppressed, scopes per
 * group, default groups for every user. Without default groups it makes no AWS call, and its role has no
 * permission beyond its own logs; with them, AdminAddUserToGroup on this pool.
 */
export class PreTokenGenerationTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;
  /** The event version Cognito sends. */
  public readonly eventVersion: cognito.LambdaVersion;

  private readonly groupPermissions: { [group: string]: string[] };
  private readonly groupScopes: { [group: string]: string[] };

  constructor(scope: Construct, id: string, props: PreTokenGenerationTriggerProps) {
    super(scope, id);
    const prop = 'triggers.preTokenGeneration';
    const plan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;
    this.eventVersion = props.eventVersion ?? (plan === cognito.FeaturePlan.LITE ? cognito.LambdaVersion.V1_0 : cognito.LambdaVersion.V2_0);
    if (this.eventVersion !== cognito.LambdaVersion.V1_0 && plan === cognito.FeaturePlan.LITE) {
      throw new ConfigError(`${prop}.eventVersion '${this.eventVersion}' needs featurePlan ESSENTIALS or PLUS, but featurePlan is 'LITE'`);
    }

    const claims = props.claimsFromAttributes ?? {};
    for (const [claim, attribute] of Object.entries(claims)) {
      validateClaimName(`${prop}.claimsFromAttributes key`, claim);
      validateAttributeName(`${prop}.claimsFromAttributes['${claim}']`, attribute, props.customAttributeNames ?? []);
    }
    const permissionsClaim = props.permissionsClaim ?? 'permissions';
    validateClaimName(`${prop}.permissionsClaim`, permissionsClaim);
    if (permissionsClaim in claims) {
      throw new ConfigError(`${prop}.permissionsClaim '${permissionsClaim}' is also a key of claimsFromAttributes`);
    }
    const suppressClaims = props.suppressClaims ?? [];
    suppressClaims.forEach((c, i) => validateClaimName(`${prop}.suppressClaims[${i}]`, c));
    const maxClaimBytes = props.maxClaimBytes ?? 2048;
    if (!Number.isInteger(maxClaimBytes) || maxClaimBytes < 2) {
      throw new ConfigError(`${prop}.maxClaimBytes ${maxClaimBytes} is invalid: give a whole number of bytes, at least 2`);
    }

    const defaultGroups = [...(props.defaultGroups ?? [])];
    this.groupPermissions = { ...props.groupPermissions };
    this.groupScopes = { ...props.groupScopes };
    const config = (): PreTokenGenerationConfig => ({
      claimsFromAttributes: claims,
      permissionsClaim,
      groupPermissions: this.groupPermissions,
      groupScopes: this.groupScopes,
      suppressClaims,
      accessTokenClaims: props.accessTokenClaims ?? true,
      maxClaimBytes,
      defaultGroups,
    });
    const fn = new BundledFunction(this, 'Handler', {
      handler: 'pre-token-generation',
      description: 'Cognito pre token generation trigger (cdk-cognito-auth)',
      config,
      configProp: prop,
      logRetention: props.logRetention,
    });
    if (defaultGroups.length > 0) fn.grantOnPool(props.userPool, ['cognito-idp:AdminAddUserToGroup']);
    this.function = fn.function;
    props.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn.function, this.eventVersion);
  }

  /**
   * Gives a group's members permissions (in the permissions claim) and access-token scopes.
   * `CognitoAuth` calls this for every group with `permissions` or `scopes`.
   */
  public addGroup(groupName: string, permissions: string[] = [], scopes: string[] = []): void {
    if (permissions.length > 0) this.groupPermissions[groupName] = [...permissions];
    if (scopes.length > 0) this.groupScopes[groupName] = [...scopes];
  }
}

/**
 * Lambda triggers, as `CognitoAuth` takes them: the three bundled ones by their settings, any other one by a
 * function of your own.
 */
export interface TriggersOptions {
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
  /** Your user migration function. @default - none */
  readonly userMigration?: lambda.IFunction;
  /** Your custom email sender (needs the pool's `customSenderKmsKey`). @default - none */
  readonly customEmailSender?: lambda.IFunction;
  /** Your custom SMS sender (needs the pool's `customSenderKmsKey`). @default - none */
  readonly customSmsSender?: lambda.IFunction;
}
