// What each migration source makes of the bundled trigger: its handler bundle, its config, the services it calls and
// the statements its role gets, each on the source's own resource only.
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { HandlerName } from '../../private/bundled-function';
import type { AwsService } from '../../private/function-network';
import { MIGRATION_HTTP_TIMEOUT_MAX_MS } from '../../private/handler-config';
import { ConfigError } from '../../private/errors';
import { cognitoCallerStatements, poolKeyArn } from '../../private/key-policy';
import type { HttpMigrationSourceOptions, MigrationSource, UserPoolMigrationSourceOptions } from '../migration-source';

export interface SourceParts {
  readonly handler: HandlerName;
  /** The source, for the function's description. */
  readonly description: string;
  readonly config: () => object;
  readonly calls: AwsService[];
  /** Statements for the role, a policy each list. */
  readonly statements: iam.PolicyStatement[][];
  /** Whether the function also joins migrated users to their old groups (the pool source). */
  readonly keepGroups: boolean;
  readonly sourceClient?: cognito.IUserPoolClient;
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

function fromPool(scope: Construct, prop: string, options: UserPoolMigrationSourceOptions): SourceParts {
  const keepGroups = options.keepGroups ?? true;
  const old = options.userPool;
  const client = options.client ?? new cognito.UserPoolClient(scope, 'SourceClient', {
    userPool: old,
    authFlows: { adminUserPassword: true },
    generateSecret: false,
    disableOAuth: true,
    preventUserExistenceErrors: true,
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
  const statements = [new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [options.secret.secretArn] })];
  if (options.secret.encryptionKey) {
    statements.push(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [options.secret.encryptionKey.keyArn] }));
  }
  return {
    handler: 'migrate-from-http',
    description: 'an HTTPS endpoint',
    config: () => ({ url: options.url, secretArn: options.secret.secretArn, timeoutMs: ms }),
    calls: ['secretsmanager', ...(options.secret.encryptionKey ? ['kms' as const] : [])],
    statements: [statements],
    keepGroups: false,
  };
}

/** The parts of the trigger that `source` decides. */
export function sourceParts(scope: Construct, prop: string, source: MigrationSource): SourceParts {
  switch (source._kind) {
    case 'user-pool':
      return fromPool(scope, prop, source._options as UserPoolMigrationSourceOptions);
    case 'http':
      return fromHttp(prop, source._options as HttpMigrationSourceOptions);
    default:
      throw new ConfigError(`${prop}.source is of an unknown kind '${source._kind}'`);
  }
}
