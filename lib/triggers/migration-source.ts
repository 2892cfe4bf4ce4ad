// Where the user migration trigger's users come from: one class, a factory per source, and the status they arrive
// with. The construct files and the triggers' options import these; this file imports none of them.
import type { Duration } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { checkProps } from '../private/props-check';

/** The status a user migrated at sign-in gets. */
export enum MigrationUserStatus {
  /** Signs in with the password the source just checked. */
  CONFIRMED = 'CONFIRMED',
  /** Must reset the password at once (the app handles PasswordResetRequiredException). */
  RESET_REQUIRED = 'RESET_REQUIRED',
}

/** Migration from another Cognito user pool (the old pool, after a change that would have replaced it). */
export interface UserPoolMigrationSourceOptions {
  /** The old user pool (of this app, or imported with `UserPool.fromUserPoolArn`). */
  readonly userPool: cognito.IUserPool;

  /**
   * An app client of the old pool that allows ALLOW_ADMIN_USER_PASSWORD_AUTH and has no secret: the trigger signs the
   * user in there with it, so that the old pool checks the password.
   * @default - a client created on the old pool for the trigger, with that flow only
   */
  readonly client?: cognito.IUserPoolClient;

  /**
   * Whether a migrated user joins the groups they had in the old pool (groups of the same name in the new pool; one
   * the new pool lacks is skipped). Cognito cannot add groups from a migration answer, and creates the user only after
   * it, so the same function is also the new pool's post authentication trigger: it adds the groups at the user's first
   * sign-in, from the old user name the migration left in the custom attribute `groups_from` (which `CognitoAuth` adds
   * and keeps from every app client's write attributes), then removes that attribute.
   * @default true
   */
  readonly keepGroups?: boolean;
}

/** Migration from a legacy system's HTTPS endpoint. */
export interface HttpMigrationSourceOptions {
  /**
   * The endpoint (https only). The trigger POSTs JSON `{ "action": "authenticate", "username", "password" }` at sign-in
   * and `{ "action": "lookup", "username" }` in the forgot-password flow, with `Authorization: Bearer <secret>`; the
   * answer is JSON `{ "status": "ok", "attributes": { name: value } }` (with `"resetRequired": true` to make the user
   * choose a new password) or `{ "status": "refused" }` for an unknown user or a wrong password. Anything else fails the
   * sign-in with a try-again message.
   */
  readonly url: string;

  /** The secret whose value (SecretString) the trigger sends as the bearer token: read once per function instance. */
  readonly secret: secretsmanager.ISecret;

  /**
   * How long the trigger waits for the endpoint: Cognito waits 5 seconds for the whole trigger, so at most 4 seconds.
   * @default Duration.seconds(3)
   */
  readonly timeout?: Duration;
}

/** A password hash algorithm the hash-table source verifies (its id in the PHC string format). */
export enum PasswordHashAlgorithm {
  /** bcrypt: `$2a$`, `$2b$`, `$2y$`, cost 4 to 13. */
  BCRYPT = 'bcrypt',
  /** scrypt: `$scrypt$ln=..,r=..,p=..$salt$hash`. */
  SCRYPT = 'scrypt',
  /** PBKDF2-HMAC-SHA256: `$pbkdf2-sha256$i=..$salt$hash` (passlib's form too). */
  PBKDF2_SHA256 = 'pbkdf2-sha256',
  /** argon2id: `$argon2id$v=19$m=..,t=..,p=..$salt$hash`. */
  ARGON2ID = 'argon2id',
}

/** Migration from a DynamoDB table that keeps each user's password hash. */
export interface PasswordHashTableMigrationSourceOptions {
  /** The table: one item per user, keyed by the user name as users type it at sign-in. */
  readonly table: dynamodb.ITable;

  /**
   * The table's partition key, a string attribute.
   * @default 'username'
   */
  readonly partitionKey?: string;

  /**
   * The item attribute holding the hash, a string in PHC form (bcrypt's own form for bcrypt).
   * @default 'passwordHash'
   */
  readonly hashAttribute?: string;

  /**
   * The item attribute holding the user's attributes, a map of strings (by the source's names: see `attributeMap`).
   * @default 'attributes'
   */
  readonly attributesAttribute?: string;

  /**
   * The algorithms the table's hashes may use: a hash of another is refused (the sign-in fails, and the log says why).
   * @default - all four
   */
  readonly algorithms?: PasswordHashAlgorithm[];
}

/** Where the bundled user migration trigger finds users. */
export class MigrationSource {
  /**
   * Another Cognito user pool: the trigger signs the user in there (AdminInitiateAuth), copies their attributes by
   * name (renamed by `attributeMap`) and keeps their groups.
   */
  public static fromUserPool(options: UserPoolMigrationSourceOptions): MigrationSource {
    checkProps('UserPoolMigrationSourceOptions', options, 'MigrationSource.fromUserPool() options');
    return new MigrationSource('user-pool', options);
  }

  /** A legacy system's HTTPS endpoint, authenticated with a secret from Secrets Manager. */
  public static fromHttpEndpoint(options: HttpMigrationSourceOptions): MigrationSource {
    checkProps('HttpMigrationSourceOptions', options, 'MigrationSource.fromHttpEndpoint() options');
    return new MigrationSource('http', options);
  }

  /**
   * A DynamoDB table of password hashes: the trigger reads the user's item (GetItem) and verifies the password
   * against its hash (bcrypt, scrypt, PBKDF2-SHA256 or argon2id) in the function.
   */
  public static fromPasswordHashTable(options: PasswordHashTableMigrationSourceOptions): MigrationSource {
    checkProps('PasswordHashTableMigrationSourceOptions', options, 'MigrationSource.fromPasswordHashTable() options');
    return new MigrationSource('hashes', options);
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _options: object;

  private constructor(kind: string, options: object) {
    this._kind = kind;
    this._options = options;
  }
}
