/*
 * The user import file checked against the pool, before Cognito sees it: pure functions, no AWS SDK. The rules are the
 * Amazon Cognito Developer Guide's, "Creating the user import CSV file"
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool-csv-header.html),
 * and "User pool attributes" for the formats
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html). A problem names
 * the line and the column, never the value: the file holds addresses, phone numbers and names.
 */
import { parseCognitoCsv, type CsvLine } from './csv';
import { type AttributeSchema, MFA_COLUMN, type PoolSchema, USERNAME_COLUMN } from './pool-schema';

/** One thing wrong: where (the file, the header, the pool, a line, a column of a line) and what, without the value. */
export interface Problem {
  readonly line?: number;
  readonly column?: string;
  readonly where?: 'the file' | 'the header' | 'the user pool';
  readonly message: string;
}

/** "column email, line 12: not an email address", "line 12: ...", "the header: ..." */
export function formatProblem(p: Problem): string {
  if (p.line === undefined) return `${p.where ?? 'the file'}: ${p.message}`;
  return `${p.column !== undefined ? `column ${p.column}, ` : ''}line ${p.line}: ${p.message}`;
}

/** Cognito's limits on one import file (the guide's "Formatting the CSV file"). */
export const LIMITS = {
  /** "The maximum .csv file size is 100 MB." */
  fileBytes: 100 * 1024 * 1024,
  /** "The maximum number of rows (users) in the file is 500,000", the header not counted. */
  users: 500_000,
  /** "The maximum row length is 16,000 characters." */
  lineCharacters: 16_000,
};

export interface ValidationResult {
  /** The users (rows after the header). */
  readonly users: number;
  readonly problems: Problem[];
}

/**
 * Checks a user import file (its bytes) against the pool's schema and the header Cognito expects (GetCSVHeader's
 * answer, or one derived from the schema offline).
 */
export function validateUserImport(file: Buffer, pool: PoolSchema, expectedHeader: string[]): ValidationResult {
  const problems: Problem[] = [];
  const fileProblem = (message: string) => problems.push({ where: 'the file', message });
  // over a limit of the job's, Cognito takes none of it: say so, and check no further
  if (file.length > LIMITS.fileBytes) {
    fileProblem(`${n(file.length)} bytes, over Cognito's 100 MB for one import job`);
    return { users: 0, problems };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(file);
  } catch {
    fileProblem('not UTF-8 text (save it as UTF-8 without a byte order mark)');
    return { users: 0, problems };
  }
  const csv = parseCognitoCsv(text);
  if (csv.byteOrderMark) fileProblem('starts with a byte order mark, which Cognito does not take (save it as UTF-8 without one)');
  if (pool.autoVerifiedAttributes.length === 0) {
    const message = 'verifies no attribute (AutoVerifiedAttributes is empty), so Cognito does not start an import job';
    problems.push({ where: 'the user pool', message });
  }
  if (csv.header === undefined) {
    fileProblem('empty: its first line must be the header (GetCSVHeader)');
    return { users: 0, problems };
  }
  if (csv.rows.length === 0) fileProblem('no user after the header');
  if (csv.rows.length > LIMITS.users) {
    fileProblem(`${n(csv.rows.length)} users, over Cognito's ${n(LIMITS.users)} for one import job: split the file`);
    return { users: csv.rows.length, problems };
  }
  csv.blankLines.forEach((line) => problems.push({ line, message: 'blank (every line after the header is a user)' }));
  const headerProblems = checkHeader(csv.header.values.map((v) => v.trim()), expectedHeader);
  problems.push(...headerProblems.map((message): Problem => ({ where: 'the header', message })));
  if (headerProblems.length > 0) return { users: csv.rows.length, problems };

  const columns = csv.header.values.map((v) => v.trim());
  const attributes = new Map(pool.attributes.map((a) => [a.name, a]));
  const usernames = new Map<string, number>();
  for (const row of csv.rows) {
    if (row.length > LIMITS.lineCharacters) {
      problems.push({ line: row.line, message: `${n(row.length)} characters, over Cognito's ${n(LIMITS.lineCharacters)} for one line` });
    }
    if (row.values.length !== columns.length) {
      problems.push({
        line: row.line,
        message:
          `${row.values.length} values, where the header has ${columns.length} columns ` +
          '(a comma inside a value needs a backslash before it: \\,)',
      });
      continue;
    }
    const user = new Map(columns.map((c, i) => [c, row.values[i].trim()]));
    problems.push(...checkRow(row, user, pool, attributes, usernames));
  }
  return { users: csv.rows.length, problems };
}

/** The header against the expected one: the same columns, each once, in any order. */
export function checkHeader(columns: string[], expected: string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) problems.push(`column ${c} is there twice`);
    seen.add(c);
    if (!expected.includes(c)) problems.push(`column ${c} is not in the pool's header (GetCSVHeader)`);
  }
  const missing = expected.filter((c) => !seen.has(c));
  problems.push(...missing.map((c) => `column ${c} is missing (every column of the pool's header must be there; its values may be empty)`));
  return problems;
}

/** One user's problems: each rule in turn. */
function checkRow(
  row: CsvLine,
  user: Map<string, string>,
  pool: PoolSchema,
  attributes: Map<string, AttributeSchema>,
  usernames: Map<string, number>,
): Problem[] {
  const at = (column: string | undefined, message: string): Problem => ({ line: row.line, column, message });
  return [
    ...checkUsername(user.get(USERNAME_COLUMN) ?? '', pool, usernames, row.line).map((m) => at(USERNAME_COLUMN, m)),
    ...checkMfa(user, pool).map(([c, m]) => at(c, m)),
    ...checkVerified(user, pool).map(([c, m]) => at(c, m)),
    ...checkSignInAttributes(user, pool).map(([c, m]) => at(c, m)),
    ...[...user].flatMap(([column, value]) => {
      const attribute = attributes.get(column);
      if (attribute === undefined) return [];
      if (value === '') return attribute.required ? [at(column, 'empty, but the pool requires it')] : [];
      return checkValue(attribute, value).map((m) => at(column, m));
    }),
  ];
}

/**
 * `cognito:username`: filled, no space or tab, unique in the file (ignoring case where the pool does), and not shaped
 * like an address or a phone number where those are aliases (the service refuses such user names then).
 */
export function checkUsername(value: string, pool: PoolSchema, seen: Map<string, number>, line: number): string[] {
  if (value === '') return ['empty (every user needs a user name)'];
  const problems: string[] = [];
  if (/[ \t]/.test(value)) problems.push('has a space or a tab, which a user name may not have');
  const key = pool.caseSensitive ? value : value.toLowerCase();
  const first = seen.get(key);
  if (first !== undefined) {
    problems.push(`the same user name as line ${first}${pool.caseSensitive ? '' : ' (user names ignore case in this pool)'}`);
  } else {
    seen.set(key, line);
  }
  if (pool.aliasAttributes.includes('email') && isEmail(value)) {
    problems.push('shaped like an email address, which a pool with email as an alias does not take as a user name');
  }
  if (pool.aliasAttributes.includes('phone_number') && isPhoneNumber(value)) {
    problems.push('shaped like a phone number, which a pool with phone_number as an alias does not take as a user name');
  }
  return problems;
}

/**
 * `cognito:mfa_enabled`: true or false, never empty; true for every user when the pool requires MFA, false when MFA
 * is off; a user with MFA on needs a phone number when SMS is one of the pool's MFA methods ("A phone number is
 * required if SMS multi-factor authentication (MFA) is enabled", User pool attributes).
 */
export function checkMfa(user: Map<string, string>, pool: PoolSchema): [string | undefined, string][] {
  const value = user.get(MFA_COLUMN) ?? '';
  if (value === '') return [[MFA_COLUMN, 'empty (true or false)']];
  const on = bool(value);
  if (on === undefined) return [[MFA_COLUMN, 'not true or false']];
  if (pool.mfa === 'ON' && !on) return [[MFA_COLUMN, 'false, but the pool requires MFA: it must be true']];
  if (pool.mfa === 'OFF' && on) return [[MFA_COLUMN, 'true, but MFA is off in the pool: it must be false']];
  if (on && pool.smsMfa === true && (user.get('phone_number') ?? '') === '') {
    return [['phone_number', `empty, but ${MFA_COLUMN} is true and the pool sends MFA codes by SMS`]];
  }
  return [];
}

/**
 * `email_verified` and `phone_number_verified`: true or false; the address or number filled when it is true; and the
 * pool's auto-verified attributes: its only one must be true, of two at least one.
 */
export function checkVerified(user: Map<string, string>, pool: PoolSchema): [string | undefined, string][] {
  const problems: [string | undefined, string][] = [];
  const verified = (attribute: string) => bool(user.get(`${attribute}_verified`) ?? '') === true;
  for (const attribute of ['email', 'phone_number']) {
    if (verified(attribute) && (user.get(attribute) ?? '') === '') problems.push([attribute, `empty, but ${attribute}_verified is true`]);
  }
  const auto = pool.autoVerifiedAttributes.filter((a) => a === 'email' || a === 'phone_number');
  if (auto.length === 1 && !verified(auto[0])) {
    problems.push([`${auto[0]}_verified`, `not true, but ${auto[0]} is the attribute the pool verifies: it must be true for every user`]);
  }
  if (auto.length === 2 && !verified('email') && !verified('phone_number')) {
    problems.push([undefined, 'neither email_verified nor phone_number_verified is true (one of them must be)']);
  }
  return problems;
}

/** Users of a pool that signs in with an address or a phone number instead of a user name need that attribute. */
export function checkSignInAttributes(user: Map<string, string>, pool: PoolSchema): [string | undefined, string][] {
  const names = pool.usernameAttributes.filter((a) => a === 'email' || a === 'phone_number');
  const filled = names.filter((a) => (user.get(a) ?? '') !== '');
  if (names.length === 0 || filled.length > 0) return [];
  const what = names[0] === 'email' ? 'email address' : 'phone number';
  if (names.length === 1) return [[names[0], `empty, but users sign in with their ${what} in this pool`]];
  return [[undefined, 'neither email nor phone_number is filled, but users sign in with one of them in this pool']];
}

/** A filled value against its attribute: quotation marks, type, format and limits. */
export function checkValue(attribute: AttributeSchema, value: string): string[] {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return ['in quotation marks, which Cognito keeps as part of the value (write values without them; a comma needs a backslash before it)'];
  }
  switch (attribute.type) {
    case 'Boolean':
      return bool(value) === undefined ? ['not true or false'] : [];
    case 'Number':
      return checkNumber(attribute, value);
    case 'DateTime':
      return isDateTime(value) ? [] : ['not a date and time (ISO 8601, like 2024-05-01T12:00:00Z)'];
    default:
      return [...checkFormat(attribute.name, value), ...checkLength(attribute, value)];
  }
}

function checkNumber(attribute: AttributeSchema, value: string): string[] {
  if (attribute.name === 'updated_at') return /^\d+$/.test(value) ? [] : ['not a time in seconds since 1970 (like 1471453471)'];
  if (!/^[+-]?\d+(\.\d+)?$/.test(value)) return ['not a number'];
  const v = Number(value);
  if (attribute.minValue !== undefined && v < attribute.minValue) return [`below the pool's minimum of ${attribute.minValue}`];
  if (attribute.maxValue !== undefined && v > attribute.maxValue) return [`above the pool's maximum of ${attribute.maxValue}`];
  return [];
}

/** The formats the guide sets for standard attributes: email, phone number (E.164), birthdate in an import file. */
function checkFormat(name: string, value: string): string[] {
  if (name === 'email' && !isEmail(value)) return ['not an email address'];
  if (name === 'phone_number' && !isPhoneNumber(value)) return ['not a phone number: + and the country code, then digits only (like +14325551212)'];
  if (name === 'birthdate' && !isBirthdate(value)) return ['not a date in the form mm/dd/yyyy (like 02/01/1985)'];
  return [];
}

function checkLength(attribute: AttributeSchema, value: string): string[] {
  const length = [...value].length;
  if (attribute.name === 'birthdate') return [];
  const { minLength: min, maxLength: max } = attribute;
  if (max !== undefined && length > max) return [`longer than the pool's maximum of ${characters(max)}`];
  if (min !== undefined && length < min) return [`shorter than the pool's minimum of ${characters(min)}`];
  return [];
}

/** true, false (any case: the guide's sample writes TRUE and FALSE), or undefined. */
function bool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** One @, something on each side, a dot in the domain, no space: the guide gives no stricter form. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value);
}

/** + and the country code (which never starts with 0), then digits only; at most 15 digits (E.164). */
export function isPhoneNumber(value: string): boolean {
  return /^\+[1-9]\d{1,14}$/.test(value);
}

function isBirthdate(value: string): boolean {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (!m) return false;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value));
}

function characters(count: number): string {
  return `${count} character${count === 1 ? '' : 's'}`;
}

function n(count: number): string {
  return count.toLocaleString('en-US');
}
