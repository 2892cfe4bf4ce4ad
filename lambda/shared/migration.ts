/**
 * What the user migration triggers share, whatever their source: the event's checks, the attributes a migrated user
 * gets in the new pool, the answer Cognito takes, and the two ways a migration fails. The developer guide's "Migrate
 * user Lambda trigger" page: Cognito runs the trigger for a user it does not have, at a sign-in with a password
 * (UserMigration_Authentication, with the password) and in the forgot-password flow (UserMigration_ForgotPassword,
 * without one); it creates the user from `userAttributes` once the function answers, and an error the function
 * returns fails the sign-in. Neither the password nor anything the source answers is ever logged.
 */
import { MIGRATION_GROUPS_ATTRIBUTE, type MigrationConfig } from '../../lib/private/handler-config';
import { CONFIG_ENV, stringList, stringMap } from './config';
import { HandlerConfigError, MalformedEvent } from './errors';
import { errorName, type Logger } from './log';

/**
 * What Cognito is told when the user is unknown to the source or the password is wrong: one message for both, as
 * Cognito's own answer for a wrong password, so that the answer tells no one which users exist.
 */
export const MIGRATION_REFUSED = 'Incorrect username or password.';

/** What Cognito is told when the source could not be asked (unreachable, throttled, malformed answer): try again. */
export const MIGRATION_UNAVAILABLE = 'Sign-in is unavailable for the moment; try again later.';

/** The migration event as the handlers read it (the aws-lambda types' UserMigrationTriggerEvent, loosened). */
export interface MigrationEvent {
  triggerSource: string;
  userPoolId: string;
  userName: string;
  request: { password?: string; validationData?: { [k: string]: string }; clientMetadata?: { [k: string]: string } };
  response: {
    userAttributes?: { [name: string]: string };
    finalUserStatus?: 'CONFIRMED' | 'RESET_REQUIRED';
    messageAction?: 'SUPPRESS' | 'RESEND';
    desiredDeliveryMediums?: ('EMAIL' | 'SMS')[];
    forceAliasCreation?: boolean;
  };
}

export type MigrationKind = 'Authentication' | 'ForgotPassword';

/** A user as a source found them: their attributes (by the source's names) and, when the source says so, a reset. */
export interface SourceUser {
  readonly attributes: { [name: string]: string };
  /** The user must choose a new password at their first sign-in (the source holds a temporary one, for example). */
  readonly resetRequired?: boolean;
  /** Attributes set as they are, past the name map and the pool's list (the library's own, such as the groups marker). */
  readonly ownAttributes?: { [name: string]: string };
}

/**
 * A source: `authenticate` checks a password, `find` looks a user up (the forgot-password flow). Each answers a
 * `Refusal` (with the reason to log) for a user the source does not know or a wrong password, and throws when the
 * source cannot be asked.
 */
export interface MigrationSource {
  authenticate(userName: string, password: string): Promise<SourceUser | Refusal>;
  find(userName: string): Promise<SourceUser | Refusal>;
}

/** Why a source refused: logged, never told to the caller (who gets MIGRATION_REFUSED). */
export class Refusal {
  constructor(public readonly reason: string) {}
}

/**
 * A source's answer that breaks its contract (an unknown status, a missing field): `reason` says what, in words of
 * this code, never a value of the answer, so that it can be logged.
 */
export class SourceAnswerError extends Error {
  constructor(public readonly reason: string) {
    super(`the source's answer is malformed: ${reason}`);
    this.name = 'SourceAnswerError';
  }
}

/** Attributes Cognito sets itself, which a migration answer may not carry. */
const COGNITO_OWN = ['sub', 'identities'];

/** Parses the common part of a migration trigger's config. */
export function readMigrationConfig(raw: Record<string, unknown>): MigrationConfig {
  const status = raw.finalUserStatus;
  if (status !== 'CONFIRMED' && status !== 'RESET_REQUIRED') {
    throw new HandlerConfigError(`${CONFIG_ENV}.finalUserStatus must be CONFIRMED or RESET_REQUIRED`);
  }
  return {
    attributeMap: stringMap(raw, 'attributeMap'),
    poolAttributes: stringList(raw, 'poolAttributes'),
    finalUserStatus: status,
    untrustedAttributes: stringList(raw, 'untrustedAttributes'),
  };
}

/**
 * The new pool's attributes from a source's: each renamed by the map, `sub`, `identities` and `cognito:` ones left
 * out, `email_verified` and `phone_number_verified` carried only as `true` and beside their address or number, and
 * whatever the new pool does not have left out; so are the attributes the pool does not trust a source with
 * (`untrustedAttributes`) and, always, the groups marker, which only the trigger sets. Answers the attributes and the
 * (new) names left out.
 */
export function poolAttributes(config: MigrationConfig, source: { [name: string]: string }): { attributes: { [n: string]: string }; left: string[] } {
  const attributes: { [n: string]: string } = {};
  const left: string[] = [];
  for (const [sourceName, value] of Object.entries(source)) {
    // Own keys only: a source's name such as 'constructor' or '__proto__' is a name like any other, not the map's prototype.
    const name = Object.hasOwn(config.attributeMap, sourceName) ? config.attributeMap[sourceName] : sourceName;
    if (typeof value !== 'string' || COGNITO_OWN.includes(name) || name.startsWith('cognito:') || !config.poolAttributes.includes(name) ||
      name === MIGRATION_GROUPS_ATTRIBUTE || config.untrustedAttributes.includes(name)) {
      left.push(name);
      continue;
    }
    attributes[name] = value;
  }
  for (const [flag, address] of [['email_verified', 'email'], ['phone_number_verified', 'phone_number']] as const) {
    if (attributes[flag] !== undefined && (attributes[flag] !== 'true' || attributes[address] === undefined)) {
      delete attributes[flag];
      left.push(flag);
    }
  }
  return { attributes, left: [...new Set(left)].sort() };
}

/** The event's kind, checked: a malformed event fails cleanly, naming what is missing, never its values. */
export function migrationKind(event: MigrationEvent): MigrationKind | undefined {
  if (typeof event !== 'object' || event === null || typeof event.request !== 'object' || event.request === null) {
    throw new MalformedEvent('user migration', 'no request');
  }
  if (event.triggerSource !== 'UserMigration_Authentication' && event.triggerSource !== 'UserMigration_ForgotPassword') return undefined;
  if (typeof event.userName !== 'string' || event.userName === '') throw new MalformedEvent('user migration', 'no user name');
  if (event.triggerSource === 'UserMigration_Authentication' && (typeof event.request.password !== 'string' || event.request.password === '')) {
    throw new MalformedEvent('user migration', 'no password');
  }
  return event.triggerSource === 'UserMigration_Authentication' ? 'Authentication' : 'ForgotPassword';
}

/**
 * The migration trigger of a source: asks the source, then answers Cognito with the user's attributes, the status
 * (at sign-in: the configured one, or RESET_REQUIRED where the source asks for it) and no welcome message (the user
 * has a password already, or is about to get a reset code). `forceAliasCreation` stays false: an address or number
 * that another user of the new pool holds as an alias is not taken from them, and the migration fails instead. An
 * unknown user and a wrong password get MIGRATION_REFUSED; a source that cannot be asked, MIGRATION_UNAVAILABLE. A user
 * who must reset their password (the forgot-password flow, RESET_REQUIRED configured or asked for by the source) is
 * refused too without a verified email address or phone number: the reset code could reach them nowhere, and Cognito
 * would never run the trigger for them again.
 */
export function createMigrationHandler(deps: { config: MigrationConfig; source: MigrationSource; log: Logger; sourceName: string }) {
  const { config, source, log, sourceName } = deps;
  return async (event: MigrationEvent): Promise<MigrationEvent> => {
    const kind = migrationKind(event);
    if (kind === undefined) {
      log.info('ignored', { triggerSource: String(event.triggerSource) });
      return event;
    }
    let found: SourceUser | Refusal;
    try {
      found = kind === 'Authentication' ? await source.authenticate(event.userName, event.request.password!) : await source.find(event.userName);
    } catch (err) {
      const reason = err instanceof SourceAnswerError ? { reason: err.reason } : {};
      log.error('source unavailable', { source: sourceName, kind, error: errorName(err), ...reason });
      throw new Error(MIGRATION_UNAVAILABLE);
    }
    if (found instanceof Refusal) {
      log.info('refused', { source: sourceName, kind, reason: found.reason });
      throw new Error(MIGRATION_REFUSED);
    }
    const { attributes, left } = poolAttributes(config, found.attributes);
    const status = kind === 'Authentication' ? (found.resetRequired === true ? 'RESET_REQUIRED' : config.finalUserStatus) : undefined;
    const verified = attributes.email_verified === 'true' || attributes.phone_number_verified === 'true';
    if ((kind === 'ForgotPassword' || status === 'RESET_REQUIRED') && !verified) {
      // The guide: a reset code goes to a verified email address or phone number; without one the user cannot reset.
      log.info('refused', { source: sourceName, kind, reason: 'no verified email address or phone number' });
      throw new Error(MIGRATION_REFUSED);
    }
    event.response = event.response ?? {};
    event.response.userAttributes = { ...attributes, ...found.ownAttributes };
    if (status !== undefined) event.response.finalUserStatus = status;
    event.response.messageAction = 'SUPPRESS';
    event.response.forceAliasCreation = false;
    log.info('migrated', { source: sourceName, kind, attributes: Object.keys(attributes).sort(), leftOut: left });
    return event;
  };
}
