import { execFile, execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { HANDLER_RUNTIME } from '../../lib/private/bundled-function';
import { refusingKeysServer } from '../lambda/events';

/** The handler bundles that `npm run build` writes into assets/ and the package ships. */
const root = path.join(__dirname, '..', '..');
const HANDLERS = [
  'custom-email-sender', 'custom-message', 'custom-sms-sender', 'inbound-federation', 'jwt-authorizer', 'migrate-from-hashes', 'migrate-from-http',
  'migrate-from-pool', 'post-confirmation', 'pre-signup', 'pre-token-generation',
];
const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name, 'index.js'));

function buildInto(dir: string): void {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), dir], { cwd: root, stdio: 'pipe' });
}

describe('handler bundles', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bundles-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('exist after the build, one per lambda/<name>/index.ts, with a source map', () => {
    const built = fs.readdirSync(path.join(root, 'assets')).sort();
    const sources = fs.readdirSync(path.join(root, 'lambda')).filter((d) => fs.existsSync(path.join(root, 'lambda', d, 'index.ts'))).sort();
    expect(built).toEqual(HANDLERS);
    expect(sources).toEqual(HANDLERS);
    for (const name of HANDLERS) {
      expect(fs.readdirSync(path.join(root, 'assets', name)).sort()).toEqual(['index.js', 'index.js.map']);
    }
  });

  test('contain no AWS SDK code: the SDK stays external (the Lambda runtime provides it)', () => {
    for (const name of HANDLERS) {
      const code = read(path.join(root, 'assets'), name).toString('utf8');
      expect(code).not.toMatch(/@smithy|smithy-client|SignatureV4|aws4_request/);
    }
    // Each trigger requires an SDK client only inside the function that loads it on first use (once, then kept),
    // called only by a port that makes a call (checked below); never at the top of the module.
    const lazily = (client: string) => new RegExp(`function \\w+\\(\\)\\{if\\(\\w+===void 0\\)\\{let \\w+=require\\("@aws-sdk/${client}"\\)`);
    const requires = (name: string) => read(path.join(root, 'assets'), name).toString().match(/require\("@aws-sdk\/[^"]+"\)/g) ?? [];
    expect(read(path.join(root, 'assets'), 'pre-signup').toString()).toMatch(lazily('client-cognito-identity-provider'));
    expect(requires('pre-signup')).toEqual(['require("@aws-sdk/client-cognito-identity-provider")']);
    expect(read(path.join(root, 'assets'), 'post-confirmation').toString()).toMatch(lazily('client-cognito-identity-provider'));
    expect(read(path.join(root, 'assets'), 'post-confirmation').toString()).toMatch(lazily('client-dynamodb'));
    expect(requires('post-confirmation').sort()).toEqual(['require("@aws-sdk/client-cognito-identity-provider")', 'require("@aws-sdk/client-dynamodb")']);
    expect(read(path.join(root, 'assets'), 'pre-token-generation').toString()).toMatch(lazily('client-cognito-identity-provider'));
    expect(requires('pre-token-generation')).toEqual(['require("@aws-sdk/client-cognito-identity-provider")']);
    expect(requires('jwt-authorizer')).toEqual([]);
    expect(requires('custom-message')).toEqual([]);
    expect(requires('inbound-federation')).toEqual([]);
    // the migration triggers: the pool source's Cognito client, the HTTP source's Secrets Manager client, each loaded by its first call
    expect(read(path.join(root, 'assets'), 'migrate-from-pool').toString()).toMatch(lazily('client-cognito-identity-provider'));
    expect(requires('migrate-from-pool')).toEqual(['require("@aws-sdk/client-cognito-identity-provider")']);
    expect(requires('migrate-from-http')).toEqual(['require("@aws-sdk/client-secrets-manager")']);
    expect(read(path.join(root, 'assets'), 'migrate-from-hashes').toString()).toMatch(lazily('client-dynamodb'));
    expect(requires('migrate-from-hashes')).toEqual(['require("@aws-sdk/client-dynamodb")']);
    // The senders: their own client, and the KMS client the Encryption SDK's KMS keyring uses (its hierarchical-keyring
    // code names the DynamoDB client too); all loaded by the first message, never at cold start (below).
    const encryptionSdk = ['require("@aws-sdk/client-dynamodb")', 'require("@aws-sdk/client-kms")', 'require("@aws-sdk/util-dynamodb")'];
    expect([...new Set(requires('custom-email-sender'))].sort()).toEqual([...encryptionSdk, 'require("@aws-sdk/client-sesv2")'].sort());
    expect([...new Set(requires('custom-sms-sender'))].sort()).toEqual([...encryptionSdk, 'require("@aws-sdk/client-sns")'].sort());
    // the Encryption SDK is bundled into the senders (it is not part of the Lambda runtime)
    for (const name of ['custom-email-sender', 'custom-sms-sender']) expect(read(path.join(root, 'assets'), name).toString()).not.toContain('require("@aws-crypto');
    // aws-jwt-verify is bundled into the authorizer (it is not part of the Lambda runtime)
    expect(read(path.join(root, 'assets'), 'jwt-authorizer').toString()).not.toContain('require("aws-jwt-verify');
  });

  test('are byte-for-byte identical across two builds, and the same as the shipped ones', () => {
    buildInto(path.join(tmp, 'a'));
    buildInto(path.join(tmp, 'b'));
    for (const name of HANDLERS) {
      expect(read(path.join(tmp, 'a'), name).equals(read(path.join(tmp, 'b'), name))).toBe(true);
      expect(read(path.join(tmp, 'a'), name).equals(read(path.join(root, 'assets'), name))).toBe(true);
      const map = (dir: string) => fs.readFileSync(path.join(dir, name, 'index.js.map'));
      expect(map(path.join(tmp, 'a')).equals(map(path.join(tmp, 'b')))).toBe(true);
      // the shipped map names sources relative to the package (../../lambda/...), not by this machine's paths
      expect(map(path.join(root, 'assets')).toString()).not.toContain(root);
    }
  });

  test.each([
    ['pre-token-generation', 8 * 1024],
    ['pre-signup', 16 * 1024],
    ['post-confirmation', 16 * 1024],
    ['jwt-authorizer', 64 * 1024],
    ['custom-message', 8 * 1024],
    ['inbound-federation', 8 * 1024],
    ['custom-email-sender', 384 * 1024],
    ['custom-sms-sender', 384 * 1024],
    // the migration triggers: the pool and HTTP sources carry no library; the hash source bcryptjs and hash-wasm's argon2id
    ['migrate-from-pool', 16 * 1024],
    ['migrate-from-http', 16 * 1024],
    ['migrate-from-hashes', 96 * 1024],
  ])('%s stays within its size budget (%d bytes, minified, AWS SDK external)', (name, budget) => {
    expect(read(path.join(root, 'assets'), name).length).toBeLessThanOrEqual(budget);
  });

  test('target the Node.js version of the functions\' runtime', () => {
    const script = fs.readFileSync(path.join(root, 'scripts', 'bundle.mjs'), 'utf8');
    const target = /NODE_TARGET = 'node(\d+)'/.exec(script)?.[1];
    expect(HANDLER_RUNTIME.name).toBe(`nodejs${target}.x`);
  });

  /** The AWS SDK clients a bundle has loaded once its module has loaded (its cold start), in a fresh process. */
  function sdkClientsLoadedAtColdStart(name: string, config: object): string[] {
    const script = `require(${JSON.stringify(path.join(root, 'assets', name, 'index.js'))});` +
      "console.log(JSON.stringify([...new Set(Object.keys(require.cache).map((f) => /client-(cognito-identity-provider|dynamodb|kms|sesv2|sns)/.exec(f)?.[0]).filter(Boolean))].sort()))";
    const out = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, TRIGGER_CONFIG: JSON.stringify(config), NODE_PATH: path.join(root, 'node_modules'), AWS_REGION: 'eu-west-1' },
    });
    expect(out.status).toBe(0);
    return JSON.parse(out.stdout.trim());
  }

  // The AWS SDK is loaded by the first call that needs it, never at cold start, whatever the config
  // (test/lambda/sdk-loading.test.ts follows each bundle past its first call).
  test.each([
    [[], false],
    [['member'], false],
  ])('the bundled pre token generation handler with default groups %j loads the AWS SDK at cold start: %s', (defaultGroups, loads) => {
    const config = { claimsFromAttributes: {}, permissionsClaim: 'permissions', groupPermissions: {}, groupScopes: {}, suppressClaims: [], accessTokenClaims: true, maxClaimBytes: 512, defaultGroups };
    expect(sdkClientsLoadedAtColdStart('pre-token-generation', config)).toEqual(loads ? ['client-cognito-identity-provider'] : []);
  });

  test.each([
    [false, []],
    [true, []],
  ])('the bundled pre sign-up handler with linkExternalUsers %s loads at cold start: %j', (linkExternalUsers, clients) => {
    const config = { allowedDomains: [], blockedDomains: [], autoConfirmDomains: [], includeSubdomains: false, linkExternalUsers, externalProviderNames: [], linkProviders: ['Google'], assumeVerifiedProviders: [], rejectionMessage: 'No.' };
    expect(sdkClientsLoadedAtColdStart('pre-signup', config)).toEqual(clients);
  });

  const TABLE = { tableName: 'Profiles', partitionKey: 'userId' };
  test.each([
    [[], undefined, []],
    [['member'], undefined, []],
    [[], TABLE, []],
    [['member'], TABLE, []],
  ])('the bundled post confirmation handler with default groups %j and profile table %j loads at cold start: %j', (defaultGroups, profileTable, clients) => {
    const config = { defaultGroups, groupsAtSignIn: false, ...(profileTable ? { profileTable } : {}) };
    expect(sdkClientsLoadedAtColdStart('post-confirmation', config)).toEqual(clients);
  });

  test.each(['custom-email-sender', 'custom-sms-sender'])('the %s loads neither the AWS SDK nor the Encryption SDK\'s KMS client at cold start', (name) => {
    const config = { defaultLocale: 'en', templates: {}, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc', fromAddress: 'a@example.com', smsType: 'Transactional' };
    expect(sdkClientsLoadedAtColdStart(name, config)).toEqual([]);
  });

  test('the jwt authorizer loads no AWS SDK', () => {
    const config = { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X', jwksUri: 'https://127.0.0.1:9/jwks.json', clientIds: ['c'], tokenUse: 'any', requiredGroups: [], groupsMatch: 'any', requiredScopes: [], contextClaims: [], jwks: { keys: [] } };
    expect(sdkClientsLoadedAtColdStart('jwt-authorizer', config)).toEqual([]);
  });

  test('the bundled pre token generation handler answers a V2 event with its config from the environment', async () => {
    const file = path.join(root, 'assets', 'pre-token-generation', 'index.js');
    const config = { claimsFromAttributes: { tenant: 'custom:tenant_id' }, permissionsClaim: 'permissions', groupPermissions: { admin: ['a:b'] }, groupScopes: {}, suppressClaims: [], accessTokenClaims: false, maxClaimBytes: 512, defaultGroups: [] };
    const saved = process.env.TRIGGER_CONFIG;
    process.env.TRIGGER_CONFIG = JSON.stringify(config);
    let handler: (event: unknown) => Promise<any> = async () => undefined;
    try {
      jest.isolateModules(() => {
        handler = require(file).handler;
      });
      const out = await handler({
        version: '2', triggerSource: 'TokenGeneration_Authentication', region: 'eu-west-1', userPoolId: 'eu-west-1_X', userName: 'u',
        callerContext: { awsSdkVersion: 'x', clientId: 'c' },
        request: { userAttributes: { 'custom:tenant_id': 'acme' }, groupConfiguration: { groupsToOverride: ['admin'] } },
        response: { claimsAndScopeOverrideDetails: {} },
      });
      expect(out.response.claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride).toEqual({ tenant: 'acme', permissions: ['a:b'] });
    } finally {
      if (saved === undefined) delete process.env.TRIGGER_CONFIG;
      else process.env.TRIGGER_CONFIG = saved;
    }
  });
});

/** A stand-in for the AWS JSON APIs on 127.0.0.1: records each call (its X-Amz-Target and body) and answers as told. */
async function fakeAws(answer: (target: string, body: any) => { status?: number; body: object }) {
  const calls: { target: string; body: any }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      calls.push({ target, body });
      const out = answer(target, body);
      res.writeHead(out.status ?? 200, { 'content-type': String(req.headers['content-type'] ?? 'application/json') }).end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return { url, calls, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Runs a bundle's handler on one event in a fresh process, as Lambda would load it (config from the environment),
 * with the AWS SDK pointed at `endpoint` through the AWS_ENDPOINT_URL_<SERVICE> variables. Answers what the handler
 * returned or threw, and what it wrote.
 */
function invokeBundle(name: string, config: object, event: object, endpoint: string): Promise<{ result?: any; error?: string; output: string }> {
  const script = `const { handler } = require(${JSON.stringify(path.join(root, 'assets', name, 'index.js'))});` +
    'Promise.resolve(handler(JSON.parse(process.env.EVENT))).then((result) => process.stdout.write("\\n@@" + JSON.stringify({ result })), ' +
    '(err) => process.stdout.write("\\n@@" + JSON.stringify({ error: err.message })));';
  const env = {
    ...process.env,
    NODE_PATH: path.join(root, 'node_modules'),
    TRIGGER_CONFIG: JSON.stringify(config),
    EVENT: JSON.stringify(event),
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(Object.assign(err, { stdout, stderr }));
      const [output, last] = [stdout.slice(0, stdout.lastIndexOf('\n@@')), stdout.slice(stdout.lastIndexOf('\n@@') + 3)];
      resolve({ ...JSON.parse(last), output: output + stderr });
    });
  });
}

describe('the bundles call the AWS APIs their config needs (the SDK loaded on demand, pointed at a local stand-in)', () => {
  const POOL = 'eu-west-1_AbCdEf123';
  const SUB = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
  const caller = { version: '1', region: 'eu-west-1', userPoolId: POOL, callerContext: { awsSdkVersion: 'x', clientId: 'c' } };

  test('pre sign-up with linking: looks the native user up by email, then links the Google user to it', async () => {
    const aws = await fakeAws((target) =>
      target.endsWith('.ListUsers')
        ? { body: { Users: [{ Username: 'native-jane', UserStatus: 'CONFIRMED', Attributes: [{ Name: 'email_verified', Value: 'true' }] }] } }
        : { body: {} },
    );
    try {
      const config = { allowedDomains: [], blockedDomains: [], autoConfirmDomains: [], includeSubdomains: false, linkExternalUsers: true, externalProviderNames: [], linkProviders: ['Google'], assumeVerifiedProviders: [], rejectionMessage: 'No.' };
      const event = { ...caller, userName: 'google_1234567890', triggerSource: 'PreSignUp_ExternalProvider', request: { userAttributes: { email: 'Jane@Example.com', 'custom:idp_email_verified': 'true' } }, response: {} };
      const out = await invokeBundle('pre-signup', config, event, aws.url);
      expect(out.error).toBeUndefined();
      expect(out.result.userName).toBe('google_1234567890');
      expect(aws.calls).toEqual([
        { target: 'AWSCognitoIdentityProviderService.ListUsers', body: { UserPoolId: POOL, Filter: 'email = "jane@example.com"', Limit: 10 } },
        {
          target: 'AWSCognitoIdentityProviderService.AdminLinkProviderForUser',
          body: {
            UserPoolId: POOL,
            DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'native-jane' },
            SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1234567890' },
          },
        },
      ]);
      expect(out.output).toContain('linked');
      expect(out.output).not.toMatch(/jane@/i);
    } finally {
      await aws.close();
    }
  });

  test.each([
    ['a new profile is written', 200, 'profile created'],
    ['an existing profile is kept (a retry)', 400, 'profile exists'],
  ])('post confirmation with groups and a table: adds each group, writes the profile conditionally; %s', async (_case, putStatus, logged) => {
    const aws = await fakeAws((target) =>
      target.endsWith('.PutItem') && putStatus === 400
        ? { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' } }
        : { body: {} },
    );
    try {
      const config = { defaultGroups: ['member', 'newsletter'], groupsAtSignIn: false, profileTable: { tableName: 'Profiles', partitionKey: 'userId' } };
      const event = { ...caller, userName: SUB, triggerSource: 'PostConfirmation_ConfirmSignUp', request: { userAttributes: { sub: SUB, email: 'jane@example.com' } }, response: {} };
      const out = await invokeBundle('post-confirmation', config, event, aws.url);
      expect(out.error).toBeUndefined();
      const groupCalls = aws.calls.filter((c) => c.target.startsWith('AWSCognitoIdentityProviderService.'));
      expect(groupCalls.sort((a, b) => a.body.GroupName.localeCompare(b.body.GroupName))).toEqual([
        { target: 'AWSCognitoIdentityProviderService.AdminAddUserToGroup', body: { UserPoolId: POOL, Username: SUB, GroupName: 'member' } },
        { target: 'AWSCognitoIdentityProviderService.AdminAddUserToGroup', body: { UserPoolId: POOL, Username: SUB, GroupName: 'newsletter' } },
      ]);
      expect(aws.calls.filter((c) => c.target.startsWith('DynamoDB_'))).toEqual([
        {
          target: 'DynamoDB_20120810.PutItem',
          body: {
            TableName: 'Profiles',
            Item: { userId: { S: SUB }, username: { S: SUB }, createdAt: { S: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) } },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'userId' },
          },
        },
      ]);
      expect(out.output).toContain(logged);
      expect(out.output).not.toMatch(/jane@/i);
    } finally {
      await aws.close();
    }
  });
});

describe('the bundled jwt authorizer fetches the pool\'s signing keys while it loads', () => {
  /** Loads the bundle in a fresh process and keeps it running a moment, with no request: answers how it ended. */
  function loadAndIdle(config: object): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const script = `require(${JSON.stringify(path.join(root, 'assets', 'jwt-authorizer', 'index.js'))}); setTimeout(() => console.log('alive'), 1500);`;
    return new Promise((resolve) => {
      execFile(process.execPath, ['-e', script], { env: { ...process.env, TRIGGER_CONFIG: JSON.stringify(config) }, encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      );
    });
  }

  test.each([
    ['the pool\'s keys address: one fetch at load, which fails here; the module lives on', false],
    ['inline keys: no fetch at all', true],
  ])('%s', async (_case, inline) => {
    const keys = await refusingKeysServer();
    try {
      const config = {
        issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X',
        jwksUri: keys.jwksUri,
        clientIds: ['c'], tokenUse: 'any', requiredGroups: [], groupsMatch: 'any', requiredScopes: [], contextClaims: [],
        ...(inline ? { jwks: { keys: [] } } : {}),
      };
      const out = await loadAndIdle(config);
      expect(out.code).toBe(0);
      expect(out.stdout.trim()).toBe('alive');
      if (inline) {
        expect(keys.connections()).toBe(0);
        expect(out.stderr).toBe('');
      } else {
        expect(keys.connections()).toBeGreaterThan(0);
        expect(out.stderr).toContain('signing keys not prefetched');
      }
    } finally {
      await keys.close();
    }
  });
});
