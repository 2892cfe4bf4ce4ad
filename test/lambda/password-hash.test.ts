import * as crypto from 'node:crypto';
import {
  PASSWORD_HASH_ALGORITHMS,
  PASSWORD_HASH_BOUNDS,
  PasswordHashFormatError,
  verifyPassword,
} from '../../lambda/shared/password-hash';

// node:crypto as it is, its timingSafeEqual wrapped to count the calls (a property of node:crypto cannot be spied on).
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const ALL = PASSWORD_HASH_ALGORITHMS;
const SUPPORTED = 'supported: bcrypt $2a$/$2b$/$2y$, scrypt, pbkdf2-sha256, argon2id';

/** Bytes as PHC base64: the standard alphabet, without padding. */
function b64(bytes: Buffer | string): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}
function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

describe('published test vectors', () => {
  // RFC 7914 (The scrypt Password-Based Key Derivation Function), section 12, test vectors 2 and 3 (vector 1 has an
  // empty salt, which the PHC form cannot carry; vector 4 is refused by the bounds, below).
  test.each([
    ['password', 'NaCl', 10, 8, 16,
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640'],
    ['pleaseletmein', 'SodiumChloride', 14, 8, 1,
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887'],
  ])('scrypt, RFC 7914 section 12: P=%j S=%j ln=%d r=%d p=%d', async (password, salt, ln, r, p, dk) => {
    const encoded = `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(hex(dk))}`;
    await expect(verifyPassword(password, encoded, ALL)).resolves.toBe(true);
    await expect(verifyPassword(`${password}!`, encoded, ALL)).resolves.toBe(false);
  });

  // RFC 7914, section 11: PBKDF2-HMAC-SHA256 test vectors.
  test.each([
    ['passwd', 'salt', 1,
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783'],
    ['Password', 'NaCl', 80000,
      '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d'],
  ])('pbkdf2-sha256, RFC 7914 section 11: P=%j S=%j c=%d', async (password, salt, iterations, dk) => {
    const encoded = `$pbkdf2-sha256$i=${iterations}$${b64(salt)}$${b64(hex(dk))}`;
    await expect(verifyPassword(password, encoded, ALL)).resolves.toBe(true);
    await expect(verifyPassword(password.toUpperCase(), encoded, ALL)).resolves.toBe(false);
  });

  // OpenWall's crypt_blowfish test vectors (its wrapper.c, also in OpenBSD's and passlib's suites), and jBCrypt's
  // test vectors at costs 6, 10 and 12.
  test.each([
    ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['U*U*', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK'],
    ['U*U*U', '$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a'],
    ['', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy'],
    ['0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored',
      '$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui'],
    ['abcdefghijklmnopqrstuvwxyz', '$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC'],
    ['abcdefghijklmnopqrstuvwxyz', '$2a$10$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq'],
    ['abcdefghijklmnopqrstuvwxyz', '$2a$12$D4G5f18o7aMMfwasBL7GpuQWuP3pkrZrOAnqP.bmezbMng.QwJ/pG'],
  ])('bcrypt: %j against %s', async (password, encoded) => {
    await expect(verifyPassword(password, encoded, ALL)).resolves.toBe(true);
    await expect(verifyPassword(`${password}x`, encoded, ALL)).resolves.toBe(password.length >= 72);
  });

  // $2b$ (OpenBSD since 2014) and $2y$ (crypt_blowfish's correct variant) compute as $2a$ does for every password of
  // ASCII characters shorter than 256 bytes (they differ in bytes with the high bit set and in lengths over 255), so
  // OpenWall's vectors hold under those prefixes too.
  test.each(['$2b$', '$2y$'])('bcrypt %s: OpenWall vectors under that prefix', async (prefix) => {
    await expect(verifyPassword('U*U', `${prefix}05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW`, ALL)).resolves.toBe(true);
    await expect(verifyPassword('U*U*U', `${prefix}05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a`, ALL)).resolves.toBe(true);
    await expect(verifyPassword('U*U*', `${prefix}05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW`, ALL)).resolves.toBe(false);
  });

  // The reference implementation's test vectors (the PHC's argon2 repository, src/test.c), as encoded strings. RFC
  // 9106's argon2id vector (section 5.3) uses a secret and associated data, which the encoded form cannot carry and
  // hash-wasm does not take (associated data): it is not checked here.
  test.each([
    ['password', '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'],
    ['password', '$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow'],
    ['password', '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'],
    ['password', '$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc'],
    ['password', '$argon2id$v=19$m=65536,t=1,p=1$c29tZXNhbHQ$9qWtwbpyPd3vm1rB1GThgPzZ3/ydHL92zKL+15XZypg'],
    ['password', '$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$kCXUjmjvc5XMqQedpMTsOv+zyJEf5PhtGiUghW9jFyw'],
    ['differentpassword', '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$C4TWUs9rDEvq7w3+J4umqA32aWKB1+DSiRuBfYxFj94'],
  ])('argon2id, reference implementation: %j against %s', async (password, encoded) => {
    await expect(verifyPassword(password, encoded, ALL)).resolves.toBe(true);
    await expect(verifyPassword(password === 'password' ? 'differentpassword' : 'password', encoded, ALL)).resolves.toBe(false);
  });

  // passlib's documentation examples: its scrypt and PBKDF2 hashes, in its adapted base64 (`.` for `+`), PBKDF2 with
  // the bare iteration count.
  test('passlib: the scrypt example of passlib.hash.scrypt', async () => {
    const encoded = '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E';
    await expect(verifyPassword('password', encoded, ALL)).resolves.toBe(true);
    await expect(verifyPassword('Password', encoded, ALL)).resolves.toBe(false);
  });

  test('passlib: the pbkdf2_sha256 example of its documentation, with `.` for `+` and no `i=`', async () => {
    const encoded = '$pbkdf2-sha256$29000$N2YMIWQsBWBMae09x1jrPQ$1t8iyB2A.WF/Z5JZv.lfCIhXXN33N23OSgQYThBYRfk';
    await expect(verifyPassword('toomanysecrets', encoded, ALL)).resolves.toBe(true);
    await expect(verifyPassword('joshua', encoded, ALL)).resolves.toBe(false);
    // The same hash in the PHC form: `+` and `i=`.
    await expect(verifyPassword('toomanysecrets', encoded.replace('29000', 'i=29000').replace(/\./g, '+'), ALL)).resolves.toBe(true);
  });
});

describe('verification', () => {
  test('a password of other characters is hashed as its UTF-8 bytes, by every algorithm', async () => {
    const password = 'pässwörd-密码-🔑';
    const salt = Buffer.from('0123456789abcdef');
    const pbkdf2 = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 1000, 32, 'sha256');
    const scrypt = crypto.scryptSync(Buffer.from(password, 'utf8'), salt, 32, { N: 1024, r: 8, p: 1 });
    await expect(verifyPassword(password, `$pbkdf2-sha256$i=1000$${b64(salt)}$${b64(pbkdf2)}`, ALL)).resolves.toBe(true);
    await expect(verifyPassword(password, `$scrypt$ln=10,r=8,p=1$${b64(salt)}$${b64(scrypt)}`, ALL)).resolves.toBe(true);
    await expect(verifyPassword(password.normalize('NFD'), `$scrypt$ln=10,r=8,p=1$${b64(salt)}$${b64(scrypt)}`, ALL)).resolves.toBe(false);
  });

  test('the comparison is node:crypto\'s constant-time one, for every algorithm', async () => {
    const spy = jest.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    await verifyPassword('U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW', ALL);
    await verifyPassword('passwd', `$pbkdf2-sha256$i=1$${b64('salt')}$${b64(crypto.pbkdf2Sync('passwd', 'salt', 1, 32, 'sha256'))}`, ALL);
    await verifyPassword('x', `$scrypt$ln=4,r=1,p=1$${b64('salt')}$${b64(crypto.scryptSync('x', 'salt', 32, { N: 16, r: 1, p: 1 }))}`, ALL);
    await verifyPassword('password', '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4', ALL);
    expect(spy).toHaveBeenCalledTimes(4);
  });

  test('parameters at their bounds are accepted: PBKDF2 at the most iterations, bcrypt at the least cost', async () => {
    const salt = Buffer.from('saltsaltsaltsalt');
    const max = PASSWORD_HASH_BOUNDS.pbkdf2Iterations.max;
    const dk = crypto.pbkdf2Sync('pw', salt, max, 32, 'sha256');
    await expect(verifyPassword('pw', `$pbkdf2-sha256$i=${max}$${b64(salt)}$${b64(dk)}`, ALL)).resolves.toBe(true);
    const bcrypt4 = '$2b$04$' + 'CCCCCCCCCCCCCCCCCCCCC.' + 'E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
    await expect(verifyPassword('U*U', bcrypt4, ALL)).resolves.toBe(false);
  });
});

const SALT = b64('0123456789abcdef');
const HASH = b64(Buffer.alloc(32, 0x5a));
const BCRYPT_BODY = 'CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';

/** [what, encoded, allowed, the exact message]. Every case's salt and hash are SALT and HASH (or BCRYPT_BODY). */
const REFUSED: [string, unknown, readonly string[], string][] = [
  ['not a string', 42, ALL, 'password hash: not a string'],
  ['too long', `$scrypt$ln=4,r=1,p=1$${SALT}$${HASH.repeat(20)}`, ALL, 'password hash: longer than 512 characters'],
  ['no leading $', `pbkdf2_sha256$260000$${SALT}$${HASH}`, ALL, 'password hash: not a PHC or modular-crypt string (it does not start with $)'],
  ['empty', '', ALL, 'password hash: not a PHC or modular-crypt string (it does not start with $)'],
  ['an unknown id', `$${HASH}$${SALT}`, ALL, `password hash: unknown algorithm (${SUPPORTED})`],
  ['md5-crypt', `$1$${SALT}$${HASH}`, ALL, `password hash: algorithm md5-crypt ($1$) is not supported (${SUPPORTED})`],
  ['bcrypt $2x$', `$2x$05$${BCRYPT_BODY}`, ALL, `password hash: algorithm bcrypt $2x$ is not supported (${SUPPORTED})`],
  ['argon2i', `$argon2i$v=19$m=256,t=2,p=1$${SALT}$${HASH}`, ALL, `password hash: algorithm argon2i is not supported (${SUPPORTED})`],
  ['pbkdf2-sha512', `$pbkdf2-sha512$i=1000$${SALT}$${HASH}`, ALL, `password hash: algorithm pbkdf2-sha512 is not supported (${SUPPORTED})`],
  ['a prototype key as id', `$constructor$${SALT}$${HASH}`, ALL, `password hash: unknown algorithm (${SUPPORTED})`],
  // Not allowed: refused before the rest is read, so a malformed string of that algorithm says so too.
  ['scrypt, bcrypt allowed', `$scrypt$ln=4,r=1,p=1$${SALT}$${HASH}`, ['bcrypt'], 'password hash: algorithm scrypt is not allowed (allowed: bcrypt)'],
  ['malformed argon2id, none allowed', `$argon2id$${SALT}`, [], 'password hash: algorithm argon2id is not allowed (allowed: none)'],
  ['bcrypt, two others allowed', `$2b$05$${BCRYPT_BODY}`, ['pbkdf2-sha256', 'argon2id'],
    'password hash: algorithm bcrypt is not allowed (allowed: pbkdf2-sha256, argon2id)'],
  // Malformed.
  ['bcrypt, short', `$2b$05$${BCRYPT_BODY.slice(1)}`, ALL,
    'password hash: malformed bcrypt hash (expected $2a$, $2b$ or $2y$, a two-digit cost, 22 characters of salt and 31 of hash)'],
  ['bcrypt, one-digit cost', `$2b$5$${BCRYPT_BODY}`, ALL,
    'password hash: malformed bcrypt hash (expected $2a$, $2b$ or $2y$, a two-digit cost, 22 characters of salt and 31 of hash)'],
  ['scrypt, N instead of ln', `$scrypt$N=16384,r=8,p=1$${SALT}$${HASH}`, ALL,
    'password hash: malformed scrypt hash (expected $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>)'],
  ['scrypt, padded base64', `$scrypt$ln=4,r=1,p=1$${SALT}==$${HASH}`, ALL,
    'password hash: malformed scrypt hash (expected $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>)'],
  ['scrypt, no salt', `$scrypt$ln=4,r=1,p=1$$${HASH}`, ALL,
    'password hash: malformed scrypt hash (expected $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>)'],
  ['pbkdf2, a leading zero', `$pbkdf2-sha256$i=01000$${SALT}$${HASH}`, ALL,
    'password hash: malformed pbkdf2-sha256 hash (expected $pbkdf2-sha256$i=<iterations>$<salt>$<hash>)'],
  ['pbkdf2, a character outside base64', `$pbkdf2-sha256$i=1000$${SALT}$${HASH.slice(1)}-`, ALL,
    'password hash: malformed pbkdf2-sha256 hash (expected $pbkdf2-sha256$i=<iterations>$<salt>$<hash>)'],
  ['argon2id, no version', `$argon2id$m=256,t=2,p=1$${SALT}$${HASH}`, ALL,
    'password hash: malformed argon2id hash (expected $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>)'],
  ['argon2id, parameters reordered', `$argon2id$v=19$t=2,m=256,p=1$${SALT}$${HASH}`, ALL,
    'password hash: malformed argon2id hash (expected $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>)'],
  ['argon2id, a keyid', `$argon2id$v=19$m=256,t=2,p=1,keyid=AAAA$${SALT}$${HASH}`, ALL,
    'password hash: malformed argon2id hash (expected $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>)'],
  ['base64 of no length of bytes', `$scrypt$ln=4,r=1,p=1$${SALT}$${HASH}AA`, ALL, 'password hash: scrypt hash is not base64 (its length is not that of any bytes)'],
  // Out of bounds.
  ['bcrypt cost 14', `$2b$14$${BCRYPT_BODY}`, ALL, 'password hash: bcrypt cost 14 is outside 4 to 13'],
  ['bcrypt cost 3', `$2a$03$${BCRYPT_BODY}`, ALL, 'password hash: bcrypt cost 3 is outside 4 to 13'],
  // RFC 7914's 4th scrypt vector: N = 2^20, r = 8, 1 GiB.
  ['scrypt, RFC 7914 vector 4', `$scrypt$ln=20,r=8,p=1$${b64('SodiumChloride')}$${HASH}`, ALL,
    'password hash: scrypt N*r*p = 8388608 is above 2097152, the most that verifies within the trigger\'s time limit'],
  ['scrypt, N = 2^17 with p = 16', `$scrypt$ln=17,r=8,p=16$${SALT}$${HASH}`, ALL,
    'password hash: scrypt N*r*p = 16777216 is above 2097152, the most that verifies within the trigger\'s time limit'],
  ['scrypt, ln 0', `$scrypt$ln=0,r=8,p=1$${SALT}$${HASH}`, ALL, 'password hash: scrypt parameters ln=0,r=8,p=1 are invalid (ln 1 to 30, r and p at least 1)'],
  ['scrypt, r 0', `$scrypt$ln=4,r=0,p=1$${SALT}$${HASH}`, ALL, 'password hash: scrypt parameters ln=4,r=0,p=1 are invalid (ln 1 to 30, r and p at least 1)'],
  ['pbkdf2, 0 iterations', `$pbkdf2-sha256$i=0$${SALT}$${HASH}`, ALL, 'password hash: pbkdf2-sha256 iterations 0 is outside 1 to 3000000'],
  ['pbkdf2, 3000001 iterations', `$pbkdf2-sha256$i=3000001$${SALT}$${HASH}`, ALL, 'password hash: pbkdf2-sha256 iterations 3000001 is outside 1 to 3000000'],
  ['pbkdf2, a 15-byte hash', `$pbkdf2-sha256$i=1000$${SALT}$${b64(Buffer.alloc(15, 1))}`, ALL,
    'password hash: pbkdf2-sha256 hash is 15 bytes, outside 16 to 128'],
  ['argon2id v=16', `$argon2id$v=16$m=256,t=2,p=1$${SALT}$${HASH}`, ALL, 'password hash: argon2id version 16 is not supported (only v=19, Argon2 1.3)'],
  ['argon2id, 17 lanes', `$argon2id$v=19$m=4096,t=2,p=17$${SALT}$${HASH}`, ALL, 'password hash: argon2id lanes (p) 17 is outside 1 to 16'],
  ['argon2id, m below 8 p', `$argon2id$v=19$m=31,t=2,p=4$${SALT}$${HASH}`, ALL,
    'password hash: argon2id parameters m=31,t=2,p=4 are invalid (t at least 1, m at least 8 p)'],
  ['argon2id, t 0', `$argon2id$v=19$m=256,t=0,p=1$${SALT}$${HASH}`, ALL,
    'password hash: argon2id parameters m=256,t=0,p=1 are invalid (t at least 1, m at least 8 p)'],
  ['argon2id, 512 MiB', `$argon2id$v=19$m=524288,t=1,p=1$${SALT}$${HASH}`, ALL, 'password hash: argon2id memory (m, KiB) 524288 is outside 8 to 262144'],
  ['argon2id, 256 MiB 3 times', `$argon2id$v=19$m=262144,t=3,p=1$${SALT}$${HASH}`, ALL,
    'password hash: argon2id m*t = 786432 is above 524288, the most that verifies within the trigger\'s time limit'],
  ['argon2id, a 4-byte salt', `$argon2id$v=19$m=256,t=2,p=1$${b64('salt')}$${HASH}`, ALL, 'password hash: argon2id salt is 4 bytes, outside 8 to 64'],
];

describe('refused hashes', () => {
  test.each(REFUSED)('%s: PasswordHashFormatError with its exact message', async (_what, encoded, allowed, message) => {
    const error = await verifyPassword('correct horse', encoded as string, allowed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PasswordHashFormatError);
    expect(error).toMatchObject({ name: 'PasswordHashFormatError', message });
  });

  test('no message holds the password, the salt or the hash', async () => {
    const secrets = ['correct horse', SALT, HASH, BCRYPT_BODY.slice(0, 22), BCRYPT_BODY.slice(22), b64('SodiumChloride'), 'c2FsdA'];
    const messages = await Promise.all(REFUSED.map(([, encoded, allowed]) =>
      verifyPassword('correct horse', encoded as string, allowed).then(() => 'verified', (e: Error) => e.message)));
    expect(messages).not.toContain('verified');
    for (const message of messages) {
      for (const secret of secrets) {
        expect(message).not.toContain(secret);
      }
    }
  });
});
