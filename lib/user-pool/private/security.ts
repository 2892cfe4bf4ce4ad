import { Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { ConfigError } from '../../private/errors';
import { validatePasswordLength } from '../../private/validators';
import type { UserPoolOptions } from '../user-pool-options';

/** The pool's password, threat protection and MFA settings as `decideSecurity` settles them. */
export interface PoolSecurity {
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

/**
 * The password policy (`defaultPasswordPolicy` when none is given), threat protection, MFA and SMS settings, each
 * checked against the plan and the others.
 */
export function decideSecurity(
  scope: Construct,
  props: UserPoolOptions,
  featurePlan: cognito.FeaturePlan,
  defaultPasswordPolicy: cognito.PasswordPolicy,
): PoolSecurity {
  const passwordPolicy = props.passwordPolicy ?? defaultPasswordPolicy;
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
    (threatProtection !== undefined && threatProtection !== cognito.StandardThreatProtectionMode.NO_ENFORCEMENT) ||
    props.customThreatProtection !== undefined;
  if (props.customThreatProtection !== undefined && featurePlan !== cognito.FeaturePlan.PLUS) {
    throw new ConfigError(
      'customThreatProtection ' +
        `${props.customThreatProtection === cognito.CustomThreatProtectionMode.FULL_FUNCTION ? 'FULL_FUNCTION' : 'AUDIT_ONLY'} ` +
        `needs featurePlan PLUS, but featurePlan is '${featurePlan}'`,
    );
  }

  if (props.snsRegion !== undefined && !Token.isUnresolved(props.snsRegion) && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(props.snsRegion)) {
    throw new ConfigError(`snsRegion '${props.snsRegion}' is not a region name like us-east-1: give the pool's region or one of Cognito's legacy ` +
      `SNS regions`);
  }
  if (props.smsRoleExternalId !== undefined && props.smsRole === undefined) {
    throw new ConfigError('smsRoleExternalId is set without smsRole: the external id belongs to your own role (a created role gets one of its ' +
      'own); give smsRole too, or leave smsRoleExternalId out');
  }

  const secondFactor = props.mfaSecondFactor ?? { otp: true, sms: false };
  if (secondFactor.email && featurePlan === cognito.FeaturePlan.LITE) {
    throw new ConfigError(
      `mfaSecondFactor.email needs featurePlan ESSENTIALS or PLUS, but featurePlan is '${featurePlan}'`,
    );
  }
  if (secondFactor.email && props.mfa !== undefined && props.mfa !== cognito.Mfa.OFF && !sendsWithSes(scope, props.email)) {
    throw new ConfigError(
      'mfaSecondFactor.email is on, but email does not send through Amazon SES: Cognito sends MFA codes by email only from your own SES identity; ' +
        'set email: UserPoolEmail.withSES({ fromEmail, sesRegion }), or turn mfaSecondFactor.email off',
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
