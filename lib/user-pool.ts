import { Duration, RemovalPolicy, Tags, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { immutableStandardAttributes, requiredStandardAttributes } from './private/attributes';
import type { IssuerForm, KeyPolicyOptions, UserPoolReplicaOptions } from './multi-region-options';
import { keyStatements } from './private/key-policy';
import { applyMultiRegion } from './private/multi-region';
import { issuerUrl } from './private/outputs';
import { decideSignIn, FIRST_FACTOR } from './private/sign-in';
import { ConfigError, validateCustomAttributes, validatePasswordLength, located } from './private/validate';
import { checkProps } from './private/props-check';
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

/** Props for `AuthUserPool`. */
export interface AuthUserPoolProps extends UserPoolOptions {
  /**
   * The host name of the pool's sign-in domain (auth.example.com, or <prefix>.auth.<region>.amazoncognito.com):
   * the passkey relying party when `passkeys.relyingPartyId` is not set. `CognitoAuth` sets it from `domain`.
   * @default - none: passkeys then need `passkeys.relyingPartyId`
   */
  readonly domainHostname?: string;
}

/** The password policy used when none is given: 12 characters, all four classes. */
export const DEFAULT_PASSWORD_POLICY: cognito.PasswordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  tempPasswordValidity: Duration.days(3),
};

/**
 * A Cognito user pool with secure defaults: email sign-in, case-insensitive names, a strong password policy,
 * optional TOTP MFA, recovery by verified email only, retained on stack deletion with deletion protection on.
 */
export class AuthUserPool extends Construct {
  /**
   * Every key-policy statement a user pool's customer managed key needs in the region of `scope`'s stack, after the
   * Cognito guide's "Data protection in Amazon Cognito": Cognito and the identity store encrypt and decrypt for this
   * account's pools of the region and describe the key; every principal of this account that may call Cognito may use
   * the key through Cognito of the region (the roles that call the admin APIs, the bundled triggers' among them); and,
   * with `userActivityLogs`, Cognito encrypts exported logs and log delivery decrypts them. Added by the library to a key
   * of this app given as `encryptionKey` (and to `AuthReplicaRegion`'s `replicaKey`); give them to any other replica
   * key (AWS::KMS::ReplicaKey) in its replica region, and to an imported key. An `AuthReplicaRegion`'s
   * `keyPolicyStatements()` gives those of its region with its own features.
   * @param scope a construct in a stack of the key's region and account
   * @param options what else uses the key in that region
   */
  public static keyPolicyStatements(scope: Construct, options?: KeyPolicyOptions): iam.PolicyStatement[] {
    checkProps('KeyPolicyOptions', options, 'AuthUserPool.keyPolicyStatements() options');
    return keyStatements(scope, { userActivityLogs: options?.userActivityLogs ?? false });
  }

  /** The aws-cdk-lib user pool. */
  public readonly userPool: cognito.UserPool;
  /** The feature plan in force. */
  public readonly featurePlan: cognito.FeaturePlan;

  /** The custom attribute names, without `custom:`. */
  public readonly customAttributeNames: string[];
  /** The custom attribute names (without `custom:`) that are immutable, so no app client may write them. */
  public readonly immutableCustomAttributeNames: string[];
  /** The standard attributes (Cognito names, like given_name) the pool declares immutable. */
  public readonly immutableStandardAttributeNames: string[];
  /** The standard attributes (Cognito names) the pool requires at sign-up. */
  public readonly requiredStandardAttributeNames: string[];
  /** The first factors users may sign in with, as Cognito names them: PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN. */
  public readonly signInMethodNames: string[];
  /** Whether a passwordless first factor is on (clients that sign users in then need ALLOW_USER_AUTH). */
  public readonly passwordless: boolean;
  /** Whether users may sign in with a password. */
  public readonly passwordSignIn: boolean;
  /** The passkey relying party id, when passkeys are on. */
  public readonly passkeyRelyingPartyId?: string;
  /**
   * Whether threat protection is on (audit-only or full-function, for standard or custom authentication): only then
   * does Cognito assess risk, publish risk metrics and export authentication events.
   */
  public readonly threatProtectionActive: boolean;
  /** Whether the pool's tokens carry the updated issuer. */
  public readonly updatedIssuer: boolean;
  /** The issuer of the pool's tokens (see `issuer`). */
  public readonly issuerUrl: string;
  /** The regions of the pool's replicas. */
  public readonly replicaRegions: string[];
  /** The replicas (AWS::Cognito::UserPoolReplica), in the pool's stack. */
  public readonly replicas: cognito.CfnUserPoolReplica[];
  /** The encryption key, when given. */
  public readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: AuthUserPoolProps = {}) {
    super(scope, id);
    try {
      checkProps('AuthUserPoolProps', props);

      const featurePlan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;
      this.featurePlan = featurePlan;

      this.customAttributeNames = Object.keys(props.customAttributes ?? {});
      validateCustomAttributes('customAttributes', this.customAttributeNames);
      // Mutability is written out for every attribute: aws-cdk-lib documents `mutable` as false by default but
      // leaves the property out of the template when unset, which leaves the answer to Cognito.
      const customAttributes: { [name: string]: cognito.ICustomAttribute } = {};
      for (const [name, attribute] of Object.entries(props.customAttributes ?? {})) {
        const config = attribute.bind();
        customAttributes[name] = { bind: () => ({ ...config, mutable: config.mutable ?? false }) };
      }
      this.immutableCustomAttributeNames = this.customAttributeNames.filter(
        (name) => customAttributes[name].bind().mutable !== true,
      );

      const standardAttributes = props.standardAttributes ?? { email: { required: true, mutable: true } };
      this.immutableStandardAttributeNames = immutableStandardAttributes(standardAttributes);
      this.requiredStandardAttributeNames = requiredStandardAttributes(standardAttributes);

      const passwordPolicy = props.passwordPolicy ?? DEFAULT_PASSWORD_POLICY;
      if (passwordPolicy.minLength !== undefined) {
        validatePasswordLength('passwordPolicy.minLength', passwordPolicy.minLength);
      }

      if (props.threatProtection !== undefined && featurePlan !== cognito.FeaturePlan.PLUS) {
        throw new ConfigError(
          `threatProtection '${props.threatProtection}' needs featurePlan PLUS, but featurePlan is '${featurePlan}'`,
        );
      }
      const threatProtection =
        props.threatProtection ??
        (featurePlan === cognito.FeaturePlan.PLUS ? cognito.StandardThreatProtectionMode.FULL_FUNCTION : undefined);

      this.threatProtectionActive =
        (threatProtection !== undefined && threatProtection !== cognito.StandardThreatProtectionMode.NO_ENFORCEMENT) || props.customThreatProtection !== undefined;

      if (props.customThreatProtection !== undefined && featurePlan !== cognito.FeaturePlan.PLUS) {
        throw new ConfigError(
          `customThreatProtection ${props.customThreatProtection === cognito.CustomThreatProtectionMode.FULL_FUNCTION ? 'FULL_FUNCTION' : 'AUDIT_ONLY'} needs featurePlan PLUS, but featurePlan is '${featurePlan}'`,
        );
      }

      if (props.snsRegion !== undefined && !Token.isUnresolved(props.snsRegion) && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(props.snsRegion)) {
        throw new ConfigError(`snsRegion '${props.snsRegion}' is not a region name like us-east-1: give the pool's region or one of Cognito's legacy SNS regions`);
      }
      if (props.smsRoleExternalId !== undefined && props.smsRole === undefined) {
        throw new ConfigError('smsRoleExternalId is set without smsRole: the external id belongs to your own role (a created role gets one of its own); give smsRole too, or leave smsRoleExternalId out');
      }

      const secondFactor = props.mfaSecondFactor ?? { otp: true, sms: false };
      if (secondFactor.email && featurePlan === cognito.FeaturePlan.LITE) {
        throw new ConfigError(
          `mfaSecondFactor.email needs featurePlan ESSENTIALS or PLUS, but featurePlan is '${featurePlan}'`,
        );
      }
      if (secondFactor.email && props.mfa !== undefined && props.mfa !== cognito.Mfa.OFF && !sendsWithSes(this, props.email)) {
        throw new ConfigError(
          'mfaSecondFactor.email is on, but email does not send through Amazon SES: Cognito sends MFA codes by email only from your own SES identity; set email: UserPoolEmail.withSES({ fromEmail, sesRegion }), or turn mfaSecondFactor.email off',
        );
      }

      this.userPool = new cognito.UserPool(this, 'Resource', {
        userPoolName: props.userPoolName,
        signInAliases: props.signIn ?? { email: true },
        signInCaseSensitive: props.signInCaseSensitive ?? false,
        selfSignUpEnabled: props.selfSignUp ?? false,
        standardAttributes,
        customAttributes,
        passwordPolicy,
        autoVerify: props.autoVerify,
        keepOriginal: props.keepOriginal,
        deviceTracking: props.deviceTracking,
        smsRole: props.smsRole,
        smsRoleExternalId: props.smsRoleExternalId,
        snsRegion: props.snsRegion,
        // SMS codes need the SMS role, which aws-cdk-lib creates by itself only for SMS MFA and phone verification.
        enableSmsRole: props.enableSmsRole ?? (props.signInMethods?.smsOtp ? true : undefined),
        mfa: props.mfa ?? cognito.Mfa.OPTIONAL,
        mfaMessage: props.mfaMessage,
        mfaSecondFactor: secondFactor,
        accountRecovery: props.accountRecovery ?? cognito.AccountRecovery.EMAIL_ONLY,
        email: props.email,
        userVerification: props.userVerification,
        userInvitation: props.userInvitation,
        featurePlan,
        standardThreatProtectionMode: threatProtection,
        customThreatProtectionMode: props.customThreatProtection,
        customSenderKmsKey: props.customSenderKmsKey,
        deletionProtection: props.deletionProtection ?? true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });

      const cfn = this.userPool.node.defaultChild as cognito.CfnUserPool;
      // VerifyUserAttribute takes a code only for "a value of an auto-verified attribute": a kept attribute that is
      // not auto-verified would keep its old value until an administrator marks the new one verified.
      for (const [key, attribute] of [['email', 'email'], ['phone', 'phone_number']] as const) {
        if (props.keepOriginal?.[key] && !(cfn.autoVerifiedAttributes ?? []).includes(attribute)) {
          throw new ConfigError(
            `keepOriginal.${key} is true, but ${attribute} is not auto-verified (autoVerify.${key}): Cognito sends no code for the new value, so users could never verify a change and it would stay pending`,
          );
        }
      }
      const signIn = decideSignIn({
        methods: props.signInMethods ?? {},
        passkeys: props.passkeys,
        featurePlan,
        mfa: props.mfa ?? cognito.Mfa.OPTIONAL,
        secondFactor,
        accountRecovery: props.accountRecovery ?? cognito.AccountRecovery.EMAIL_ONLY,
        sesEmail: (cfn.emailConfiguration as cognito.CfnUserPool.EmailConfigurationProperty | undefined)?.emailSendingAccount === 'DEVELOPER',
        smsRoleGiven: props.smsRole !== undefined,
        smsRoleExternalIdGiven: props.smsRoleExternalId !== undefined,
        enableSmsRole: props.enableSmsRole,
        domainHostname: props.domainHostname,
      });
      this.signInMethodNames = signIn.factors;
      this.passwordless = signIn.passwordless;
      this.passwordSignIn = signIn.factors.includes(FIRST_FACTOR.password);
      this.passkeyRelyingPartyId = signIn.relyingPartyId;
      // Written only when it differs from Cognito's default (password only), so a pool without passwordless sign-in
      // keeps the template it had. aws-cdk-lib's signInPolicy insists on password, which Cognito does not.
      if (signIn.passwordless) {
        cfn.addPropertyOverride('Policies.SignInPolicy.AllowedFirstAuthFactors', signIn.factors);
      }
      if (signIn.relyingPartyId !== undefined) {
        cfn.webAuthnRelyingPartyId = signIn.relyingPartyId;
        cfn.webAuthnUserVerification = signIn.userVerification;
        if (signIn.multiFactor) cfn.webAuthnFactorConfiguration = 'MULTI_FACTOR_WITH_USER_VERIFICATION';
      }

      const multiRegion = applyMultiRegion(this, this.userPool, {
        issuer: props.issuer,
        encryptionKey: props.encryptionKey,
        replicas: props.replicas,
        featurePlan,
        signIn: {
          mfa: props.mfa ?? cognito.Mfa.OPTIONAL,
          secondFactor,
          accountRecovery: props.accountRecovery ?? cognito.AccountRecovery.EMAIL_ONLY,
          factors: signIn.factors,
          relyingPartyId: signIn.relyingPartyId,
          relyingPartyGiven: props.passkeys?.relyingPartyId !== undefined,
        },
      });
      this.updatedIssuer = multiRegion.updatedIssuer;
      this.replicaRegions = multiRegion.replicaRegions;
      this.replicas = multiRegion.replicas;
      this.encryptionKey = props.encryptionKey;
      this.issuerUrl = issuerUrl(this.userPool);

      for (const [key, value] of Object.entries(props.tags ?? {})) {
        Tags.of(this).add(key, value);
      }
    } catch (err) {
      throw located(this, err);
    }
  }
}

/**
 * Whether the pool's email goes through the account's own SES identity (UserPoolEmail.withSES), as email MFA needs;
 * aws-cdk-lib's own check, read before it would throw an error that names none of this library's props.
 */
function sendsWithSes(scope: Construct, email: cognito.UserPoolEmail | undefined): boolean {
  if (email === undefined) return false;
  const bound = (email as unknown as { _bind(scope: Construct): { emailSendingAccount?: string } })._bind(scope);
  return bound.emailSendingAccount === 'DEVELOPER';
}
