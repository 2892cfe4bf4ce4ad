import type { APIGatewayRequestAuthorizerEventV2, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { JwtAuthorizerConfig } from '../../lib/private/handler-config';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import {
  createHandler,
  createVerifier,
  MAX_TOKEN_LENGTH,
  parseAuthorizerConfig,
  prefetchKeys,
  stageWideArn,
  type TokenVerifier,
  UNAUTHORIZED,
} from '../../lambda/jwt-authorizer/handler';
import { recordingLogger, refusingKeysServer } from './events';
import { b64, makeKey, now, sign, signHmacWithPublicKey } from './jwt';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';
const CLIENT = '1example23456789abcdefghij';
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/orders/42';
const key = makeKey();
const otherKey = makeKey('test-key-1'); // same kid, different key: a forged signature

const CONFIG: JwtAuthorizerConfig = {
  issuer: ISSUER,
  // Unreachable on purpose: every key the tests trust is given inline; an unknown kid must not be found anywhere.
  jwksUri: 'https://127.0.0.1:9/.well-known/jwks.json',
  clientIds: [CLIENT],
  tokenUse: 'any',
  requiredGroups: [],
  groupsMatch: 'any',
  requiredScopes: [],
  contextClaims: ['tenant'],
  jwks: { keys: [key.jwk] },
};

const idClaims = (extra: Record<string, unknown> = {}) => ({
  'sub': 'u-123',
  'iss': ISSUER,
  'aud': CLIENT,
  'token_use': 'id',
  'cognito:username': 'jane',
  'cognito:groups': ['member'],
  'email': 'jane@example.com',
  'tenant': 'acme',
  'auth_time': now() - 10,
  'iat': now() - 10,
  'exp': now() + 3600,
  ...extra,
});
const accessClaims = (extra: Record<string, unknown> = {}) => ({
  'sub': 'u-123',
  'iss': ISSUER,
  'client_id': CLIENT,
  'token_use': 'access',
  'username': 'jane',
  'scope': 'openid orders/read',
  'cognito:groups': ['member', 'admin'],
  'iat': now() - 10,
  'exp': now() + 3600,
  ...extra,
});

function setup(config: Partial<JwtAuthorizerConfig> = {}) {
  const full = { ...CONFIG, ...config };
  const { log, lines } = recordingLogger();
  return { handler: createHandler({ config: full, verifier: createVerifier(full), log }), lines };
}
const rest = (authorizationToken: string): APIGatewayTokenAuthorizerEvent => ({ type: 'TOKEN', authorizationToken, methodArn: METHOD_ARN });
const http = (authorization?: string): APIGatewayRequestAuthorizerEventV2 =>
  ({
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/$default/GET/orders',
    identitySource: authorization ? [authorization] : [],
    routeKey: 'GET /orders',
    rawPath: '/orders',
    rawQueryString: '',
    cookies: [],
    headers: authorization ? { authorization } : {},
    queryStringParameters: {},
    pathParameters: {},
    stageVariables: {},
    requestContext: {} as never,
  }) as unknown as APIGatewayRequestAuthorizerEventV2;

describe('allowed', () => {
  test('a valid ID token: stage-wide Allow policy, claims as context (REST TOKEN)', async () => {
    const out = await setup().handler(rest(`Bearer ${sign(key, idClaims())}`));
    expect(out).toEqual({
      principalId: 'u-123',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/*' }],
      },
      context: { sub: 'u-123', username: 'jane', tokenUse: 'id', clientId: CLIENT, groups: 'member', scope: '', tenant: 'acme' },
    });
  });

  test('a valid access token with the required group and scopes (HTTP simple response)', async () => {
    const { handler } = setup({ tokenUse: 'access', requiredGroups: ['admin', 'member'], groupsMatch: 'all', requiredScopes: ['orders/read'] });
    expect(await handler(http(`Bearer ${sign(key, accessClaims())}`))).toEqual({
      isAuthorized: true,
      context: { sub: 'u-123', username: 'jane', tokenUse: 'access', clientId: CLIENT, groups: 'member,admin', scope: 'openid orders/read' },
    });
  });

  test('a REST REQUEST authorizer reads the Authorization header in any case', async () => {
    const event = { type: 'REQUEST', methodArn: METHOD_ARN, headers: { AUTHORIZATION: `Bearer ${sign(key, idClaims())}` } } as never;
    expect(await setup().handler(event)).toMatchObject({ principalId: 'u-123', policyDocument: { Statement: [{ Effect: 'Allow' }] } });
  });
});

describe('the issuer forms: exactly the one the pool uses', () => {
  // Multi-Region pools put the updated form in iss; the authorizer is configured with the pool's form (one value).
  const UPDATED = 'https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';

  test('a pool on the updated issuer: its tokens pass, tokens with the original form do not', async () => {
    const { handler } = setup({ issuer: UPDATED, jwksUri: `${UPDATED}/.well-known/jwks.json` });
    expect(await handler(rest(`Bearer ${sign(key, idClaims({ iss: UPDATED }))}`))).toMatchObject({ principalId: 'u-123', policyDocument: { Statement: [{ Effect: 'Allow' }] } });
    expect(await handler(http(`Bearer ${sign(key, accessClaims({ iss: UPDATED }))}`))).toMatchObject({ isAuthorized: true });
    await expect(handler(rest(`Bearer ${sign(key, idClaims({ iss: ISSUER }))}`))).rejects.toThrow(UNAUTHORIZED);
    expect(await handler(http(`Bearer ${sign(key, accessClaims({ iss: ISSUER }))}`))).toEqual({ isAuthorized: false, context: {} });
  });

  test('a pool on the original issuer: tokens with the updated form do not pass', async () => {
    const { handler } = setup();
    await expect(handler(rest(`Bearer ${sign(key, idClaims({ iss: UPDATED }))}`))).rejects.toThrow(UNAUTHORIZED);
    expect(await handler(http(`Bearer ${sign(key, accessClaims({ iss: UPDATED }))}`))).toEqual({ isAuthorized: false, context: {} });
    expect(await handler(http(`Bearer ${sign(key, accessClaims())}`))).toMatchObject({ isAuthorized: true });
  });
});

const bad: [string, () => string, Partial<JwtAuthorizerConfig>][] = [
  ['expired', () => sign(key, idClaims({ exp: now() - 60 })), {}],
  ['not yet valid', () => sign(key, idClaims({ nbf: now() + 600 })), {}],
  ['wrong issuer', () => sign(key, idClaims({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' })), {}],
  ['wrong audience', () => sign(key, idClaims({ aud: 'another-client' })), {}],
  ['wrong client_id', () => sign(key, accessClaims({ client_id: 'another-client' })), {}],
  ['wrong token_use (access where ID is required)', () => sign(key, accessClaims()), { tokenUse: 'id' }],
  ['wrong token_use (ID where access is required)', () => sign(key, idClaims()), { tokenUse: 'access' }],
  ['alg none', () => `${b64({ alg: 'none', typ: 'JWT', kid: key.kid })}.${b64(idClaims())}.`, {}],
  ['alg none with a signature part', () => `${b64({ alg: 'none', typ: 'JWT', kid: key.kid })}.${b64(idClaims())}.c2ln`, {}],
  ['HMAC signed with the public key', () => signHmacWithPublicKey(key, idClaims()), {}],
  ['signed by another key with the same kid', () => sign(otherKey, idClaims()), {}],
  ['tampered payload', () => { const [h, , s] = sign(key, idClaims()).split('.'); return `${h}.${b64(idClaims({ 'cognito:groups': ['admin'] }))}.${s}`; }, {}],
  ['unknown kid', () => sign(key, idClaims(), { kid: 'unknown-kid' }), {}],
  ['missing kid', () => sign(key, idClaims(), { kid: undefined }), {}],
  ['two parts', () => sign(key, idClaims()).split('.').slice(0, 2).join('.'), {}],
  ['four parts', () => `${sign(key, idClaims())}.x`, {}],
  ['bad base64', () => { const [, p, s] = sign(key, idClaims()).split('.'); return `%%%.${p}.${s}`; }, {}],
  ['bad JSON', () => { const [, p, s] = sign(key, idClaims()).split('.'); return `${b64('{not json')}.${p}.${s}`; }, {}],
  ['an oversized header', () => sign(key, idClaims({ padding: 'x'.repeat(MAX_TOKEN_LENGTH) })), {}],
];

describe('the Bearer scheme and the context', () => {
  test.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('the scheme %s is accepted (RFC 6750: auth schemes are case-insensitive)', async (scheme) => {
    const out = await setup().handler(http(`${scheme} ${sign(key, idClaims())}`));
    expect(out).toMatchObject({ isAuthorized: true, context: { sub: 'u-123' } });
  });

  test('a configured claim never replaces the keys the authorizer owns (defence behind the synth check)', async () => {
    const token = sign(key, accessClaims({ groups: 'admin', clientId: 'other-client', tenant: 'acme' }));
    const out = await setup({ contextClaims: ['sub', 'username', 'groups', 'scope', 'tokenUse', 'clientId', 'tenant'] }).handler(http(`Bearer ${token}`));
    expect(out).toEqual({
      isAuthorized: true,
      context: { sub: 'u-123', username: 'jane', tokenUse: 'access', clientId: CLIENT, groups: 'member,admin', scope: 'openid orders/read', tenant: 'acme' },
    });
  });
});

describe('denied: unauthenticated tokens', () => {
  test.each(bad)('%s: REST answers Unauthorized (401), HTTP isAuthorized false; nothing leaks', async (_name, token, config) => {
    const t = token();
    const { handler, lines } = setup(config);
    let thrown: unknown;
    try {
      await handler(rest(`Bearer ${t}`));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toEqual(new Error(UNAUTHORIZED));
    expect(await setup(config).handler(http(`Bearer ${t}`))).toEqual({ isAuthorized: false, context: {} });
    const logged = lines.join('\n');
    expect(logged).toMatch(/"message":"denied","reason":"[A-Za-z-]+"/);
    for (const secret of [t.slice(0, 40), 'jane', 'acme', 'u-123']) expect(logged).not.toContain(secret);
  });

  test.each([
    ['no Authorization header', undefined],
    ['an empty header', ''],
    ['a non-Bearer scheme', `Basic ${Buffer.from('jane:secret').toString('base64')}`],
    ['a Bearer scheme run into the token', `Bearer${sign(key, idClaims())}`],
    ['Bearer without a token', 'Bearer '],
  ])('%s', async (_name, header) => {
    await expect(setup().handler(rest(header as string))).rejects.toThrow(new Error(UNAUTHORIZED));
    expect(await setup().handler(http(header))).toEqual({ isAuthorized: false, context: {} });
  });

  test('a malformed event', async () => {
    await expect(setup().handler({} as never)).rejects.toThrow(new Error(UNAUTHORIZED));
    await expect(setup().handler(null as never)).rejects.toThrow(new Error(UNAUTHORIZED));
  });
});

describe('denied: authenticated but not authorized (403)', () => {
  test('a missing required group: Deny policy without context (REST), isAuthorized false (HTTP)', async () => {
    const token = sign(key, idClaims());
    const { handler, lines } = setup({ requiredGroups: ['admin'] });
    expect(await handler(rest(`Bearer ${token}`))).toEqual({
      principalId: 'u-123',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/*' }],
      },
    });
    expect(await setup({ requiredGroups: ['admin'] }).handler(http(`Bearer ${token}`))).toEqual({ isAuthorized: false, context: {} });
    expect(JSON.parse(lines[0])).toEqual({ message: 'denied', kind: 'rest-token', reason: 'missing-group' });
  });

  test('all-of groups: one missing is enough to deny; any-of: one present is enough', async () => {
    const token = sign(key, accessClaims({ 'cognito:groups': ['member'] }));
    expect(await setup({ requiredGroups: ['admin', 'member'], groupsMatch: 'all' }).handler(http(`Bearer ${token}`))).toMatchObject({ isAuthorized: false });
    expect(await setup({ requiredGroups: ['admin', 'member'], groupsMatch: 'any' }).handler(http(`Bearer ${token}`))).toMatchObject({ isAuthorized: true });
  });

  test('a missing required scope', async () => {
    const { handler, lines } = setup({ requiredScopes: ['orders/write'] });
    expect(await handler(http(`Bearer ${sign(key, accessClaims())}`))).toEqual({ isAuthorized: false, context: {} });
    expect(JSON.parse(lines[0])).toEqual({ message: 'denied', kind: 'http', reason: 'missing-scope' });
  });
});

describe('helpers', () => {
  test('stageWideArn', () => {
    expect(stageWideArn(METHOD_ARN)).toBe('arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/*');
    expect(stageWideArn('no-slash')).toBe('no-slash');
  });

  test('config parsing', () => {
    expect(parseAuthorizerConfig({ TRIGGER_CONFIG: JSON.stringify(CONFIG) })).toEqual(CONFIG);
    expect(() => parseAuthorizerConfig({ TRIGGER_CONFIG: JSON.stringify({ ...CONFIG, tokenUse: 'refresh' }) })).toThrow('TRIGGER_CONFIG.tokenUse must be id, access or any');
    expect(() => parseAuthorizerConfig({ TRIGGER_CONFIG: JSON.stringify({ ...CONFIG, jwks: [] }) })).toThrow('TRIGGER_CONFIG.jwks must be a JSON Web Key Set');
  });
});

describe('signing keys fetched at initialisation', () => {
  /** A verifier whose key fetch the test settles by hand, recording what is asked of it. */
  function fakeVerifier(hydrate: () => Promise<void>) {
    const calls: string[] = [];
    const verifier: TokenVerifier = {
      hydrate: () => {
        calls.push('hydrate');
        return hydrate();
      },
      verify: async (token) => {
        calls.push(`verify ${token}`);
        return { sub: 'u-123' } as JwtPayload;
      },
    };
    return { verifier, calls };
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  test('with inline keys (the config\'s jwks), hydration answers them and touches no network (the jwksUri is unreachable)', async () => {
    await expect(createVerifier(CONFIG).hydrate!()).resolves.toBeUndefined();
    const { log, lines } = recordingLogger();
    const handler = createHandler({ config: CONFIG, verifier: prefetchKeys(createVerifier(CONFIG), log), log });
    expect(await handler(http(`Bearer ${sign(key, idClaims())}`))).toMatchObject({ isAuthorized: true, context: { sub: 'u-123' } });
    expect(lines).toEqual([]);
  });

  test('hydration starts once, at once; a token that arrives meanwhile waits for it, later ones do not', async () => {
    let done: () => void = () => undefined;
    const { verifier, calls } = fakeVerifier(() => new Promise<void>((resolve) => (done = resolve)));
    const { log, lines } = recordingLogger();
    const prefetching = prefetchKeys(verifier, log);
    expect(calls).toEqual(['hydrate']);
    const first = prefetching.verify('a');
    await tick();
    expect(calls).toEqual(['hydrate']);
    done();
    expect(await first).toEqual({ sub: 'u-123' });
    await prefetching.verify('b');
    await prefetching.verify('c');
    expect(calls).toEqual(['hydrate', 'verify a', 'verify b', 'verify c']);
    expect(lines).toEqual([]);
  });

  test.each([
    ['rejects', () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED jane@example.com'), { name: 'FetchError' }))],
    ['throws', () => { throw Object.assign(new Error('no'), { name: 'FetchError' }); }],
  ])('a failed hydration (it %s) is harmless: nothing unhandled, its name logged, tokens verified (and keys fetched) as before', async (_how, hydrate) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { verifier, calls } = fakeVerifier(hydrate as () => Promise<void>);
      const { log, lines } = recordingLogger();
      const prefetching = prefetchKeys(verifier, log);
      expect(await prefetching.verify('a')).toEqual({ sub: 'u-123' });
      await tick();
      expect(calls).toEqual(['hydrate', 'verify a']);
      expect(lines.map((l) => JSON.parse(l))).toEqual([{ message: 'signing keys not prefetched', error: 'FetchError' }]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('a failed fetch of the pool\'s keys changes nothing for the first token: it fetches them itself, as without the early fetch', async () => {
    // The keys' address answers every connection by closing it: each fetch fails, and each one is counted.
    const keys = await refusingKeysServer();
    try {
      const full = { ...CONFIG, jwks: undefined, jwksUri: keys.jwksUri };
      const { log, lines } = recordingLogger();
      const handler = createHandler({ config: full, verifier: prefetchKeys(createVerifier(full), log), log });
      while (lines.length === 0) await tick();
      // The early fetch (aws-jwt-verify's fetcher retries once at once), then the token's own, made the same way.
      const early = keys.connections();
      expect(early).toBeGreaterThan(0);
      await expect(handler(rest(`Bearer ${sign(key, idClaims())}`))).rejects.toThrow(new Error(UNAUTHORIZED));
      expect(keys.connections()).toBe(2 * early);
      expect(lines.map((l) => JSON.parse(l))).toEqual([
        { message: 'signing keys not prefetched', error: expect.any(String) },
        { message: 'denied', reason: expect.any(String), kind: 'rest-token' },
      ]);
    } finally {
      await keys.close();
    }
  });

  test('a verifier that cannot fetch ahead is used as it is', () => {
    const verifier: TokenVerifier = { verify: async () => ({}) as JwtPayload };
    expect(prefetchKeys(verifier, recordingLogger().log)).toBe(verifier);
  });
});
