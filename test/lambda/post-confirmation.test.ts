import type { PostConfirmationConfig } from '../../lib/private/handler-config';
import {
  createHandler,
  parsePostConfirmationConfig,
  type Profile,
  type ProfileTable,
  type PutProfile,
  SETUP_FAILED,
} from '../../lambda/post-confirmation/handler';
import { HandlerConfigError, MalformedEvent } from '../../lambda/shared/errors';
import type { AddUserToGroup } from '../../lambda/shared/ports';
import { POOL_ID, postConfirmationEvent, recordingLogger } from './events';

/** Fake Cognito behind the group port: membership as a set, so adding twice is a no-op as in Cognito. */
class FakeCognito {
  public readonly members = new Set<string>();
  public readonly calls: Parameters<AddUserToGroup>[] = [];
  constructor(private readonly failWith?: string) {}
  public readonly addUserToGroup: AddUserToGroup = async (...args) => {
    this.calls.push(args);
    if (this.failWith) throw Object.assign(new Error('jane@example.com'), { name: this.failWith });
    const [, userName, groupName] = args;
    this.members.add(`${groupName}:${userName}`);
  };
}

/** Fake DynamoDB behind the profile port: one map of items per table that keeps the first write, like the conditional put. */
class FakeDynamo {
  public readonly items = new Map<string, Profile>();
  public readonly puts: [ProfileTable, Profile][] = [];
  constructor(private readonly failWith?: string) {}
  public readonly putProfile: PutProfile = async (table, profile) => {
    this.puts.push([table, profile]);
    if (this.failWith) throw Object.assign(new Error('jane@example.com'), { name: this.failWith });
    const key = `${table.tableName}/${table.partitionKey}=${profile.sub}`;
    if (this.items.has(key)) throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    this.items.set(key, profile);
  };
}

const CONFIG: PostConfirmationConfig = { defaultGroups: ['member', 'newsletter'], groupsAtSignIn: false, profileTable: { tableName: 'Profiles', partitionKey: 'userId' } };
const SUB = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

function setup(config: PostConfirmationConfig = CONFIG, fail: { cognito?: string; dynamo?: string } = {}) {
  const cognito = new FakeCognito(fail.cognito);
  const dynamo = new FakeDynamo(fail.dynamo);
  const { log, lines } = recordingLogger();
  let clock = Date.parse('2026-11-22T10:00:00Z');
  const handler = createHandler({
    config,
    addUserToGroup: cognito.addUserToGroup,
    putProfile: dynamo.putProfile,
    log,
    now: () => new Date((clock += 1000)),
  });
  return { handler, cognito, dynamo, lines };
}

describe('post confirmation', () => {
  test('on ConfirmSignUp: joins the default groups and writes one profile', async () => {
    const { handler, cognito, dynamo, lines } = setup();
    const event = postConfirmationEvent('PostConfirmation_ConfirmSignUp');
    expect(await handler(event)).toBe(event);
    expect(cognito.calls).toEqual([
      [POOL_ID, SUB, 'member'],
      [POOL_ID, SUB, 'newsletter'],
    ]);
    expect([...cognito.members].sort()).toEqual([`member:${SUB}`, `newsletter:${SUB}`]);
    expect(dynamo.puts).toEqual([[{ tableName: 'Profiles', partitionKey: 'userId' }, { sub: SUB, username: SUB, createdAt: '2026-11-22T10:00:01.000Z' }]]);
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ message: 'profile created' }, { message: 'confirmed', groups: 2 }]);
    expect(lines.join('\n')).not.toContain('jane@');
  });

  test('retried twice (as Cognito does after a timeout): one membership each, one profile, first write kept', async () => {
    const { handler, cognito, dynamo } = setup();
    await handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'));
    const first = JSON.stringify([...dynamo.items.entries()]);
    await handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'));
    await handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'));
    expect(cognito.members.size).toBe(2);
    expect(dynamo.items.size).toBe(1);
    expect(JSON.stringify([...dynamo.items.entries()])).toBe(first);
    expect(dynamo.puts).toHaveLength(3);
  });

  test('a profile that exists already (a retry) is kept, and the confirmation succeeds', async () => {
    const { handler, lines } = setup();
    await handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'));
    const event = postConfirmationEvent('PostConfirmation_ConfirmSignUp');
    expect(await handler(event)).toBe(event);
    expect(lines.map((l) => JSON.parse(l)).slice(-2)).toEqual([{ message: 'profile exists' }, { message: 'confirmed', groups: 2 }]);
  });

  test('on ConfirmForgotPassword: nothing happens', async () => {
    const { handler, cognito, dynamo } = setup();
    await handler(postConfirmationEvent('PostConfirmation_ConfirmForgotPassword'));
    expect(cognito.calls).toEqual([]);
    expect(dynamo.puts).toHaveLength(0);
  });

  test('without a table or groups: no calls, and no way to reach AWS is needed (no SDK is loaded)', async () => {
    const { handler, cognito, dynamo } = setup({ defaultGroups: [], groupsAtSignIn: false });
    await handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'));
    expect(cognito.calls).toEqual([]);
    expect(dynamo.puts).toHaveLength(0);
    const { log, lines } = recordingLogger();
    const bare = createHandler({ config: { defaultGroups: [], groupsAtSignIn: false }, log, now: () => new Date() });
    const event = postConfirmationEvent('PostConfirmation_ConfirmSignUp');
    expect(await bare(event)).toBe(event);
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ message: 'confirmed', groups: 0 }]);
  });

  test('groups only: no profile write and no DynamoDB needed; a table only: no group call and no Cognito needed', async () => {
    const cognito = new FakeCognito();
    const groupsOnly = createHandler({ config: { defaultGroups: ['member'], groupsAtSignIn: false }, addUserToGroup: cognito.addUserToGroup, log: recordingLogger().log, now: () => new Date() });
    await groupsOnly(postConfirmationEvent('PostConfirmation_ConfirmSignUp'));
    expect(cognito.calls).toEqual([[POOL_ID, SUB, 'member']]);
    const dynamo = new FakeDynamo();
    const tableOnly = createHandler({
      config: { ...CONFIG, defaultGroups: [] },
      putProfile: dynamo.putProfile,
      log: recordingLogger().log,
      now: () => new Date(),
    });
    await tableOnly(postConfirmationEvent('PostConfirmation_ConfirmSignUp'));
    expect(dynamo.puts).toHaveLength(1);
  });

  test('a failed group write fails cleanly, without the SDK message, and promises no retry that would not come', async () => {
    const { handler, lines, dynamo } = setup(CONFIG, { cognito: 'ResourceNotFoundException' });
    await expect(handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'))).rejects.toThrow(
      'Your account was confirmed, but its setup could not finish: please contact support.',
    );
    expect(SETUP_FAILED).not.toMatch(/try|again/i);
    expect(JSON.parse(lines[0])).toEqual({ message: 'adding to default groups failed', error: 'ResourceNotFoundException', groupsAtSignIn: false });
    expect(lines.join('\n')).not.toContain('jane@');
    expect(dynamo.puts).toHaveLength(0);
  });

  test('a failed profile write (other than an existing profile) fails cleanly, without the SDK message', async () => {
    const { handler, lines } = setup(CONFIG, { dynamo: 'ProvisionedThroughputExceededException' });
    await expect(handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'))).rejects.toThrow(new Error(SETUP_FAILED));
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ message: 'profile write failed', error: 'ProvisionedThroughputExceededException' });
    expect(lines.join('\n')).not.toContain('jane@');
  });

  test('with the groups also added at sign-in, a failed group write does not fail the confirmation', async () => {
    const { handler, lines, dynamo } = setup({ ...CONFIG, groupsAtSignIn: true }, { cognito: 'ResourceNotFoundException' });
    const event = postConfirmationEvent('PostConfirmation_ConfirmSignUp');
    expect(await handler(event)).toBe(event);
    expect(lines.join('\n')).toContain('"message":"adding to default groups failed","error":"ResourceNotFoundException","groupsAtSignIn":true');
    expect(dynamo.puts).toHaveLength(1);
  });

  test('malformed events fail cleanly', async () => {
    const { handler } = setup();
    await expect(handler({} as never)).rejects.toThrow(new MalformedEvent('post confirmation', 'no request'));
    await expect(handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp', { email: 'x@example.com' }))).rejects.toThrow(
      new MalformedEvent('post confirmation', 'no sub attribute'),
    );
    const noUser = { ...postConfirmationEvent('PostConfirmation_ConfirmSignUp'), userName: '' };
    await expect(handler(noUser)).rejects.toThrow(new MalformedEvent('post confirmation', 'no user name or pool id'));
  });

  test('config parsing', () => {
    expect(parsePostConfirmationConfig({ TRIGGER_CONFIG: JSON.stringify(CONFIG) })).toEqual(CONFIG);
    expect(parsePostConfirmationConfig({ TRIGGER_CONFIG: '{"defaultGroups":[],"groupsAtSignIn":true}' })).toEqual({ defaultGroups: [], groupsAtSignIn: true });
    expect(() => parsePostConfirmationConfig({ TRIGGER_CONFIG: '{"defaultGroups":[]}' })).toThrow('TRIGGER_CONFIG.groupsAtSignIn must be a boolean');
    expect(() => parsePostConfirmationConfig({ TRIGGER_CONFIG: '{"defaultGroups":[],"groupsAtSignIn":false,"profileTable":{"tableName":1}}' })).toThrow(
      'TRIGGER_CONFIG.profileTable must have a tableName and a partitionKey',
    );
  });

  test('a profile table without a way to write profiles, or groups without a way to add members, is a wiring error', () => {
    const log = recordingLogger().log;
    expect(() => createHandler({ config: CONFIG, addUserToGroup: new FakeCognito().addUserToGroup, log, now: () => new Date() })).toThrow(
      'a profile table is configured but no way to write profiles was given',
    );
    expect(() => createHandler({ config: CONFIG, putProfile: new FakeDynamo().putProfile, log, now: () => new Date() })).toThrow(HandlerConfigError);
  });

  test('uses the pool id from the event', async () => {
    const cognito = new FakeCognito();
    const handler = createHandler({ config: { defaultGroups: ['member'], groupsAtSignIn: false }, addUserToGroup: cognito.addUserToGroup, log: recordingLogger().log, now: () => new Date() });
    await handler({ ...postConfirmationEvent('PostConfirmation_ConfirmSignUp'), userPoolId: 'eu-west-1_Other' });
    expect(cognito.calls).toEqual([['eu-west-1_Other', SUB, 'member']]);
  });
});
