import type { RemovalPolicy } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { IssuerForm, UserPoolReplicaOptions } from './multi-region-options';
import type { PasskeyOptions, SignInMethods } from './sign-in-methods';

/**
 * The user pool's own settings. `CognitoAuth` takes all of these too.
 */
export interface UserPoolOptions {
  /**
   * A name for the user pool. It can change later (an update in place).
   * @default - CloudFormation generates one
   */
  readonly userPoolName?: string;

  /**
   * How users sign in. Fixed when the pool is created: a later change fails the deploy (Cognito refuses it, and
   * CloudFormation rolls back); `UpgradeCheck` and `cognito-upgrade-check` report it before the deploy.
   * @default { email: true } (email as the username)
   */
  readonly signIn?: cognito.SignInAliases;

  /**
   * Whether user names and email aliases are case sensitive. Fixed when the pool is created: a later change fails
   * the deploy (see `UpgradeCheck`).
   * @default false (case-insensitive, as Cognito recommends)
   */
  readonly signInCaseSensitive?: boolean;

  /**
   * The first factors users may sign in with: password, email or SMS one-time codes, passkeys (choice-based
   * sign-in). Passwordless methods need the Essentials or Plus plan; see the README's "Sign-in methods".
   * @default { password: true } (password only)
   */
  readonly signInMethods?: SignInMethods;

  /**
   * Passkey settings: the relying party id, user verification, and whether a passkey counts as MFA. Only with
   * `signInMethods.passkey`.
   * @default - the relying party is the pool's domain; user verification preferred; a passkey is one factor
   */
  readonly passkeys?: PasskeyOptions;

  /**
   * Attributes Cognito verifies by sending a code when they are set (at sign-up, or when they change).
   * @default - the sign-in attributes among email and phone (aws-cdk-lib's default)
   */
  readonly autoVerify?: cognito.AutoVerifiedAttrs;

  /**
   * Keep the old email address or phone number in force until the new one is verified, so a typo or a hijacked
   * session cannot move sign-in to an unproven address. Each attribute kept must be auto-verified.
   * @default - no attribute kept (a change takes effect at once, unverified)
   */
  readonly keepOriginal?: cognito.KeepOriginalAttrs;

  /**
   * Device tracking (remembered devices).
   * @default - off
   */
  readonly deviceTracking?: cognito.DeviceTracking;

  /**
   * The IAM role Cognito assumes to send SMS through Amazon SNS. Give `smsRoleExternalId` with it.
   * @default - a role is created when something sends SMS (SMS MFA, phone verification, `signInMethods.smsOtp`)
   */
  readonly smsRole?: iam.IRole;

  /**
   * The external id Cognito passes when it assumes `smsRole`; the role should trust Cognito only with it.
   * @default - none (needed with `smsRole` and `signInMethods.smsOtp`)
   */
  readonly smsRoleExternalId?: string;

  /**
   * The region of the SNS resources that send SMS: the pool's region or one of Cognito's legacy SNS regions.
   * @default - the pool's region
   */
  readonly snsRegion?: string;

  /**
   * Whether to create the SMS role when nothing needs it yet (false: never create one).
   * @default - created when something sends SMS
   */
  readonly enableSmsRole?: boolean;

  /**
   * The SMS MFA message; must contain `{####}`, where the code goes.
   * @default - Cognito's default message
   */
  readonly mfaMessage?: string;

  /**
   * Whether users may sign themselves up. When false, only administrators create users.
   * @default false
   */
  readonly selfSignUp?: boolean;

  /**
   * Standard (OIDC) attributes: which are required at sign-up and which may change. Fixed for each attribute once the
   * pool exists: making one required, or changing one listed, fails the deploy (see `UpgradeCheck`).
   * @default { email: { required: true, mutable: true } }
   */
  readonly standardAttributes?: cognito.StandardAttributes;

  /**
   * Custom attributes, keyed by name without the `custom:` prefix (at most 50, names at most 20 characters).
   * Use `StringAttribute`, `NumberAttribute`, `BooleanAttribute` or `DateTimeAttribute` from aws-cdk-lib/aws-cognito;
   * an attribute declared `mutable: false` can be set only at creation and is never writable by an app client.
   * New attributes may be added later; an existing one can never be removed or changed (type, mutability, limits):
   * such a deploy fails (see `UpgradeCheck`).
   * @default - none
   */
  readonly customAttributes?: { [name: string]: cognito.ICustomAttribute };

  /**
   * Password policy.
   * @default - at least 12 characters with lowercase, uppercase, digits and symbols; temporary passwords valid 3 days
   */
  readonly passwordPolicy?: cognito.PasswordPolicy;

  /**
   * Whether multi-factor authentication is off, optional or required.
   * @default Mfa.OPTIONAL
   */
  readonly mfa?: cognito.Mfa;

  /**
   * Which second factors are offered. Email as a second factor needs email through SES and the Essentials or Plus plan.
   * @default { otp: true, sms: false } (authenticator apps)
   */
  readonly mfaSecondFactor?: cognito.MfaSecondFactor;

  /**
   * How users recover their account.
   * @default AccountRecovery.EMAIL_ONLY (verified email only)
   */
  readonly accountRecovery?: cognito.AccountRecovery;

  /**
   * How Cognito sends email: `UserPoolEmail.withCognito()` or `UserPoolEmail.withSES({ fromEmail, fromName, sesRegion, configurationSet, ... })`.
   * @default UserPoolEmail.withCognito() (Cognito's own sender, limited to a few emails a day: use SES in production)
   */
  readonly email?: cognito.UserPoolEmail;

  /**
   * The verification message sent at sign-up.
   * @default - Cognito's default code message
   */
  readonly userVerification?: cognito.UserVerificationConfig;

  /**
   * The invitation message sent to users an administrator creates.
   * @default - Cognito's default invitation
   */
  readonly userInvitation?: cognito.UserInvitationConfig;

  /**
   * The feature plan. Managed login needs Essentials or Plus; threat protection needs Plus (which costs more per user).
   * @default FeaturePlan.ESSENTIALS
   */
  readonly featurePlan?: cognito.FeaturePlan;

  /**
   * Threat protection for standard (password and SRP) sign-in. Only on the Plus plan.
   * @default - StandardThreatProtectionMode.FULL_FUNCTION (enforced) on Plus; none on other plans
   */
  readonly threatProtection?: cognito.StandardThreatProtectionMode;

  /**
   * Threat protection for custom authentication (the CUSTOM_AUTH flow). Only on the Plus plan.
   * @default - none
   */
  readonly customThreatProtection?: cognito.CustomThreatProtectionMode;

  /**
   * Whether CloudFormation may delete the pool. Deleting a user pool deletes its users.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the pool when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The KMS key that custom email and SMS sender triggers decrypt codes with. Needed for those triggers only.
   * @default - none
   */
  readonly customSenderKmsKey?: kms.IKey;

  /**
   * Tags for the user pool and the resources created with it.
   * @default - none
   */
  readonly tags?: { [key: string]: string };

  /**
   * The form of the issuer (`iss`) in the pool's tokens. Every consumer the library makes follows it (outputs,
   * front-end config, authorizers, smoke check). Switching changes `iss` in every new token.
   * @default - IssuerForm.UPDATED with replicas, else Cognito's default (ORIGINAL), not written to the template
   */
  readonly issuer?: IssuerForm;

  /**
   * A customer managed KMS key that Cognito encrypts the user directory with. A key of this app gets the statements of
   * `AuthUserPool.keyPolicyStatements` for what uses it (Cognito, the principals that call Cognito, the log export);
   * an imported key gets a warning that lists them. The bundled triggers' roles that call Cognito's admin APIs get the
   * IAM permission to use it through Cognito. With replicas it must be a multi-Region key, with a replica key in each
   * replica region before the pool's stack deploys.
   * @default - an AWS owned key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Replicate the pool into a second region (multi-Region replication, Essentials or Plus; at most one replica): one pool
   * id, sign-ups and changes in this region, sign-ins in both. Needs the updated issuer and a multi-Region
   * `encryptionKey`; put an `AuthReplicaRegion` in a stack of the replica's region for its triggers and status.
   * Replicas do not take TOTP MFA, so MFA required with TOTP as the only second factor is refused; passkeys need a
   * relying party that is not a prefix domain's host (which names one region): a custom domain.
   * @default - no replica
   */
  readonly replicas?: UserPoolReplicaOptions[];
}
