import type { HashMigrationConfig } from '../../lib/private/handler-config';
import { CONFIG_ENV, readConfig, stringList, typed } from '../shared/config';
import { HandlerConfigError } from '../shared/errors';
import type { Logger } from '../shared/log';
import { createMigrationHandler, readMigrationConfig, Refusal, SourceAnswerError, type MigrationSource, type SourceUser } from '../shared/migration';
import { PASSWORD_HASH_ALGORITHMS, PasswordHashFormatError, verifyPassword } from '../shared/password-hash';

/**
 * A hash per algorithm, of no user's password, that an unknown user's password is verified against until the function
 * instance has verified a hash of the table (then that one is), so that the answer to an unknown user takes as long as
 * the answer to a wrong password and its timing does not tell which users exist. The parameters are OWASP's
 * recommended ones (Password Storage Cheat Sheet); a table's own may cost more.
 */
export const DECOY_HASHES: { [algorithm: string]: string } = {
  'bcrypt': '$2b$10$7aCcdHhw8sxoKC5e8jqwReh9cgUhlPCc8c5VKG15JentoRl0HjABO',
  'scrypt': '$scrypt$ln=17,r=8,p=1$YmVuY2hzYWx0YmVuY2gxNg$pllWXb8/C6PXOsfKbd3SYhVixarAdS3rO8/FAe9TXpU',
  'pbkdf2-sha256': '$pbkdf2-sha256$i=600000$YmVuY2hzYWx0YmVuY2gxNg$PzzNwNgC2HzPN9QtHuVFnEjOs1RwUpzpPFyM/C2kHys',
  'argon2id': '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0YmVuY2gxNg$7ECvE2WOt6nnTyabDWJVGCtalBZUqJlGdtYm3FCfpm8',
};

/** A user's item of the table, as GetItem read it: its string attributes, and its map of strings when it has one. */
export interface HashItem {
  readonly strings: { [attribute: string]: string };
  readonly maps: { [attribute: string]: { [key: string]: unknown } };
}

/** GetItem by the partition key (a string); undefined when there is no such item. */
export type GetHashItem = (tableName: string, partitionKey: string, value: string) => Promise<HashItem | undefined>;

export interface HashMigrationDeps {
  readonly config: HashMigrationConfig;
  readonly getItem: GetHashItem;
  readonly log: Logger;
  /** The password check (the shared one; a test may count its calls). */
  readonly verify?: typeof verifyPassword;
}

/** Parses the handler's config from the environment. */
export function parseHashMigrationConfig(env: NodeJS.ProcessEnv): HashMigrationConfig {
  return readConfig(env, (raw) => {
    const algorithms = stringList(raw, 'algorithms');
    const unknown = algorithms.find((a) => !(PASSWORD_HASH_ALGORITHMS as readonly string[]).includes(a));
    if (unknown !== undefined || algorithms.length === 0) {
      throw new HandlerConfigError(`${CONFIG_ENV}.algorithms must list some of ${PASSWORD_HASH_ALGORITHMS.join(', ')}`);
    }
    return {
      ...readMigrationConfig(raw),
      tableName: typed(raw, 'tableName', 'string'),
      partitionKey: typed(raw, 'partitionKey', 'string'),
      hashAttribute: typed(raw, 'hashAttribute', 'string'),
      attributesAttribute: typed(raw, 'attributesAttribute', 'string'),
      algorithms,
    };
  });
}

/** The user's attributes from their item: the map under `attributesAttribute`, strings only; none when it has no map. */
function attributesOf(config: HashMigrationConfig, item: HashItem): { [name: string]: string } {
  if (!Object.hasOwn(item.maps, config.attributesAttribute)) return {};
  const map = item.maps[config.attributesAttribute];
  if (!Object.values(map).every((v) => typeof v === 'string')) {
    throw new SourceAnswerError(`${config.attributesAttribute} holds a value that is not a string`);
  }
  return map as { [name: string]: string };
}

/**
 * The user migration trigger whose source is a DynamoDB table of password hashes (one item per user name, keyed by
 * it as the user types it): at sign-in the password is verified against the item's hash (bcrypt, scrypt,
 * PBKDF2-SHA256 or argon2id, as the configured algorithms allow); in the forgot-password flow the item's existence is
 * enough. A hash that cannot be verified (malformed, of an algorithm not allowed) fails the sign-in with the try-again
 * message and logs what is wrong with it, never the hash.
 */
export function createHandler(deps: HashMigrationDeps) {
  const { config, getItem, log } = deps;
  const verify = deps.verify ?? verifyPassword;
  // The last hash of the table this instance verified: the decoy once there is one, so that an unknown user's answer
  // costs what the table's hashes cost (its algorithm and parameters), not what OWASP's recommended ones do.
  let lastVerified: string | undefined;
  const source: MigrationSource = {
    async authenticate(userName, password): Promise<SourceUser | Refusal> {
      const item = await getItem(config.tableName, config.partitionKey, userName);
      const hash = item !== undefined && Object.hasOwn(item.strings, config.hashAttribute) ? item.strings[config.hashAttribute] : undefined;
      if (item === undefined || hash === undefined) {
        // As long as a wrong password takes: the last hash verified, or the decoy of the first algorithm the table holds.
        // Whatever the result, the user is refused.
        await verify(password, lastVerified ?? DECOY_HASHES[config.algorithms[0]], config.algorithms).catch(() => false);
        return new Refusal(item === undefined ? 'unknown user' : 'no password hash');
      }
      let match: boolean;
      try {
        match = await verify(password, hash, config.algorithms);
        lastVerified = hash;
      } catch (err) {
        if (err instanceof PasswordHashFormatError) throw new SourceAnswerError(err.message);
        throw err;
      }
      return match ? { attributes: attributesOf(config, item) } : new Refusal('wrong password');
    },
    async find(userName) {
      const item = await getItem(config.tableName, config.partitionKey, userName);
      return item === undefined ? new Refusal('unknown user') : { attributes: attributesOf(config, item) };
    },
  };
  return createMigrationHandler({ config, source, log, sourceName: 'password-hash table' });
}
