// The checks of a risk configuration's options against the limits of SetRiskConfiguration (Cognito API reference:
// RiskExceptionConfigurationType, NotifyConfigurationType, NotifyEmailType, CompromisedCredentialsRiskConfigurationType),
// and its CloudFormation properties. `prefix` is where the options sit in the caller's props ('' in the construct's own).
import { isIPv4, isIPv6 } from 'net';
import { Token } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { ConfigError } from '../../private/errors';
import { validateUnique } from '../../private/validators';
import {
  AccountTakeoverOptions,
  CompromisedCredentialsEvent,
  RiskAction,
  RiskConfigurationOptions,
  RiskNotificationEmail,
  RiskNotificationsOptions,
} from '../risk-configuration-options';

/** RiskExceptionConfigurationType: BlockedIPRangeList and SkippedIPRangeList, each at most 200 items. */
export const RISK_IP_RANGES_MAX = 200;
/** NotifyEmailType: Subject 1-140 characters, HtmlBody and TextBody 6-20,000. */
export const RISK_SUBJECT_MAX = 140;
export const RISK_BODY_MIN = 6;
export const RISK_BODY_MAX = 20000;
/** NotifyConfigurationType: SourceArn 20-2048 characters. */
export const RISK_SOURCE_ARN_MIN = 20;
export const RISK_SOURCE_ARN_MAX = 2048;
/** The placeholders Cognito fills in threat protection emails (developer guide, "Message templates"). */
export const RISK_PLACEHOLDERS = [
  'username', 'ip-address', 'city', 'country', 'login-time', 'device-name', 'one-click-link-valid', 'one-click-link-invalid', 'event-id',
  'feedback-token',
];
/** The placeholders that need a domain on the pool (the one-click links point at it). */
export const ONE_CLICK_PLACEHOLDERS = ['one-click-link-valid', 'one-click-link-invalid'];

const SUBJECT = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+$/u;
const BODY = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]+$/u;
const SES_IDENTITY = /^arn:aws[a-z-]*:ses:([a-z0-9-]+):(\d{12}):identity\/(.+)$/;
const LEVELS: (keyof Pick<AccountTakeoverOptions, 'lowRisk' | 'mediumRisk' | 'highRisk'>)[] = ['lowRisk', 'mediumRisk', 'highRisk'];

const known = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);

/** Checks one CIDR: an IPv4 address with a prefix of 0-32, or an IPv6 address with a prefix of 0-128. */
function validateCidr(prop: string, cidr: string): void {
  if (Token.isUnresolved(cidr)) return;
  const [address, prefix, ...rest] = cidr.split('/');
  const bits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : undefined;
  if (bits === undefined || prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) {
    throw new ConfigError(`${prop} '${cidr}' is not an IP range in CIDR form: an IPv4 address with /0 to /32 (203.0.113.0/24) or an IPv6 ` +
      'address with /0 to /128 (2001:db8::/32)');
  }
}

/** Checks an IP list: at most 200 ranges, each a CIDR, each once. */
function validateIpList(prop: string, list: string[] | undefined): void {
  if (list === undefined) return;
  if (list.length > RISK_IP_RANGES_MAX) {
    throw new ConfigError(`${prop} has ${list.length} IP ranges: SetRiskConfiguration takes at most ${RISK_IP_RANGES_MAX}`);
  }
  list.forEach((cidr, i) => validateCidr(`${prop}[${i}]`, cidr));
  const given = list.filter((c) => !Token.isUnresolved(c));
  const twice = given.find((c, i) => given.indexOf(c) !== i);
  if (twice !== undefined) throw new ConfigError(`${prop} has '${twice}' more than once: list each IP range once`);
}

/** The placeholders (`{name}`) a text uses. */
export function placeholdersOf(text: string | undefined): string[] {
  return known(text) ? [...text.matchAll(/\{([a-z][a-z-]*)\}/g)].map((m) => m[1]) : [];
}

/** Checks a subject or body against NotifyEmailType's length and its pattern (letters, marks, symbols, digits, punctuation, white space). */
function checkText(prop: string, text: string | undefined, min: number, max: number, pattern: RegExp): void {
  if (!known(text)) return;
  const length = [...text].length;
  if (length < min || length > max) {
    throw new ConfigError(`${prop} is ${length} characters long: Cognito takes ${min} to ${max} characters`);
  }
  if (!pattern.test(text)) {
    const bad = [...text].find((c) => !pattern.test(c)) ?? '';
    const code = `U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new ConfigError(`${prop} has the character ${code}, which Cognito refuses: only letters, marks, symbols, digits, punctuation and ` +
      'white space');
  }
}

/** Checks one email template: subject and bodies within NotifyEmailType's lengths and characters, known placeholders. */
function validateEmail(prop: string, email: RiskNotificationEmail): void {
  checkText(`${prop}.subject`, email.subject, 1, RISK_SUBJECT_MAX, SUBJECT);
  if (email.htmlBody === undefined && email.textBody === undefined) {
    throw new ConfigError(`${prop} has no body: give htmlBody, textBody or both`);
  }
  checkText(`${prop}.htmlBody`, email.htmlBody, RISK_BODY_MIN, RISK_BODY_MAX, BODY);
  checkText(`${prop}.textBody`, email.textBody, RISK_BODY_MIN, RISK_BODY_MAX, BODY);
  for (const key of ['subject', 'htmlBody', 'textBody'] as const) {
    const unknown = placeholdersOf(email[key]).find((p) => !RISK_PLACEHOLDERS.includes(p));
    if (unknown !== undefined) {
      throw new ConfigError(`${prop}.${key} has the placeholder {${unknown}}, which Cognito does not fill in: use ` +
        `${RISK_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
    }
  }
}

/** Checks the notifications: the SES identity's ARN and the sender it may send for, and each email. */
function validateNotifications(prop: string, n: RiskNotificationsOptions): void {
  const arn = n.sourceArn;
  let identity: string | undefined;
  if (known(arn)) {
    const parts = SES_IDENTITY.exec(arn);
    if (!parts || arn.length < RISK_SOURCE_ARN_MIN || arn.length > RISK_SOURCE_ARN_MAX) {
      throw new ConfigError(`${prop}.sourceArn '${arn}' is not an SES identity ARN: expected arn:aws:ses:<region>:<account>:identity/<email ` +
        'address or domain>');
    }
    identity = parts[3].toLowerCase();
  }
  if (identity !== undefined && known(n.fromAddress)) {
    const address = /<([^>]+)>\s*$/.exec(n.fromAddress)?.[1] ?? n.fromAddress.trim();
    const at = address.lastIndexOf('@');
    const domain = address.slice(at + 1).toLowerCase();
    if (at < 1 || (address.toLowerCase() !== identity && domain !== identity)) {
      throw new ConfigError(`${prop}.fromAddress '${n.fromAddress}' is not an address the SES identity '${identity}' may send for: use the ` +
        "identity's address, or an address in its domain");
    }
  }
  for (const key of ['blockEmail', 'mfaEmail', 'noActionEmail'] as const) {
    const email = n[key];
    if (email) validateEmail(`${prop}.${key}`, email);
  }
}

/** Checks one risk configuration's options; `prefix` is where they sit in the caller's props. */
export function validateRiskConfiguration(prefix: string, options: RiskConfigurationOptions): void {
  const events = options.compromisedCredentials?.events;
  if (events !== undefined) {
    if (events.length === 0) {
      throw new ConfigError(`${prefix}compromisedCredentials.events is an empty list: leave it out to check at all three events, or list ` +
        'SIGN_IN, SIGN_UP, PASSWORD_CHANGE');
    }
    validateUnique(`${prefix}compromisedCredentials.events`, events);
  }
  const takeover = options.accountTakeover;
  if (takeover) {
    const notifying = LEVELS.filter((l) => takeover[l]?.notify === true);
    if (notifying.length > 0 && !takeover.notifications) {
      throw new ConfigError(`${prefix}accountTakeover.${notifying[0]}.notify is true, but ${prefix}accountTakeover.notifications is not set: ` +
        'Cognito sends risk notifications from your own SES identity; set notifications.sourceArn');
    }
    if (takeover.notifications) validateNotifications(`${prefix}accountTakeover.notifications`, takeover.notifications);
  }
  validateIpList(`${prefix}alwaysAllowIps`, options.alwaysAllowIps);
  validateIpList(`${prefix}alwaysBlockIps`, options.alwaysBlockIps);
  const both = (options.alwaysAllowIps ?? []).find((c) => !Token.isUnresolved(c) && (options.alwaysBlockIps ?? []).includes(c));
  if (both !== undefined) {
    throw new ConfigError(`${prefix}alwaysAllowIps and ${prefix}alwaysBlockIps both have '${both}': list a range in one of them`);
  }
}

/** The risk levels whose action asks for MFA, as `[prop, action]`. */
export function mfaActionsOf(prefix: string, options: RiskConfigurationOptions): [string, RiskAction][] {
  const takeover = options.accountTakeover ?? {};
  return LEVELS.flatMap((l): [string, RiskAction][] => {
    const action = takeover[l]?.action;
    return action === RiskAction.MFA_IF_CONFIGURED || action === RiskAction.MFA_REQUIRED ? [[`${prefix}accountTakeover.${l}.action`, action]] : [];
  });
}

/** The props of the notification emails that use a one-click link placeholder. */
export function oneClickLinksOf(prefix: string, options: RiskConfigurationOptions): string[] {
  const n = options.accountTakeover?.notifications;
  if (!n) return [];
  return (['blockEmail', 'mfaEmail', 'noActionEmail'] as const).flatMap((kind) =>
    (['subject', 'htmlBody', 'textBody'] as const)
      .filter((key) => placeholdersOf(n[kind]?.[key]).some((p) => ONE_CLICK_PLACEHOLDERS.includes(p)))
      .map((key) => `${prefix}accountTakeover.notifications.${kind}.${key}`));
}

/** The attachment's properties but UserPoolId and ClientId. */
export function riskConfigurationProperties(options: RiskConfigurationOptions):
  Pick<cognito.CfnUserPoolRiskConfigurationAttachmentProps, 'compromisedCredentialsRiskConfiguration' | 'accountTakeoverRiskConfiguration' |
  'riskExceptionConfiguration'> {
  const cc = options.compromisedCredentials;
  const takeover = options.accountTakeover;
  const level = (l: (typeof LEVELS)[number]) =>
    ({ eventAction: takeover?.[l]?.action ?? RiskAction.NO_ACTION, notify: takeover?.[l]?.notify ?? false });
  const email = (e?: RiskNotificationEmail) => (e ? { subject: e.subject, htmlBody: e.htmlBody, textBody: e.textBody } : undefined);
  const n = takeover?.notifications;
  const ips = options.alwaysAllowIps?.length || options.alwaysBlockIps?.length;
  return {
    compromisedCredentialsRiskConfiguration: cc
      ? { eventFilter: cc.events as CompromisedCredentialsEvent[] | undefined, actions: { eventAction: cc.block === false ? 'NO_ACTION' : 'BLOCK' } }
      : undefined,
    accountTakeoverRiskConfiguration: takeover
      ? {
        actions: { lowAction: level('lowRisk'), mediumAction: level('mediumRisk'), highAction: level('highRisk') },
        notifyConfiguration: n
          ? {
            sourceArn: n.sourceArn,
            from: n.fromAddress,
            replyTo: n.replyTo,
            blockEmail: email(n.blockEmail),
            mfaEmail: email(n.mfaEmail),
            noActionEmail: email(n.noActionEmail),
          }
          : undefined,
      }
      : undefined,
    riskExceptionConfiguration: ips ? { skippedIpRangeList: options.alwaysAllowIps, blockedIpRangeList: options.alwaysBlockIps } : undefined,
  };
}
