/**
 * The bundles load the AWS SDK on the first call that needs it, not at cold start: each bundle runs, in a fresh
 * process as Lambda loads it, first an event it answers without a call (no SDK client may be loaded after it), then
 * one that needs a call (exactly the clients that call uses are loaded, and the call reaches a local stand-in for
 * the AWS APIs).
 */
import { execFile } from 'child_process';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { postConfirmationEvent, preSignUpEvent, preTokenV2Event } from './events';

const root = path.join(__dirname, '..', '..');

/** Answers every AWS JSON API call with `{}` and records its X-Amz-Target. */
async function fakeAws(): Promise<{ url: string; targets: string[]; close: () => Promise<void> }> {
  const targets: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      targets.push(String(req.headers['x-amz-target']));
      res.writeHead(200, { 'content-type': String(req.headers['content-type'] ?? 'application/x-amz-json-1.1') }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** After each event in turn: the SDK clients loaded so far, and whether the handler answered or threw. */
type Step = { clients: string[]; outcome: string };

function runBundle(name: string, config: object, events: object[], endpoint: string): Promise<Step[]> {
  const script = `
    const clients = () => [...new Set(Object.keys(require.cache).map((f) => /@aws-sdk[\\\\/](client-[a-z-]+)/.exec(f)?.[1]).filter(Boolean))].sort();
    const { handler } = require(${JSON.stringify(path.join(root, 'assets', name, 'index.js'))});
    console.info = () => undefined;
    (async () => {
      const steps = [{ clients: clients(), outcome: 'loaded' }];
      for (const event of JSON.parse(process.env.EVENTS)) {
        const outcome = await handler(event).then(() => 'answered', (err) => 'threw ' + err.message);
        steps.push({ clients: clients(), outcome });
      }
      process.stdout.write(JSON.stringify(steps));
    })();`;
  const env = {
    ...process.env,
    NODE_PATH: path.join(root, 'node_modules'),
    TRIGGER_CONFIG: JSON.stringify(config),
    EVENTS: JSON.stringify(events),
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_CONFIG_FILE: path.join(os.tmpdir(), 'no-such-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'no-such-aws-credentials'),
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(Object.assign(err, { stdout, stderr })) : resolve(JSON.parse(stdout)),
    );
  });
}

const COGNITO = 'client-cognito-identity-provider';
const DYNAMODB = 'client-dynamodb';
let aws: Awaited<ReturnType<typeof fakeAws>>;
beforeEach(async () => {
  aws = await fakeAws();
});
afterEach(() => aws.close());

test('pre token generation with default groups: a user already in them loads no SDK; one missing a group loads Cognito\'s client and is added', async () => {
  const config = { claimsFromAttributes: {}, permissionsClaim: 'permissions', groupPermissions: {}, groupScopes: {}, suppressClaims: [], accessTokenClaims: true, maxClaimBytes: 512, defaultGroups: ['member'] };
  const inGroup = preTokenV2Event('TokenGeneration_Authentication', {}, ['member']);
  const missing = preTokenV2Event('TokenGeneration_Authentication', {}, []);
  expect(await runBundle('pre-token-generation', config, [inGroup, inGroup, missing, missing], aws.url)).toEqual([
    { clients: [], outcome: 'loaded' },
    { clients: [], outcome: 'answered' },
    { clients: [], outcome: 'answered' },
    { clients: [COGNITO], outcome: 'answered' },
    { clients: [COGNITO], outcome: 'answered' },
  ]);
  expect(aws.targets).toEqual(['AWSCognitoIdentityProviderService.AdminAddUserToGroup', 'AWSCognitoIdentityProviderService.AdminAddUserToGroup']);
});

test('post confirmation with groups and a table: a password-reset confirmation loads no SDK; a sign-up loads both clients', async () => {
  const config = { defaultGroups: ['member'], groupsAtSignIn: false, profileTable: { tableName: 'Profiles', partitionKey: 'userId' } };
  const events = [postConfirmationEvent('PostConfirmation_ConfirmForgotPassword'), postConfirmationEvent('PostConfirmation_ConfirmSignUp')];
  expect(await runBundle('post-confirmation', config, events, aws.url)).toEqual([
    { clients: [], outcome: 'loaded' },
    { clients: [], outcome: 'answered' },
    { clients: [COGNITO, DYNAMODB], outcome: 'answered' },
  ]);
  expect([...aws.targets].sort()).toEqual(['AWSCognitoIdentityProviderService.AdminAddUserToGroup', 'DynamoDB_20120810.PutItem']);
});

test('post confirmation with a table only loads DynamoDB\'s client, and only for a sign-up', async () => {
  const config = { defaultGroups: [], groupsAtSignIn: false, profileTable: { tableName: 'Profiles', partitionKey: 'userId' } };
  const events = [postConfirmationEvent('PostConfirmation_ConfirmForgotPassword'), postConfirmationEvent('PostConfirmation_ConfirmSignUp')];
  expect(await runBundle('post-confirmation', config, events, aws.url)).toEqual([
    { clients: [], outcome: 'loaded' },
    { clients: [], outcome: 'answered' },
    { clients: [DYNAMODB], outcome: 'answered' },
  ]);
});

test('pre sign-up with linking: a native sign-up loads no SDK; a federated one loads Cognito\'s client to look the user up', async () => {
  const config = { allowedDomains: [], blockedDomains: [], autoConfirmDomains: [], includeSubdomains: false, linkExternalUsers: true, externalProviderNames: [], linkProviders: ['Google'], assumeVerifiedProviders: [], rejectionMessage: 'No.' };
  const native = preSignUpEvent('PreSignUp_SignUp', { email: 'jane@example.com' });
  const federated = preSignUpEvent('PreSignUp_ExternalProvider', { 'email': 'jane@example.com', 'custom:idp_email_verified': 'true' }, 'google_1234567890');
  expect(await runBundle('pre-signup', config, [native, federated], aws.url)).toEqual([
    { clients: [], outcome: 'loaded' },
    { clients: [], outcome: 'answered' },
    { clients: [COGNITO], outcome: 'answered' },
  ]);
  // The stand-in knows no user with that address: looked up, not linked.
  expect(aws.targets).toEqual(['AWSCognitoIdentityProviderService.ListUsers']);
});
