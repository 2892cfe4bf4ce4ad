import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { PostConfirmationConfig } from '../../lib/private/handler-config';
import { createHandler, MalformedEvent, parsePostConfirmationConfig, SETUP_FAILED } from '../../lambda/post-confirmation/handler';
import { capturingLogger, POOL_ID, postConfirmationEvent } from './events';

/** Fake Cognito: group membership as a set, so adding twice is a no-op as in Cognito. */
class FakeCognito {
  public readonly members = new Set<string>();
  public calls = 0;
  constructor(private readonly failWith?: string) {}
  async send(command: AdminAddUserToGroupCommand): Promise<unknown> {
    this.calls++;
    if (this.failWith) throw Object.assign(new Error('jane@example.com'), { name: this.failWith });
    this.members.add(`${command.input.GroupName}:${command.input.Username}`);
    return {};
  }
}

/** Fake DynamoDB: one map of items that honours attribute_not_exists on the key, like DynamoDB. */
class FakeDynamo {
  public readonly items = new Map<string, Record<string, { S?: string }>>();
  public puts: PutItemCommand[] = [];
  async send(command: PutItemCommand): Promise<unknown> {
    this.puts.push(command);
    const keyName = command.input.ExpressionAttributeNames!['#pk'];
    const key = command.input.Item![keyName].S!;
    if (command.input.ConditionExpression === 'attribute_not_exists(#pk)' && this.items.has(key)) {
      throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    }
    this.items.set(key, command.input.Item as Record<string, { S?: string }>);
    return {};
  }
}

const CONFIG: PostConfirmationConfig = { defaultGroups: ['member', 'newsletter'], groupsAtSignIn: false, profileTable: { tableName: 'Profiles', partitionKey: 'userId' } };

function setup(config: PostConfirmationConfig = CONFIG, failWith?: string) {
  const cognito = new FakeCognito(failWith);
  const dynamo = new FakeDynamo();
  const { log, lines } = capturingLogger();
  let clock = Date.parse('2026-11-22T10:00:00Z');
  const handler = createHandler({ config, cognito, dynamo, log, now: () => new Date((clock += 1000)) });
  return { handler, cognito, dynamo, lines };
}

describe('post confirmation', () => {
  test('on ConfirmSignUp: joins the default groups and writes one profile', async () => {
    const { handler, cognito, dynamo, lines } = setup();
    const event = postConfirmationEvent('PostConfirmation_ConfirmSignUp');
    expect(await handler(event)).toBe(event);
    expect([...cognito.members].sort()).toEqual(['member:a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', 'newsletter:a1b2c3d4-5678-90ab-cdef-EXAMPLE11111']);
    expect(dynamo.puts[0].input).toEqual({
      TableName: 'Profiles',
      Item: {
        userId: { S: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' },
        username: { S: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' },
        createdAt: { S: '2026-11-22T10:00:01.000Z' },
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': 'userId' },
    });
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

  test('on ConfirmForgotPassword: nothing happens', async () => {
    const { handler, cognito, dynamo } = setup();
    await handler(postConfirmationEvent('PostConfirmation_ConfirmForgotPassword'));
    expect(cognito.calls).toBe(0);
    expect(dynamo.puts).toHaveLength(0);
  });

  test('without a table or groups: no calls', async () => {
    const { handler, cognito, dynamo } = setup({ defaultGroups: [], groupsAtSignIn: false });
    await handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'));
    expect(cognito.calls).toBe(0);
    expect(dynamo.puts).toHaveLength(0);
  });

  test('an SDK failure fails cleanly, without the SDK message, and promises no retry that would not come', async () => {
    const { handler, lines } = setup(CONFIG, 'ResourceNotFoundException');
    await expect(handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'))).rejects.toThrow(
      'Your account was confirmed, but its setup could not finish: please contact support.',
    );
    expect(SETUP_FAILED).not.toMatch(/try|again/i);
    expect(lines.join('\n')).toContain('ResourceNotFoundException');
    expect(lines.join('\n')).not.toContain('jane@');
  });

  test('with the groups also added at sign-in, a failed group write does not fail the confirmation', async () => {
    const { handler, lines, dynamo } = setup({ ...CONFIG, groupsAtSignIn: true }, 'ResourceNotFoundException');
    const event = postConfirmationEvent('PostConfirmation_ConfirmSignUp');
    expect(await handler(event)).toBe(event);
    expect(lines.join('\n')).toContain('"message":"adding to default groups failed","error":"ResourceNotFoundException","groupsAtSignIn":true');
    expect(dynamo.puts).toHaveLength(1);
  });

  test('malformed events fail cleanly', async () => {
    const { handler } = setup();
    await expect(handler({} as never)).rejects.toThrow(new MalformedEvent('no request'));
    await expect(handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp', { email: 'x@example.com' }))).rejects.toThrow(
      new MalformedEvent('no sub attribute'),
    );
    const noUser = { ...postConfirmationEvent('PostConfirmation_ConfirmSignUp'), userName: '' };
    await expect(handler(noUser)).rejects.toThrow(new MalformedEvent('no user name or pool id'));
  });

  test('config parsing', () => {
    expect(parsePostConfirmationConfig({ TRIGGER_CONFIG: JSON.stringify(CONFIG) })).toEqual(CONFIG);
    expect(parsePostConfirmationConfig({ TRIGGER_CONFIG: '{"defaultGroups":[],"groupsAtSignIn":true}' })).toEqual({ defaultGroups: [], groupsAtSignIn: true });
    expect(() => parsePostConfirmationConfig({ TRIGGER_CONFIG: '{"defaultGroups":[]}' })).toThrow('TRIGGER_CONFIG.groupsAtSignIn must be a boolean');
    expect(() => parsePostConfirmationConfig({ TRIGGER_CONFIG: '{"defaultGroups":[],"groupsAtSignIn":false,"profileTable":{"tableName":1}}' })).toThrow(
      'TRIGGER_CONFIG.profileTable must have a tableName and a partitionKey',
    );
  });

  test('a profile table without a DynamoDB client is a wiring error', () => {
    expect(() => createHandler({ config: CONFIG, cognito: new FakeCognito(), log: capturingLogger().log, now: () => new Date() })).toThrow(
      'a profile table is configured but no DynamoDB client was given',
    );
  });

  test('uses the pool id from the event', async () => {
    const cognito = { inputs: [] as unknown[], async send(c: AdminAddUserToGroupCommand) { this.inputs.push(c.input); return {}; } };
    const handler = createHandler({ config: { defaultGroups: ['member'], groupsAtSignIn: false }, cognito, log: capturingLogger().log, now: () => new Date() });
    await handler(postConfirmationEvent('PostConfirmation_ConfirmSignUp'));
    expect(cognito.inputs).toEqual([{ UserPoolId: POOL_ID, Username: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', GroupName: 'member' }]);
  });
});
