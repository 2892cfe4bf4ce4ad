import * as http from 'http';
import type { AddressInfo } from 'net';
import type { HttpMigrationConfig } from '../../lib/private/handler-config';
import { createHandler, parseHttpMigrationConfig, readAnswer } from '../../lambda/migrate-from-http/handler';
import { MAX_ANSWER_BYTES, postJson } from '../../lambda/migrate-from-http/post';
import { HandlerConfigError } from '../../lambda/shared/errors';
import { MIGRATION_REFUSED, MIGRATION_UNAVAILABLE, Refusal, SourceAnswerError, type MigrationEvent } from '../../lambda/shared/migration';
import { recordingLogger } from './events';

const PASSWORD = 'Correct-Horse-9';
const SECRET = 's3cr3t-token-value';
const CONFIG: HttpMigrationConfig = {
  url: 'https://legacy.example.com/migrate',
  secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy-AbCdEf',
  timeoutMs: 3000,
  attributeMap: { mail: 'email' },
  poolAttributes: ['email', 'email_verified', 'given_name'],
  finalUserStatus: 'CONFIRMED',
  untrustedAttributes: [],
};

function event(triggerSource: string, password: string | null = PASSWORD): MigrationEvent {
  return {
    userPoolId: 'eu-west-1_NewPool2', userName: 'jane', triggerSource,
    request: password === null ? {} : { password }, response: {},
  } as MigrationEvent;
}

/** A fake endpoint and Secrets Manager (the real ones are a deploy away): records what it was sent, answers as told. */
function setup(answers: { status: number; body: string }[], secrets: string[] = [SECRET]) {
  const sent: { url: string; body: object; token: string; timeoutMs: number }[] = [];
  const secretReads: string[] = [];
  const { log, lines } = recordingLogger();
  const handler = createHandler({
    config: CONFIG,
    log,
    getSecret: async (arn) => {
      secretReads.push(arn);
      return secrets[Math.min(secretReads.length - 1, secrets.length - 1)];
    },
    post: async (url, body, token, timeoutMs) => {
      sent.push({ url, body, token, timeoutMs });
      const answer = answers.shift();
      if (!answer) throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
      return answer;
    },
  });
  return { handler, sent, secretReads, lines };
}

const ok = (body: object) => ({ status: 200, body: JSON.stringify(body) });

describe('migration from an HTTPS endpoint', () => {
  test('sign-in: posts the documented request with the secret, maps the attributes, reads the secret once', async () => {
    const { handler, sent, secretReads, lines } = setup([
      ok({ status: 'ok', attributes: { mail: 'jane@example.com', email_verified: 'true', given_name: 'Jane', shoe: '42' } }),
      ok({ status: 'ok', attributes: { mail: 'jane@example.com', email_verified: 'true' } }),
    ]);
    const out = await handler(event('UserMigration_Authentication'));
    expect(out.response).toEqual({
      userAttributes: { email: 'jane@example.com', email_verified: 'true', given_name: 'Jane' },
      finalUserStatus: 'CONFIRMED', messageAction: 'SUPPRESS', forceAliasCreation: false,
    });
    expect(sent[0]).toEqual({ url: CONFIG.url, body: { action: 'authenticate', username: 'jane', password: PASSWORD }, token: SECRET, timeoutMs: 3000 });
    await handler(event('UserMigration_ForgotPassword', null));
    expect(sent[1].body).toEqual({ action: 'lookup', username: 'jane' });
    expect(secretReads).toEqual([CONFIG.secretArn]);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(JSON.parse(lines[0])).toEqual({ message: 'migrated', source: 'HTTPS endpoint', kind: 'Authentication',
      attributes: ['email', 'email_verified', 'given_name'], leftOut: ['shoe'] });
  });

  test('refused: the same answer as a wrong password', async () => {
    const { handler, lines } = setup([ok({ status: 'refused' })]);
    await expect(handler(event('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    expect(lines).toEqual([JSON.stringify({ message: 'refused', source: 'HTTPS endpoint', kind: 'Authentication', reason: 'refused by the endpoint' })]);
  });

  test('resetRequired makes the user choose a new password, and needs a verified address or number to send the code to', async () => {
    const { handler, lines } = setup([
      ok({ status: 'ok', attributes: { mail: 'jane@example.com', email_verified: 'true' }, resetRequired: true }),
      ok({ status: 'ok', attributes: { mail: 'jane@example.com' }, resetRequired: true }),
    ]);
    expect((await handler(event('UserMigration_Authentication'))).response.finalUserStatus).toBe('RESET_REQUIRED');
    await expect(handler(event('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    expect(JSON.parse(lines[1])).toEqual({ message: 'refused', source: 'HTTPS endpoint', kind: 'Authentication', reason: 'no verified email address or phone number' });
  });

  test('a 401 reads the secret again once (rotation), then gives up', async () => {
    const { handler, sent, secretReads } = setup([{ status: 401, body: '' }, ok({ status: 'refused' })], ['old', 'new']);
    await expect(handler(event('UserMigration_Authentication'))).rejects.toThrow(MIGRATION_REFUSED);
    expect(sent.map((s) => s.token)).toEqual(['old', 'new']);
    expect(secretReads).toHaveLength(2);
    const twice = setup([{ status: 401, body: '' }, { status: 401, body: '' }]);
    await expect(twice.handler(event('UserMigration_Authentication'))).rejects.toThrow(MIGRATION_UNAVAILABLE);
    expect(JSON.parse(twice.lines[0])).toEqual({ message: 'source unavailable', source: 'HTTPS endpoint', kind: 'Authentication',
      error: 'SourceAnswerError', reason: 'HTTP status 401' });
  });

  test('a timeout fails the sign-in with the try-again message', async () => {
    const { handler, lines } = setup([]);
    await expect(handler(event('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_UNAVAILABLE));
    expect(lines).toEqual([JSON.stringify({ message: 'source unavailable', source: 'HTTPS endpoint', kind: 'Authentication', error: 'TimeoutError' })]);
  });

  test('one deadline for the whole event: the call after a 401 gets what is left, and none once it has passed', async () => {
    let clock = 0;
    const sent: number[] = [];
    const run = (spent: number[]) => createHandler({
      config: CONFIG, log: recordingLogger().log, now: () => clock,
      getSecret: async () => SECRET,
      post: async (_u, _b, _t, timeoutMs) => {
        sent.push(timeoutMs);
        clock += spent.shift() ?? 0;
        return { status: 401, body: '' };
      },
    });
    await expect(run([1200, 500])(event('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_UNAVAILABLE));
    expect(sent).toEqual([3000, 1800]);
    sent.length = 0;
    const { log, lines } = recordingLogger();
    const late = createHandler({ config: CONFIG, log, now: () => clock, getSecret: async () => SECRET,
      post: async (_u, _b, _t, timeoutMs) => {
        sent.push(timeoutMs);
        clock += 3000;
        return { status: 401, body: '' };
      } });
    await expect(late(event('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_UNAVAILABLE));
    expect(sent).toEqual([3000]);
    expect(JSON.parse(lines[0])).toEqual({ message: 'source unavailable', source: 'HTTPS endpoint', kind: 'Authentication', error: 'TimeoutError' });
  });

  test('a secret read that hangs fails at the deadline, and the next event reads it again', async () => {
    const { log, lines } = recordingLogger();
    let reads = 0;
    const handler = createHandler({
      config: { ...CONFIG, timeoutMs: 100 }, log,
      getSecret: () => (++reads === 1 ? new Promise<string>(() => undefined) : Promise.resolve(SECRET)),
      post: async () => ok({ status: 'refused' }),
    });
    const started = Date.now();
    await expect(handler(event('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_UNAVAILABLE));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(JSON.parse(lines[0])).toEqual({ message: 'source unavailable', source: 'HTTPS endpoint', kind: 'Authentication', error: 'TimeoutError' });
    await expect(handler(event('UserMigration_Authentication'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    expect(reads).toBe(2);
  });

  test.each([
    [{ status: 500, body: 'oops' }, 'HTTP status 500'],
    [{ status: 200, body: 'jane@example.com' }, 'not JSON'],
    [{ status: 200, body: '[]' }, 'not a JSON object'],
    [ok({ status: 'maybe' }), 'unknown status'],
    [ok({ attributes: {} }), 'no status'],
    [ok({ status: 'ok' }), 'no attributes object'],
    [ok({ status: 'ok', attributes: { age: 42 } }), 'an attribute value that is not a string'],
    [ok({ status: 'ok', attributes: {}, resetRequired: 'yes' }), 'resetRequired is not a boolean'],
  ])('an answer outside the schema is refused: %j is "%s"', (answer, reason) => {
    expect(() => readAnswer(answer.status, answer.body)).toThrow(new SourceAnswerError(reason));
  });

  test('the answer schema accepts what it documents', () => {
    expect(readAnswer(200, '{"status":"refused"}')).toEqual(new Refusal('refused by the endpoint'));
    expect(readAnswer(200, '{"status":"ok","attributes":{"email":"a@b.c"}}')).toEqual({ attributes: { email: 'a@b.c' }, resetRequired: false });
  });

  test('config: https only, timeout bounded', () => {
    const env = (c: object) => ({ TRIGGER_CONFIG: JSON.stringify(c) });
    expect(parseHttpMigrationConfig(env(CONFIG))).toEqual(CONFIG);
    expect(() => parseHttpMigrationConfig(env({ ...CONFIG, url: 'http://legacy.example.com' })))
      .toThrow(new HandlerConfigError('TRIGGER_CONFIG.url must be an https:// URL'));
    expect(() => parseHttpMigrationConfig(env({ ...CONFIG, timeoutMs: 4001 })))
      .toThrow(new HandlerConfigError('TRIGGER_CONFIG.timeoutMs must be above 0 and at most 4000'));
  });
});

describe('the call itself (Node.js fetch against a local server)', () => {
  let server: http.Server;
  let url: string;
  const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (req.url === '/slow') setTimeout(() => res.end('{"status":"refused"}'), 2000);
        else if (req.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
        else if (req.url === '/big') res.writeHead(200, { 'content-type': 'application/json' }).end(`{"status":"refused","pad":"${'x'.repeat(MAX_ANSWER_BYTES)}"}`);
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"refused"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('POSTs the JSON with the bearer token and answers the status and the text', async () => {
    expect(await postJson(`${url}/migrate`, { action: 'lookup', username: 'jane' }, SECRET, 1000)).toEqual({ status: 200, body: '{"status":"refused"}' });
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"action":"lookup","username":"jane"}' });
    expect(seen[0].headers).toMatchObject({ 'authorization': `Bearer ${SECRET}`, 'content-type': 'application/json' });
  });

  test('gives up at the timeout, with a TimeoutError', async () => {
    const started = Date.now();
    await expect(postJson(`${url}/slow`, {}, SECRET, 200)).rejects.toThrow(expect.objectContaining({ name: 'TimeoutError' }));
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('follows no redirect', async () => {
    await expect(postJson(`${url}/moved`, {}, SECRET, 1000)).rejects.toThrow(expect.objectContaining({ name: 'TypeError', message: 'fetch failed' }));
    expect(seen.filter((s) => s.body === '{}')).toHaveLength(2);
  });

  test('reads at most MAX_ANSWER_BYTES of an answer', async () => {
    expect(MAX_ANSWER_BYTES).toBe(65536);
    await expect(postJson(`${url}/big`, {}, SECRET, 1000)).rejects.toThrow(new SourceAnswerError('an answer longer than 65536 bytes'));
  });
});
