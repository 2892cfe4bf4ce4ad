import * as path from 'path';
import type { PreTokenGenerationConfig } from '../../lib/private/handler-config';
import { createHandler, isReservedClaim, parsePreTokenConfig, SETUP_FAILED } from '../../lambda/pre-token-generation/handler';
import { MalformedEvent } from '../../lambda/shared/errors';
import type { AddUserToGroup } from '../../lambda/shared/ports';
import { clientCredentialsEvent, preTokenV1Event, preTokenV2Event, recordingLogger } from './events';

const CONFIG: PreTokenGenerationConfig = {
  claimsFromAttributes: { tenant: 'custom:tenant_id', plan: 'custom:plan' },
  permissionsClaim: 'permissions',
  groupPermissions: { admin: ['orders:read', 'orders:write'], member: ['orders:read'] },
  groupScopes: { admin: ['orders/write'], member: ['orders/read'] },
  suppressClaims: ['phone_number'],
  accessTokenClaims: true,
  maxClaimBytes: 2048,
  defaultGroups: [],
};
const ATTRS = { 'sub': 'u-1', 'email': 'jane@example.com', 'custom:tenant_id': 'acme', 'custom:plan': 'pro' };

/** AdminAddUserToGroup at the edge: records each call, fails where told to (with an email in the message). */
function fakeGroups(failWith?: string) {
  const calls: string[] = [];
  const addUserToGroup: AddUserToGroup = async (pool, user, group) => {
    calls.push(`${pool} ${user} ${group}`);
    if (failWith) throw Object.assign(new Error('jane@example.com'), { name: failWith });
  };
  return { calls, addUserToGroup };
}

function setup(config: Partial<PreTokenGenerationConfig> = {}, groups = fakeGroups()) {
  const { log, lines } = recordingLogger();
  return { handler: createHandler({ config: { ...CONFIG, ...config }, log, addUserToGroup: groups.addUserToGroup }), lines, calls: groups.calls };
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
    await expect(setup().handler({} as never)).rejects.toThrow(new MalformedEvent('pre token generation', 'no request'));
    const event = preTokenV1Event('TokenGeneration_Authentication', ATTRS, []);
    delete (event.request as { groupConfiguration?: unknown }).groupConfiguration;
    const out = (await setup().handler(event)) as typeof event;
    expect(out.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ tenant: 'acme', plan: 'pro' });
  });

  test('config parsing', () => {
    expect(parsePreTokenConfig({ TRIGGER_CONFIG: JSON.stringify(CONFIG) })).toEqual({ ...CONFIG, joinDefaultGroups: true });
    expect(() => parsePreTokenConfig({ TRIGGER_CONFIG: JSON.stringify({ ...CONFIG, groupScopes: { admin: 'x' } }) })).toThrow(
      'TRIGGER_CONFIG.groupScopes must be a map of string lists',
    );
    expect(() => parsePreTokenConfig({ TRIGGER_CONFIG: JSON.stringify({ ...CONFIG, maxClaimBytes: '1' }) })).toThrow(
      'TRIGGER_CONFIG.maxClaimBytes must be a number',
    );
  });
});

describe('pre token generation: default groups for every user who signs in (admin-created users too)', () => {
  const defaults = { defaultGroups: ['member'] };

  test.each(['TokenGeneration_NewPasswordChallenge', 'TokenGeneration_Authentication', 'TokenGeneration_HostedAuth'] as const)(
    'V1 %s: a user in no default group joins it, once, and this ID token carries it (roles as Cognito sent them)',
    async (source) => {
      const { handler, calls, lines } = setup(defaults);
      const event = preTokenV1Event(source, ATTRS, []);
      event.request.groupConfiguration = { groupsToOverride: [], iamRolesToOverride: ['arn:aws:iam::123456789012:role/x'], preferredRole: 'arn:aws:iam::123456789012:role/x' };
      const out = (await handler(event)) as typeof event;
      expect(calls).toEqual(['eu-west-1_AbCdEf123 jane member']);
      expect(out.response.claimsOverrideDetails).toEqual({
        claimsToAddOrOverride: { tenant: 'acme', plan: 'pro', permissions: 'orders:read' },
        claimsToSuppress: ['phone_number'],
        groupOverrideDetails: {
          groupsToOverride: ['member'],
          iamRolesToOverride: ['arn:aws:iam::123456789012:role/x'],
          preferredRole: 'arn:aws:iam::123456789012:role/x',
        },
      });
      expect(lines.map((l) => JSON.parse(l))).toEqual([{ message: 'joined default groups', groups: 1, triggerSource: source }]);
    },
  );

  test('V2: the group joins the existing ones, in both tokens, with its scopes and permissions', async () => {
    const { handler, calls } = setup({ defaultGroups: ['member', 'admin'] });
    const out = await handler(preTokenV2Event('TokenGeneration_Authentication', ATTRS, ['admin']));
    expect(calls).toEqual(['eu-west-1_AbCdEf123 jane member']);
    const details = (out.response as any).claimsAndScopeOverrideDetails;
    expect(details.groupOverrideDetails).toEqual({ groupsToOverride: ['admin', 'member'], iamRolesToOverride: [] });
    expect(details.accessTokenGeneration.scopesToAdd).toEqual(['orders/write', 'orders/read']);
  });

  test('a user already in every default group: no call, no group override (every later sign-in and refresh)', async () => {
    const { handler, calls } = setup(defaults);
    const out = await handler(preTokenV2Event('TokenGeneration_RefreshTokens', ATTRS, ['member']));
    expect(calls).toEqual([]);
    expect((out.response as any).claimsAndScopeOverrideDetails.groupOverrideDetails).toBeUndefined();
  });

  test('in a replica region (joinDefaultGroups false): no write, which a replica refuses; the token carries the group', async () => {
    const { handler, calls, lines } = setup({ ...defaults, joinDefaultGroups: false }, fakeGroups('InvalidParameterException'));
    const out = await handler(preTokenV2Event('TokenGeneration_Authentication', ATTRS, []));
    expect(calls).toEqual([]);
    expect((out.response as any).claimsAndScopeOverrideDetails.groupOverrideDetails).toEqual({ groupsToOverride: ['member'], iamRolesToOverride: [] });
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ message: 'default groups in the token only (replica region)', groups: 1, triggerSource: 'TokenGeneration_Authentication' }]);
    expect(parsePreTokenConfig({ TRIGGER_CONFIG: JSON.stringify({ ...CONFIG, joinDefaultGroups: false }) }).joinDefaultGroups).toBe(false);
    // Configs written before this setting existed join the groups.
    expect(parsePreTokenConfig({ TRIGGER_CONFIG: JSON.stringify(CONFIG) }).joinDefaultGroups).toBe(true);
    expect(() => parsePreTokenConfig({ TRIGGER_CONFIG: JSON.stringify({ ...CONFIG, joinDefaultGroups: 'no' }) })).toThrow(/joinDefaultGroups/);
  });

  test('machine tokens never join groups', async () => {
    const { handler, calls } = setup(defaults);
    await handler(clientCredentialsEvent());
    expect(calls).toEqual([]);
  });

  test('a failed group write fails the sign-in with advice that holds (the next sign-in tries again), without the SDK message', async () => {
    const { handler, lines } = setup(defaults, fakeGroups('TooManyRequestsException'));
    await expect(handler(preTokenV1Event('TokenGeneration_Authentication', ATTRS, []))).rejects.toThrow(SETUP_FAILED);
    expect(SETUP_FAILED).toBe('Sign-in could not finish setting up your account: try signing in again.');
    const text = lines.join('\n');
    expect(text).toContain('TooManyRequestsException');
    expect(text).not.toContain('jane@');
    // And the next sign-in, with the write working again, does join.
    const retry = setup(defaults);
    await retry.handler(preTokenV1Event('TokenGeneration_Authentication', ATTRS, []));
    expect(retry.calls).toEqual(['eu-west-1_AbCdEf123 jane member']);
  });

  test('an event with default groups to add but no user name is malformed', async () => {
    const event = preTokenV1Event('TokenGeneration_Authentication', ATTRS, []);
    (event as { userName: string }).userName = '';
    await expect(setup(defaults).handler(event)).rejects.toThrow(new MalformedEvent('pre token generation', 'no user name or pool id'));
  });

  test('default groups without a way to add them is a wiring error, except in a replica region, which adds none', () => {
    expect(() => createHandler({ config: { ...CONFIG, ...defaults }, log: recordingLogger().log })).toThrow(
      'default groups are configured but no way to add users to groups was given',
    );
    expect(() => createHandler({ config: { ...CONFIG, ...defaults, joinDefaultGroups: false }, log: recordingLogger().log })).not.toThrow();
  });

  test('the bundled handler, as Lambda loads it in a replica region: it starts, and puts the default group into the token', async () => {
    const saved = process.env.TRIGGER_CONFIG;
    process.env.TRIGGER_CONFIG = JSON.stringify({ ...CONFIG, ...defaults, joinDefaultGroups: false });
    try {
      let bundled: { handler: (event: unknown) => Promise<any> } | undefined;
      jest.isolateModules(() => {
        bundled = require(path.join(__dirname, '..', '..', 'assets', 'pre-token-generation', 'index.js'));
      });
      const out = await bundled!.handler(preTokenV2Event('TokenGeneration_Authentication', ATTRS, []));
      expect(out.response.claimsAndScopeOverrideDetails.groupOverrideDetails.groupsToOverride).toEqual(['member']);
    } finally {
      if (saved === undefined) delete process.env.TRIGGER_CONFIG;
      else process.env.TRIGGER_CONFIG = saved;
    }
  });
});
