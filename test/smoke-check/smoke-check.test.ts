/**
 * The smoke check (lib/smoke-check/, the cognito-smoke-check command) as a unit: its identity-pool half runs against the FAKE identity pool of
 * test/support/fakes (which reads the example stack's synthesized role mapping), and the user pool is a small fake here, at
 * the SDK edge, so that each failure can be forced. The user-pool half runs for real against cognito-local in
 * test/e2e/smoke.test.ts.
 */
import { spawnSync } from 'child_process';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { DeleteIdentitiesCommand } from '@aws-sdk/client-cognito-identity';
import { createExampleApp } from '../../bin/example-app';
import type { SmokeCheckConfig } from '../../lib/frontend-config';
import { claimsOf, randomPassword, redact, roleNameOf, runSmokeCheck, type SmokeDeps, type StepResult, totp } from '../../lib/smoke-check/check';
import { formatStep, parseArgs, runCommand, USAGE } from '../../lib/smoke-check/command';
import { smokeConfigFrom, withApiUrl } from '../../lib/smoke-check/config';
import { fakeIdToken, FakeIdentityPool } from '../support/fakes/identity-pool';
import { evaluate, testApp } from '../support/helpers';

const REGION = 'eu-west-1';
const POOL = `${REGION}_Example`;
const PROVIDER = `cognito-idp.${REGION}.amazonaws.com/${POOL}`;

/** The example dev stack's SmokeCheck output, its Refs and GetAtts standing for the fake pool's names. */
const [dev] = createExampleApp(testApp({ stage: 'dev', nag: false }));
const template = Template.fromStack(dev.auth).toJSON() as { Resources: Record<string, any>; Outputs: Record<string, any> };
const outputKey = Object.keys(template.Outputs).find((k) => k.startsWith('AuthSmokeCheck'))!;
const smokeOutput = JSON.parse(evaluate(template.Outputs[outputKey].Value));
const smokeClientId = smokeOutput.clientId.slice(1, -1);

function config(overrides: Partial<SmokeCheckConfig> = {}): SmokeCheckConfig {
  return {
    ...smokeOutput,
    region: REGION,
    userPoolId: POOL,
    clientId: smokeClientId,
    // the deployed value of the pool's ProviderName: the original issuer
    issuer: `https://${PROVIDER}`,
    identityPoolId: smokeOutput.identityPoolId.slice(1, -1),
    // the fake names a role's ARN after the role's logical id
    expectedRoleArn: `arn:aws:iam::123456789012:role/${smokeOutput.expectedRoleArn.slice(1, -1).replace(/\.Arn$/, '')}`,
    apiUrl: undefined,
    ...overrides,
  };
}

/** A fake user pool at the SDK edge: it records every call, issues unsigned ID tokens, and fails where told to. */
class FakeUserPool {
  public readonly calls: string[] = [];
  public readonly users = new Map<string, { signIn: string; email: string; groups: string[]; password?: string }>();
  public readonly created: any[] = [];
  public deleted: string[] = [];
  constructor(private readonly failOn?: string, private readonly tokenClaims: Record<string, unknown> = {}) {}

  async send(command: any): Promise<any> {
    const name = command.constructor.name.replace(/Command$/, '');
    this.calls.push(name);
    if (name === this.failOn) throw Object.assign(new Error(`${name} failed for smoke-abc@example.com`), { name: 'InternalErrorException' });
    const input = command.input;
    switch (name) {
      case 'AdminCreateUser': {
        this.created.push(input);
        const username = `uuid-${this.users.size + 1}`;
        const email = input.UserAttributes.find((a: any) => a.Name === 'email').Value;
        this.users.set(username, { signIn: input.Username, email, groups: [] });
        return { User: { Username: username, Attributes: [{ Name: 'sub', Value: `sub-${username}` }] } };
      }
      case 'AdminSetUserPassword':
        this.users.get(input.Username)!.password = input.Password;
        return {};
      case 'AdminAddUserToGroup':
        this.users.get(input.Username)!.groups.push(input.GroupName);
        return {};
      case 'AdminInitiateAuth': {
        const [username, user] = [...this.users].find(([, u]) => u.signIn === input.AuthParameters.USERNAME)!;
        if (user.password !== input.AuthParameters.PASSWORD) throw Object.assign(new Error('Incorrect username or password.'), { name: 'NotAuthorizedException' });
        const claims = {
          'sub': username,
          'aud': input.ClientId,
          'iss': `https://${PROVIDER}`,
          'token_use': 'id',
          'email': user.email,
          'exp': Math.floor(Date.now() / 1000) + 3600,
          ...(user.groups.length ? { 'cognito:groups': user.groups } : {}),
          ...this.tokenClaims,
        };
        return { AuthenticationResult: { IdToken: fakeIdToken(claims), AccessToken: 'access', RefreshToken: 'refresh' } };
      }
      case 'AdminDeleteUser':
        this.deleted.push(input.Username);
        this.users.delete(input.Username);
        return {};
      default:
        throw new Error(`the fake user pool does not serve ${name}`);
    }
  }
}

/** The identity-pool fake, also answering DeleteIdentities (recorded). */
class IdentityPoolWithDelete extends FakeIdentityPool {
  public readonly deletedIdentities: string[] = [];
  public failCredentials = false;
  async send(command: any): Promise<any> {
    if (this.failCredentials && command.constructor.name === 'GetCredentialsForIdentityCommand') {
      throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    }
    if (command instanceof DeleteIdentitiesCommand) {
      this.deletedIdentities.push(...(command.input.IdentityIdsToDelete ?? []));
      return { UnprocessedIdentityIds: [] };
    }
    return super.send(command);
  }
}

function deps(userPool: FakeUserPool, identityPool = new IdentityPoolWithDelete(template, PROVIDER), extra: Partial<SmokeDeps> = {}) {
  const steps: StepResult[] = [];
  return {
    steps,
    identityPool,
    deps: {
      userPool,
      identityPool,
      sts: (c: { AccessKeyId: string }) => identityPool.sts(c),
      fetch: async () => ({ status: 200 }),
      report: (s: StepResult) => steps.push(s),
      ...extra,
    } as SmokeDeps,
  };
}

const OPTIONS = { emailDomain: 'example.com' };

describe('smoke check: identity-pool half, against the fake identity pool and the example stack', () => {
  test('the example dev stack opts in: member group, the member role expected, the route me of the API stack (given with --api-url)', () => {
    expect(smokeOutput.group).toBe('member');
    expect(smokeOutput.expectedRoleArn).toMatch(/^<AuthGroupmemberRole[0-9A-F]+\.Arn>$/);
    expect(smokeOutput.apiUrl).toBeUndefined();
    expect(smokeOutput.apiPath).toBe('me');
    const api = Template.fromStack(dev.api).toJSON();
    const restUrl = Object.entries(api.Outputs as Record<string, { Value: unknown }>).find(([k]) => k.startsWith('ApisRestApiUrl'))![1];
    expect(evaluate(restUrl.Value)).toMatch(/^https:\/\/<ApisRestApi[0-9A-F]+>\.execute-api\.eu-west-1\.amazonaws\.com\/<ApisRestApiDeploymentStageprod[0-9A-F]+>\/$/);
  });

  test('--api-url completes a route of another stack; a route without it, or a URL without a route, is a usage error', () => {
    const withPath = { ...config(), apiPath: 'me' };
    expect(withApiUrl(withPath, 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/').apiUrl).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod/me');
    expect(() => withApiUrl(withPath, undefined)).toThrow("the smoke check calls the route 'me' of an API in another stack: give that API's base URL with --api-url");
    const noRoute = { ...config(), apiPath: undefined };
    expect(() => withApiUrl(noRoute, 'https://abc.example.com/')).toThrow("--api-url is given, but the stack's smoke check names no route of another stack's API (smokeCheck.apiPath without api)");
    expect(withApiUrl(noRoute, undefined)).toEqual(noRoute);
    expect(() => parseArgs(['--stack', 's', '--api-url', 'https://abc.example.com/prod'])).toThrow("--api-url 'https://abc.example.com/prod' must be an http(s) URL ending with '/'");
  });

  test('every step passes: user, group, sign-in, token, credentials with the member role; then cleanup', async () => {
    const userPool = new FakeUserPool();
    const { deps: d, steps, identityPool } = deps(userPool);
    const result = await runSmokeCheck(config(), d, OPTIONS);
    expect(steps.map((s) => `${s.ok ? 'PASS' : 'FAIL'} ${s.step}`)).toEqual([
      'PASS create a temporary user',
      "PASS join the group 'member'",
      'PASS sign in through the smoke client',
      'PASS check the ID token',
      'PASS get AWS credentials from the identity pool',
      'PASS delete the identity',
      'PASS delete the temporary user',
    ]);
    expect(result.ok).toBe(true);
    expect(steps[0].detail).toBe('sub sub-uuid-1');
    expect(steps[4].detail).toMatch(/^role AuthGroupmemberRole[0-9A-F]+, as the role mapping says$/);
    expect(identityPool.calls).toEqual(['GetIdCommand', 'GetCredentialsForIdentityCommand']);
    expect(identityPool.deletedIdentities).toEqual([`${REGION}:uuid-1`]);
    expect(userPool.deleted).toEqual(['uuid-1']);
    expect(userPool.users.size).toBe(0);
  });

  test('a different role than the mapping says fails the step, and the user and identity are still deleted', async () => {
    const userPool = new FakeUserPool();
    const { deps: d, steps, identityPool } = deps(userPool);
    const result = await runSmokeCheck(config({ group: undefined }), d, OPTIONS);
    expect(result.ok).toBe(false);
    const failed = steps.find((s) => !s.ok)!;
    expect(failed.step).toBe('get AWS credentials from the identity pool');
    expect(failed.detail).toMatch(/^got the role AuthIdentityPoolAuthenticatedRole[0-9A-F]+, expected AuthGroupmemberRole[0-9A-F]+$/);
    expect(identityPool.deletedIdentities).toHaveLength(1);
    expect(userPool.deleted).toEqual(['uuid-1']);
  });

  test('the identity pool refusing the token fails the step; the user is still deleted', async () => {
    const userPool = new FakeUserPool(undefined, { aud: 'not-a-client-of-the-identity-pool' });
    const { deps: d, steps } = deps(userPool);
    const result = await runSmokeCheck(config({ clientId: 'not-a-client-of-the-identity-pool' }), d, OPTIONS);
    expect(result.ok).toBe(false);
    expect(steps.filter((s) => !s.ok).map((s) => [s.step, s.detail])).toEqual([
      ['get AWS credentials from the identity pool', 'NotAuthorizedException: Token is not from a supported provider of this identity pool.'],
    ]);
    expect(steps[steps.length - 1]).toEqual({ step: 'delete the temporary user', ok: true, detail: 'deleted' });
    expect(userPool.deleted).toEqual(['uuid-1']);
  });

  test.each([
    ['AdminAddUserToGroup', "join the group 'member'"],
    ['AdminInitiateAuth', 'sign in through the smoke client'],
  ])('%s failing: the step fails, nothing after it runs but the cleanup', async (failOn, step) => {
    const userPool = new FakeUserPool(failOn);
    const { deps: d, steps } = deps(userPool);
    const result = await runSmokeCheck(config(), d, OPTIONS);
    expect(result.ok).toBe(false);
    expect(steps.slice(-2).map((s) => [s.step, s.ok])).toEqual([
      [step, false],
      ['delete the temporary user', true],
    ]);
    expect(userPool.deleted).toEqual(['uuid-1']);
  });

  test('creating the user failing: nothing to clean up, and the address in the error is taken out', async () => {
    const userPool = new FakeUserPool('AdminCreateUser');
    const { deps: d, steps } = deps(userPool);
    const result = await runSmokeCheck(config(), d, OPTIONS);
    expect(result.ok).toBe(false);
    expect(steps).toHaveLength(1);
    expect(steps[0].detail).toBe('InternalErrorException: AdminCreateUser failed for [email]');
    expect(userPool.calls).toEqual(['AdminCreateUser']);
  });

  test('setting the password failing: the user exists, so it is deleted', async () => {
    const userPool = new FakeUserPool('AdminSetUserPassword');
    const { deps: d, steps } = deps(userPool);
    expect((await runSmokeCheck(config(), d, OPTIONS)).ok).toBe(false);
    expect(steps.map((s) => [s.step, s.ok])).toEqual([
      ['create a temporary user', false],
      ['delete the temporary user', true],
    ]);
    expect(userPool.deleted).toEqual(['uuid-1']);
  });

  test('GetCredentialsForIdentity failing after GetId: the identity is deleted too', async () => {
    const userPool = new FakeUserPool();
    const identityPool = new IdentityPoolWithDelete(template, PROVIDER);
    identityPool.failCredentials = true;
    const { deps: d, steps } = deps(userPool, identityPool);
    expect((await runSmokeCheck(config(), d, OPTIONS)).ok).toBe(false);
    expect(steps.slice(-3).map((s) => [s.step, s.ok, s.detail])).toEqual([
      ['get AWS credentials from the identity pool', false, 'TooManyRequestsException: Rate exceeded'],
      ['delete the identity', true, 'deleted'],
      ['delete the temporary user', true, 'deleted'],
    ]);
    expect(identityPool.deletedIdentities).toEqual([`${REGION}:uuid-1`]);
  });

  test('a pool that denies users without a group role: a refusal passes, credentials fail', async () => {
    const refused = new IdentityPoolWithDelete(template, PROVIDER);
    refused.failCredentials = true;
    const a = deps(new FakeUserPool(), refused);
    expect((await runSmokeCheck(config({ group: undefined, expectedRoleArn: undefined, expectDenied: true }), a.deps, OPTIONS)).ok).toBe(true);
    expect(a.steps.find((s) => s.step === 'the identity pool refuses credentials')!.detail).toBe('denied, as the role mapping says for a user without a group role');
    const b = deps(new FakeUserPool());
    expect((await runSmokeCheck(config({ group: undefined, expectedRoleArn: undefined, expectDenied: true }), b.deps, OPTIONS)).ok).toBe(false);
    expect(b.steps.find((s) => !s.ok)!.detail).toMatch(/^got the role AuthIdentityPoolAuthenticatedRole[0-9A-F]+, but the mapping denies users without a group role$/);
  });

  test('rules mapping: the role is reported, not compared', async () => {
    const { deps: d, steps } = deps(new FakeUserPool());
    expect((await runSmokeCheck(config({ expectedRoleArn: undefined }), d, OPTIONS)).ok).toBe(true);
    expect(steps.find((s) => s.step === 'get AWS credentials from the identity pool')!.detail).toMatch(/\(not compared: the pool maps roles by rules\)$/);
  });

  test.each([
    [['email'], /^smoke-[0-9a-f]{12}@example\.com$/],
    [['phone_number'], /^\+1555\d{7}$/],
    [[], /^smoke-[0-9a-f]{12}$/],
  ])('sign-in attributes %j: the user name is %s, and required attributes get values', async (usernameAttributes, pattern) => {
    const userPool = new FakeUserPool();
    const { deps: d } = deps(userPool);
    const result = await runSmokeCheck(config({ usernameAttributes, requiredAttributes: ['email', 'given_name', 'birthdate'], identityPoolId: undefined }), d, OPTIONS);
    expect(result.ok).toBe(true);
    const input = userPool.created[0];
    expect(input.Username).toMatch(pattern);
    const names = input.UserAttributes.map((a: any) => a.Name);
    expect(names).toEqual(expect.arrayContaining(['email', 'email_verified', 'given_name', 'birthdate']));
    if (usernameAttributes.includes('phone_number')) expect(names).toContain('phone_number');
  });

  test('the cleanup failing is reported as a failed step', async () => {
    const userPool = new FakeUserPool('AdminDeleteUser');
    const { deps: d, steps } = deps(userPool);
    const result = await runSmokeCheck(config(), d, OPTIONS);
    expect(result.ok).toBe(false);
    expect(steps[steps.length - 1]).toMatchObject({ step: 'delete the temporary user', ok: false });
  });

  test('a token without the group fails the token check', async () => {
    const userPool = new FakeUserPool(undefined, { 'cognito:groups': ['admin'] });
    const { deps: d, steps } = deps(userPool);
    await runSmokeCheck(config(), d, OPTIONS);
    expect(steps.find((s) => !s.ok)).toEqual({ step: 'check the ID token', ok: false, detail: "cognito:groups is [admin], without 'member'" });
  });

  test('no line of output holds the password, the address or a token, even when errors quote them', async () => {
    // a user pool whose errors quote the request, as some SDK errors do
    const userPool = new FakeUserPool();
    const base = userPool.send.bind(userPool);
    let password = '';
    let email = '';
    userPool.send = async (command: any) => {
      const name = command.constructor.name;
      if (name === 'AdminSetUserPasswordCommand') password = command.input.Password;
      if (name === 'AdminCreateUserCommand') email = command.input.Username;
      const out = await base(command);
      if (name === 'AdminInitiateAuthCommand') {
        throw new Error(`refused ${command.input.AuthParameters.USERNAME} with ${command.input.AuthParameters.PASSWORD} (${out.AuthenticationResult.IdToken})`);
      }
      return out;
    };
    const { deps: d, steps } = deps(userPool);
    await runSmokeCheck(config({ usernameAttributes: ['email'] }), d, OPTIONS);
    const text = steps.map(formatStep).join('\n');
    expect(password).toHaveLength(99);
    expect(text).toContain('FAIL  sign in through the smoke client: refused [redacted] with [redacted] ([token])');
    expect(text).not.toContain(password);
    expect(text).not.toContain(email);
    expect(text).not.toMatch(/eyJ/);
  });

  test('redact: secrets, addresses and JWT-shaped strings', () => {
    expect(redact('a jane.doe+x@example.co.uk b eyJhbGciOiJI.eyJzdWIiOiIx.c2ln c p4ss', ['p4ss'])).toBe('a [email] b [token] c [redacted]');
  });
});

describe('smoke check: the API call', () => {
  let server: http.Server;
  let url = '';
  const seen: (string | undefined)[] = [];
  beforeAll(async () => {
    // A stand-in for a protected route: 200 with a Bearer-less token from the pool, 401 without one.
    server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      const token = req.headers.authorization;
      res.writeHead(token && claimsOf(token).token_use === 'id' ? 200 : 401).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/me`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('200 with the ID token and 401 without pass', async () => {
    const { deps: d, steps } = deps(new FakeUserPool(), undefined, { fetch: (u, init) => fetch(u, init) });
    const result = await runSmokeCheck(config({ apiUrl: url, identityPoolId: undefined }), d, OPTIONS);
    expect(result.ok).toBe(true);
    expect(steps.find((s) => s.step.startsWith('call '))).toEqual({ step: `call ${url}`, ok: true, detail: '200 with the ID token, 401 without' });
    expect(seen.slice(-2).map((h) => (h ? 'token' : 'none'))).toEqual(['token', 'none']);
  });

  test('with bearer, the token goes as Bearer <token>', async () => {
    const headers: (string | undefined)[] = [];
    const { deps: d } = deps(new FakeUserPool(), undefined, {
      fetch: async (_u, init) => {
        headers.push(init?.headers?.Authorization);
        return { status: init?.headers?.Authorization ? 200 : 401 };
      },
    });
    expect((await runSmokeCheck(config({ apiUrl: 'https://api.example.com/me', identityPoolId: undefined, bearer: true }), d, OPTIONS)).ok).toBe(true);
    expect(headers[0]).toMatch(/^Bearer eyJ/);
    expect(headers[1]).toBeUndefined();
  });

  test('a route that answers 200 without a token fails', async () => {
    const { deps: d, steps } = deps(new FakeUserPool(), undefined, { fetch: async () => ({ status: 200 }) });
    const result = await runSmokeCheck(config({ apiUrl: 'https://api.example.com/me', identityPoolId: undefined }), d, OPTIONS);
    expect(result.ok).toBe(false);
    expect(steps.find((s) => !s.ok)!.detail).toBe('without a token: HTTP 200, expected 401');
  });
});

describe('smoke check: MFA', () => {
  test('TOTP codes match RFC 6238 (SHA-1 test vectors, 8 and 6 digits)', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of "12345678901234567890"
    expect(totp(secret, 59_000, 8)).toBe('94287082');
    expect(totp(secret, 1111111109_000, 8)).toBe('07081804');
    expect(totp(secret, 20000000000_000, 8)).toBe('65353130');
    expect(totp(secret, 59_000)).toBe('287082');
  });

  /** A fake user pool that requires MFA: MFA_SETUP, then tokens (as Cognito does) or, when `askCode`, a code challenge. */
  function mfaPool(askCode: boolean, clockRef: { t: number }) {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const userPool = new FakeUserPool();
    const base = userPool.send.bind(userPool);
    const seen: string[] = [];
    const tokens = () => {
      const [username, user] = [...userPool.users][0];
      const claims = { 'sub': username, 'aud': smokeClientId, 'iss': `https://${PROVIDER}`, 'token_use': 'id', 'email': user.email, 'exp': clockRef.t / 1000 + 3600, 'cognito:groups': user.groups };
      return { AuthenticationResult: { IdToken: fakeIdToken(claims), AccessToken: 'a' } };
    };
    userPool.send = async (command: any) => {
      const name = command.constructor.name.replace(/Command$/, '');
      const input = command.input;
      if (name === 'AdminInitiateAuth') return { ChallengeName: 'MFA_SETUP', Session: 's1', ChallengeParameters: {} };
      if (name === 'AssociateSoftwareToken') {
        seen.push(`associate ${input.Session}`);
        return { SecretCode: secret, Session: 's2' };
      }
      if (name === 'VerifySoftwareToken') {
        seen.push(`verify ${input.Session} ${input.UserCode === totp(secret, clockRef.t) ? 'good' : 'bad'} code`);
        return { Status: input.UserCode === totp(secret, clockRef.t) ? 'SUCCESS' : 'ERROR', Session: 's3' };
      }
      if (name === 'AdminRespondToAuthChallenge') {
        const code = input.ChallengeResponses.SOFTWARE_TOKEN_MFA_CODE;
        seen.push(`respond ${input.ChallengeName} ${input.Session} ${input.ChallengeResponses.USERNAME}${code ? ` ${code === totp(secret, clockRef.t) ? 'good' : 'bad'} code` : ''}`);
        if (input.ChallengeName === 'MFA_SETUP' && askCode) return { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's4', ChallengeParameters: {} };
        return tokens();
      }
      return base(command);
    };
    return { userPool, seen };
  }

  test('a pool that requires MFA: sets up TOTP, passing each session on, and gets the tokens', async () => {
    const clock = { t: 1_000_000_000_000 };
    const { userPool, seen } = mfaPool(false, clock);
    const { deps: d, steps } = deps(userPool, undefined, { now: () => clock.t, sleep: async () => undefined });
    const result = await runSmokeCheck(config({ usernameAttributes: ['email'] }), d, OPTIONS);
    expect(result.ok).toBe(true);
    expect(seen).toEqual(['associate s1', 'verify s2 good code', expect.stringMatching(/^respond MFA_SETUP s3 smoke-[0-9a-f]{12}@example\.com$/)]);
    expect(steps.find((s) => s.step === 'sign in through the smoke client')!.detail).toBe('ADMIN_USER_PASSWORD_AUTH with a new TOTP authenticator (the pool requires MFA)');
  });

  test('when Cognito then asks for a code, it answers with the next window\'s code, not the one just used', async () => {
    const clock = { t: 1_000_000_000_000 };
    const waits: number[] = [];
    const { userPool, seen } = mfaPool(true, clock);
    const { deps: d } = deps(userPool, undefined, {
      now: () => clock.t,
      sleep: async (ms) => {
        waits.push(ms);
        clock.t += ms;
      },
    });
    const result = await runSmokeCheck(config({ usernameAttributes: ['email'] }), d, OPTIONS);
    expect(result.ok).toBe(true);
    expect(seen[seen.length - 1]).toMatch(/^respond SOFTWARE_TOKEN_MFA s4 smoke-[0-9a-f]{12}@example\.com good code$/);
    expect(waits).toHaveLength(1);
    expect(Math.floor(clock.t / 30_000)).toBe(Math.floor(1_000_000_000_000 / 30_000) + 1);
  });
});

describe('smoke check: the command line', () => {
  test('arguments', () => {
    expect(parseArgs(['--stack', 'CognitoAuthExample-dev'])).toEqual({
      stack: 'CognitoAuthExample-dev',
      emailDomain: 'example.com',
      region: undefined,
      output: undefined,
      apiUrl: undefined,
      plan: false,
      template: undefined,
    });
    expect(parseArgs(['--stack', 's', '--region', 'eu-west-1', '--email-domain', 'test.example.com'])).toMatchObject({ region: 'eu-west-1', emailDomain: 'test.example.com' });
    expect(parseArgs(['--stack=s', '--api-url=https://abc.example.com/prod/'])).toMatchObject({ stack: 's', apiUrl: 'https://abc.example.com/prod/' });
    expect(parseArgs(['--plan', '--stack', 's'])).toMatchObject({ plan: true, template: 'cdk.out' });
    expect(parseArgs(['--plan', '--stack', 's', '--template', 'out/s.template.json'])).toMatchObject({ plan: true, template: 'out/s.template.json' });
    expect(() => parseArgs([])).toThrow('--stack <name> is required');
    expect(() => parseArgs(['--plan'])).toThrow('--stack <name> is required');
    expect(() => parseArgs(['--stack'])).toThrow('--stack needs a value');
    expect(() => parseArgs(['--stack', '--plan'])).toThrow('--stack needs a value');
    expect(() => parseArgs(['--stak', 'x'])).toThrow("unknown argument '--stak'");
    expect(() => parseArgs(['s'])).toThrow("unknown argument 's'");
    expect(() => parseArgs(['--stack', 's', '--stack', 't'])).toThrow('--stack is given twice');
    expect(() => parseArgs(['--stack', 's', '--plan=yes'])).toThrow('--plan takes no value');
    expect(() => parseArgs(['--stack', 's', '--template', 'cdk.out'])).toThrow('--template goes with --plan (the check against AWS reads the deployed stack)');
    expect(() => parseArgs(['--stack', 's', '--email-domain', 'me@example.com'])).toThrow("--email-domain 'me@example.com' is not a domain name (like example.com)");
    // -h is the same request as --help, whatever else is given
    expect(parseArgs(['-h'])).toBeUndefined();
    expect(parseArgs(['--stack', 's', '--help'])).toBeUndefined();
    expect(parseArgs(['--stak', '--help'])).toBeUndefined();
  });

  test('npm run smoke runs the built command: --help prints the usage and exits 0; bad usage exits 2 with the usage', () => {
    const run = (args: string[]) =>
      spawnSync('npm', ['run', '--silent', 'smoke', '--', ...args], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8', env: { ...process.env, AWS_REGION: 'eu-west-1' } });
    const help = run(['--help']);
    expect({ status: help.status, stdout: help.stdout, stderr: help.stderr }).toEqual({ status: 0, stdout: `${USAGE}\n`, stderr: '' });
    expect(USAGE.split('\n')[0]).toBe('Usage: cognito-smoke-check --stack <name> [--api-url <url>] [--region <region>] [--email-domain <domain>] [--output <key>]');
    const bad = run(['--stak', 'x']);
    expect({ status: bad.status, stdout: bad.stdout, stderr: bad.stderr }).toEqual({ status: 2, stdout: '', stderr: `cognito-smoke-check: unknown argument '--stak'\n\n${USAGE}\n` });
  });

  test('finds the SmokeCheck output, or says how to opt in', () => {
    const value = JSON.stringify({ version: 1, region: REGION, userPoolId: POOL, clientId: 'c' });
    expect(smokeConfigFrom('s', [{ OutputKey: 'AuthSmokeCheck1234ABCD', OutputValue: value }]).clientId).toBe('c');
    expect(() => smokeConfigFrom('s', [{ OutputKey: 'AuthUserPoolId', OutputValue: POOL }])).toThrow(
      'stack s has no SmokeCheck output: set smokeCheck on its CognitoAuth to opt in to the smoke check',
    );
    expect(() =>
      smokeConfigFrom('s', [
        { OutputKey: 'ASmokeCheck1', OutputValue: value },
        { OutputKey: 'BSmokeCheck2', OutputValue: value },
      ]),
    ).toThrow('stack s has several SmokeCheck outputs (ASmokeCheck1, BSmokeCheck2): choose one with --output');
    expect(() => smokeConfigFrom('s', [{ OutputKey: 'XSmokeCheck', OutputValue: '{"version":2}' }])).toThrow(
      'output XSmokeCheck of stack s is not a smoke check config of version 1',
    );
    expect(() => smokeConfigFrom('s', [{ OutputKey: 'XSmokeCheck', OutputValue: 'not json' }])).toThrow(
      'output XSmokeCheck of stack s is not a smoke check config of version 1',
    );
    expect(() => smokeConfigFrom('s', [{ OutputKey: 'XSmokeCheck', OutputValue: value }], 'Other')).toThrow("stack s has no output 'Other'");
    const wrong = JSON.stringify({ version: 1, region: REGION, userPoolId: POOL, clientId: 'c', group: 7, usernameAttributes: 'email', expectedRoleArn: 'arn:aws:iam::1:role/R' });
    expect(() => smokeConfigFrom('s', [{ OutputKey: 'XSmokeCheck', OutputValue: wrong }])).toThrow(
      'output XSmokeCheck of stack s is not a valid smoke check config: usernameAttributes is not a list of strings; group is not a string; ' +
        'an expected role, or a refusal, without an identity pool',
    );
  });

  test('each step is one line: PASS or FAIL, the step, the detail', () => {
    expect(formatStep({ step: 'sign in', ok: true, detail: 'ADMIN_USER_PASSWORD_AUTH' })).toBe('PASS  sign in: ADMIN_USER_PASSWORD_AUTH');
    expect(formatStep({ step: 'check', ok: false, detail: 'bad' })).toBe('FAIL  check: bad');
  });

  test('passwords meet every rule Cognito can set, and role names come from ARNs', () => {
    for (let i = 0; i < 50; i++) {
      const p = randomPassword();
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[^A-Za-z0-9]/);
      expect(p.length).toBe(99);
    }
    expect(roleNameOf('arn:aws:iam::123456789012:role/path/to/Member')).toBe('Member');
  });
});

describe('smoke check: the command against AWS, with stand-ins for the AWS SDK packages', () => {
  const OUTPUT_KEY = outputKey;
  const ROLE = smokeOutput.expectedRoleArn.slice(1, -1).replace(/\.Arn$/, '');
  const real = (id: string) => require(id);

  /**
   * A module loader serving stand-ins: CloudFormation answers DescribeStacks for the stack 'Dev' with `outputs`; the
   * clients of the user pool, the identity pool and STS are the fakes above (the commands are the real SDK's).
   */
  function sdk(outputs: { OutputKey: string; OutputValue: string }[], options: { missing?: string[]; userPool?: FakeUserPool } = {}) {
    const userPool = options.userPool ?? new FakeUserPool();
    const identityPool = new IdentityPoolWithDelete(template, PROVIDER);
    const loaded: string[] = [];
    const regions: (string | undefined)[] = [];
    const modules: Record<string, () => unknown> = {
      '@aws-sdk/client-cloudformation': () => ({
        CloudFormationClient: class {
          constructor(config: { region?: string }) {
            regions.push(config.region);
          }
          async send(command: { input: { StackName: string } }) {
            if (command.input.StackName !== 'Dev') throw Object.assign(new Error(`Stack with id ${command.input.StackName} does not exist`), { name: 'ValidationError' });
            return { Stacks: [{ Outputs: outputs }] };
          }
        },
        DescribeStacksCommand: class {
          constructor(public readonly input: unknown) {}
        },
      }),
      '@aws-sdk/client-cognito-identity-provider': () => ({ ...real('@aws-sdk/client-cognito-identity-provider'), CognitoIdentityProviderClient: class {
        send = (command: any) => userPool.send(command);
      } }),
      '@aws-sdk/client-cognito-identity': () => ({ ...real('@aws-sdk/client-cognito-identity'), CognitoIdentityClient: class {
        send = (command: any) => identityPool.send(command);
      } }),
      '@aws-sdk/client-sts': () => ({ ...real('@aws-sdk/client-sts'), STSClient: class {
        constructor(private readonly config: { credentials: { accessKeyId: string } }) {}
        send = (command: any) => identityPool.sts({ AccessKeyId: this.config.credentials.accessKeyId }).send(command);
      } }),
    };
    const load = (id: string) => {
      loaded.push(id);
      if (options.missing?.includes(id)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      return modules[id]();
    };
    return { load, loaded, regions, userPool, identityPool };
  }

  /** Runs the command; the API route answers 200 with a token and 401 without. */
  async function run(argv: string[], load: (id: string) => unknown) {
    const fetch = async (_url: string, init?: { headers?: Record<string, string> }) => ({ status: init?.headers?.Authorization ? 200 : 401 });
    const out: string[] = [];
    const err: string[] = [];
    const status = await runCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l), load, fetch });
    return { status, out, err };
  }

  const output = (config: Partial<SmokeCheckConfig>) => [{ OutputKey: OUTPUT_KEY, OutputValue: JSON.stringify(config) }];
  const ALL = ['@aws-sdk/client-cloudformation', '@aws-sdk/client-cognito-identity-provider', '@aws-sdk/client-cognito-identity', '@aws-sdk/client-sts'];

  test('every step passes: one line each, then "smoke check passed", exit 0', async () => {
    const fake = sdk(output(config()));
    const result = await run(['--stack', 'Dev', '--region', 'eu-west-1', '--api-url', 'https://api.example.com/prod/'], fake.load);
    expect(result).toEqual({
      status: 0,
      out: [
        'smoke check of Dev (user pool eu-west-1_Example, eu-west-1)',
        'PASS  create a temporary user: sub sub-uuid-1',
        "PASS  join the group 'member': added",
        'PASS  sign in through the smoke client: ADMIN_USER_PASSWORD_AUTH',
        "PASS  check the ID token: token_use, aud, iss, email, exp, cognito:groups has 'member'",
        `PASS  get AWS credentials from the identity pool: role ${ROLE}, as the role mapping says`,
        'PASS  call https://api.example.com/prod/me: 200 with the ID token, 401 without',
        'PASS  delete the identity: deleted',
        'PASS  delete the temporary user: deleted',
        'smoke check passed',
      ],
      err: [],
    });
    expect(fake.regions).toEqual(['eu-west-1']);
    expect(fake.loaded).toEqual(ALL);
  });

  test('a step that fails: FAIL, the cleanup still runs, "smoke check FAILED", exit 1', async () => {
    const fake = sdk(output({ ...config(), apiPath: undefined }), { userPool: new FakeUserPool('AdminAddUserToGroup') });
    const result = await run(['--stack', 'Dev'], fake.load);
    expect(result.status).toBe(1);
    expect(result.out.slice(-3)).toEqual([
      "FAIL  join the group 'member': InternalErrorException: AdminAddUserToGroup failed for [email]",
      'PASS  delete the temporary user: deleted',
      'smoke check FAILED',
    ]);
  });

  test('no SDK client installed: exit 2, naming all four and the npm install line; nothing else is loaded or called', async () => {
    const fake = sdk(output(config()), { missing: ALL });
    expect(await run(['--stack', 'Dev', '--api-url', 'https://api.example.com/prod/'], fake.load)).toEqual({
      status: 2,
      out: [],
      err: [
        'cognito-smoke-check: the check against AWS needs the AWS SDK for JavaScript v3 clients @aws-sdk/client-cloudformation, ' +
          '@aws-sdk/client-cognito-identity-provider, @aws-sdk/client-cognito-identity, @aws-sdk/client-sts, which cdk-cognito-auth does not install. ' +
          'Install them in your project: npm install @aws-sdk/client-cloudformation @aws-sdk/client-cognito-identity-provider @aws-sdk/client-cognito-identity ' +
          '@aws-sdk/client-sts (--plan and --help need none)',
      ],
    });
  });

  test('the identity pool\'s clients missing: a stack with an identity pool asks for them before any user is created; one without runs', async () => {
    const missing = ['@aws-sdk/client-sts'];
    const withPool = sdk(output(config()), { missing });
    expect(await run(['--stack', 'Dev', '--api-url', 'https://api.example.com/prod/'], withPool.load)).toEqual({
      status: 2,
      out: [],
      err: [
        'cognito-smoke-check: the check against AWS needs the AWS SDK for JavaScript v3 client @aws-sdk/client-sts, which cdk-cognito-auth does not install. ' +
          'Install it in your project: npm install @aws-sdk/client-sts (--plan and --help need none)',
      ],
    });
    expect(withPool.userPool.calls).toEqual([]);
    const withoutPool = sdk(output({ ...config(), identityPoolId: undefined, expectedRoleArn: undefined, apiPath: undefined }), { missing: [...missing, '@aws-sdk/client-cognito-identity'] });
    const result = await run(['--stack', 'Dev'], withoutPool.load);
    expect(result.status).toBe(0);
    expect(result.out[result.out.length - 1]).toBe('smoke check passed');
  });

  test('--help, bad usage and --plan load no SDK package', async () => {
    const fake = sdk([], { missing: ALL });
    expect(await run(['--help'], fake.load)).toEqual({ status: 0, out: [USAGE], err: [] });
    expect(await run(['--stack'], fake.load)).toEqual({ status: 2, out: [], err: [`cognito-smoke-check: --stack needs a value\n\n${USAGE}`] });
    expect((await run(['--plan', '--stack', 'Dev', '--template', path.join(__dirname, 'no-such-dir')], fake.load)).status).toBe(2);
    expect(fake.loaded).toEqual([]);
  });

  test.each([
    [[], 'cognito-smoke-check: stack Dev has no SmokeCheck output: set smokeCheck on its CognitoAuth to opt in to the smoke check'],
    [output(config()), "cognito-smoke-check: the smoke check calls the route 'me' of an API in another stack: give that API's base URL with --api-url"],
  ])('a stack the check cannot run on: exit 2, nothing created (%#)', async (outputs, message) => {
    const fake = sdk(outputs);
    expect(await run(['--stack', 'Dev'], fake.load)).toEqual({ status: 2, out: [], err: [message] });
    expect(fake.userPool.calls).toEqual([]);
  });

  test('CloudFormation refusing (no such stack, no credentials): exit 1, with the error', async () => {
    expect(await run(['--stack', 'Nope'], sdk([]).load)).toEqual({ status: 1, out: [], err: ['cognito-smoke-check: ValidationError: Stack with id Nope does not exist'] });
  });
});
