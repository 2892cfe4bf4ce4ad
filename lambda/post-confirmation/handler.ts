import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import type { PostConfirmationConfig } from '../../lib/private/handler-config';
import { CONFIG_ENV, readConfig, stringList, typed } from '../shared/config';
import { HandlerConfigError, MalformedEvent } from '../shared/errors';
import { errorName, type Logger } from '../shared/log';
import type { AddUserToGroup } from '../shared/ports';

/** The table a profile goes to, as configured. */
export type ProfileTable = NonNullable<PostConfirmationConfig['profileTable']>;

/** A new user's profile item: the key (the user's sub) under the table's partition key, then the user name and time. */
export interface Profile {
  readonly sub: string;
  readonly username: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

/**
 * Writes a profile item only if none with its key exists (PutItem conditional on `attribute_not_exists` of the
 * partition key), so a retry never overwrites the first write. When one exists, it rejects with an error named
 * `ConditionalCheckFailedException`, as DynamoDB does.
 */
export type PutProfile = (table: ProfileTable, profile: Profile) => Promise<void>;

export interface PostConfirmationDeps {
  readonly config: PostConfirmationConfig;
  /** Needed only when the config has default groups. */
  readonly addUserToGroup?: AddUserToGroup;
  /** Needed only when the config names a profile table. */
  readonly putProfile?: PutProfile;
  readonly log: Logger;
  /** The clock, for the profile's creation time. */
  readonly now: () => Date;
}

/** Parses the handler's config from the environment. */
export function parsePostConfirmationConfig(env: NodeJS.ProcessEnv): PostConfirmationConfig {
  return readConfig(env, (raw) => {
    const table = raw.profileTable;
    if (table !== undefined) {
      const t = table as Record<string, unknown>;
      if (typeof t !== 'object' || t === null || typeof t.tableName !== 'string' || typeof t.partitionKey !== 'string') {
        throw new HandlerConfigError(`${CONFIG_ENV}.profileTable must have a tableName and a partitionKey`);
      }
      return {
        defaultGroups: stringList(raw, 'defaultGroups'),
        groupsAtSignIn: typed(raw, 'groupsAtSignIn', 'boolean'),
        profileTable: { tableName: t.tableName, partitionKey: t.partitionKey },
      };
    }
    return { defaultGroups: stringList(raw, 'defaultGroups'), groupsAtSignIn: typed(raw, 'groupsAtSignIn', 'boolean') };
  });
}

/**
 * What a user is told when the account could not be set up. Nothing retries post confirmation (signing in does not
 * run it again), so the message does not promise that trying again helps.
 */
export const SETUP_FAILED = 'Your account was confirmed, but its setup could not finish: please contact support.';

/** A malformed post confirmation event: never the event itself in the message. */
const malformed = (what: string): MalformedEvent => new MalformedEvent('post confirmation', what);

/**
 * The post confirmation trigger. On PostConfirmation_ConfirmSignUp only (not after a forgotten-password reset):
 * adds the user to the default groups and writes a profile item that a retry never overwrites. Running it twice
 * for the same user leaves the same result: adding a member again is a no-op, and the profile write is
 * conditional on the item not existing.
 */
export function createHandler(deps: PostConfirmationDeps) {
  const { config, addUserToGroup, putProfile, log, now } = deps;
  if (config.defaultGroups.length > 0 && !addUserToGroup) {
    throw new HandlerConfigError('default groups are configured but no way to add users to groups was given');
  }
  if (config.profileTable && !putProfile) throw new HandlerConfigError('a profile table is configured but no way to write profiles was given');

  return async (event: PostConfirmationTriggerEvent): Promise<PostConfirmationTriggerEvent> => {
    if (typeof event !== 'object' || event === null || typeof event.request !== 'object' || event.request === null) {
      throw malformed('no request');
    }
    if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') {
      log.info('ignored', { triggerSource: String(event.triggerSource) });
      return event;
    }
    if (typeof event.userName !== 'string' || event.userName === '' || typeof event.userPoolId !== 'string') {
      throw malformed('no user name or pool id');
    }
    const sub = event.request.userAttributes?.sub;
    if (config.profileTable && (typeof sub !== 'string' || sub === '')) throw malformed('no sub attribute');

    try {
      await Promise.all(config.defaultGroups.map((group) => addUserToGroup!(event.userPoolId, event.userName, group)));
    } catch (err) {
      log.error('adding to default groups failed', { error: errorName(err), groupsAtSignIn: config.groupsAtSignIn });
      // With the pre token generation trigger adding missing default groups at every sign-in, the next sign-in
      // completes this: the confirmation need not fail. Without it nothing would retry, so the user is not told to.
      if (!config.groupsAtSignIn) throw new Error(SETUP_FAILED);
    }

    if (config.profileTable && putProfile) {
      try {
        await putProfile(config.profileTable, { sub: sub as string, username: event.userName, createdAt: now().toISOString() });
        log.info('profile created');
      } catch (err) {
        if (errorName(err) === 'ConditionalCheckFailedException') {
          log.info('profile exists', {});
        } else {
          log.error('profile write failed', { error: errorName(err) });
          throw new Error(SETUP_FAILED);
        }
      }
    }
    log.info('confirmed', { groups: config.defaultGroups.length });
    return event;
  };
}
