import { Duration, RemovalPolicy, Tags, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { FIRST_FACTOR, immutableStandardAttributes, requiredStandardAttributes } from '../private/cognito-names';
import { ConfigError, located } from '../private/errors';
import { issuerUrl } from '../private/issuer';
import { keyStatements } from '../private/key-policy';
import { checkProps } from '../private/props-check';
import { validateCustomAttributes, validatePasswordLength } from '../private/validators';
import type { KeyPolicyOptions } from './multi-region-options';
import { applyMultiRegion, MultiRegion } from './private/multi-region';
import { decideSignIn, SignInDecision } from './private/sign-in';
import type { UserPoolOptions } from './user-pool-options';

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
      this.featurePlan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;

      const attributes = this.configureAttributes(props);
      this.customAttributeNames = attributes.customAttributeNames;
      this.immutableCustomAttributeNames = attributes.immutableCustomAttributeNames;
      this.immutableStandardAttributeNames = immutableStandardAttributes(attributes.standardAttributes);
      this.requiredStandardAttributeNames = requiredStandardAttributes(attributes.standardAttributes);

      const security = this.configureSecurity(props);
      this.threatProtectionActive = security.threatProtectionActive;

      this.userPool = this.createUserPool(props, attributes, security);

      const signIn = this.configureSignIn(props, security);
      this.signInMethodNames = signIn.factors;
      this.passwordless = signIn.passwordless;
      this.passwordSignIn = signIn.factors.includes(FIRST_FACTOR.password);
      this.passkeyRelyingPartyId = signIn.relyingPartyId;

      const multiRegion = this.configureMultiRegion(props, security, signIn);
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

  /** The custom attributes (checked, with their mutability written out) and the standard attributes. */
  private configureAttributes(props: AuthUserPoolProps): PoolAttributes {
    const customAttributeNames = Object.keys(props.customAttributes ?? {});
    validateCustomAttributes('customAttributes', customAttributeNames);
    // Mutability is written out for every attribute: aws-cdk-lib documents `mutable` as false by default but
    // leaves the property out of the template when unset, which leaves the answer to Cognito.
    const customAttributes: { [name: string]: cognito.ICustomAttribute } = {};
    for (const [name, attribute] of Object.entries(props.customAttributes ?? {})) {
      const config = attribute.bind();
      customAttributes[name] = { bind: () => ({ ...config, mutable: config.mutable ?? false }) };
    }
    return {
      customAttributes,
      customAttributeNames,
      immutableCustomAttributeNames: customAttributeNames.filter((name) => customAttributes[name].bind().mutable !== true),
      standardAttributes: props.standardAttributes ?? { email: { required: true, mutable: true } },
    };
  }

  /** The password policy, threat protection, MFA and SMS settings, each checked against the plan and the others. */
  private configureSecurity(props: AuthUserPoolProps): PoolSecurity {
    const featurePlan = this.featurePlan;
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
    const threatProtectionActive =
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
    return {
      passwordPolicy,
      threatProtection,
      threatProtectionActive,
      mfa: props.mfa ?? cognito.Mfa.OPTIONAL,
      secondFactor,
      accountRecovery: props.accountRecovery ?? cognito.AccountRecovery.EMAIL_ONLY,
    };
  }

  /** The aws-cdk-lib user pool, with the library's defaults. */
  private createUserPool(props: AuthUserPoolProps, attributes: PoolAttributes, security: PoolSecurity): cognito.UserPool {
    return new cognito.UserPool(this, 'Resource', {
      userPoolName: props.userPoolName,
      signInAliases: props.signIn ?? { email: true },
      signInCaseSensitive: props.signInCaseSensitive ?? false,
      selfSignUpEnabled: props.selfSignUp ?? false,
      standardAttributes: attributes.standardAttributes,
      customAttributes: attributes.customAttributes,
      passwordPolicy: security.passwordPolicy,
      autoVerify: props.autoVerify,
      keepOriginal: props.keepOriginal,
      deviceTracking: props.deviceTracking,
      smsRole: props.smsRole,
      smsRoleExternalId: props.smsRoleExternalId,
      snsRegion: props.snsRegion,
      // SMS codes need the SMS role, which aws-cdk-lib creates by itself only for SMS MFA and phone verification.
      enableSmsRole: props.enableSmsRole ?? (props.signInMethods?.smsOtp ? true : undefined),
      mfa: security.mfa,
      mfaMessage: props.mfaMessage,
      mfaSecondFactor: security.secondFactor,
      accountRecovery: security.accountRecovery,
      email: props.email,
      userVerification: props.userVerification,
      userInvitation: props.userInvitation,
      featurePlan: this.featurePlan,
      standardThreatProtectionMode: security.threatProtection,
      customThreatProtectionMode: props.customThreatProtection,
      customSenderKmsKey: props.customSenderKmsKey,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /** The kept attributes' verification, then the first factors and passkeys, written where they differ from Cognito's default. */
  private configureSignIn(props: AuthUserPoolProps, security: PoolSecurity): SignInDecision {
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
      featurePlan: this.featurePlan,
      mfa: security.mfa,
      secondFactor: security.secondFactor,
      accountRecovery: security.accountRecovery,
      sesEmail: (cfn.emailConfiguration as cognito.CfnUserPool.EmailConfigurationProperty | undefined)?.emailSendingAccount === 'DEVELOPER',
      smsRoleGiven: props.smsRole !== undefined,
      smsRoleExternalIdGiven: props.smsRoleExternalId !== undefined,
      enableSmsRole: props.enableSmsRole,
      domainHostname: props.domainHostname,
    });
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
    return signIn;
  }

  /** The issuer, the encryption key and the replicas. */
  private configureMultiRegion(props: AuthUserPoolProps, security: PoolSecurity, signIn: SignInDecision): MultiRegion {
    return applyMultiRegion(this, this.userPool, {
      issuer: props.issuer,
      encryptionKey: props.encryptionKey,
      replicas: props.replicas,
      featurePlan: this.featurePlan,
      signIn: {
        mfa: security.mfa,
        secondFactor: security.secondFactor,
        accountRecovery: security.accountRecovery,
        factors: signIn.factors,
        relyingPartyId: signIn.relyingPartyId,
        relyingPartyGiven: props.passkeys?.relyingPartyId !== undefined,
      },
    });
  }
}

/** The pool's attributes as `configureAttributes` settles them. */
interface PoolAttributes {
  readonly customAttributes: { [name: string]: cognito.ICustomAttribute };
  readonly customAttributeNames: string[];
  readonly immutableCustomAttributeNames: string[];
  readonly standardAttributes: cognito.StandardAttributes;
}

/** The pool's password, threat protection and MFA settings as `configureSecurity` settles them. */
interface PoolSecurity {
  readonly passwordPolicy: cognito.PasswordPolicy;
  readonly threatProtection?: cognito.StandardThreatProtectionMode;
  readonly threatProtectionActive: boolean;
  readonly mfa: cognito.Mfa;
  readonly secondFactor: cognito.MfaSecondFactor;
  readonly accountRecovery: cognito.AccountRecovery;
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
