import type { HashMigrationConfig } from '../../lib/private/handler-config';
import { createHandler, DECOY_HASHES, parseHashMigrationConfig, type HashItem } from '../../lambda/migrate-from-hashes/handler';
import { verifyPassword } from '../../lambda/shared/password-hash';
import { HandlerConfigError } from '../../lambda/shared/errors';
import { MIGRATION_REFUSED, MIGRATION_UNAVAILABLE, type MigrationEvent } from '../../lambda/shared/migration';
import { recordingLogger } from './events';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64').replace(/=+$/, '');
const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

/** One published vector per algorithm (each family's full set is in password-hash.test.ts), with its password. */
const VECTORS: { [algorithm: string]: [password: string, hash: string] } = {
  // OpenWall's crypt_blowfish vectors
  'bcrypt': ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
  // RFC 7914, section 12, vector 2
  'scrypt': ['password', `$scrypt$ln=10,r=8,p=16$${b64('NaCl')}$${b64(hex(`fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640`))}`],
  // RFC 7914, section 11, vector 1
  'pbkdf2-sha256': ['passwd', `$pbkdf2-sha256$i=1$${b64('salt')}$${b64(hex('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783'))}`],
  // the argon2 reference implementation's src/test.c
  'argon2id': ['password', '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'],
};

const CONFIG: HashMigrationConfig = {
  tableName: 'legacy-users', partitionKey: 'username', hashAttribute: 'passwordHash', attributesAttribute: 'attributes',
  algorithms: ['bcrypt', 'scrypt', 'pbkdf2-sha256', 'argon2id'],
  attributeMap: { mail: 'email' }, poolAttributes: ['email', 'email_verified', 'name'], finalUserStatus: 'CONFIRMED',
  untrustedAttributes: [],
};

function event(triggerSource: string, userName: string, password: string | null): MigrationEvent {
  return { userPoolId: 'eu-west-1_NewPool2', userName, triggerSource, request: password === null ? {} : { password }, response: {} } as MigrationEvent;
}

/** A fake table behind the GetItem port (the e2e and a deploy read the real one): items by user name, reads recorded. */
function setup(items: { [user: string]: HashItem }, config = CONFIG) {
  const reads: string[] = [];
  const { log, lines } = recordingLogger();
  const handler = createHandler({
    config,
    log,
    getItem: async (table, key, value) => {
      reads.push(`${table}.${key}=${value}`);
      return items[value];
    },
  });
  return { handler, reads, lines };
}
const item = (hash: string | undefined, attributes: { [k: string]: unknown } = { mail: 'jane@example.com', email_verified: 'true' }): HashItem => ({
  strings: { username: 'jane', ...(hash !== undefined ? { passwordHash: hash } : {}) }, maps: { attributes },
});

describe('migration from a table of password hashes', () => {
  test.each(Object.entries(VECTORS))('%s: the published vector\'s password migrates the user, another is refused', async (algorithm, [password, hash]) => {
    const { handler, reads, lines } = setup({ jane: item(hash) });
    const out = await handler(event('UserMigration_Authentication', 'jane', password));
    expect(out.response).toEqual({
      userAttributes: { email: 'jane@example.com', email_verified: 'true' }, finalUserStatus: 'CONFIRMED', messageAction: 'SUPPRESS', forceAliasCreation: false,
    });
    expect(reads).toEqual(['legacy-users.username=jane']);
    await expect(handler(event('UserMigration_Authentication', 'jane', `${password}x`))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    expect(JSON.parse(lines[1])).toEqual({ message: 'refused', source: 'password-hash table', kind: 'Authentication', reason: 'wrong password' });
    expect(lines.join('\n')).not.toContain(hash.slice(-20));
    expect(lines.join('\n')).not.toContain(`"${password}"`);
    void algorithm;
  });

  test('an unknown user gets the same answer as a wrong password, after a verification as long (against the decoy)', async () => {
    const verified: string[] = [];
    const { log, lines } = recordingLogger();
    const handler = createHandler({
      config: { ...CONFIG, algorithms: ['argon2id', 'bcrypt'] }, log, getItem: async () => undefined,
      verify: async (password, hash, allowed) => {
        verified.push(hash);
        return verifyPassword(password, hash, allowed);
      },
    });
    await expect(handler(event('UserMigration_Authentication', 'nobody', 'x'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    expect(verified).toEqual([DECOY_HASHES.argon2id]);
    expect(lines).toEqual([JSON.stringify({ message: 'refused', source: 'password-hash table', kind: 'Authentication', reason: 'unknown user' })]);
  });

  test('once the instance verified a hash of the table, an unknown user is verified against it: the table\'s cost, not the decoy\'s', async () => {
    const verified: string[] = [];
    const [password, hash] = VECTORS.scrypt;
    const items: { [user: string]: HashItem } = { jane: item(hash), bad: item('$2a$05$short') };
    const { log } = recordingLogger();
    const handler = createHandler({
      config: CONFIG, log, getItem: async (_t, _k, value) => items[value],
      verify: async (p, h, allowed) => {
        verified.push(h);
        return verifyPassword(p, h, allowed);
      },
    });
    await expect(handler(event('UserMigration_Authentication', 'nobody', 'x'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    await expect(handler(event('UserMigration_Authentication', 'jane', 'wrong'))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    await expect(handler(event('UserMigration_Authentication', 'bad', 'x'))).rejects.toThrow(new Error(MIGRATION_UNAVAILABLE));
    // the guess is that very user's password: still refused, the user is unknown
    await expect(handler(event('UserMigration_Authentication', 'nobody', password))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    expect(verified).toEqual([DECOY_HASHES.bcrypt, hash, '$2a$05$short', hash]);
  });

  test('each decoy is a well-formed hash of its algorithm, within the verifier\'s bounds', async () => {
    expect(Object.keys(DECOY_HASHES).sort()).toEqual(['argon2id', 'bcrypt', 'pbkdf2-sha256', 'scrypt']);
    for (const [algorithm, hash] of Object.entries(DECOY_HASHES)) await expect(verifyPassword('x', hash, [algorithm])).resolves.toBe(false);
  });

  test('a user without a hash is refused; forgot password needs the item only', async () => {
    const { handler, lines } = setup({ jane: item(undefined) });
    await expect(handler(event('UserMigration_Authentication', 'jane', 'x'))).rejects.toThrow(MIGRATION_REFUSED);
    expect(JSON.parse(lines[0]).reason).toBe('no password hash');
    const out = await handler(event('UserMigration_ForgotPassword', 'jane', null));
    expect(out.response.userAttributes).toEqual({ email: 'jane@example.com', email_verified: 'true' });
    expect(out.response.finalUserStatus).toBeUndefined();
  });

  test('an algorithm not allowed fails with the try-again message and logs why, never the hash', async () => {
    const [password, hash] = VECTORS.bcrypt;
    const { handler, lines } = setup({ jane: item(hash) }, { ...CONFIG, algorithms: ['argon2id'] });
    await expect(handler(event('UserMigration_Authentication', 'jane', password))).rejects.toThrow(new Error(MIGRATION_UNAVAILABLE));
    expect(lines).toEqual([JSON.stringify({
      message: 'source unavailable', source: 'password-hash table', kind: 'Authentication', error: 'SourceAnswerError',
      reason: 'password hash: algorithm bcrypt is not allowed (allowed: argon2id)',
    })]);
  });

  test('a malformed hash and an attribute map with a non-string fail cleanly', async () => {
    const malformed = setup({ jane: item('$2a$05$short') });
    await expect(malformed.handler(event('UserMigration_Authentication', 'jane', 'x'))).rejects.toThrow(MIGRATION_UNAVAILABLE);
    expect(JSON.parse(malformed.lines[0]).error).toBe('SourceAnswerError');
    expect(malformed.lines[0]).not.toContain('$2a$05$short');
    const [password, hash] = VECTORS['pbkdf2-sha256'];
    const bad = setup({ jane: item(hash, { mail: { S: 'x' } }) });
    await expect(bad.handler(event('UserMigration_Authentication', 'jane', password))).rejects.toThrow(MIGRATION_UNAVAILABLE);
    expect(JSON.parse(bad.lines[0]).reason).toBe('attributes holds a value that is not a string');
  });

  test('the item is read by its own attributes only: a hash or a map on its prototype counts for nothing', async () => {
    const [password, hash] = VECTORS['pbkdf2-sha256'];
    const inherited: HashItem = { strings: Object.create({ passwordHash: hash }), maps: Object.create({ attributes: { mail: 'jane@example.com' } }) };
    const { handler, lines } = setup({ jane: inherited });
    await expect(handler(event('UserMigration_Authentication', 'jane', password))).rejects.toThrow(new Error(MIGRATION_REFUSED));
    expect(JSON.parse(lines[0]).reason).toBe('no password hash');
    const found = setup({ jane: { strings: { passwordHash: hash }, maps: Object.create({ attributes: { mail: 'jane@example.com' } }) } });
    expect((await found.handler(event('UserMigration_Authentication', 'jane', password))).response.userAttributes).toEqual({});
  });

  test('config: algorithms from the four, nothing else', () => {
    const env = (c: object) => ({ TRIGGER_CONFIG: JSON.stringify(c) });
    expect(parseHashMigrationConfig(env(CONFIG))).toEqual(CONFIG);
    expect(() => parseHashMigrationConfig(env({ ...CONFIG, algorithms: ['md5'] })))
      .toThrow(new HandlerConfigError('TRIGGER_CONFIG.algorithms must list some of bcrypt, scrypt, pbkdf2-sha256, argon2id'));
    expect(() => parseHashMigrationConfig(env({ ...CONFIG, algorithms: [] }))).toThrow(HandlerConfigError);
  });
});
