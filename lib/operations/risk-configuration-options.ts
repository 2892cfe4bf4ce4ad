// The risk configuration's options: what threat protection does about compromised credentials and risky sign-ins,
// and which IP addresses it always allows or blocks (AWS::Cognito::UserPoolRiskConfigurationAttachment).

/** The events at which Cognito checks a password against its list of compromised credentials. */
export enum CompromisedCredentialsEvent {
  /** Sign-in with a password. */
  SIGN_IN = 'SIGN_IN',
  /** Sign-up. */
  SIGN_UP = 'SIGN_UP',
  /** A password change or reset. */
  PASSWORD_CHANGE = 'PASSWORD_CHANGE',
}

/** What Cognito does with a sign-in it assesses at a risk level (the API's AccountTakeoverEventActionType). */
export enum RiskAction {
  /** Allow the sign-in. */
  NO_ACTION = 'NO_ACTION',
  /** Ask for MFA when the user can do MFA; otherwise allow the sign-in. Needs MFA in the pool (`mfa` OPTIONAL or REQUIRED). */
  MFA_IF_CONFIGURED = 'MFA_IF_CONFIGURED',
  /** Ask for MFA when the user can do MFA; otherwise block the sign-in. Needs MFA in the pool (`mfa` OPTIONAL or REQUIRED). */
  MFA_REQUIRED = 'MFA_REQUIRED',
  /** Block the sign-in. */
  BLOCK = 'BLOCK',
}

/** What Cognito does when a password is one of its known compromised credentials. */
export interface CompromisedCredentialsOptions {
  /**
   * The events at which passwords are checked; each at most once, and not an empty list.
   * @default - all three: sign-in, sign-up and password change
   */
  readonly events?: CompromisedCredentialsEvent[];
  /**
   * Whether to block the request (the user must then reset the password); false only records the detection.
   * @default true
   */
  readonly block?: boolean;
}

/** What Cognito does at one risk level. */
export interface RiskLevelOptions {
  /** The action. */
  readonly action: RiskAction;
  /**
   * Whether to email the user about the sign-in (needs `accountTakeover.notifications`).
   * @default false
   */
  readonly notify?: boolean;
}

/**
 * One notification email. Subject: 1-140 characters; each body 6-20,000 characters; at least one body. Placeholders
 * Cognito fills in: {username}, {ip-address}, {city}, {country}, {login-time}, {device-name}, {event-id},
 * {feedback-token}, and {one-click-link-valid} / {one-click-link-invalid}, which need the pool's domain.
 */
export interface RiskNotificationEmail {
  /** The subject. */
  readonly subject: string;
  /**
   * The HTML body.
   * @default - none (give textBody)
   */
  readonly htmlBody?: string;
  /**
   * The plain-text body.
   * @default - none (give htmlBody)
   */
  readonly textBody?: string;
}

/** How risk notifications are sent: through your own Amazon SES identity. */
export interface RiskNotificationsOptions {
  /**
   * The ARN of the SES identity (an email address or a domain) that sends the emails, in a region where Cognito may
   * use it: `arn:aws:ses:<region>:<account>:identity/<address or domain>`. Its sending authorization policy must
   * let Cognito send for `fromAddress`.
   */
  readonly sourceArn: string;
  /**
   * The sender address: the identity's address, or an address in the identity's domain.
   * @default - not set (Cognito chooses the sender)
   */
  readonly fromAddress?: string;
  /**
   * The reply-to address.
   * @default - none
   */
  readonly replyTo?: string;
  /**
   * The email sent when a sign-in is blocked.
   * @default - not set (Cognito's own template)
   */
  readonly blockEmail?: RiskNotificationEmail;
  /**
   * The email sent when MFA is asked for.
   * @default - not set (Cognito's own template)
   */
  readonly mfaEmail?: RiskNotificationEmail;
  /**
   * The email sent when a risky sign-in is allowed.
   * @default - not set (Cognito's own template)
   */
  readonly noActionEmail?: RiskNotificationEmail;
}

/** Adaptive authentication: what Cognito does at each risk level it assesses a sign-in at, and how it tells the user. */
export interface AccountTakeoverOptions {
  /**
   * At low risk.
   * @default - RiskAction.NO_ACTION, no notification
   */
  readonly lowRisk?: RiskLevelOptions;
  /**
   * At medium risk.
   * @default - RiskAction.NO_ACTION, no notification
   */
  readonly mediumRisk?: RiskLevelOptions;
  /**
   * At high risk.
   * @default - RiskAction.NO_ACTION, no notification
   */
  readonly highRisk?: RiskLevelOptions;
  /**
   * The notification emails; needed when a level notifies.
   * @default - no notifications
   */
  readonly notifications?: RiskNotificationsOptions;
}

/** One risk configuration: for every app client of the pool, or for one. */
export interface RiskConfigurationOptions {
  /**
   * What to do with compromised credentials.
   * @default - nothing (Cognito does not act on compromised credentials)
   */
  readonly compromisedCredentials?: CompromisedCredentialsOptions;
  /**
   * What to do at each risk level.
   * @default - nothing (Cognito assesses risk but takes no action)
   */
  readonly accountTakeover?: AccountTakeoverOptions;
  /**
   * IP ranges never assessed for risk (always allowed), in CIDR form (`203.0.113.0/24`, `2001:db8::/32`); at most 200.
   * @default - none
   */
  readonly alwaysAllowIps?: string[];
  /**
   * IP ranges whose sign-ins are always blocked, in CIDR form; at most 200.
   * @default - none
   */
  readonly alwaysBlockIps?: string[];
}

/**
 * The pool's threat protection rules: one configuration for every app client, and optionally a client's own, which
 * replaces the pool-wide one for that client (Cognito does not merge them).
 */
export interface ThreatProtectionRulesOptions extends RiskConfigurationOptions {
  /**
   * Configurations of single app clients, by client name. Each is complete on its own: what it leaves out is not
   * taken from the pool-wide configuration.
   * @default - none: every client follows the pool-wide configuration
   */
  readonly clients?: { [clientName: string]: RiskConfigurationOptions };
}
