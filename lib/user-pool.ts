import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { immutableStandardAttributes, requiredStandardAttributes } from './private/attributes';
import { ConfigError, validateCustomAttributes, validatePasswordLength, located } from './private/validate';

/**
 * The user pool's own settings. `CognitoAuth` takes all of these too.
 */
export interface UserPoolOptions {
  /**
   * A name for the user pool. Changing it replaces the pool.
   * @default - CloudFormation generates one
   */
  readonly userPoolName?: string;

  /**
   * How users sign in.
   * @default { email: true } (email as the username)
   */
  readonly signIn?: cognito.SignInAliases;

  /**
   * Whether user names and email aliases are case sensitive.
   * @default false (case-insensitive, as Cognito recommends)
   */
  readonly signInCaseSensitive?: boolean;

  /**
   * Whether users may sign themselves up. When false, only administrators create users.
   * @default false
   */
  readonly selfSignUp?: boolean;

  /**
   * Standard (OIDC) attributes: which are required at sign-up and which may change.
   * @default { email: { required: true, mutable: true } }
   */
  readonly standardAttributes?: cognito.StandardAttributes;

  /**
   * Custom attributes, keyed by name without the `custom:` prefix (at most 50, names at most 20 characters).
   * Use `StringAttribute`, `NumberAttribute`, `BooleanAttribute` or `DateTimeAttribute` from aws-cdk-lib/aws-cognito;
   * an attribute declared `mutable: false` can be set only at creation and is never writable by an app client.
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
}

/** Props for `AuthUserPool`. */
export interface AuthUserPoolProps extends UserPoolOptions {}

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

  constructor(scope: Construct, id: string, props: AuthUserPoolProps = {}) {
    super(scope, id);
    try {

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

      const secondFactor = props.mfaSecondFactor ?? { otp: true, sms: false };
      if (secondFactor.email && featurePlan === cognito.FeaturePlan.LITE) {
        throw new ConfigError(
          `mfaSecondFactor.email needs featurePlan ESSENTIALS or PLUS, but featurePlan is '${featurePlan}'`,
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
        mfa: props.mfa ?? cognito.Mfa.OPTIONAL,
        mfaSecondFactor: secondFactor,
        accountRecovery: props.accountRecovery ?? cognito.AccountRecovery.EMAIL_ONLY,
        email: props.email,
        userVerification: props.userVerification,
        userInvitation: props.userInvitation,
        featurePlan,
        standardThreatProtectionMode: threatProtection,
        customSenderKmsKey: props.customSenderKmsKey,
        deletionProtection: props.deletionProtection ?? true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });

      for (const [key, value] of Object.entries(props.tags ?? {})) {
        Tags.of(this).add(key, value);
      }
    } catch (err) {
      throw located(this, err);
    }
  }
}
