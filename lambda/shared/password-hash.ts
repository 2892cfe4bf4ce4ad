/**
 * Verifies a password against a stored password hash, for the user-migration trigger's sources that keep the hash
 * (issue 31): bcrypt, scrypt, PBKDF2-HMAC-SHA256 and argon2id, each in its PHC or modular-crypt string form.
 *
 * - bcrypt: `$2a$`, `$2b$` or `$2y$`, a two-digit cost, 22 characters of salt and 31 of hash (bcrypt's own base64).
 *   bcryptjs computes it; the first 72 bytes of the UTF-8 password count, as in every bcrypt.
 * - scrypt: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`, computed by node:crypto.
 * - PBKDF2-HMAC-SHA256: `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>`, computed by node:crypto; passlib's form, with
 *   the bare iteration count (`$pbkdf2-sha256$29000$...`), is read too.
 * - argon2id: `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`, computed by hash-wasm's WebAssembly build.
 *
 * Salts and hashes of the last three are base64 without padding (the PHC string format); as passlib writes them, `.`
 * may stand for `+` (its "adapted base64"), so its scrypt and PBKDF2 hashes verify as they are stored. The salt is
 * used as the bytes that base64 decodes to, the password as its UTF-8 bytes.
 *
 * A well-formed hash gives true or false, by a constant-time comparison. A string that is not one of these forms, an
 * algorithm not in the caller's allowed list, or parameters outside PASSWORD_HASH_BOUNDS throw
 * PasswordHashFormatError, whose message names the algorithm and the problem and never holds the password, the salt
 * or the hash.
 */
import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import * as bcryptjs from 'bcryptjs';
import type { argon2id as Argon2id } from 'hash-wasm';

/** The algorithms verifyPassword reads, by the ids the allowed list uses. */
export const PASSWORD_HASH_ALGORITHMS = ['bcrypt', 'scrypt', 'pbkdf2-sha256', 'argon2id'] as const;

/** One of PASSWORD_HASH_ALGORITHMS. */
export type PasswordHashAlgorithm = (typeof PASSWORD_HASH_ALGORITHMS)[number];

/**
 * A stored password hash that cannot be verified: malformed, of an unknown or unsupported algorithm, of an algorithm
 * not allowed, or with parameters out of bounds. A fault of the stored data or the configuration, not a wrong
 * password. The message never holds the password, the salt or the hash.
 */
export class PasswordHashFormatError extends Error {
  constructor(message: string) {
    super(`password hash: ${message}`);
    this.name = 'PasswordHashFormatError';
  }
}

/**
 * The parameters verifyPassword accepts. The upper bounds keep one verification inside Cognito's 5 s limit for a
 * trigger, on a function of 1 GB (about 0.6 of a vCPU): each largest case takes about 0.5 to 0.7 s on one core of a
 * current x86 machine, so about 2 s there, which leaves the rest of the 5 s to a cold start and the reads around it.
 * The memory bounds (256 MiB for scrypt and for argon2id) leave a 1 GB function room for both and for the runtime.
 *
 * There are no floors on the work factors: a migration must verify the hashes the old system has, however weak, and
 * the user's password is hashed anew by Cognito once verified. The floors that remain are the algorithms' own (bcrypt
 * cost 4, argon2id m >= 8 p) and at least 16 bytes of hash, so that a truncated or empty hash cannot match by chance.
 */
export const PASSWORD_HASH_BOUNDS = {
  /** bcrypt's cost: 4 (its minimum) to 13 (cost 12 takes 0.25 s, each step doubles). */
  bcryptCost: { min: 4, max: 13 },
  /** scrypt's N r p (its work; 128 N r bytes is its memory): at most 2^21, N = 2^18 with r = 8 (0.6 s, 256 MiB). */
  scryptWork: { max: 2 ** 21 },
  /** PBKDF2-HMAC-SHA256's iterations: 1 to 3,000,000 (0.5 s; OWASP's 600,000 take 0.1 s). */
  pbkdf2Iterations: { min: 1, max: 3_000_000 },
  /** argon2id's memory in KiB: at most 262144 (256 MiB). */
  argon2Memory: { max: 262_144 },
  /** argon2id's m t, in KiB passes: at most 2^19, 256 MiB twice or 64 MiB 8 times (0.7 s). */
  argon2Work: { max: 2 ** 19 },
  /** argon2id's lanes: 1 to 16 (hash-wasm computes them one after another). */
  argon2Lanes: { min: 1, max: 16 },
  /** The decoded salt of scrypt and PBKDF2, in bytes (argon2id's is at least 8, its own minimum). */
  saltBytes: { min: 1, max: 64 },
  /** The decoded hash of scrypt, PBKDF2 and argon2id, in bytes. */
  hashBytes: { min: 16, max: 128 },
} as const;

/** Longer than any hash of the four forms with parameters in bounds: refused before any pattern runs. */
const MAX_ENCODED_LENGTH = 512;

/** Ids of other schemes, named in the error so that the operator sees which one the table holds. */
const UNSUPPORTED_IDS: Record<string, string> = {
  '1': 'md5-crypt ($1$)',
  '2': 'bcrypt $2$',
  '2x': 'bcrypt $2x$',
  '5': 'sha256-crypt ($5$)',
  '6': 'sha512-crypt ($6$)',
  '7': 'scrypt crypt ($7$)',
  'y': 'yescrypt ($y$)',
  'argon2i': 'argon2i',
  'argon2d': 'argon2d',
  'pbkdf2': 'pbkdf2 (SHA-1)',
  'pbkdf2-sha1': 'pbkdf2-sha1',
  'pbkdf2-sha512': 'pbkdf2-sha512',
};

/**
 * True when the password matches the stored hash. Throws PasswordHashFormatError when the hash cannot be verified
 * (see the module's comment); `allowed` lists the algorithms a source may hold, and any other is refused before the
 * rest of the string is read.
 */
export async function verifyPassword(password: string, encoded: string, allowed: readonly string[]): Promise<boolean> {
  if (typeof encoded !== 'string') {
    throw new PasswordHashFormatError('not a string');
  }
  if (encoded.length > MAX_ENCODED_LENGTH) {
    throw new PasswordHashFormatError(`longer than ${MAX_ENCODED_LENGTH} characters`);
  }
  const algorithm = algorithmOf(encoded);
  if (!allowed.includes(algorithm)) {
    const list = allowed.length > 0 ? allowed.filter(isAlgorithm).join(', ') : '';
    throw new PasswordHashFormatError(`algorithm ${algorithm} is not allowed (allowed: ${list || 'none'})`);
  }
  switch (algorithm) {
    case 'bcrypt':
      return verifyBcrypt(password, encoded);
    case 'scrypt':
      return verifyScrypt(password, encoded);
    case 'pbkdf2-sha256':
      return verifyPbkdf2(password, encoded);
    case 'argon2id':
      return verifyArgon2id(password, encoded);
  }
}

function isAlgorithm(id: string): id is PasswordHashAlgorithm {
  return (PASSWORD_HASH_ALGORITHMS as readonly string[]).includes(id);
}

/** The algorithm a string names: its id, between the first and the second `$`. */
function algorithmOf(encoded: string): PasswordHashAlgorithm {
  if (!encoded.startsWith('$')) {
    throw new PasswordHashFormatError('not a PHC or modular-crypt string (it does not start with $)');
  }
  const id = encoded.slice(1).split('$', 1)[0];
  if (id === '2a' || id === '2b' || id === '2y') {
    return 'bcrypt';
  }
  if (isAlgorithm(id) && id !== 'bcrypt') {
    return id;
  }
  const unsupported = Object.prototype.hasOwnProperty.call(UNSUPPORTED_IDS, id) ? UNSUPPORTED_IDS[id] : undefined;
  if (unsupported) {
    throw new PasswordHashFormatError(`algorithm ${unsupported} is not supported (supported: ${supportedList()})`);
  }
  // The id itself is not named: a string without its parts could have its hash where the id should be.
  throw new PasswordHashFormatError(`unknown algorithm (supported: ${supportedList()})`);
}

function supportedList(): string {
  return 'bcrypt $2a$/$2b$/$2y$, scrypt, pbkdf2-sha256, argon2id';
}

// A decimal parameter: no sign, no leading zero, at most 9 digits (so it is exact and below 2^31).
const DECIMAL = '(0|[1-9][0-9]{0,8})';
const B64 = '([A-Za-z0-9+/.]+)';
const BCRYPT = /^\$2[aby]\$([0-9]{2})\$[./A-Za-z0-9]{53}$/;
const SCRYPT = new RegExp(`^\\$scrypt\\$ln=${DECIMAL},r=${DECIMAL},p=${DECIMAL}\\$${B64}\\$${B64}$`);
const PBKDF2 = new RegExp(`^\\$pbkdf2-sha256\\$(?:i=)?${DECIMAL}\\$${B64}\\$${B64}$`);
const ARGON2ID = new RegExp(`^\\$argon2id\\$v=${DECIMAL}\\$m=${DECIMAL},t=${DECIMAL},p=${DECIMAL}\\$${B64}\\$${B64}$`);

async function verifyBcrypt(password: string, encoded: string): Promise<boolean> {
  const match = BCRYPT.exec(encoded);
  if (!match) {
    throw new PasswordHashFormatError(
      'malformed bcrypt hash (expected $2a$, $2b$ or $2y$, a two-digit cost, 22 characters of salt and 31 of hash)');
  }
  const cost = Number(match[1]);
  inBounds('bcrypt', 'cost', cost, PASSWORD_HASH_BOUNDS.bcryptCost);
  // bcryptjs hashes with the stored variant, cost and salt; the 31 characters after them are the hash.
  const computed = await bcryptjs.hash(password, encoded.slice(0, 29));
  return equal(Buffer.from(computed.slice(29), 'latin1'), Buffer.from(encoded.slice(29), 'latin1'));
}

async function verifyScrypt(password: string, encoded: string): Promise<boolean> {
  const match = SCRYPT.exec(encoded);
  if (!match) {
    throw new PasswordHashFormatError('malformed scrypt hash (expected $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>)');
  }
  const [ln, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (ln < 1 || ln > 30 || r < 1 || p < 1) {
    throw new PasswordHashFormatError(`scrypt parameters ln=${ln},r=${r},p=${p} are invalid (ln 1 to 30, r and p at least 1)`);
  }
  const n = 2 ** ln;
  const work = n * r * p;
  if (work > PASSWORD_HASH_BOUNDS.scryptWork.max) {
    throw new PasswordHashFormatError(
      `scrypt N*r*p = ${work} is above ${PASSWORD_HASH_BOUNDS.scryptWork.max}, the most that verifies within the trigger's time limit`);
  }
  const salt = decode('scrypt', 'salt', match[4], PASSWORD_HASH_BOUNDS.saltBytes);
  const expected = decode('scrypt', 'hash', match[5], PASSWORD_HASH_BOUNDS.hashBytes);
  // node:crypto refuses more than maxmem (32 MiB by default); the work bound has already limited 128 N r.
  const maxmem = 128 * n * r + 128 * r * p + 2 ** 20;
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, expected.length, { N: n, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))));
  return equal(derived, expected);
}

async function verifyPbkdf2(password: string, encoded: string): Promise<boolean> {
  const match = PBKDF2.exec(encoded);
  if (!match) {
    throw new PasswordHashFormatError('malformed pbkdf2-sha256 hash (expected $pbkdf2-sha256$i=<iterations>$<salt>$<hash>)');
  }
  const iterations = Number(match[1]);
  inBounds('pbkdf2-sha256', 'iterations', iterations, PASSWORD_HASH_BOUNDS.pbkdf2Iterations);
  const salt = decode('pbkdf2-sha256', 'salt', match[2], PASSWORD_HASH_BOUNDS.saltBytes);
  const expected = decode('pbkdf2-sha256', 'hash', match[3], PASSWORD_HASH_BOUNDS.hashBytes);
  const derived = await new Promise<Buffer>((resolve, reject) =>
    pbkdf2(password, salt, iterations, expected.length, 'sha256', (err, key) => (err ? reject(err) : resolve(key))));
  return equal(derived, expected);
}

async function verifyArgon2id(password: string, encoded: string): Promise<boolean> {
  const match = ARGON2ID.exec(encoded);
  if (!match) {
    throw new PasswordHashFormatError('malformed argon2id hash (expected $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>)');
  }
  const [version, m, t, p] = [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
  if (version !== 19) {
    throw new PasswordHashFormatError(`argon2id version ${version} is not supported (only v=19, Argon2 1.3)`);
  }
  inBounds('argon2id', 'lanes (p)', p, PASSWORD_HASH_BOUNDS.argon2Lanes);
  if (t < 1 || m < 8 * p) {
    throw new PasswordHashFormatError(`argon2id parameters m=${m},t=${t},p=${p} are invalid (t at least 1, m at least 8 p)`);
  }
  inBounds('argon2id', 'memory (m, KiB)', m, { min: 8, max: PASSWORD_HASH_BOUNDS.argon2Memory.max });
  if (m * t > PASSWORD_HASH_BOUNDS.argon2Work.max) {
    throw new PasswordHashFormatError(
      `argon2id m*t = ${m * t} is above ${PASSWORD_HASH_BOUNDS.argon2Work.max}, the most that verifies within the trigger's time limit`);
  }
  const salt = decode('argon2id', 'salt', match[5], { min: 8, max: PASSWORD_HASH_BOUNDS.saltBytes.max });
  const expected = decode('argon2id', 'hash', match[6], PASSWORD_HASH_BOUNDS.hashBytes);
  const derived = await loadArgon2id()({
    password, salt, iterations: t, parallelism: p, memorySize: m, hashLength: expected.length, outputType: 'binary',
  });
  return equal(Buffer.from(derived), expected);
}

/**
 * hash-wasm's argon2id, from the package's build of that algorithm alone (about 30 KB minified): its entry point,
 * which esbuild resolves to the build of every algorithm, would add about 217 KB to the bundle. Loaded on first use,
 * so a function whose sources hold no argon2id hash never loads it.
 */
function loadArgon2id(): typeof Argon2id {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('hash-wasm/dist/argon2.umd.min.js') as { argon2id: typeof Argon2id }).argon2id;
}

function inBounds(algorithm: string, what: string, value: number, bounds: { min: number; max: number }): void {
  if (value < bounds.min || value > bounds.max) {
    throw new PasswordHashFormatError(`${algorithm} ${what} ${value} is outside ${bounds.min} to ${bounds.max}`);
  }
}

/** Base64 without padding, `.` standing for `+` where passlib wrote it; the decoded length within bounds. */
function decode(algorithm: string, what: string, text: string, bytes: { min: number; max: number }): Buffer {
  if (text.length % 4 === 1) {
    throw new PasswordHashFormatError(`${algorithm} ${what} is not base64 (its length is not that of any bytes)`);
  }
  const decoded = Buffer.from(text.replace(/\./g, '+'), 'base64');
  if (decoded.length < bytes.min || decoded.length > bytes.max) {
    throw new PasswordHashFormatError(
      `${algorithm} ${what} is ${decoded.length} bytes, outside ${bytes.min} to ${bytes.max}`);
  }
  return decoded;
}

/** Constant-time comparison of two equally long byte strings (a length difference is not secret and returns false). */
function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
