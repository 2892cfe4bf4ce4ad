import type * as cognito from 'aws-cdk-lib/aws-cognito';

/**
 * The ways a user may sign in first (Cognito's choice-based sign-in, the `USER_AUTH` flow). Every method but
 * `password` is passwordless and needs the Essentials or Plus plan. App clients that sign users in get the
 * `ALLOW_USER_AUTH` flow when a passwordless method is on, and managed login offers each method on its sign-in page.
 */
export interface SignInMethods {
  /**
   * Password sign-in (SRP or plain, and `PASSWORD` in choice-based sign-in). It may be turned off only when another
   * method besides passkeys is on: Cognito does not take a passkey as the only way in.
   * @default true
   */
  readonly password?: boolean;

  /**
   * A one-time code sent by email (`EMAIL_OTP`). Needs email through your own Amazon SES identity
   * (`email: UserPoolEmail.withSES(...)`), and MFA not required.
   * @default false
   */
  readonly emailOtp?: boolean;

  /**
   * A one-time code sent by SMS (`SMS_OTP`). Needs an SMS configuration: the library has aws-cdk-lib create the
   * SMS role (with an external id; SMS goes out from the pool's region) unless you give `smsRole` and `smsRoleExternalId`. MFA
   * must not be required.
   * @default false
   */
  readonly smsOtp?: boolean;

  /**
   * Passkeys (`WEB_AUTHN`): biometrics, security keys, platform authenticators. Users register a passkey after
   * their first sign-in. See `passkeys` for the relying party and user verification.
   * @default false
   */
  readonly passkey?: boolean;
}

/** Passkey settings of the pool. Only with `signInMethods.passkey`. */
export interface PasskeyOptions {
  /**
   * The relying party id: the domain that passkeys are bound to. With a hosted domain and clients that sign in on
   * its pages, it must be that domain's host name (Cognito requires the custom domain's name; browsers bind a
   * passkey to the host it was made on). Changing it later makes every user register their passkeys again.
   * A host name: lowercase, no scheme, port or path, at most 63 characters. With `replicas`, a prefix domain's host
   * works in its own region only (refused when one-time codes are on, a warning otherwise): use a custom domain.
   * @default - the pool's domain: the custom domain's name, else the prefix domain's host
   * (`<prefix>.auth.<region>.amazoncognito.com`); without a domain it must be given
   */
  readonly relyingPartyId?: string;

  /**
   * Whether passkeys must verify the user (biometric or PIN) when they register and sign in.
   * @default PasskeyUserVerification.REQUIRED with `multiFactor`, else PasskeyUserVerification.PREFERRED
   * (Cognito's default)
   */
  readonly userVerification?: cognito.PasskeyUserVerification;

  /**
   * Whether a passkey with user verification counts as multi-factor authentication
   * (`WebAuthnFactorConfiguration: MULTI_FACTOR_WITH_USER_VERIFICATION`), so passkey sign-in works in a pool whose
   * MFA is required. Needs MFA on and user verification required.
   * @default false (a passkey is one factor)
   */
  readonly multiFactor?: boolean;
}
