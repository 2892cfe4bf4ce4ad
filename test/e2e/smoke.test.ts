/**
 * The post-deploy smoke check's user-pool half against cognito-local (see harness.ts): the example dev stack's
 * SmokeCheck output as synthesized, with the emulator's pool and smoke client in place of the deployed ones. The
 * real SDK creates the user, adds it to the group, signs in with ADMIN_USER_PASSWORD_AUTH (the pre token generation
 * bundle runs), and deletes the user. The protected route is a stand-in for API Gateway: a local server that
 * verifies the bare ID token (as the Cognito authorizer on /me takes it) with the bundled JWT authorizer (the
 * emulator's keys, no group required) and answers 200, or 401. The identity-pool half is in test/smoke-check/smoke-check.test.ts (faked).
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { SmokeCheckConfig } from '../../lib/frontend-config';
import { runSmokeCheck, type StepResult } from '../../lib/smoke-check/check';
import { withApiUrl } from '../../lib/smoke-check/config';
import { evaluate } from '../support/helpers';
import { type Harness, ISSUER_DOMAIN, loadBundle, startHarness } from './harness';

jest.setTimeout(60_000);

let h: Harness;
let api: http.Server;
let apiUrl = '';
let config: SmokeCheckConfig;

beforeAll(async () => {
  h = await startHarness();

  const outputs = (h.template as any).Outputs as Record<string, { Value: unknown }>;
  const [, output] = Object.entries(outputs).find(([k]) => k.startsWith('AuthSmokeCheck'))!;
  const synthesized = JSON.parse(evaluate(output.Value)) as SmokeCheckConfig;

  // The stand-in for the protected route, with the example's own authorizer bundle.
  const jwks = await (await fetch(`${h.cognitoUrl}/${h.userPoolId}/.well-known/jwks.json`)).json();
  const fn = [...h.functions.values()].find((f) => f.logicalId.startsWith('AuthAdminAuthorizerHandlerFunction'))!;
  const shipped = fn.environment.TRIGGER_CONFIG as unknown as { 'Fn::Join': [string, unknown[]] };
  const shippedConfig = JSON.parse(shipped['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'deployed-value')).join(''));
  const authorize = loadBundle(fn, {
    TRIGGER_CONFIG: JSON.stringify({
      ...shippedConfig,
      issuer: `${ISSUER_DOMAIN}/${h.userPoolId}`,
      jwksUri: `https://emulator.invalid/${h.userPoolId}/.well-known/jwks.json`,
      clientIds: [h.clientIds['smoke-check']],
      requiredGroups: [],
      jwks,
    }),
  });
  api = http.createServer((req, res) => {
    // The Cognito authorizer takes the bare token; the bundled authorizer wants the Bearer form.
    const header = req.headers.authorization;
    const event = { type: 'TOKEN', authorizationToken: header ? `Bearer ${header}` : '', methodArn: 'arn:aws:execute-api:local:000000000000:api/prod/GET/me' };
    (authorize(event) as Promise<any>).then(
      (out) => res.writeHead(out.policyDocument.Statement[0].Effect === 'Allow' ? 200 : 403).end(),
      () => res.writeHead(401).end(),
    );
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  const apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}/prod/`;
  apiUrl = `${apiBase}me`;

  // The example's API lives in its own stack: the command takes its URL with --api-url and appends the route.
  config = withApiUrl({
    ...synthesized,
    region: 'local',
    userPoolId: h.userPoolId,
    clientId: h.clientIds['smoke-check'],
    identityPoolId: undefined,
    expectedRoleArn: undefined,
  }, apiBase);
});

afterAll(async () => {
  await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
  await h?.stop();
});

async function run(overrides: Partial<SmokeCheckConfig> = {}) {
  const steps: StepResult[] = [];
  const result = await runSmokeCheck(
    { ...config, ...overrides },
    { userPool: h.cognito, fetch: (u, init) => fetch(u, init), report: (s) => steps.push(s) },
    { emailDomain: 'example.com', issuer: `${ISSUER_DOMAIN}/${h.userPoolId}` },
  );
  return { result, steps };
}

async function userCount(): Promise<number> {
  return ((await h.cognito.send(new ListUsersCommand({ UserPoolId: h.userPoolId }))).Users ?? []).length;
}

test("the example's SmokeCheck output names the member group and the REST API's /me route", () => {
  expect(config.group).toBe('member');
  expect(config.apiUrl).toBe(apiUrl);
});

test('every step passes against the emulator, and the temporary user is gone afterwards', async () => {
  const before = await userCount();
  const { result, steps } = await run();
  expect(steps.map((s) => `${s.ok ? 'PASS' : 'FAIL'} ${s.step}`)).toEqual([
    'PASS create a temporary user',
    "PASS join the group 'member'",
    'PASS sign in through the smoke client',
    'PASS check the ID token',
    `PASS call ${apiUrl}`,
    'PASS delete the temporary user',
  ]);
  expect(result.ok).toBe(true);
  expect(steps[0].detail).toMatch(/^sub [0-9a-f-]{36}$/);
  expect(await userCount()).toBe(before);
});

test('the pre token generation trigger ran for the sign-in', async () => {
  const from = h.lambda.invocations.length;
  await run();
  expect(h.lambda.invocations.slice(from).map((i) => i.name)).toContain('PreTokenGeneration');
});

test('a group the pool does not have: the step fails, and the user is still deleted', async () => {
  const before = await userCount();
  const { result, steps } = await run({ group: 'no-such-group' });
  expect(result.ok).toBe(false);
  expect(steps.map((s) => [s.step, s.ok])).toEqual([
    ['create a temporary user', true],
    ["join the group 'no-such-group'", false],
    ['delete the temporary user', true],
  ]);
  expect(await userCount()).toBe(before);
});

test('a client the pool does not have: sign-in fails, and the user is still deleted', async () => {
  const before = await userCount();
  const { result, steps } = await run({ clientId: 'no-such-client' });
  expect(result.ok).toBe(false);
  expect(steps.find((s) => !s.ok)!.step).toBe('sign in through the smoke client');
  expect(steps[steps.length - 1]).toEqual({ step: 'delete the temporary user', ok: true, detail: 'deleted' });
  expect(await userCount()).toBe(before);
});
