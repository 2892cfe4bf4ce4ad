/**
 * End to end: the bundled user migration trigger (the password-hash source) moves users of a legacy table into a new
 * pool at their first sign-in. Real: cognito-local, dynalite (a DynamoDB emulator) holding the table, the AWS SDK, the
 * bundle as synthesized with its template's config, and the hash libraries in it verifying one published test vector
 * per algorithm: OpenWall's crypt_blowfish vector (bcrypt), RFC 7914's (scrypt, section 12, and PBKDF2-HMAC-SHA256,
 * section 11) and the argon2 reference implementation's (argon2id). The emulator's difference corrected: see
 * migration-kit.ts.
 */
import {
  AdminGetUserCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand, type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ClientKind, CognitoAuth, MigrationSource } from '../../lib';
import { CREDENTIALS, type Emulator, startEmulator, synthesizeMigration } from './migration-kit';

jest.setTimeout(60_000);

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64').replace(/=+$/, '');
const hex = (s: string) => Buffer.from(s, 'hex');

/** One user per algorithm: the vector's password and hash. */
const USERS: { [email: string]: [password: string, hash: string] } = {
  'bcrypt@example.com': ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
  'scrypt@example.com': ['password', `$scrypt$ln=10,r=8,p=16$${b64('NaCl')}$${b64(hex(
    'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640'))}`],
  'pbkdf2@example.com': ['passwd', `$pbkdf2-sha256$i=1$${b64('salt')}$${b64(hex(
    '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783'))}`],
  'argon2id@example.com': ['password', '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'],
};

let e: Emulator;
let dynalite: Server;
let dynamo: DynamoDBClient;
let clientId: string;
let poolId: string;

beforeAll(async () => {
  dynalite = require('dynalite')({ createTableMs: 0 });
  await new Promise<void>((resolve) => dynalite.listen(0, '127.0.0.1', () => resolve()));
  const dynamoUrl = `http://127.0.0.1:${(dynalite.address() as AddressInfo).port}`;
  dynamo = new DynamoDBClient({ endpoint: dynamoUrl, region: 'local', credentials: CREDENTIALS });
  // this source keeps no groups: the pool has no post authentication trigger
  e = await startEmulator('migration-hashes', { AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl }, ['UserMigration']);
  const app = synthesizeMigration(`${e.work}/cdk.out`, (stack) => {
    const table = new dynamodb.Table(stack, 'LegacyUsers', { partitionKey: { name: 'login', type: dynamodb.AttributeType.STRING } });
    new CognitoAuth(stack, 'Auth', {
      clients: [{ name: 'app', kind: ClientKind.NATIVE, authFlows: { userPassword: true } }],
      triggers: { migration: { source: MigrationSource.fromPasswordHashTable({ table, partitionKey: 'login' }), attributeMap: { mail: 'email' } } },
    });
  });

  // the legacy table, as the template declares it, with one user per algorithm
  const declared = app.resources[app.idOf('AWS::DynamoDB::Table', /^LegacyUsers/)].Properties;
  await dynamo.send(new CreateTableCommand({
    TableName: 'legacy-users', KeySchema: declared.KeySchema, AttributeDefinitions: declared.AttributeDefinitions,
    BillingMode: declared.BillingMode ?? 'PROVISIONED', ProvisionedThroughput: declared.ProvisionedThroughput,
  }));
  for (const [email, [, hash]] of Object.entries(USERS)) {
    await dynamo.send(new PutItemCommand({
      TableName: 'legacy-users',
      Item: { login: { S: email }, passwordHash: { S: hash }, attributes: { M: { mail: { S: email }, email_verified: { S: 'true' }, shoe: { S: '42' } } } },
    }));
  }

  const pool = app.resources[app.idOf('AWS::Cognito::UserPool', /^AuthUserPool/)].Properties;
  poolId = (await e.cognito.send(new CreateUserPoolCommand({
    PoolName: 'new',
    Schema: pool.Schema.map((a: SchemaAttributeType) => ({ ...a, AttributeDataType: a.AttributeDataType ?? 'String' })),
    UsernameAttributes: pool.UsernameAttributes,
    MfaConfiguration: 'OFF',
  }))).UserPool!.Id!;
  clientId = (await e.cognito.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
  }))).UserPoolClient!.ClientId!;
  e.registerTriggers(app, { [app.idOf('AWS::DynamoDB::Table', /^LegacyUsers/)]: 'legacy-users' }, poolId);
});

afterAll(async () => {
  await e?.stop();
  dynamo?.destroy();
  if (dynalite) await new Promise<void>((resolve) => dynalite.close(() => resolve()));
});

const signIn = (username: string, password: string) =>
  e.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

test('a wrong password migrates no one: refused with the message Cognito passes on, neither password nor hash logged', async () => {
  await expect(signIn('bcrypt@example.com', 'U*U*')).rejects.toThrow();
  const [invocation] = e.lambda.invocations;
  expect(invocation.error).toBe('Incorrect username or password.');
  await expect(e.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bcrypt@example.com' })))
    .rejects.toThrow(expect.objectContaining({ name: 'UserNotFoundException' }));
  expect(e.logged).toEqual([{ message: 'refused', source: 'password-hash table', kind: 'Authentication', reason: 'wrong password' }]);
});

test.each(Object.entries(USERS))('%s signs in with the vector\'s password, is migrated with the item\'s attributes, and signs in again', async (email, [password, hash]) => {
  const before = e.lambda.invocations.length;
  const first = await signIn(email, password);
  expect(first.AuthenticationResult?.IdToken).toBeDefined();
  const user = await e.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }));
  const attributes = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
  expect(attributes).toMatchObject({ email, email_verified: 'true' });
  expect(attributes).not.toHaveProperty('shoe');
  expect(user.UserStatus).toBe('CONFIRMED');
  const second = await signIn(email, password);
  expect(second.AuthenticationResult?.IdToken).toBeDefined();
  // one migration, then the pool's own sign-in
  expect(e.lambda.invocations.slice(before).map((i) => i.triggerSource)).toEqual(['UserMigration_Authentication']);
  const logged = JSON.stringify(e.logged);
  expect(logged).not.toContain(hash.slice(-16));
  expect(logged).not.toContain(`"${password}"`);
});
