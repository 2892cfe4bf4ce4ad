import { MIGRATION_GROUPS_ATTRIBUTE, type PoolMigrationConfig } from '../../lib/private/handler-config';
import { createHandler, parsePoolMigrationConfig, type PostAuthenticationEvent } from '../../lambda/migrate-from-pool/handler';
import { HandlerConfigError, MalformedEvent } from '../../lambda/shared/errors';
import { MIGRATION_REFUSED, MIGRATION_UNAVAILABLE, poolAttributes, type MigrationEvent } from '../../lambda/shared/migration';
import { recordingLogger } from './events';

const OLD_POOL = 'eu-west-1_OldPool1';
const NEW_POOL = 'eu-west-1_NewPool2';
const PASSWORD = 'Correct-Horse-9';

interface OldUserRecord {
  password: string;
  enabled: boolean;
  attributes: { [n: string]: string };
  groups: string[];
  status?: string;
  /** The challenge the old pool asks after a right password (an MFA one, for example). */
  challenge?: string;
}

/** A fake old pool (no emulator runs in a unit test; the e2e test runs the bundle against cognito-local). */
class FakeOldPool {
  public readonly calls: string[] = [];
  public users: { [name: string]: OldUserRecord } = {
    jane: {
      password: PASSWORD,
      enabled: true,
      attributes: { 'sub': 'old-sub', 'email': 'jane@example.com', 'email_verified': 'true', 'given_name': 'Jane', 'custom:org': 'acme', 'custom:gone': 'x' },
      groups: ['admins', 'readers'],
    },
  };
  public failWith?: string;
  /** The new pool's side: memberships, and the marker attributes deleted. */
  public readonly joined: string[] = [];
  public readonly deleted: string[] = [];
  public newPoolGroups = ['admins', 'readers'];

  private err(name: string) {
    return Object.assign(new Error('jane@example.com ' + PASSWORD), { name });
  }

  public deps(config: PoolMigrationConfig) {
    const { log, lines } = recordingLogger();
    const handler = createHandler({
      config,
      log,
      authenticate: async (pool, client, userName, password) => {
        this.calls.push(`auth ${pool} ${client} ${userName}`);
        if (this.failWith) throw this.err(this.failWith);
        const u = this.users[userName];
        if (!u) throw this.err('UserNotFoundException');
        if (u.password !== password || !u.enabled) throw this.err('NotAuthorizedException');
        if (u.status === 'RESET_REQUIRED') throw this.err('PasswordResetRequiredException');
        if (u.challenge !== undefined) return u.challenge;
        return u.status === 'FORCE_CHANGE_PASSWORD' ? 'NEW_PASSWORD_REQUIRED' : undefined;
      },
      getUser: async (pool, userName) => {
        this.calls.push(`get ${pool} ${userName}`);
        const u = this.users[userName];
        if (!u) throw this.err('UserNotFoundException');
        return { username: userName, enabled: u.enabled, attributes: u.attributes };
      },
      listGroups: async (pool, userName) => {
        this.calls.push(`groups ${pool} ${userName}`);
        if (this.failWith) throw this.err(this.failWith);
        const u = this.users[userName];
        if (!u) throw this.err('UserNotFoundException');
        return u.groups;
      },
      addUserToGroup: async (pool, userName, group) => {
        if (!this.newPoolGroups.includes(group)) throw this.err('ResourceNotFoundException');
        this.joined.push(`${pool} ${userName} ${group}`);
      },
      deleteUserAttribute: async (pool, userName, attribute) => {
        this.deleted.push(`${pool} ${userName} ${attribute}`);
      },
    });
    return { handler, lines };
  }
}

const CONFIG: PoolMigrationConfig = {
  userPoolId: OLD_POOL,
  clientId: 'oldclient',
  keepGroups: true,
  attributeMap: { 'custom:org': 'custom:tenant' },
  poolAttributes: ['email', 'email_verified', 'given_name', 'phone_number', 'phone_number_verified', 'custom:tenant', MIGRATION_GROUPS_ATTRIBUTE],
  finalUserStatus: 'CONFIRMED',
  untrustedAttributes: [],
};

function migrationEvent(triggerSource: string, userName = 'jane', password: string | null = PASSWORD): MigrationEvent {
  return {
    version: '1', region: 'eu-west-1', userPoolId: NEW_POOL, userName, triggerSource,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'newclient' },
    request: { ...(password !== null ? { password } : {}), validationData: {} },
    response: { userAttributes: {}, finalUserStatus: undefined, messageAction: undefined, desiredDeliveryMediums: [], forceAliasCreation: false },
  } as MigrationEvent;
}

function postAuthEvent(attributes: { [n: string]: string }): PostAuthenticationEvent {
  return { triggerSource: 'PostAuthentication_Authentication', userPoolId: NEW_POOL, userName: 'new-uuid', request: { userAttributes: attributes }, response: {} };
}

describe('migration from another user pool', () => {
  test('a right password migrates the user: attributes by name and map, the groups marker, confirmed, no welcome message', async () => {
    const pool = new FakeOldPool();
    const { handler, lines } = pool.deps(CONFIG);
    const out = (await handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent;
    expect(out.response).toEqual({
      userAttributes: { 'email': 'jane@example.com', 'email_verified': 'true', 'given_name': 'Jane', 'custom:tenant': 'acme', [MIGRATION_GROUPS_ATTRIBUTE]: 'jane' },
      finalUserStatus: 'CONFIRMED',
      messageAction: 'SUPPRESS',
      desiredDeliveryMediums: [],
      forceAliasCreation: false,
    });
    expect(pool.calls).toEqual([`auth ${OLD_POOL} oldclient jane`, `get ${OLD_POOL} jane`]);
    expect(lines).toEqual([JSON.stringify({
      message: 'migrated', source: 'user pool', kind: 'Authentication', attributes: ['custom:tenant', 'email', 'email_verified', 'given_name'],
      leftOut: ['custom:gone', 'sub'],
    })]);
  });

  test('a wrong password and an unknown user get the same answer, and the log says which without the password', async () => {
    const pool = new FakeOldPool();
    const { handler, lines } = pool.deps(CONFIG);
    await expect(handler(migrationEvent('UserMigration_Authentication', 'jane', 'Tr0ub4dor&3'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    await expect(handler(migrationEvent('UserMigration_Authentication', 'nobody'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    expect(MIGRATION_REFUSED).toBe('Incorrect username or password.');
    expect(lines).toEqual([
      JSON.stringify({ message: 'refused', source: 'user pool', kind: 'Authentication', reason: 'wrong password or disabled user' }),
      JSON.stringify({ message: 'refused', source: 'user pool', kind: 'Authentication', reason: 'unknown user' }),
    ]);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(lines.join('\n')).not.toContain('Tr0ub4dor');
  });

  test('a disabled old user, one who must reset and one unconfirmed are refused', async () => {
    const pool = new FakeOldPool();
    const { handler, lines } = pool.deps(CONFIG);
    pool.users.jane.status = 'RESET_REQUIRED';
    await expect(handler(migrationEvent('UserMigration_Authentication'))).rejects.toThrow(MIGRATION_REFUSED);
    pool.failWith = 'UserNotConfirmedException';
    await expect(handler(migrationEvent('UserMigration_Authentication'))).rejects.toThrow(MIGRATION_REFUSED);
    pool.failWith = undefined;
    pool.users.jane.status = undefined;
    pool.users.jane.enabled = false;
    await expect(handler(migrationEvent('UserMigration_ForgotPassword', 'jane', null))).rejects.toThrow(MIGRATION_REFUSED);
    expect(lines.map((l) => JSON.parse(l).reason)).toEqual(['password reset required in the old pool', 'user not confirmed in the old pool', 'disabled user']);
  });

  test('an old pool that cannot be asked fails the sign-in with a try-again message, naming only the error', async () => {
    const pool = new FakeOldPool();
    const { handler, lines } = pool.deps(CONFIG);
    pool.failWith = 'TooManyRequestsException';
    await expect(handler(migrationEvent('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_UNAVAILABLE));
    expect(MIGRATION_UNAVAILABLE).toBe('Sign-in is unavailable for the moment; try again later.');
    expect(lines).toEqual([JSON.stringify({ message: 'source unavailable', source: 'user pool', kind: 'Authentication', error: 'TooManyRequestsException' })]);
  });

  test('a temporary password in the old pool migrates the user with RESET_REQUIRED', async () => {
    const pool = new FakeOldPool();
    pool.users.jane.status = 'FORCE_CHANGE_PASSWORD';
    const out = (await pool.deps(CONFIG).handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent;
    expect(out.response.finalUserStatus).toBe('RESET_REQUIRED');
  });

  test('an MFA challenge in the old pool migrates the user with RESET_REQUIRED, and without a verified address or number refuses', async () => {
    for (const challenge of ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP', 'SELECT_MFA_TYPE', 'MFA_SETUP']) {
      const pool = new FakeOldPool();
      pool.users.jane.challenge = challenge;
      const { handler, lines } = pool.deps(CONFIG);
      const out = (await handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent;
      expect(out.response.finalUserStatus).toBe('RESET_REQUIRED');
      pool.users.jane.attributes = { ...pool.users.jane.attributes, email_verified: 'false', phone_number: '+14155550100', phone_number_verified: 'false' };
      await expect(handler(migrationEvent('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
      expect(JSON.parse(lines[1])).toEqual({ message: 'refused', source: 'user pool', kind: 'Authentication', reason: 'no verified email address or phone number' });
    }
  });

  test('finalUserStatus RESET_REQUIRED is kept, and refused without a verified address or number (the code could reach no one)', async () => {
    const pool = new FakeOldPool();
    const { handler, lines } = pool.deps({ ...CONFIG, finalUserStatus: 'RESET_REQUIRED' });
    const out = (await handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent;
    expect(out.response.finalUserStatus).toBe('RESET_REQUIRED');
    pool.users.jane.attributes = { email: 'jane@example.com', phone_number: '+14155550100', phone_number_verified: 'true' };
    expect(((await handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent).response.finalUserStatus).toBe('RESET_REQUIRED');
    pool.users.jane.attributes = { email: 'jane@example.com', email_verified: 'false' };
    await expect(handler(migrationEvent('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    expect(JSON.parse(lines[2])).toEqual({ message: 'refused', source: 'user pool', kind: 'Authentication', reason: 'no verified email address or phone number' });
    pool.users.jane.attributes = { email: 'jane@example.com' };
    const confirmed = (await pool.deps(CONFIG).handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent;
    expect(confirmed.response.finalUserStatus).toBe('CONFIRMED');
  });

  test('forgot password: looked up without a password, no status set; refused without a verified address or number', async () => {
    const pool = new FakeOldPool();
    const { handler, lines } = pool.deps(CONFIG);
    const out = (await handler(migrationEvent('UserMigration_ForgotPassword', 'jane', null))) as MigrationEvent;
    expect(out.response.finalUserStatus).toBeUndefined();
    expect(out.response.userAttributes?.email_verified).toBe('true');
    expect(pool.calls).toEqual([`get ${OLD_POOL} jane`]);
    pool.users.jane.attributes = { ...pool.users.jane.attributes, email_verified: 'false' };
    await expect(handler(migrationEvent('UserMigration_ForgotPassword', 'jane', null))).rejects.toThrow(MIGRATION_REFUSED);
    expect(JSON.parse(lines[1])).toEqual({ message: 'refused', source: 'user pool', kind: 'ForgotPassword', reason: 'no verified email address or phone number' });
  });

  test('verified flags are carried only as true and beside their address or number', async () => {
    const pool = new FakeOldPool();
    pool.users.jane.attributes = { email: 'jane@example.com', email_verified: 'false', phone_number_verified: 'true' };
    const out = (await pool.deps(CONFIG).handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent;
    expect(out.response.userAttributes).toEqual({ email: 'jane@example.com', [MIGRATION_GROUPS_ATTRIBUTE]: 'jane' });
  });

  test('keepGroups false: no marker, and post authentication does nothing', async () => {
    const pool = new FakeOldPool();
    const { handler } = pool.deps({ ...CONFIG, keepGroups: false });
    const out = (await handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent;
    expect(out.response.userAttributes).not.toHaveProperty(MIGRATION_GROUPS_ATTRIBUTE);
    await handler(postAuthEvent({ [MIGRATION_GROUPS_ATTRIBUTE]: 'jane' }));
    expect(pool.joined).toEqual([]);
  });

  test('post authentication joins the old groups once, skips a group the new pool lacks, and removes the marker', async () => {
    const pool = new FakeOldPool();
    pool.newPoolGroups = ['readers'];
    const { handler, lines } = pool.deps(CONFIG);
    const event = postAuthEvent({ sub: 'new-sub', [MIGRATION_GROUPS_ATTRIBUTE]: 'jane' });
    expect(await handler(event)).toBe(event);
    expect(pool.joined).toEqual([`${NEW_POOL} new-uuid readers`]);
    expect(pool.deleted).toEqual([`${NEW_POOL} new-uuid ${MIGRATION_GROUPS_ATTRIBUTE}`]);
    expect(lines).toEqual([
      JSON.stringify({ message: 'groups missing in the new pool were skipped', missing: 1 }),
      JSON.stringify({ message: 'joined old groups', groups: 1 }),
    ]);
    await handler(postAuthEvent({ sub: 'new-sub' }));
    expect(pool.calls.filter((c) => c.startsWith('groups'))).toHaveLength(1);
  });

  test('post authentication never fails the sign-in: a failure keeps the marker for the next one', async () => {
    const pool = new FakeOldPool();
    pool.failWith = 'TooManyRequestsException';
    const { handler, lines } = pool.deps(CONFIG);
    await handler(postAuthEvent({ [MIGRATION_GROUPS_ATTRIBUTE]: 'jane' }));
    expect(pool.deleted).toEqual([]);
    expect(lines).toEqual([JSON.stringify({ message: 'joining old groups failed: the next sign-in tries again', error: 'TooManyRequestsException' })]);
  });

  test('post authentication of a user gone from the old pool removes the marker', async () => {
    const pool = new FakeOldPool();
    pool.users = {};
    await pool.deps(CONFIG).handler(postAuthEvent({ [MIGRATION_GROUPS_ATTRIBUTE]: 'jane' }));
    expect(pool.deleted).toHaveLength(1);
  });

  test('malformed events fail cleanly; other trigger sources pass through', async () => {
    const { handler } = new FakeOldPool().deps(CONFIG);
    await expect(handler({ triggerSource: 'UserMigration_Authentication' } as never)).rejects.toThrow(new MalformedEvent('user migration', 'no request'));
    await expect(handler(migrationEvent('UserMigration_Authentication', ''))).rejects.toThrow('malformed user migration event: no user name');
    await expect(handler(migrationEvent('UserMigration_Authentication', 'jane', null))).rejects.toThrow('malformed user migration event: no password');
    await expect(handler({ triggerSource: 'PostAuthentication_Authentication', userName: 'x', userPoolId: NEW_POOL } as never))
      .rejects.toThrow('malformed post authentication event: no request');
    const other = migrationEvent('PreSignUp_SignUp');
    expect(await handler(other)).toBe(other);
  });

  test('config: parsed, and refused with the key it lacks', () => {
    const env = (c: object) => ({ TRIGGER_CONFIG: JSON.stringify(c) });
    expect(parsePoolMigrationConfig(env(CONFIG))).toEqual(CONFIG);
    expect(() => parsePoolMigrationConfig(env({ ...CONFIG, userPoolId: 'nope' }))).toThrow(new HandlerConfigError('TRIGGER_CONFIG.userPoolId is not a user pool id'));
    expect(() => parsePoolMigrationConfig(env({ ...CONFIG, finalUserStatus: 'FORCE' })))
      .toThrow(new HandlerConfigError('TRIGGER_CONFIG.finalUserStatus must be CONFIRMED or RESET_REQUIRED'));
    expect(() => parsePoolMigrationConfig(env({ ...CONFIG, keepGroups: 'yes' }))).toThrow(new HandlerConfigError('TRIGGER_CONFIG.keepGroups must be a boolean'));
    expect(() => parsePoolMigrationConfig(env({ ...CONFIG, attributeMap: [] }))).toThrow(new HandlerConfigError('TRIGGER_CONFIG.attributeMap must be a map of strings'));
  });
});

describe('the attribute rules every source shares', () => {
  const config = { attributeMap: { mail: 'email', org: 'custom:tenant' }, poolAttributes: ['email', 'email_verified', 'phone_number', 'phone_number_verified', 'custom:tenant', 'sub'], finalUserStatus: 'CONFIRMED' as const,
    untrustedAttributes: [] as string[] };

  test('renamed by the map, Cognito\'s own left out even when the pool list names them, unknown ones left out by their new name', () => {
    expect(poolAttributes(config, { 'mail': 'a@example.com', 'org': 'acme', 'sub': 'x', 'identities': '[]', 'cognito:user_status': 'CONFIRMED', 'shoe': '42' })).toEqual({
      attributes: { 'email': 'a@example.com', 'custom:tenant': 'acme' },
      left: ['cognito:user_status', 'identities', 'shoe', 'sub'],
    });
  });

  test('a verified flag goes only as true and beside its address or number', () => {
    expect(poolAttributes(config, { email_verified: 'true', phone_number: '+14155550100', phone_number_verified: 'True' })).toEqual({
      attributes: { phone_number: '+14155550100' }, left: ['email_verified', 'phone_number_verified'],
    });
    expect(poolAttributes(config, { mail: 'a@example.com', email_verified: 'true' }).attributes).toEqual({ email: 'a@example.com', email_verified: 'true' });
  });

  test('an untrusted attribute and the groups marker are left out of a source\'s answer, by their names in the pool', () => {
    const guarded = { ...config, poolAttributes: [...config.poolAttributes, 'custom:role', MIGRATION_GROUPS_ATTRIBUTE],
      untrustedAttributes: ['custom:tenant', 'email_verified'] };
    expect(poolAttributes(guarded, { 'mail': 'a@example.com', 'email_verified': 'true', 'org': 'acme', 'custom:role': 'admin',
      [MIGRATION_GROUPS_ATTRIBUTE]: 'root' })).toEqual({
      attributes: { 'email': 'a@example.com', 'custom:role': 'admin' },
      left: [MIGRATION_GROUPS_ATTRIBUTE, 'custom:tenant', 'email_verified'],
    });
  });

  test('the handler leaves an untrusted attribute out and names it in the log, and only the trigger sets the groups marker', async () => {
    const pool = new FakeOldPool();
    pool.users.jane.attributes = { ...pool.users.jane.attributes, [MIGRATION_GROUPS_ATTRIBUTE]: 'root' };
    const { handler, lines } = pool.deps({ ...CONFIG, untrustedAttributes: ['custom:tenant'] });
    const out = (await handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent;
    expect(out.response.userAttributes).toEqual({ 'email': 'jane@example.com', 'email_verified': 'true', 'given_name': 'Jane', [MIGRATION_GROUPS_ATTRIBUTE]: 'jane' });
    expect(JSON.parse(lines[0])).toEqual({ message: 'migrated', source: 'user pool', kind: 'Authentication',
      attributes: ['email', 'email_verified', 'given_name'], leftOut: ['custom:gone', MIGRATION_GROUPS_ATTRIBUTE, 'custom:tenant', 'sub'] });
    const dropping = new FakeOldPool();
    dropping.users.jane.attributes = { email: 'jane@example.com', [MIGRATION_GROUPS_ATTRIBUTE]: 'root' };
    const kept = (await dropping.deps({ ...CONFIG, keepGroups: false }).handler(migrationEvent('UserMigration_Authentication'))) as MigrationEvent;
    expect(kept.response.userAttributes).toEqual({ email: 'jane@example.com' });
  });

  test('prototype-named keys are names like any other: left out, never looked up on the map\'s prototype', () => {
    const source = JSON.parse('{"__proto__":"p","constructor":"c","toString":"t","hasOwnProperty":"h","valueOf":"v","mail":"a@example.com"}');
    expect(poolAttributes(config, source)).toEqual({
      attributes: { email: 'a@example.com' }, left: ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'],
    });
    const mapped = { ...config, attributeMap: { constructor: 'custom:tenant' } };
    expect(poolAttributes(mapped, JSON.parse('{"constructor":"acme","toString":"x"}'))).toEqual({ attributes: { 'custom:tenant': 'acme' }, left: ['toString'] });
  });

  test('an old pool error named like a prototype key is no refusal: the try-again message', async () => {
    const pool = new FakeOldPool();
    pool.failWith = 'constructor';
    const { handler, lines } = pool.deps(CONFIG);
    await expect(handler(migrationEvent('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_UNAVAILABLE));
    expect(JSON.parse(lines[0])).toEqual({ message: 'source unavailable', source: 'user pool', kind: 'Authentication', error: 'constructor' });
  });

  test("the old sub may be kept under another name (the README's new-pool runbook), never as sub", () => {
    const keeping = { ...config, attributeMap: { sub: 'custom:previous_sub' }, poolAttributes: [...config.poolAttributes, 'custom:previous_sub'] };
    expect(poolAttributes(keeping, { sub: 'old-sub', email: 'a@example.com' })).toEqual({
      attributes: { 'custom:previous_sub': 'old-sub', 'email': 'a@example.com' }, left: [],
    });
  });
});
