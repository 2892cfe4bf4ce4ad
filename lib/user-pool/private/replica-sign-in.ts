/**
 * Sign-in in a pool's replica regions: what Cognito does there with TOTP MFA and with passkeys, and the pools whose
 * users could not complete a sign-in there. Sources:
 *   MRR      developer guide, "Multi-Region replication for user pools": "Secondary replicas don't support TOTP MFA.
 *            Users configured with TOTP MFA must authenticate while the primary Region's user pool is serving
 *            requests"; every setting but email, SMS, triggers, tags, log export and the web ACL is set in the primary
 *            and synchronized to the replicas (so one WebAuthnRelyingPartyID serves every region).
 *   AG-MFA   developer guide, "Adding MFA to a user pool": users can't set up email MFA while the recovery option is
 *            email only.
 *   SIGNUP   API reference, SignUp: users can sign up without a password when the pool offers one-time codes.
 *   WEBAUTHN a passkey is bound to its relying party id, which must be the page's host or a registrable suffix of it;
 *            the Public Suffix List has auth.<region>.amazoncognito.com, so a prefix domain's host is the only relying
 *            party its pages can use, and it names one region.
 */
import { Annotations, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { FIRST_FACTOR } from '../../private/cognito-names';
import { ConfigError } from '../../private/errors';

/** What the checks look at: the pool's region, its replicas' regions, its MFA and its sign-in as decided. */
export interface ReplicaSignInSettings {
  readonly primaryRegion: string;
  readonly replicaRegions: string[];
  readonly mfa: cognito.Mfa;
  readonly secondFactor: cognito.MfaSecondFactor;
  readonly accountRecovery: cognito.AccountRecovery;
  /** The first factors, as Cognito names them. */
  readonly factors: string[];
  /** The passkey relying party, when passkeys are on. */
  readonly relyingPartyId?: string;
  /** Whether the relying party was given (`passkeys.relyingPartyId`) rather than derived from the pool's domain. */
  readonly relyingPartyGiven: boolean;
}

const TOKEN = /\$\{Token\[[^\]]+\]\}/;
const PREFIX_HOST = new RegExp(`^[a-z0-9-]+\\.auth(?:-fips)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+|${TOKEN.source})\\.amazoncognito\\.com(?:\\.cn)?$`);

/**
 * The region a host name is bound to when it is a Cognito prefix domain's host (`<prefix>.auth.<region>.amazoncognito.com`):
 * the region, `'<region>'` when the region is a token, or undefined for any other host (a custom domain, an app's).
 */
export function prefixHostRegion(host: string): string | undefined {
  const m = PREFIX_HOST.exec(host);
  if (!m) return undefined;
  return TOKEN.test(m[1]) ? '<region>' : m[1];
}

const list = (regions: string[]): string => regions.join(', ');

/**
 * Refuses the pools whose users could not complete sign-in in a replica region, and warns where only some way in
 * is lost there. Called only for a pool with replicas.
 */
export function checkReplicaSignIn(scope: Construct, s: ReplicaSignInSettings): void {
  const replicas = s.replicaRegions.filter((r) => !Token.isUnresolved(r));
  if (replicas.length === 0) return;
  checkTotp(scope, s, replicas);
  checkPasskeys(scope, s, replicas);
}

function checkTotp(scope: Construct, s: ReplicaSignInSettings, replicas: string[]): void {
  if (s.mfa === cognito.Mfa.OFF || !s.secondFactor.otp) return;
  // AG-MFA: with recovery by email only, no user can set email MFA up, so it is no second factor at all.
  const emailUsable = s.secondFactor.email === true && s.accountRecovery !== cognito.AccountRecovery.EMAIL_ONLY;
  if (s.mfa === cognito.Mfa.REQUIRED && !s.secondFactor.sms && !emailUsable) {
    const emailNote = s.secondFactor.email ? ' (mfaSecondFactor.email is on, but no user can set up email MFA while accountRecovery is ' +
      'EMAIL_ONLY)' : '';
    throw new ConfigError(
      `mfa is REQUIRED with TOTP (mfaSecondFactor.otp) as the only second factor${emailNote}, and Cognito replicas do not take TOTP MFA: users ` +
        `could not complete sign-in in ${list(replicas)} (replicas) while the primary region is down; turn on mfaSecondFactor.sms or ` +
          `mfaSecondFactor.email as well, or make mfa OPTIONAL`,
    );
  }
  Annotations.of(scope).addWarningV2(
    'cdk-cognito-auth:replicaTotp',
    'TOTP MFA is on, and Cognito replicas do not take TOTP: users with an authenticator app can sign in only while the primary region serves ' +
      'requests',
  );
}

function checkPasskeys(scope: Construct, s: ReplicaSignInSettings, replicas: string[]): void {
  const rp = s.relyingPartyId;
  if (rp === undefined || !s.factors.includes(FIRST_FACTOR.passkey)) return;
  const bound = prefixHostRegion(rp);
  if (bound === undefined) return;
  // A token region in a derived host is the pool's own; one in a given relying party cannot be told.
  const home = bound === '<region>' ? s.primaryRegion : bound;
  const serving = [s.primaryRegion, ...replicas].filter((r) => !Token.isUnresolved(r));
  const elsewhere = serving.filter((r) => r !== home);
  if (elsewhere.length === 0) return;
  const shown = rp.replace(new RegExp(TOKEN.source, 'g'), '<region>');
  const source = s.relyingPartyGiven ? `passkeys.relyingPartyId '${shown}'` : `the passkey relying party '${shown}' (from the pool's prefix domain)`;
  const where = Token.isUnresolved(home) ? "the pool's region" : home;
  const fix = "use a custom domain (domain.customDomain; the relying party follows it), or set passkeys.relyingPartyId to a domain that every " +
    "region's sign-in page lives under";
  const codes = s.factors.filter((f) => f === FIRST_FACTOR.emailOtp || f === FIRST_FACTOR.smsOtp);
  if (codes.length > 0) {
    // SIGNUP: with one-time codes, users may have no password; in a replica their only way in would then be a code,
    // sent with that region's own email and SMS settings (MRR: set per region).
    throw new ConfigError(
      `signInMethods.passkey is on, but ${source} is a prefix-domain host of ${where} only, and the pool also signs users in in ` +
        `${list(elsewhere)}: Cognito keeps one relying party for every region and a browser offers a passkey only on its host, so no passkey ` +
        `signs anyone in there, and users without a password ` +
        `(${codes.map((c) => (c === FIRST_FACTOR.emailOtp ? 'emailOtp' : 'smsOtp')).join(' and ')} let${codes.length === 1 ? 's' : ''} users ` +
        `sign up without one) would have only one-time codes sent with that region's own email and SMS settings; ${fix}`,
    );
  }
  Annotations.of(scope).addWarningV2(
    'cdk-cognito-auth:replicaPasskeys',
    `${source} is a prefix-domain host of ${where} only, and the pool also signs users in in ${list(elsewhere)}: Cognito keeps one relying party ` +
      `for every region and a browser offers a passkey only on its host, so passkeys sign no one in there and users sign in with their passwords ` +
        `instead; ${fix}`,
  );
}
