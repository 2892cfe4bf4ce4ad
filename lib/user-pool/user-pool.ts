import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { FIRST_FACTOR, immutableStandardAttributes, requiredStandardAttributes } from '../private/cognito-names';
import { atPath, located } from '../private/errors';
import { issuerUrl } from '../private/issuer';
import { cognitoCallerStatements, keyStatements, poolKeyArn } from '../private/key-policy';
import { poolMetric } from '../private/pool-metrics';
import { checkProps } from '../private/props-check';
import { validateCustomAttributes } from '../private/validators';
import type { KeyPolicyOptions } from './multi-region-options';
import { applyMultiRegion, MultiRegion } from './private/multi-region';
import { decideSecurity, PoolSecurity } from './private/security';
import { applySignIn, SignInDecision } from './private/sign-in';
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
    return atPath(scope, () => {
      checkProps('KeyPolicyOptions', options, 'AuthUserPool.keyPolicyStatements() options');
      return keyStatements(scope, { userActivityLogs: options?.userActivityLogs ?? false });
    });
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
  /** The threat protection mode for standard sign-in, when the plan has one (Plus). */
  public readonly threatProtection?: cognito.StandardThreatProtectionMode;
  /** The threat protection mode for custom authentication, when set. */
  public readonly customThreatProtection?: cognito.CustomThreatProtectionMode;
  /** Whether multi-factor authentication is off, optional or required. */
  public readonly mfa: cognito.Mfa;
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
      this.threatProtection = security.threatProtection;
      this.customThreatProtection = props.customThreatProtection;
      this.mfa = security.mfa;

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

  /**
   * Grants `grantee` the given actions on this pool, its ARN only, like aws-cdk-lib's `UserPool.grant`: for example
   * `pool.grant(role, 'cognito-idp:AdminGetUser')`. On a pool with `encryptionKey`, the grantee may also use that key
   * through Cognito of the pool's region for this pool only, as the KMS guide asks of a principal that calls Cognito
   * on a pool encrypted with a customer managed key (the statements the bundled triggers' roles get).
   * @param grantee the principal
   * @param actions the actions, such as `cognito-idp:AdminGetUser`
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    let grant = this.userPool.grant(grantee, ...actions);
    const keyArn = poolKeyArn(this.userPool);
    if (keyArn !== undefined) {
      for (const statement of cognitoCallerStatements(Stack.of(this).region, keyArn, this.userPool.userPoolArn)) {
        const { actions: kmsActions, resources: resourceArns, conditions } = statement;
        grant = grant.combine(iam.Grant.addToPrincipal({ grantee, actions: kmsActions, resourceArns, conditions }));
      }
    }
    return grant;
  }

  /**
   * Sign-ins that got tokens, over every app client: Sum counts the successes, SampleCount the attempts, Average the
   * share that succeeded.
   *
   * Like every `metric*()` method of the pool, a metric of the whole pool: Cognito publishes it per app client only
   * (dimensions UserPool and UserPoolClient), so it is a CloudWatch Metrics Insights query that sums every client's.
   * @param props `statistic`: the query's function, Sum (the default), SampleCount, Average, Minimum or Maximum;
   * `period` (default 5 minutes); `label` (default the metric's name); `color`; `dimensionsMap`: filters on the
   * metric's other dimensions, such as `{ UserPoolClient: client.userPoolClientId }` for one client. `unit`,
   * `account`, `region`, `id` and `visible` have no place in a query and are refused.
   */
  public metricSignInSuccesses(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('SignInSuccesses', props);
  }

  /**
   * Sign-ups that succeeded (admin-created users under the client `Admin`): Sum counts the successes, SampleCount the
   * attempts, Average the share that succeeded. Sum over 5 minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter (see `metricSignInSuccesses`)
   */
  public metricSignUpSuccesses(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('SignUpSuccesses', props);
  }

  /**
   * Token refreshes that succeeded: Sum counts the successes, SampleCount the attempts, Average the share that
   * succeeded. Sum over 5 minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter (see `metricSignInSuccesses`)
   */
  public metricTokenRefreshSuccesses(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('TokenRefreshSuccesses', props);
  }

  /**
   * Federated sign-ins that succeeded (also by `IdentityProvider`): Sum counts the successes, SampleCount the attempts,
   * Average the share that succeeded. Sum over 5 minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter (see `metricSignInSuccesses`)
   */
  public metricFederationSuccesses(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('FederationSuccesses', props);
  }

  /**
   * Sign-in requests that Cognito throttled: the account's request-rate quota for sign-ins was reached. Sum over 5
   * minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter (see `metricSignInSuccesses`)
   */
  public metricSignInThrottles(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('SignInThrottles', props);
  }

  /**
   * Sign-up requests that Cognito throttled: the account's request-rate quota for sign-ups was reached. Sum over 5
   * minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter (see `metricSignInSuccesses`)
   */
  public metricSignUpThrottles(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('SignUpThrottles', props);
  }

  /**
   * Token refreshes that Cognito throttled: the account's request-rate quota for token refreshes was reached. Sum over
   * 5 minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter (see `metricSignInSuccesses`)
   */
  public metricTokenRefreshThrottles(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('TokenRefreshThrottles', props);
  }

  /**
   * Federated sign-ins that Cognito throttled: the account's request-rate quota for federation was reached. Sum over 5
   * minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter (see `metricSignInSuccesses`)
   */
  public metricFederationThrottles(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('FederationThrottles', props);
  }

  /**
   * Requests in which threat protection found a risk, over every operation (threat protection's `Risk`; the Plus
   * plan with threat protection on). Sum over 5 minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter by `Operation`
   * (see `metricSignInSuccesses`)
   */
  public metricRisk(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('Risk', props);
  }

  /**
   * Requests in which threat protection found no risk, over every operation (threat protection's `NoRisk`; the Plus
   * plan with threat protection on). Sum over 5 minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter by `Operation`
   * (see `metricSignInSuccesses`)
   */
  public metricNoRisk(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('NoRisk', props);
  }

  /**
   * Requests in which threat protection detected an account takeover risk, over every operation and risk level (low,
   * medium, high; threat protection's `AccountTakeoverRisk`). Sum over 5 minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter by `Operation` or `RiskLevel`
   * (see `metricSignInSuccesses`)
   */
  public metricAccountTakeoverRisk(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('AccountTakeoverRisk', props);
  }

  /**
   * Requests in which threat protection detected compromised credentials, over every operation and risk level (threat
   * protection's `CompromisedCredentialRisk`). Sum over 5 minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter by `Operation` or `RiskLevel`
   * (see `metricSignInSuccesses`)
   */
  public metricCompromisedCredentialRisk(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('CompromisedCredentialRisk', props);
  }

  /**
   * Requests that threat protection blocked because of your own configuration of it, over every operation and risk
   * level (threat protection's `OverrideBlock`). Sum over 5 minutes by default.
   * @param props statistic, period, label, color, and `dimensionsMap` to filter by `Operation` or `RiskLevel`
   * (see `metricSignInSuccesses`)
   */
  public metricOverrideBlock(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.poolMetric('OverrideBlock', props);
  }

  /** A metric of the whole pool (see `metricSignInSuccesses`), its errors naming the method and this construct. */
  private poolMetric(metricName: string, props: cloudwatch.MetricOptions | undefined): cloudwatch.IMetric {
    return atPath(this, () => poolMetric(`metric${metricName}()`, this.userPool.userPoolId, metricName, props));
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
    return decideSecurity(this, props, this.featurePlan, DEFAULT_PASSWORD_POLICY);
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
    return applySignIn(this.userPool, props, security, this.featurePlan);
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
