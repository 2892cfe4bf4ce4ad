import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ClientKind, CognitoAuth, MigrationSource, MigrationUserStatus, PasswordHashAlgorithm, UpgradeCheck, UserMigrationTrigger,
} from '../../lib';
import { parseHashMigrationConfig } from '../../lambda/migrate-from-hashes/handler';
import { parsePoolMigrationConfig } from '../../lambda/migrate-from-pool/handler';
import { parseHttpMigrationConfig } from '../../lambda/migrate-from-http/handler';
import { evaluate, regionalStack } from '../support/helpers';

const OLD_POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_OldPool1';

function policiesOf(template: Template, text: string) {
  return Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(text))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}
function configOf(template: Template) {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('migration') } }));
  return { TRIGGER_CONFIG: evaluate(fn.Properties.Environment.Variables.TRIGGER_CONFIG) };
}

describe('CognitoAuth with the migration from another pool', () => {
  const stack = regionalStack('eu-west-1');
  const oldPool = cognito.UserPool.fromUserPoolArn(stack, 'OldPool', OLD_POOL_ARN);
  const auth = new CognitoAuth(stack, 'Auth', {
    customAttributes: { tenant: new cognito.StringAttribute({ mutable: true }) },
    clients: [{ name: 'web', kind: ClientKind.NATIVE, authFlows: { userPassword: true } }],
    triggers: { migration: { source: MigrationSource.fromUserPool({ userPool: oldPool }), attributeMap: { 'custom:org': 'custom:tenant' } } },
  });
  const template = Template.fromStack(stack);

  test('one function is the user migration and the post authentication trigger', () => {
    const ref = { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthUserMigrationHandlerFunction'), 'Arn'] };
    template.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { UserMigration: ref, PostAuthentication: ref } });
    expect(auth.migrationTrigger?.function).toBe(auth.triggerFunction(cognito.UserPoolOperation.USER_MIGRATION));
    expect(auth.migrationTrigger?.function).toBe(auth.triggerFunction(cognito.UserPoolOperation.POST_AUTHENTICATION));
  });

  test('the pool declares groups_from, and no client may write it', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([{ AttributeDataType: 'String', Mutable: true, Name: 'groups_from' }]),
    });
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: Match.stringLikeRegexp('web') } }));
    expect(client.Properties.WriteAttributes).toBeDefined();
    expect(client.Properties.WriteAttributes).not.toContain('custom:groups_from');
    expect(client.Properties.ReadAttributes ?? []).not.toContain('custom:groups_from');
  });

  test('a client is created on the old pool with ADMIN_USER_PASSWORD_AUTH, no secret, no OAuth, no attribute to write, the shortest tokens', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: 'eu-west-1_OldPool1',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      ReadAttributes: [],
      WriteAttributes: [],
      RefreshTokenValidity: 60,
      AccessTokenValidity: 5,
      IdTokenValidity: 5,
      TokenValidityUnits: { RefreshToken: 'minutes', AccessToken: 'minutes', IdToken: 'minutes' },
      EnableTokenRevocation: true,
    });
  });

  test('its role may call the old pool\'s three actions on that pool, and add groups and remove the marker on the new one', () => {
    const statements = policiesOf(template, 'AuthUserMigrationHandler');
    expect(statements).toContainEqual({
      Effect: 'Allow', Resource: OLD_POOL_ARN,
      Action: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminListGroupsForUser'],
    });
    expect(statements).toContainEqual({
      Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.resolve((auth.userPool.node.defaultChild as cognito.CfnUserPool).logicalId), 'Arn'] },
      Action: ['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminDeleteUserAttributes'],
    });
    expect(JSON.stringify(statements)).not.toMatch(/"\*"|AdminCreateUser|AdminSetUserPassword/);
  });

  test('the config the handler reads: the old pool, its client, the map, the new pool\'s attributes', () => {
    const config = parsePoolMigrationConfig(configOf(template));
    expect(config).toMatchObject({ userPoolId: 'eu-west-1_OldPool1', keepGroups: true, attributeMap: { 'custom:org': 'custom:tenant' }, finalUserStatus: 'CONFIRMED' });
    expect(config.poolAttributes).toEqual(expect.arrayContaining(['custom:tenant', 'custom:groups_from', 'email', 'email_verified', 'phone_number']));
    expect(config.poolAttributes).not.toContain('sub');
    expect(config.untrustedAttributes).toEqual(['custom:groups_from']);
  });

  test('the attributes the pool protects are untrusted in a source\'s answer, less trustedAttributes', () => {
    const guarded = (trustedAttributes?: string[]) => {
      const stack = regionalStack('eu-west-1');
      new CognitoAuth(stack, 'Auth', {
        customAttributes: { tenant: new cognito.StringAttribute({ mutable: true }), role: new cognito.StringAttribute({ mutable: true }) },
        clients: [{ name: 'web', kind: ClientKind.NATIVE, authFlows: { userPassword: true } }],
        triggers: {
          preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant', role: 'custom:role' } },
          preSignUp: { linkExternalUsers: true },
          migration: { source: MigrationSource.fromUserPool({ userPool: cognito.UserPool.fromUserPoolArn(stack, 'Old', OLD_POOL_ARN) }), trustedAttributes },
        },
      });
      return parsePoolMigrationConfig(configOf(Template.fromStack(stack))).untrustedAttributes;
    };
    expect(guarded()).toEqual(['custom:groups_from', 'custom:role', 'custom:tenant', 'email_verified']);
    expect(guarded(['custom:tenant', 'email_verified'])).toEqual(['custom:groups_from', 'custom:role']);
  });

  test('no warning: the web client sends the password', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('migrationNoPasswordClient'))).toEqual([]);
  });
});

describe('the migration from an HTTPS endpoint', () => {
  const secretOf = (stack: Stack) => secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy-AbCdEf');
  test('GetSecretValue on that secret only; no post authentication; the config', () => {
    const s2 = regionalStack('eu-west-1');
    const secret = secretOf(s2);
    new CognitoAuth(s2, 'Auth', { clients: [{ name: 'web', kind: ClientKind.NATIVE, authFlows: { userPassword: true } }], triggers: { migration: {
      source: MigrationSource.fromHttpEndpoint({ url: 'https://legacy.example.com/migrate', secret, timeout: Duration.millis(2500) }),
      finalUserStatus: MigrationUserStatus.RESET_REQUIRED,
    } } });
    const template = Template.fromStack(s2);
    expect(policiesOf(template, 'AuthUserMigrationHandler')).toEqual([{
      Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy-AbCdEf',
    }]);
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0];
    expect(Object.keys(pool.Properties.LambdaConfig)).toEqual(['UserMigration']);
    expect(parseHttpMigrationConfig(configOf(template))).toMatchObject({ url: 'https://legacy.example.com/migrate', timeoutMs: 2500, finalUserStatus: 'RESET_REQUIRED' });
    expect(JSON.stringify(pool.Properties.Schema ?? [])).not.toContain('groups_from');
  });

  test('a secret imported by name is read through its partial ARN, and its key through Secrets Manager only', () => {
    const stack = regionalStack('eu-west-1');
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    const secret = secretsmanager.Secret.fromSecretAttributes(stack, 'S', {
      secretPartialArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy', encryptionKey: key,
    });
    new CognitoAuth(stack, 'Auth', { clients: [{ name: 'web', kind: ClientKind.NATIVE, authFlows: { userPassword: true } }],
      triggers: { migration: { source: MigrationSource.fromHttpEndpoint({ url: 'https://legacy.example.com/migrate', secret }) } } });
    const named = regionalStack('eu-west-1');
    new UserMigrationTrigger(named, 'Migration', { userPool: new cognito.UserPool(named, 'Pool'),
      source: MigrationSource.fromHttpEndpoint({ url: 'https://legacy.example.com/migrate', secret: secretsmanager.Secret.fromSecretNameV2(named, 'S', 'legacy') }) });
    const statements = policiesOf(Template.fromStack(stack), 'AuthUserMigrationHandler');
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy-??????' },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555',
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } },
    ]);
    expect(JSON.stringify(policiesOf(Template.fromStack(named), 'MigrationHandler'))).toContain('secret:legacy-??????');
  });

  test.each([
    ['http://legacy.example.com/migrate', Duration.seconds(3),
      "[Test/Auth/UserMigration] triggers.migration.source url 'http://legacy.example.com/migrate' is not an https:// URL: the trigger sends passwords to it, so only HTTPS is allowed"],
    ['https://legacy.example.com/migrate', Duration.seconds(5),
      '[Test/Auth/UserMigration] triggers.migration.source timeout 5 seconds is invalid: give 100 ms to 4 seconds (Cognito waits 5 seconds for the whole trigger)'],
    ['https://legacy.example.com/migrate', Duration.millis(50),
      '[Test/Auth/UserMigration] triggers.migration.source timeout 50 millis is invalid: give 100 ms to 4 seconds (Cognito waits 5 seconds for the whole trigger)'],
  ])('%s with %s is refused', (url, timeout, message) => {
    const stack = regionalStack('eu-west-1');
    const secret = secretOf(stack);
    expect(() => new CognitoAuth(stack, 'Auth', { triggers: { migration: { source: MigrationSource.fromHttpEndpoint({ url, secret, timeout }) } } }))
      .toThrow(message);
  });
});

describe('the migration trigger is refused where it cannot work', () => {
  const oldPoolOf = (stack: Stack) => cognito.UserPool.fromUserPoolArn(stack, 'OldPool', OLD_POOL_ARN);

  test('beside your own userMigration function', () => {
    const stack = regionalStack('eu-west-1');
    const own = lambda.Function.fromFunctionArn(stack, 'Own', 'arn:aws:lambda:eu-west-1:123456789012:function:own');
    expect(() => new CognitoAuth(stack, 'Auth', { triggers: { userMigration: own, migration: { source: MigrationSource.fromUserPool({ userPool: oldPoolOf(stack) }) } } }))
      .toThrow('[Test/Auth] triggers has both migration (the bundled user migration trigger) and userMigration (your own function): a pool has one user ' +
        'migration trigger; give one of them');
  });

  test('keeping groups beside your own postAuthentication function; keepGroups false allows it', () => {
    const stack = regionalStack('eu-west-1');
    const own = lambda.Function.fromFunctionArn(stack, 'Own', 'arn:aws:lambda:eu-west-1:123456789012:function:own');
    expect(() => new CognitoAuth(stack, 'Auth', { triggers: { postAuthentication: own, migration: { source: MigrationSource.fromUserPool({ userPool: oldPoolOf(stack) }) } } }))
      .toThrow("[Test/Auth] triggers.migration keeps the old pool's groups through the pool's post authentication trigger, but triggers.postAuthentication " +
        'is your own function: a pool has one; set keepGroups: false on the source, or leave out postAuthentication');
    const other = regionalStack('eu-west-1');
    const own2 = lambda.Function.fromFunctionArn(other, 'Own', 'arn:aws:lambda:eu-west-1:123456789012:function:own');
    new CognitoAuth(other, 'Auth', { triggers: { postAuthentication: own2, migration: { source: MigrationSource.fromUserPool({ userPool: oldPoolOf(other), keepGroups: false }) } } });
    expect(JSON.stringify(Template.fromStack(other).toJSON())).not.toContain('groups_from');
  });

  test('a given client of the old pool without the admin password flow', () => {
    const stack = regionalStack('eu-west-1');
    const old = new cognito.UserPool(stack, 'Old');
    const client = old.addClient('Srp', { authFlows: { userSrp: true } });
    expect(() => new CognitoAuth(stack, 'Auth', { triggers: { migration: { source: MigrationSource.fromUserPool({ userPool: old, client }) } } }))
      .toThrow("[Test/Auth/UserMigration] triggers.migration.source's client 'Test/Old/Srp' must allow ALLOW_ADMIN_USER_PASSWORD_AUTH and have no secret " +
        '(the trigger signs users in to the old pool with it); it allows ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH. Give such a client, or none to have one created');
  });

  test('a standalone trigger on a pool without groups_from', () => {
    const stack = regionalStack('eu-west-1');
    const pool = new cognito.UserPool(stack, 'Pool');
    new UserMigrationTrigger(stack, 'Migration', { userPool: pool, source: MigrationSource.fromUserPool({ userPool: oldPoolOf(stack) }) });
    expect(() => Template.fromStack(stack)).toThrow("[Test/Migration] triggers.migration.source keeps the old pool's groups, which needs the custom attribute " +
      "'groups_from' on 'Test/Pool' (the migration hands the old user name to the post authentication step in it): add customAttributes: { groups_from: " +
      'new StringAttribute({ mutable: true }) } to the pool and give no app client write access to it, or set keepGroups: false');
  });

  test('an app client or identity provider that could set groups_from, whoever built it, is refused', () => {
    const marker = (pool: string, who: string) => `triggers.migration.source keeps the old pool's groups, and custom:groups_from on '${pool}' ` +
      `names the old user whose groups a migrated user joins, so only the trigger may set it: ${who}`;
    const standalone = regionalStack('eu-west-1');
    const pool = new cognito.UserPool(standalone, 'Pool', { customAttributes: { groups_from: new cognito.StringAttribute({ mutable: true }) } });
    new UserMigrationTrigger(standalone, 'Migration', { userPool: pool, source: MigrationSource.fromUserPool({ userPool: oldPoolOf(standalone) }) });
    pool.addClient('Writer', { writeAttributes: new cognito.ClientAttributes().withCustomAttributes('groups_from') });
    pool.addClient('Reader', { writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ givenName: true }) });
    new cognito.UserPoolIdentityProviderOidc(standalone, 'Oidc', {
      userPool: pool, name: 'corp', clientId: 'id', clientSecret: 'secret', issuerUrl: 'https://idp.example.com',
      attributeMapping: { custom: { 'custom:groups_from': cognito.ProviderAttribute.other('sub') } },
    });
    expect(() => Template.fromStack(standalone)).toThrow(`[Test/Migration] ${marker('Test/Pool', "app client 'Test/Pool/Writer/Resource' lists it " +
      'in its write attributes (remove it from writeAttributes)')}\n[Test/Migration] ${marker('Test/Pool', "identity provider 'Test/Oidc/Resource' " +
      'maps a claim into it (map that claim to another attribute)')}`);

    const wired = regionalStack('eu-west-1');
    const auth = new CognitoAuth(wired, 'Auth', { clients: [{ name: 'web', kind: ClientKind.NATIVE, authFlows: { userPassword: true } }],
      triggers: { migration: { source: MigrationSource.fromUserPool({ userPool: oldPoolOf(wired) }) } } });
    (auth.userPool as cognito.UserPool).addClient('Extra', { writeAttributes: new cognito.ClientAttributes().withCustomAttributes('groups_from') });
    expect(() => Template.fromStack(wired)).toThrow(`[Test/Auth/UserMigration] ${marker('Test/Auth/UserPool/Resource', "app client 'Test/Auth/UserPool/Resource/Extra/Resource' " +
      'lists it in its write attributes (remove it from writeAttributes)')}`);

    const notKept = regionalStack('eu-west-1');
    const plain = new cognito.UserPool(notKept, 'Pool');
    new UserMigrationTrigger(notKept, 'Migration', { userPool: plain, source: MigrationSource.fromUserPool({ userPool: oldPoolOf(notKept), keepGroups: false }) });
    plain.addClient('Writer', { authFlows: { userPassword: true } });
    expect(() => Template.fromStack(notKept)).not.toThrow();
  });

  test('trustedAttributes holding groups_from or a non-name', () => {
    const withTrusted = (id: string, trustedAttributes: string[]) => {
      const stack = regionalStack('eu-west-1');
      const source = MigrationSource.fromUserPool({ userPool: oldPoolOf(stack) });
      return new CognitoAuth(stack, id, { triggers: { migration: { source, trustedAttributes } } });
    };
    expect(() => withTrusted('Auth', ['custom:groups_from'])).toThrow("[Test/Auth/UserMigration] triggers.migration.trustedAttributes holds " +
      "'custom:groups_from': only the trigger sets it (it names the old user whose groups a migrated user joins), never a source; leave it out");
    expect(() => withTrusted('Auth2', [''])).toThrow("[Test/Auth2/UserMigration] triggers.migration.trustedAttributes holds '': give attribute " +
      "names of the pool, such as 'custom:tenant_id'");
  });

  test('a standalone trigger drops the untrustedAttributes it is given, less trustedAttributes', () => {
    const stack = regionalStack('eu-west-1');
    const pool = new cognito.UserPool(stack, 'Pool', { customAttributes: { groups_from: new cognito.StringAttribute({ mutable: true }) } });
    new UserMigrationTrigger(stack, 'Migration', { userPool: pool, source: MigrationSource.fromUserPool({ userPool: oldPoolOf(stack) }),
      untrustedAttributes: ['custom:tenant', 'email_verified', 'custom:tenant'], trustedAttributes: ['email_verified'] });
    expect(parsePoolMigrationConfig(configOf(Template.fromStack(stack))).untrustedAttributes).toEqual(['custom:tenant']);
  });

  test('a warning where self sign-up is on: a sign-up could take a legacy user name first', () => {
    const message = (pool: string) => `WARNING triggers.migration: '${pool}' lets anyone sign up (selfSignUp), and Cognito runs the migration ` +
      'trigger only for a user name the pool does not have: whoever signs up first with a user name (or alias) of someone not yet migrated takes ' +
      'it, and that user can then never migrate. Turn self sign-up off until the users have moved, or acknowledge this warning.';
    const build = (selfSignUp: boolean) => {
      const stack = regionalStack('eu-west-1');
      const auth = new CognitoAuth(stack, 'Auth', { selfSignUp, clients: [{ name: 'web', kind: ClientKind.NATIVE, authFlows: { userPassword: true } }],
        triggers: { migration: { source: MigrationSource.fromUserPool({ userPool: oldPoolOf(stack) }) } } });
      return { stack, auth };
    };
    expect(() => Template.fromStack(build(true).stack)).toThrow(message('Test/Auth/UserPool/Resource'));
    expect(() => Template.fromStack(build(false).stack)).not.toThrow();
    const acknowledged = build(true);
    Validations.of(acknowledged.auth).acknowledge({ id: 'Annotation::cdk-cognito-auth:migrationSelfSignUp', reason: 'sign-ups are checked against the source' });
    expect(() => Template.fromStack(acknowledged.stack)).not.toThrow();
    const standalone = regionalStack('eu-west-1');
    const pool = new cognito.UserPool(standalone, 'Pool', { selfSignUpEnabled: true,
      customAttributes: { groups_from: new cognito.StringAttribute({ mutable: true }) } });
    new UserMigrationTrigger(standalone, 'Migration', { userPool: pool, source: MigrationSource.fromUserPool({ userPool: oldPoolOf(standalone) }) });
    expect(() => Template.fromStack(standalone)).toThrow(message('Test/Pool'));
  });

  test('an attribute map onto sub', () => {
    const stack = regionalStack('eu-west-1');
    expect(() => new CognitoAuth(stack, 'Auth', { triggers: { migration: { source: MigrationSource.fromUserPool({ userPool: oldPoolOf(stack) }), attributeMap: { id: 'sub' } } } }))
      .toThrow("[Test/Auth/UserMigration] triggers.migration.attributeMap['id'] is 'sub': map to an attribute of the pool, not one Cognito sets itself (sub, identities, cognito:*)");
  });

  test('a warning where no client of the new pool sends the password (SRP only)', () => {
    const stack = regionalStack('eu-west-1');
    new CognitoAuth(stack, 'Auth', { clients: [{ name: 'web', kind: ClientKind.NATIVE }], triggers: { migration: { source: MigrationSource.fromUserPool({ userPool: oldPoolOf(stack) }) } } });
    const message = "WARNING triggers.migration: none of the 1 app clients of 'Test/Auth/UserPool/Resource' sends the password (ALLOW_USER_PASSWORD_AUTH, " +
      'ALLOW_ADMIN_USER_PASSWORD_AUTH, or the managed login pages), and Cognito runs the migration trigger only when it gets the password: SRP never ' +
      'sends it. No user would be migrated at sign-in (a forgotten-password request still migrates); allow a password flow on the client your app ' +
      'signs in with, or acknowledge this warning.';
    expect(() => Template.fromStack(stack)).toThrow(message);
    const acknowledged = regionalStack('eu-west-1');
    const auth = new CognitoAuth(acknowledged, 'Auth', { clients: [{ name: 'web', kind: ClientKind.NATIVE }],
      triggers: { migration: { source: MigrationSource.fromUserPool({ userPool: oldPoolOf(acknowledged) }) } } });
    Validations.of(auth).acknowledge({ id: 'Annotation::cdk-cognito-auth:migrationNoPasswordClient', reason: 'users migrate by resetting their password' });
    expect(() => Template.fromStack(acknowledged)).not.toThrow();
  });
});

describe('the migration from a table of password hashes', () => {
  test('GetItem on that table, kms:Decrypt on its key; 1 GB of memory; the config', () => {
    const stack = regionalStack('eu-west-1');
    const key = new kms.Key(stack, 'Key');
    const table = new dynamodb.Table(stack, 'Legacy', {
      partitionKey: { name: 'login', type: dynamodb.AttributeType.STRING }, encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key,
    });
    new CognitoAuth(stack, 'Auth', { clients: [{ name: 'web', kind: ClientKind.NATIVE, authFlows: { userPassword: true } }], triggers: { migration: {
      source: MigrationSource.fromPasswordHashTable({ table, partitionKey: 'login', algorithms: [PasswordHashAlgorithm.BCRYPT, PasswordHashAlgorithm.ARGON2ID] }),
    } } });
    const template = Template.fromStack(stack);
    expect(policiesOf(template, 'AuthUserMigrationHandler')).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: stack.resolve(table.tableArn) },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: stack.resolve(key.keyArn) },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('password hashes'), MemorySize: 1024 });
    const config = configOf(template);
    expect(parseHashMigrationConfig({ TRIGGER_CONFIG: config.TRIGGER_CONFIG.replace(/"tableName":"[^"]*"/, '"tableName":"t"') })).toMatchObject({
      partitionKey: 'login', hashAttribute: 'passwordHash', attributesAttribute: 'attributes', algorithms: ['bcrypt', 'argon2id'],
    });
  });

  test('an empty list of algorithms is refused', () => {
    const stack = regionalStack('eu-west-1');
    const table = new dynamodb.Table(stack, 'Legacy', { partitionKey: { name: 'username', type: dynamodb.AttributeType.STRING } });
    expect(() => new CognitoAuth(stack, 'Auth', { triggers: { migration: { source: MigrationSource.fromPasswordHashTable({ table, algorithms: [] }) } } }))
      .toThrow("[Test/Auth/UserMigration] triggers.migration.source algorithms is empty: give some of PasswordHashAlgorithm.BCRYPT ('bcrypt'), " +
        "PasswordHashAlgorithm.SCRYPT ('scrypt'), PasswordHashAlgorithm.PBKDF2_SHA256 ('pbkdf2-sha256'), PasswordHashAlgorithm.ARGON2ID ('argon2id')");
  });
});

describe('the pool source is refused where no role of this account could read it', () => {
  test('the new pool itself', () => {
    const stack = regionalStack('eu-west-1');
    const pool = new cognito.UserPool(stack, 'Pool', { customAttributes: { groups_from: new cognito.StringAttribute({ mutable: true }) } });
    expect(() => new UserMigrationTrigger(stack, 'Migration', { userPool: pool, source: MigrationSource.fromUserPool({ userPool: pool }) }))
      .toThrow("[Test/Migration] triggers.migration.source's userPool is the pool the users migrate to: give the pool they come from");
  });

  test('a pool of another account', () => {
    const stack = regionalStack('eu-west-1');
    const other = cognito.UserPool.fromUserPoolArn(stack, 'Other', 'arn:aws:cognito-idp:eu-west-1:210987654321:userpool/eu-west-1_Other1');
    expect(() => new CognitoAuth(stack, 'Auth', { triggers: { migration: { source: MigrationSource.fromUserPool({ userPool: other }) } } }))
      .toThrow("[Test/Auth/UserMigration] triggers.migration.source's userPool 'arn:aws:cognito-idp:eu-west-1:210987654321:userpool/eu-west-1_Other1' is " +
        "in account 210987654321, not this stack's 123456789012: the trigger's role may call the admin actions of its own account's pools only; migrate " +
        'from a pool of this account');
  });
});

describe("the runbook's retirement of the trigger (README: A new pool for a change Cognito refuses, step 5)", () => {
  const templateOf = (migration: boolean, declared: boolean) => {
    const stack = regionalStack('eu-west-1');
    const old = new CognitoAuth(stack, 'Auth', {});
    new CognitoAuth(stack, 'AuthNext', {
      customAttributes: declared ? { groups_from: new cognito.StringAttribute({ mutable: true }) } : undefined,
      triggers: migration ? { migration: { source: MigrationSource.fromUserPool({ userPool: old.userPool }) } } : undefined,
    });
    return Template.fromStack(stack).toJSON();
  };
  const findings = (before: object, after: object) =>
    UpgradeCheck.compare(before, after).findings.map((f) => [f.kind, f.resourceType, f.property ?? '']).sort();

  test('removing the trigger alone removes groups_from, which Cognito refuses; the upgrade check says so', () => {
    expect(findings(templateOf(true, false), templateOf(false, false))).toContainEqual(['ATTRIBUTE_CHANGED', 'AWS::Cognito::UserPool', 'Schema[groups_from]']);
  });

  test('with groups_from declared in its place, only the function\'s log group and the old pool\'s client leave', () => {
    expect(findings(templateOf(true, false), templateOf(false, true))).toEqual([
      ['REMOVED', 'AWS::Cognito::UserPoolClient', ''],
      ['REMOVED', 'AWS::Logs::LogGroup', ''],
    ]);
  });
});
