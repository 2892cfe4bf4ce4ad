import type { PreTokenGenerationConfig } from '../../lib/private/handler-config';
import { createHandler, isReservedClaim, MalformedEvent, parsePreTokenConfig } from '../../lambda/pre-token-generation/handler';
import { capturingLogger, clientCredentialsEvent, preTokenV1Event, preTokenV2Event } from './events';

const CONFIG: PreTokenGenerationConfig = {
  claimsFromAttributes: { tenant: 'custom:tenant_id', plan: 'custom:plan' },
  permissionsClaim: 'permissions',
  groupPermissions: { admin: ['orders:read', 'orders:write'], member: ['orders:read'] },
  groupScopes: { admin: ['orders/write'], member: ['orders/read'] },
  suppressClaims: ['phone_number'],
  accessTokenClaims: true,
  maxClaimBytes: 2048,
};
const ATTRS = { 'sub': 'u-1', 'email': 'jane@example.com', 'custom:tenant_id': 'acme', 'custom:plan': 'pro' };

function setup(config: Partial<PreTokenGenerationConfig> = {}) {
  const { log, lines } = capturingLogger();
  return { handler: createHandler({ config: { ...CONFIG, ...config }, log }), lines };
}

describe('pre token generation: V1 events (ID token only, string claims)', () => {
  test.each(['TokenGeneration_HostedAuth', 'TokenGeneration_Authentication', 'TokenGeneration_NewPasswordChallenge', 'TokenGeneration_AuthenticateDevice', 'TokenGeneration_RefreshTokens'] as const)(
    '%s: claims from attributes, permissions as a space-separated string, suppressed claims',
    async (source) => {
      const out = await setup().handler(preTokenV1Event(source, ATTRS, ['member', 'admin']));
      expect(out.response).toEqual({
        claimsOverrideDetails: {
          claimsToAddOrOverride: { tenant: 'acme', plan: 'pro', permissions: 'orders:read orders:write' },
          claimsToSuppress: ['phone_number'],
        },
      });
    },
  );

  test('no groups: no permissions claim; missing attributes: no claim', async () => {
    const out = await setup().handler(preTokenV1Event('TokenGeneration_Authentication', { sub: 'u-1' }, []));
    expect(out.response).toEqual({ claimsOverrideDetails: { claimsToAddOrOverride: {}, claimsToSuppress: ['phone_number'] } });
  });

  test("the emulator's version '0' is answered like V1", async () => {
    const event = preTokenV1Event('TokenGeneration_Authentication', ATTRS, ['admin']);
    (event as { version: string }).version = '0';
    const out = (await setup().handler(event)) as typeof event;
    expect(out.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ tenant: 'acme', plan: 'pro', permissions: 'orders:read orders:write' });
  });
});

describe('pre token generation: V2 and V3 events (ID and access tokens)', () => {
  test.each(['2', '3'] as const)('version %s: claims in both tokens, permissions as a list, scopes per group', async (version) => {
    const out = await setup().handler(preTokenV2Event('TokenGeneration_HostedAuth', ATTRS, ['admin', 'member'], version));
    expect(out.response).toEqual({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: {
          claimsToAddOrOverride: { tenant: 'acme', plan: 'pro', permissions: ['orders:read', 'orders:write'] },
          claimsToSuppress: ['phone_number'],
        },
        accessTokenGeneration: {
          claimsToAddOrOverride: { tenant: 'acme', plan: 'pro', permissions: ['orders:read', 'orders:write'] },
          claimsToSuppress: ['phone_number'],
          scopesToAdd: ['orders/write', 'orders/read'],
          scopesToSuppress: [],
        },
      },
    });
  });

  test('accessTokenClaims off: the access token gets scopes only', async () => {
    const out = await setup({ accessTokenClaims: false }).handler(preTokenV2Event('TokenGeneration_RefreshTokens', ATTRS, ['member']));
    expect(out.response).toMatchObject({
      claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: {}, claimsToSuppress: [], scopesToAdd: ['orders/read'] } },
    });
  });

  test('V3 client credentials (machine) events are returned unchanged', async () => {
    const event = clientCredentialsEvent();
    const before = JSON.stringify(event);
    expect(JSON.stringify(await setup().handler(event))).toBe(before);
  });

  test('an unknown group adds nothing; an unknown trigger source is ignored', async () => {
    const out = await setup().handler(preTokenV2Event('TokenGeneration_Authentication', ATTRS, ['ghosts']));
    expect(out.response).toMatchObject({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: [] } } });
    const odd = preTokenV2Event('TokenGeneration_Authentication', ATTRS, []);
    (odd as { triggerSource: string }).triggerSource = 'PreSignUp_SignUp';
    expect(await setup().handler(odd)).toBe(odd);
  });
});

describe('pre token generation: limits and reserved claims', () => {
  test('claims past maxClaimBytes are left out and logged without their value', async () => {
    const { handler, lines } = setup({ maxClaimBytes: 30 });
    const out = await handler(preTokenV2Event('TokenGeneration_Authentication', { ...ATTRS, 'custom:plan': 'p'.repeat(100) }, []));
    expect((out.response as any).claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride).toEqual({ tenant: 'acme' });
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ message: 'claim left out: size limit', claim: 'plan', maxClaimBytes: 30 }]);
  });

  test('reserved claims in the config are never emitted (defence behind the synth check)', async () => {
    const { handler } = setup({ claimsFromAttributes: { sub: 'email', tenant: 'custom:tenant_id' }, suppressClaims: ['aud', 'x'], permissionsClaim: 'iss' });
    const out = await handler(preTokenV2Event('TokenGeneration_Authentication', ATTRS, ['admin']));
    const id = (out.response as any).claimsAndScopeOverrideDetails.idTokenGeneration;
    expect(id).toEqual({ claimsToAddOrOverride: { tenant: 'acme' }, claimsToSuppress: ['x'] });
  });

  test('isReservedClaim', () => {
    expect(isReservedClaim('sub')).toBe(true);
    expect(isReservedClaim('cognito:username')).toBe(true);
    expect(isReservedClaim('tenant')).toBe(false);
    expect(isReservedClaim('toString')).toBe(false);
  });

  test('malformed events fail cleanly; missing group configuration is no groups', async () => {
    await expect(setup().handler({} as never)).rejects.toThrow(new MalformedEvent('no request'));
    const event = preTokenV1Event('TokenGeneration_Authentication', ATTRS, []);
    delete (event.request as { groupConfiguration?: unknown }).groupConfiguration;
    const out = (await setup().handler(event)) as typeof event;
    expect(out.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ tenant: 'acme', plan: 'pro' });
  });

  test('config parsing', () => {
    expect(parsePreTokenConfig({ TRIGGER_CONFIG: JSON.stringify(CONFIG) })).toEqual(CONFIG);
    expect(() => parsePreTokenConfig({ TRIGGER_CONFIG: JSON.stringify({ ...CONFIG, groupScopes: { admin: 'x' } }) })).toThrow(
      'TRIGGER_CONFIG.groupScopes must be a map of string lists',
    );
    expect(() => parsePreTokenConfig({ TRIGGER_CONFIG: JSON.stringify({ ...CONFIG, maxClaimBytes: '1' }) })).toThrow(
      'TRIGGER_CONFIG.maxClaimBytes must be a number',
    );
  });
});
