// What each migration source makes of the bundled trigger: its handler bundle, its config, the services it calls and
// the statements its role gets, each on the source's own resource only.
import { Arn, ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { HandlerName } from '../../private/bundled-function';
import type { AwsService } from '../../private/function-network';
import { MIGRATION_HTTP_TIMEOUT_MAX_MS } from '../../private/handler-config';
import { ConfigError } from '../../private/errors';
import { cognitoCallerStatements, poolKeyArn } from '../../private/key-policy';
import {
  PasswordHashAlgorithm, type HttpMigrationSourceOptions, type MigrationSource, type PasswordHashTableMigrationSourceOptions,
  type UserPoolMigrationSourceOptions,
} from '../migration-source';

export interface SourceParts {
  readonly handler: HandlerName;
  /** The source, for the function's description. */
  readonly description: string;
  readonly config: () => object;
  readonly calls: AwsService[];
  /** Statements for the role, a policy each list. */
  readonly statements: iam.PolicyStatement[][];
  /** A grant the source's resource gives the role itself (its own rules: a partial ARN, its key through its service). */
  readonly grant?: (grantee: iam.IGrantable) => void;
  /** Whether the function also joins migrated users to their old groups (the pool source). */
  readonly keepGroups: boolean;
  readonly sourceClient?: cognito.IUserPoolClient;
  /** The function's memory, when the source needs more than the default. */
  readonly memorySize?: number;
}

/** The least the HTTP source may wait: below it, no endpoint answers across a network. */
const HTTP_TIMEOUT_MIN_MS = 100;

/** The statements that let a role call a pool's admin actions, and use the pool's key through Cognito when it has one of this app. */
function poolStatements(pool: cognito.IUserPool, actions: string[]): iam.PolicyStatement[] {
  const statements = [new iam.PolicyStatement({ actions, resources: [pool.userPoolArn] })];
  const keyArn = poolKeyArn(pool);
  if (keyArn !== undefined) statements.push(...cognitoCallerStatements(Stack.of(pool).region, keyArn, pool.userPoolArn));
  return statements;
}

/** One action on one resource, and kms:Decrypt on the key that encrypts it, when it has a customer managed one. */
function readStatements(action: string, resource: string, key: kms.IKey | undefined): iam.PolicyStatement[] {
  const statements = [new iam.PolicyStatement({ actions: [action], resources: [resource] })];
  if (key) statements.push(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [key.keyArn] }));
  return statements;
}

function fromPool(scope: Construct, prop: string, options: UserPoolMigrationSourceOptions, newPool: cognito.IUserPool): SourceParts {
  const keepGroups = options.keepGroups ?? true;
  const old = options.userPool;
  if (old === newPool) throw new ConfigError(`${prop}.source's userPool is the pool the users migrate to: give the pool they come from`);
  // A role of this account may call the admin actions of this account's pools only.
  const oldAccount = Arn.split(old.userPoolArn, ArnFormat.SLASH_RESOURCE_NAME).account;
  const account = Stack.of(scope).account;
  if (oldAccount !== undefined && !Token.isUnresolved(oldAccount) && !Token.isUnresolved(account) && oldAccount !== account) {
    throw new ConfigError(`${prop}.source's userPool '${old.userPoolArn}' is in account ${oldAccount}, not this stack's ${account}: the trigger's ` +
      "role may call the admin actions of its own account's pools only; migrate from a pool of this account");
  }
  const client = options.client ?? new cognito.UserPoolClient(scope, 'SourceClient', {
    userPool: old,
    authFlows: { adminUserPassword: true },
    generateSecret: false,
    disableOAuth: true,
    preventUserExistenceErrors: true,
    // Its tokens go nowhere (the trigger only learns from the sign-in that the password is right), and they may change
    // nothing: no attribute is writable with them, and they read none.
    readAttributes: new cognito.ClientAttributes(),
    writeAttributes: new cognito.ClientAttributes(),
    // The refresh flow comes with every client (ALLOW_REFRESH_TOKEN_AUTH); the tokens the trigger discards live as short
    // as Cognito allows (the API reference's TokenValidityUnitsType: refresh 60 minutes, access and ID 5 minutes), and
    // their refresh tokens can be revoked.
    refreshTokenValidity: Duration.minutes(60),
    accessTokenValidity: Duration.minutes(5),
    idTokenValidity: Duration.minutes(5),
    enableTokenRevocation: true,
  });
  if (options.client === undefined) {
    // nothing to check: the client above allows the flow and has no secret
  } else if (options.client instanceof cognito.UserPoolClient) {
    const cfn = options.client.node.defaultChild as cognito.CfnUserPoolClient;
    const flows = (Stack.of(cfn).resolve(cfn.explicitAuthFlows) ?? []) as string[];
    if (!flows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH') || Stack.of(cfn).resolve(cfn.generateSecret) === true) {
      throw new ConfigError(`${prop}.source's client '${options.client.node.path}' must allow ALLOW_ADMIN_USER_PASSWORD_AUTH and have no secret ` +
        `(the trigger signs users in to the old pool with it); it allows ${flows.join(', ') || 'no explicit flow'}` +
        `${Stack.of(cfn).resolve(cfn.generateSecret) === true ? ' and has a secret' : ''}. Give such a client, or none to have one created`);
    }
  }
  const actions = ['cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminGetUser', ...(keepGroups ? ['cognito-idp:AdminListGroupsForUser'] : [])];
  return {
    handler: 'migrate-from-pool',
    description: 'another user pool',
    config: () => ({ userPoolId: old.userPoolId, clientId: client.userPoolClientId, keepGroups }),
    calls: ['cognito-idp'],
    statements: [poolStatements(old, actions)],
    keepGroups,
    sourceClient: options.client === undefined ? client : undefined,
  };
}

function fromHttp(prop: string, options: HttpMigrationSourceOptions): SourceParts {
  if (!Token.isUnresolved(options.url)) {
    let url: URL | undefined;
    try {
      url = new URL(options.url);
    } catch {
      url = undefined;
    }
    if (url === undefined || url.protocol !== 'https:') {
      throw new ConfigError(`${prop}.source url '${options.url}' is not an https:// URL: the trigger sends passwords to it, so only HTTPS is ` +
        'allowed');
    }
  }
  const timeout = options.timeout ?? Duration.seconds(3);
  const ms = timeout.toMilliseconds();
  if (!Token.isUnresolved(ms) && (ms < HTTP_TIMEOUT_MIN_MS || ms > MIGRATION_HTTP_TIMEOUT_MAX_MS)) {
    throw new ConfigError(`${prop}.source timeout ${timeout.toHumanString()} is invalid: give ${HTTP_TIMEOUT_MIN_MS} ms to ` +
      `${MIGRATION_HTTP_TIMEOUT_MAX_MS / 1000} seconds (Cognito waits 5 seconds for the whole trigger)`);
  }
  const key = options.secret.encryptionKey;
  return {
    handler: 'migrate-from-http',
    description: 'an HTTPS endpoint',
    config: () => ({ url: options.url, secretArn: options.secret.secretArn, timeoutMs: ms }),
    calls: ['secretsmanager', ...(options.secret.encryptionKey ? ['kms' as const] : [])],
    statements: key === undefined ? [] : [[new iam.PolicyStatement({
      actions: ['kms:Decrypt'], resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${options.secret.env.region}.amazonaws.com` } },
    })]],
    // The secret's own grant: a secret imported by name has an ARN without its random suffix, which the grant matches
    // (-??????). Its key only through Secrets Manager (kms:ViaService): the grant writes that to the policy of a key
    // of this app, and the statement above lets the role use an imported key (whose policy trusts the account) too.
    grant: (grantee) => options.secret.grantRead(grantee),
    keepGroups: false,
  };
}

/**
 * The hash source's memory: scrypt and argon2id hashes within the verifier's bounds take up to 256 MiB each, and Lambda
 * gives CPU in proportion to memory, so 1 GB also makes a costly hash verify about four times faster than 256 MB.
 */
const HASH_MEMORY_MB = 1024;

/** DynamoDB's names of attributes: 1 to 255 bytes (the DynamoDB developer guide, "Naming rules"). */
const ATTRIBUTE_NAME = /^.{1,255}$/s;

function fromHashes(prop: string, options: PasswordHashTableMigrationSourceOptions): SourceParts {
  const names = {
    partitionKey: options.partitionKey ?? 'username', hashAttribute: options.hashAttribute ?? 'passwordHash',
    attributesAttribute: options.attributesAttribute ?? 'attributes',
  };
  for (const [key, value] of Object.entries(names)) {
    if (!Token.isUnresolved(value) && !ATTRIBUTE_NAME.test(value)) {
      throw new ConfigError(`${prop}.source ${key} '${value}' is invalid: DynamoDB names an attribute with 1 to 255 characters`);
    }
  }
  const algorithms = options.algorithms ?? Object.values(PasswordHashAlgorithm);
  const known = Object.values(PasswordHashAlgorithm) as string[];
  const unknown = algorithms.find((a) => !known.includes(a));
  if (algorithms.length === 0 || unknown !== undefined) {
    throw new ConfigError(`${prop}.source algorithms ${unknown === undefined ? 'is empty' : `has '${unknown}'`}: give some of ` +
      `${Object.entries(PasswordHashAlgorithm).map(([k, v]) => `PasswordHashAlgorithm.${k} ('${v}')`).join(', ')}`);
  }
  const statements = readStatements('dynamodb:GetItem', options.table.tableArn, options.table.encryptionKey);
  return {
    handler: 'migrate-from-hashes',
    description: 'a table of password hashes',
    config: () => ({ tableName: options.table.tableName, ...names, algorithms: [...new Set(algorithms)] }),
    calls: ['dynamodb', ...(options.table.encryptionKey ? ['kms' as const] : [])],
    statements: [statements],
    keepGroups: false,
    memorySize: HASH_MEMORY_MB,
  };
}

/** The parts of the trigger that `source` decides. */
export function sourceParts(scope: Construct, prop: string, source: MigrationSource, newPool: cognito.IUserPool): SourceParts {
  switch (source._kind) {
    case 'user-pool':
      return fromPool(scope, prop, source._options as UserPoolMigrationSourceOptions, newPool);
    case 'http':
      return fromHttp(prop, source._options as HttpMigrationSourceOptions);
    case 'hashes':
      return fromHashes(prop, source._options as PasswordHashTableMigrationSourceOptions);
    default:
      throw new ConfigError(`${prop}.source is of an unknown kind '${source._kind}'`);
  }
}
