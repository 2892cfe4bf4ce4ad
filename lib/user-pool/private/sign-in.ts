/**
 * Choice-based sign-in: the first factors, passkeys and the MFA rules that go with them. Each rule names its
 * source in the Amazon Cognito documentation:
 *   AG-METHODS  developer guide, "Authentication with Amazon Cognito user pools" (authentication-flow-methods)
 *   AG-MFA      developer guide, "Adding MFA to a user pool" (user-pool-settings-mfa), "Things to know"
 *   API-SIGNIN  API reference, SignInPolicyType / WebAuthnConfigurationType / WebAuthnMfaSettingsType
 *   CFN-POOL    CloudFormation, AWS::Cognito::UserPool (WebAuthnRelyingPartyID, EnabledMfas, WebAuthnFactorConfiguration)
 */
import { Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { PasskeyOptions, SignInMethods } from '../sign-in-methods';
import type { UserPoolOptions } from '../user-pool-options';
import type { PoolSecurity } from './security';
import { FIRST_FACTOR, methodProps } from '../../private/cognito-names';
import { ConfigError } from '../../private/errors';

/** CFN-POOL: WebAuthnRelyingPartyID is 1 to 63 characters (the API takes 127; CloudFormation's schema is the bound). */
export const RELYING_PARTY_ID_MAX_LENGTH = 63;

/** aws-cdk-lib's `Mfa` member names: its values are Cognito's (`ON` for `Mfa.REQUIRED`). */
export function mfaName(mfa: cognito.Mfa): string {
  return mfa === cognito.Mfa.REQUIRED ? 'REQUIRED' : mfa;
}

/** What the sign-in rules look at. */
export interface SignInSettings {
  readonly methods: SignInMethods;
  readonly passkeys?: PasskeyOptions;
  readonly featurePlan: cognito.FeaturePlan;
  readonly mfa: cognito.Mfa;
  readonly secondFactor: cognito.MfaSecondFactor;
  readonly accountRecovery: cognito.AccountRecovery;
  /** Whether email goes through the user's own SES identity (EmailSendingAccount DEVELOPER). */
  readonly sesEmail: boolean;
  readonly smsRoleGiven: boolean;
  readonly smsRoleExternalIdGiven: boolean;
  readonly enableSmsRole?: boolean;
  /** The host name of the pool's domain, when it has one. */
  readonly domainHostname?: string;
}

/** The sign-in as decided: the first factors in Cognito's order and the passkey settings to write. */
export interface SignInDecision {
  readonly factors: string[];
  readonly passwordless: boolean;
  readonly relyingPartyId?: string;
  readonly userVerification?: cognito.PasskeyUserVerification;
  readonly multiFactor: boolean;
}

/** The first factors, checked against the plan, the MFA setting and what each method needs. */
export function decideSignIn(s: SignInSettings): SignInDecision {
  const m = s.methods;
  const password = m.password ?? true;
  const factors = [
    ...(password ? [FIRST_FACTOR.password] : []),
    ...(m.emailOtp ? [FIRST_FACTOR.emailOtp] : []),
    ...(m.smsOtp ? [FIRST_FACTOR.smsOtp] : []),
    ...(m.passkey ? [FIRST_FACTOR.passkey] : []),
  ];
  const passwordless = factors.some((f) => f !== FIRST_FACTOR.password);

  if (factors.length === 0) {
    throw new ConfigError('signInMethods turns every method off: turn on at least one of password, emailOtp, smsOtp, passkey');
  }
  // AG-METHODS: "The WEB_AUTHN option for passkey authentication must be accompanied by at least one other option."
  if (factors.length === 1 && m.passkey) {
    throw new ConfigError(
      'signInMethods has passkey as the only method: Cognito requires another first factor beside passkeys (users sign in once before they can ' +
        'register a passkey); keep password, or turn on emailOtp or smsOtp',
    );
  }
  // API-SIGNIN: the passwordless factors need "the Essentials tier or higher".
  if (passwordless && s.featurePlan === cognito.FeaturePlan.LITE) {
    throw new ConfigError(
      `signInMethods turns on ${methodProps(factors.filter((f) => f !== FIRST_FACTOR.password))}, which need${factors.length > 2 ? '' : 's'} ` +
        `featurePlan ESSENTIALS or PLUS, but featurePlan is 'LITE'`,
    );
  }
  // AG-MFA: "You can't add WEB_AUTHN, EMAIL_OTP, or SMS_OTP to AllowedFirstAuthFactors when MFA is required"; since
  // passkey MFA (API-SIGNIN, WebAuthnMfaSettingsType) "passkey sign-in is available when MFA is required".
  const codes = factors.filter((f) => f === FIRST_FACTOR.emailOtp || f === FIRST_FACTOR.smsOtp);
  if (codes.length > 0 && s.mfa === cognito.Mfa.REQUIRED) {
    throw new ConfigError(
      `signInMethods turns on ${methodProps(codes)}, but mfa is REQUIRED: Cognito offers one-time-code sign-in only when MFA is optional or off`,
    );
  }
  if (m.emailOtp && !s.sesEmail) {
    // CFN-POOL (EnabledMfas EMAIL_OTP) and EmailMfaConfigType, which configures email MFA and email sign-in codes
    // alike: the codes go out only through the pool's own SES identity (EmailSendingAccount DEVELOPER).
    throw new ConfigError(
      "signInMethods.emailOtp needs email through Amazon SES, but email is Cognito's own sender: set email to UserPoolEmail.withSES({ fromEmail, " +
        "... }) with a verified SES identity",
    );
  }
  if (m.smsOtp) {
    if (s.enableSmsRole === false && !s.smsRoleGiven) {
      throw new ConfigError(
        'signInMethods.smsOtp needs an SMS configuration, but enableSmsRole is false and no smsRole is given: give smsRole and smsRoleExternalId, ' +
          'or leave enableSmsRole unset so that a role is created',
      );
    }
    if (s.smsRoleGiven && !s.smsRoleExternalIdGiven) {
      throw new ConfigError(
        'signInMethods.smsOtp with your own smsRole needs smsRoleExternalId: Cognito passes it when it assumes the role, and the role should trust ' +
          'Cognito only with it (sts:ExternalId)',
      );
    }
  }

  const p = s.passkeys;
  if (p !== undefined && !m.passkey) {
    throw new ConfigError('passkeys is set, but signInMethods.passkey is not true: turn passkeys on, or leave passkeys out');
  }
  const multiFactor = m.passkey === true && p?.multiFactor === true;
  let relyingPartyId: string | undefined;
  let userVerification: cognito.PasskeyUserVerification | undefined;
  if (m.passkey) {
    if (s.mfa === cognito.Mfa.REQUIRED && !multiFactor) {
      throw new ConfigError(
        'signInMethods.passkey is on and mfa is REQUIRED, but passkeys.multiFactor is not true: Cognito offers passkey sign-in in a pool that ' +
          'requires MFA only when a passkey counts as MFA; set passkeys.multiFactor to true (with user verification required), or make mfa OPTIONAL',
      );
    }
    if (multiFactor && s.mfa === cognito.Mfa.OFF) {
      throw new ConfigError('passkeys.multiFactor is true, but mfa is OFF: there is no MFA for a passkey to satisfy; turn mfa on, or leave ' +
        'multiFactor out');
    }
    if (multiFactor && p?.userVerification === cognito.PasskeyUserVerification.PREFERRED) {
      throw new ConfigError(
        "passkeys.multiFactor is true, but passkeys.userVerification is 'preferred': a passkey counts as a second factor only with user " +
          "verification (MULTI_FACTOR_WITH_USER_VERIFICATION); set it to PasskeyUserVerification.REQUIRED or leave it unset",
      );
    }
    userVerification = p?.userVerification ?? (multiFactor ? cognito.PasskeyUserVerification.REQUIRED : cognito.PasskeyUserVerification.PREFERRED);
    if (p?.relyingPartyId !== undefined) {
      validateRelyingPartyId('passkeys.relyingPartyId', p.relyingPartyId);
      relyingPartyId = p.relyingPartyId;
    } else if (s.domainHostname !== undefined) {
      // A long prefix in a long region name makes a host name longer than CloudFormation takes.
      if (!Token.isUnresolved(s.domainHostname) && s.domainHostname.length > RELYING_PARTY_ID_MAX_LENGTH) {
        throw new ConfigError(
          `signInMethods.passkey is on, and the relying party derived from the pool's domain, '${s.domainHostname}', is ${s.domainHostname.length} ` +
            `characters long: Cognito takes at most ${RELYING_PARTY_ID_MAX_LENGTH}; use a shorter domain, or set passkeys.relyingPartyId`,
        );
      }
      relyingPartyId = s.domainHostname;
    } else {
      throw new ConfigError(
        "signInMethods.passkey is on, but the pool has no domain to derive the passkey relying party from: set passkeys.relyingPartyId to the host " +
          "name your app's users sign in on (like app.example.com), or give the pool a domain",
      );
    }
  }
  validateMfaFactors(s);
  return { factors, passwordless, relyingPartyId, userVerification, multiFactor };
}

/** MFA settings that leave a user no way to set MFA up, and so no way in. */
function validateMfaFactors(s: SignInSettings): void {
  if (s.mfa === cognito.Mfa.OFF) return;
  const f = s.secondFactor;
  if (!f.otp && !f.sms && !f.email) {
    // API-SIGNIN (WebAuthnMfaSettingsType): a passkey MFA user "must also have at least one other MFA method such as
    // SMS, TOTP, or email activated to prevent account lockout".
    throw new ConfigError(
      `mfa is ${mfaName(s.mfa)}, but mfaSecondFactor turns on no factor: users could set up no second factor (a passkey is registered only after a ` +
        `sign-in); turn on otp, sms or email`,
    );
  }
  // AG-MFA: "users can't set up email MFA when your recovery option is Email only".
  if (s.mfa === cognito.Mfa.REQUIRED && f.email && !f.otp && !f.sms && s.accountRecovery === cognito.AccountRecovery.EMAIL_ONLY) {
    throw new ConfigError(
      'mfa is REQUIRED with email as the only second factor, but accountRecovery is EMAIL_ONLY: Cognito lets no user set up email MFA while email ' +
        'is the only recovery, so no user could sign in; turn on otp or sms, or change accountRecovery',
    );
  }
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A relying party id: a lowercase host name (no scheme, port or path), at most 63 characters. Tokens pass. */
export function validateRelyingPartyId(prop: string, id: string): void {
  if (Token.isUnresolved(id)) return;
  const fail = (why: string): never => {
    throw new ConfigError(`${prop} '${id}' is invalid: ${why}`);
  };
  if (id.length < 1 || id.length > RELYING_PARTY_ID_MAX_LENGTH) fail(`it is ${id.length} characters long; Cognito takes 1 to ` +
    `${RELYING_PARTY_ID_MAX_LENGTH}`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(id)) fail('give the host name alone, without a scheme (auth.example.com, not https://auth.example.com)');
  if (/[/:?#]/.test(id)) fail('give the host name alone, without a port or a path');
  if (id !== id.toLowerCase()) fail('use lowercase');
  const labels = id.split('.');
  if (!labels.every((l) => LABEL.test(l))) fail('it is not a host name: labels of letters, digits and hyphens, separated by dots');
  if (/^\d+$/.test(labels[labels.length - 1])) fail('an IP address cannot be a relying party; use a domain name');
}

/**
 * The kept attributes' verification, then the first factors and passkeys, written on the pool where they differ from
 * Cognito's default (`AuthUserPool` calls it with its props).
 */
export function applySignIn(
  userPool: cognito.UserPool,
  props: UserPoolOptions & { readonly domainHostname?: string },
  security: PoolSecurity,
  featurePlan: cognito.FeaturePlan,
): SignInDecision {
  const cfn = userPool.node.defaultChild as cognito.CfnUserPool;
  // VerifyUserAttribute takes a code only for "a value of an auto-verified attribute": a kept attribute that is
  // not auto-verified would keep its old value until an administrator marks the new one verified.
  for (const [key, attribute] of [['email', 'email'], ['phone', 'phone_number']] as const) {
    if (props.keepOriginal?.[key] && !(cfn.autoVerifiedAttributes ?? []).includes(attribute)) {
      throw new ConfigError(
        `keepOriginal.${key} is true, but ${attribute} is not auto-verified (autoVerify.${key}): Cognito sends no code for the new value, so users ` +
          `could never verify a change and it would stay pending`,
      );
    }
  }
  const signIn = decideSignIn({
    methods: props.signInMethods ?? {},
    passkeys: props.passkeys,
    featurePlan,
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
