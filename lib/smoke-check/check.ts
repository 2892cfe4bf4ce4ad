import { createHmac, randomBytes, randomInt } from 'crypto';
import type * as CognitoIdentity from '@aws-sdk/client-cognito-identity';
import type * as UserPool from '@aws-sdk/client-cognito-identity-provider';
import type { SmokeCheckConfig } from '../frontend-config';
import { type CognitoIdentityClientLike, getIdentityCredentials, type PoolCredentials, type StsClientLike } from './identity';
import { sdk } from './private/aws-sdk';

/**
 * The steps, by the names they are reported under: the check's (runSmokeCheck) and the plan's (--plan) are the same
 * lines.
 */
export const STEP = {
  createUser: 'create a temporary user',
  joinGroup: (group: string) => `join the group '${group}'`,
  signIn: 'sign in through the smoke client',
  checkToken: 'check the ID token',
  getCredentials: 'get AWS credentials from the identity pool',
  refuseCredentials: 'the identity pool refuses credentials',
  callApi: (url: string) => `call ${url}`,
  deleteIdentity: 'delete the identity',
  deleteUser: 'delete the temporary user',
};

/** The calls of @aws-sdk/client-cognito-identity-provider the check makes (a real client fits). */
export interface UserPoolClientLike {
  send(command: any): Promise<any>;
}

/** An identity-pool client that can also delete the identity the check made. */
export interface IdentityPoolClientLike extends CognitoIdentityClientLike {
  send(command: any): Promise<any>;
}

export interface SmokeDeps {
  readonly userPool: UserPoolClientLike;
  /** Needed when the config has an identity pool. */
  readonly identityPool?: IdentityPoolClientLike;
  /** Makes an STS client signing with the identity pool's credentials. */
  readonly sts?: (credentials: PoolCredentials) => StsClientLike;
  readonly fetch: (url: string, init?: { headers?: Record<string, string> }) => Promise<{ status: number }>;
  /** Called after each step, to print it. */
  readonly report: (step: StepResult) => void;
  /** The current time in ms (for TOTP codes). */
  readonly now?: () => number;
  /** Waits (for the next TOTP window). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SmokeOptions {
  /** The domain of the temporary user's random email address. */
  readonly emailDomain: string;
  /** The expected `iss` of the ID token; by default the config's issuer (original or updated form). */
  readonly issuer?: string;
}

export interface StepResult {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Runs one step: its result is reported whether it passes or throws, with secrets and addresses taken out. */
class Steps {
  public readonly results: StepResult[] = [];
  constructor(
    private readonly report: (s: StepResult) => void,
    private readonly secrets: string[],
  ) {}

  public async run<T>(step: string, fn: () => Promise<{ value: T; detail: string }>): Promise<T> {
    try {
      const { value, detail } = await fn();
      this.add({ step, ok: true, detail });
      return value;
    } catch (err) {
      this.add({ step, ok: false, detail: describeError(err) });
      throw new StepFailed(step);
    }
  }

  private add(result: StepResult): void {
    const clean = { ...result, detail: redact(result.detail, this.secrets) };
    this.results.push(clean);
    this.report(clean);
  }
}

class StepFailed extends Error {}

/** Takes out of a text the given secrets, email addresses and anything shaped like a JWT. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out
    .replace(/[^\s@'"<>()]+@[^\s@'"<>()]+\.[A-Za-z]{2,}/g, '[email]')
    .replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[token]');
}

/** An error's name and message only (redacted by the caller): never a request object. */
function describeError(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}

/**
 * A random password that meets the strictest policy Cognito allows: upper, lower, digit and symbol, and 99
 * characters, the longest minimum a pool can set.
 */
export function randomPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '^$*.[]{}()?!#%&/,><:;|_~'];
  const chars = sets.map((s) => s[randomInt(s.length)]);
  const all = sets.join('');
  while (chars.length < 99) chars.push(all[randomInt(all.length)]);
  return chars.sort(() => randomInt(3) - 1).join('');
}

/** The payload of a JWT, read (not verified: the identity pool and the API verify the token). */
export function claimsOf(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('the ID token is not a JWT');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret, as authenticator apps compute it. */
export function totp(base32Secret: string, timeMs: number, digits = 6): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Secret.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error('the TOTP secret is not base32');
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

/** Values for the standard attributes a pool may require, so that the temporary user can be created. */
const PLACEHOLDERS: { [attribute: string]: string } = {
  address: 'Smoke Check Street 1',
  birthdate: '2000-01-01',
  family_name: 'Check',
  gender: 'unspecified',
  given_name: 'Smoke',
  locale: 'en',
  middle_name: 'Test',
  name: 'Smoke Check',
  nickname: 'smoke',
  picture: 'https://example.com/smoke.png',
  preferred_username: 'smoke',
  profile: 'https://example.com/smoke',
  updated_at: '0',
  website: 'https://example.com',
  zoneinfo: 'UTC',
};

/** The standard attributes the pool requires that the temporary user gets placeholder values for. */
export function placeholderAttributes(config: SmokeCheckConfig): string[] {
  return (config.requiredAttributes ?? []).filter((a) => PLACEHOLDERS[a] !== undefined);
}

/** The role name of a role ARN (arn:aws:iam::123456789012:role/path/Name → Name). */
export function roleNameOf(roleArn: string): string {
  return roleArn.split('/').pop() ?? roleArn;
}

/**
 * The post-deploy smoke check: creates a temporary user with a random email, signs in through the smoke client,
 * checks the ID token's claims and groups, exchanges the token for AWS credentials and checks the role, calls the
 * protected API route, and deletes the user (and its identity) whatever happened. Returns every step's result.
 */
export async function runSmokeCheck(config: SmokeCheckConfig, deps: SmokeDeps, options: SmokeOptions): Promise<{ ok: boolean; steps: StepResult[] }> {
  const idp = sdk<typeof UserPool>('userPool');
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tag = randomBytes(6).toString('hex');
  const email = `smoke-${tag}@${options.emailDomain}`;
  const phone = `+1555${String(randomInt(10_000_000)).padStart(7, '0')}`;
  const password = randomPassword();
  const steps = new Steps(deps.report, [password, email]);
  // Sign in with what the pool uses as the user name: the email, the phone number, or a user name of our own.
  const signInAs = config.usernameAttributes?.includes('email')
    ? email
    : config.usernameAttributes?.includes('phone_number') ? phone : `smoke-${tag}`;
  const issuer = options.issuer ?? config.issuer ?? `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;
  let username: string | undefined;
  let identityId: string | undefined;

  try {
    await steps.run(STEP.createUser, async () => {
      const attributes = [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        ...(signInAs === phone || config.requiredAttributes?.includes('phone_number')
          ? [
            { Name: 'phone_number', Value: phone },
            { Name: 'phone_number_verified', Value: 'true' },
          ]
          : []),
        ...placeholderAttributes(config).map((a) => ({ Name: a, Value: PLACEHOLDERS[a] })),
      ];
      const created = await deps.userPool.send(
        new idp.AdminCreateUserCommand({
          UserPoolId: config.userPoolId,
          Username: signInAs,
          UserAttributes: attributes,
          MessageAction: 'SUPPRESS',
          TemporaryPassword: randomPassword(),
        }),
      );
      // From here on the user exists: the cleanup deletes it whatever fails next.
      username = (created.User?.Username as string | undefined) ?? signInAs;
      await deps.userPool.send(
        new idp.AdminSetUserPasswordCommand({ UserPoolId: config.userPoolId, Username: username, Password: password, Permanent: true }),
      );
      const sub = (created.User?.Attributes as { Name?: string; Value?: string }[] | undefined)?.find((a) => a.Name === 'sub')?.Value;
      return { value: undefined, detail: sub ? `sub ${sub}` : 'created' };
    });

    if (config.group !== undefined) {
      await steps.run(STEP.joinGroup(config.group), async () => {
        await deps.userPool.send(new idp.AdminAddUserToGroupCommand({ UserPoolId: config.userPoolId, Username: username, GroupName: config.group }));
        return { value: undefined, detail: 'added' };
      });
    }

    const tokens = await steps.run(STEP.signIn, async () => {
      const result = await signIn(config, deps.userPool, signInAs, password, now, sleep);
      if (!result.IdToken || !result.AccessToken) throw new Error('Cognito returned no ID or access token');
      const detail = result.mfa ? 'ADMIN_USER_PASSWORD_AUTH with a new TOTP authenticator (the pool requires MFA)' : 'ADMIN_USER_PASSWORD_AUTH';
      return { value: result, detail };
    });
    const idToken = tokens.IdToken!;

    await steps.run(STEP.checkToken, async () => {
      const claims = claimsOf(idToken);
      const expect = (ok: boolean, what: string) => {
        if (!ok) throw new Error(what);
      };
      expect(claims.token_use === 'id', `token_use is ${JSON.stringify(claims.token_use)}, not "id"`);
      expect(claims.aud === config.clientId, 'aud is not the smoke client');
      expect(claims.iss === issuer, `iss is ${JSON.stringify(claims.iss)}, not ${issuer}`);
      expect(claims.email === email, "email is not the temporary user's");
      expect(typeof claims.exp === 'number' && claims.exp * 1000 > now(), 'the token has expired');
      const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
      if (config.group !== undefined) expect(groups.includes(config.group), `cognito:groups is [${groups.join(', ')}], without '${config.group}'`);
      const group = config.group !== undefined ? `, cognito:groups has '${config.group}'` : '';
      return { value: undefined, detail: `token_use, aud, iss, email, exp${group}` };
    });

    if (config.identityPoolId !== undefined) {
      await steps.run(config.expectDenied ? STEP.refuseCredentials : STEP.getCredentials, async () => {
        if (!deps.identityPool || !deps.sts) throw new Error('no identity-pool or STS client was given');
        const request = getIdentityCredentials(
          deps.identityPool,
          deps.sts,
          { identityPoolId: config.identityPoolId!, providerName: `cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`, idToken },
          (id) => (identityId = id),
        );
        if (config.expectDenied) {
          const refused = await request.then(
            (r) => `got the role ${r.roleName}, but the mapping denies users without a group role`,
            () => undefined,
          );
          if (refused !== undefined) throw new Error(refused);
          return { value: undefined, detail: 'denied, as the role mapping says for a user without a group role' };
        }
        const result = await request;
        if (config.expectedRoleArn !== undefined && result.roleName !== roleNameOf(config.expectedRoleArn)) {
          throw new Error(`got the role ${result.roleName}, expected ${roleNameOf(config.expectedRoleArn)}`);
        }
        return {
          value: undefined,
          detail: config.expectedRoleArn !== undefined
            ? `role ${result.roleName}, as the role mapping says`
            : `role ${result.roleName} (not compared: the pool maps roles by rules)`,
        };
      });
    }

    if (config.apiUrl !== undefined) {
      await steps.run(STEP.callApi(config.apiUrl), async () => {
        const signedIn = await deps.fetch(config.apiUrl!, { headers: { Authorization: config.bearer ? `Bearer ${idToken}` : idToken } });
        if (signedIn.status !== 200) throw new Error(`with the ID token: HTTP ${signedIn.status}, expected 200`);
        const anonymous = await deps.fetch(config.apiUrl!);
        if (anonymous.status !== 401) throw new Error(`without a token: HTTP ${anonymous.status}, expected 401`);
        return { value: undefined, detail: '200 with the ID token, 401 without' };
      });
    }
  } catch (err) {
    if (!(err instanceof StepFailed)) throw err;
  } finally {
    if (identityId !== undefined && deps.identityPool) {
      await steps
        .run(STEP.deleteIdentity, async () => {
          const { DeleteIdentitiesCommand } = sdk<typeof CognitoIdentity>('identityPool');
          await deps.identityPool!.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [identityId!] }));
          return { value: undefined, detail: 'deleted' };
        })
        .catch(() => undefined);
    }
    if (username !== undefined) {
      await steps
        .run(STEP.deleteUser, async () => {
          await deps.userPool.send(new idp.AdminDeleteUserCommand({ UserPoolId: config.userPoolId, Username: username }));
          return { value: undefined, detail: 'deleted' };
        })
        .catch(() => undefined);
    }
  }
  return { ok: steps.results.every((s) => s.ok), steps: steps.results };
}

/**
 * AdminInitiateAuth with the password; when the pool requires MFA, sets up a TOTP authenticator for the user
 * (AssociateSoftwareToken, VerifySoftwareToken) and answers the code challenge.
 */
async function signIn(
  config: SmokeCheckConfig,
  client: UserPoolClientLike,
  signInAs: string,
  password: string,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): Promise<UserPool.AuthenticationResultType & { mfa: boolean }> {
  const idp = sdk<typeof UserPool>('userPool');
  let out = await client.send(
    new idp.AdminInitiateAuthCommand({
      UserPoolId: config.userPoolId,
      ClientId: config.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: signInAs, PASSWORD: password },
    }),
  );
  let secret: string | undefined;
  let lastWindow = -1;
  const code = async () => {
    // A code is accepted once: wait for the next 30-second window after the one already used.
    let t = now();
    if (Math.floor(t / 30_000) === lastWindow) {
      await sleep(30_000 - (t % 30_000) + 1_000);
      t = now();
    }
    lastWindow = Math.floor(t / 30_000);
    return totp(secret!, t);
  };
  for (let round = 0; round < 3 && out.ChallengeName; round++) {
    const username: string = out.ChallengeParameters?.USER_ID_FOR_SRP ?? signInAs;
    if (out.ChallengeName === 'MFA_SETUP') {
      const associated = await client.send(new idp.AssociateSoftwareTokenCommand({ Session: out.Session }));
      secret = associated.SecretCode;
      const verified = await client.send(
        new idp.VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: await code(), FriendlyDeviceName: 'smoke-check' }),
      );
      if (verified.Status !== 'SUCCESS') throw new Error('Cognito did not accept the TOTP code');
      out = await client.send(
        new idp.AdminRespondToAuthChallengeCommand({
          UserPoolId: config.userPoolId,
          ClientId: config.clientId,
          ChallengeName: 'MFA_SETUP',
          Session: verified.Session,
          ChallengeResponses: { USERNAME: username },
        }),
      );
    } else if (out.ChallengeName === 'SOFTWARE_TOKEN_MFA' && secret !== undefined) {
      out = await client.send(
        new idp.AdminRespondToAuthChallengeCommand({
          UserPoolId: config.userPoolId,
          ClientId: config.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: out.Session,
          ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: await code() },
        }),
      );
    } else {
      throw new Error(`Cognito asked for the challenge ${out.ChallengeName}, which the smoke check cannot answer`);
    }
  }
  if (!out.AuthenticationResult) throw new Error(`sign-in did not finish (challenge ${out.ChallengeName ?? 'none'})`);
  return { ...out.AuthenticationResult, mfa: secret !== undefined };
}
