/**
 * The user import validator, rule by rule, with the exact message of each problem: the CSV dialect Cognito reads, the
 * header, the file's limits, and each column's rules. No message holds a value of the file.
 */
import { parseCognitoCsv, splitLine } from '../../lib/user-import/csv';
import { csvHeaderOf, type PoolSchema, STANDARD_ATTRIBUTES } from '../../lib/user-import/pool-schema';
import { checkHeader, formatProblem, isEmail, isPhoneNumber, LIMITS, validateUserImport } from '../../lib/user-import/validate';

/** A pool like the library's default: email sign-in, email verified, MFA optional, case-insensitive user names. */
function pool(overrides: Partial<PoolSchema> = {}): PoolSchema {
  return {
    attributes: [
      ...STANDARD_ATTRIBUTES.map((a) => (a.name === 'email' ? { ...a, required: true } : a)),
      { name: 'custom:tenant_id', type: 'String', required: false, minLength: 1, maxLength: 8 },
      { name: 'custom:seats', type: 'Number', required: false, minValue: 1, maxValue: 100 },
      { name: 'custom:trial', type: 'Boolean', required: false },
      { name: 'custom:since', type: 'DateTime', required: false },
    ],
    usernameAttributes: ['email'],
    aliasAttributes: [],
    autoVerifiedAttributes: ['email'],
    mfa: 'OPTIONAL',
    smsMfa: false,
    caseSensitive: false,
    ...overrides,
  };
}

/** A good user; each test changes what it tests. */
const GOOD = { 'cognito:username': 'user-1', 'email': 'user-1@example.com', 'email_verified': 'true', 'cognito:mfa_enabled': 'false' };

/** A file with the pool's header and one line per user (values written as given). */
function file(users: Record<string, string>[], schema = pool(), header = csvHeaderOf(schema)): Buffer {
  const lines = [header.join(','), ...users.map((u) => header.map((c) => u[c] ?? '').join(','))];
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** The formatted problems of a file of `users` (each merged over GOOD) against `schema`. */
function problems(users: Record<string, string>[], schema = pool()): string[] {
  return validateUserImport(file(users.map((u) => ({ ...GOOD, ...u })), schema), schema, csvHeaderOf(schema)).problems.map(formatProblem);
}

describe('the CSV dialect (Cognito: no quotation marks, a backslash before a comma)', () => {
  test.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a\\,b,c', ['a,b', 'c']],
    [',,', ['', '', '']],
    ['a\\b,c', ['a\\b', 'c']],
    ['"a,b"', ['"a', 'b"']],
    ['', ['']],
  ])('%j splits into %j', (line, values) => {
    expect(splitLine(line)).toEqual(values);
  });

  test('LF, CRLF and CR line ends; a final line break; blank lines; a byte order mark', () => {
    const csv = parseCognitoCsv('\uFEFFh1,h2\r\na,b\r\n\r\nc\\,d,e\nf,g\n');
    expect(csv.byteOrderMark).toBe(true);
    expect(csv.header).toEqual({ line: 1, values: ['h1', 'h2'], length: 5 });
    expect(csv.rows.map((r) => [r.line, r.values])).toEqual([[2, ['a', 'b']], [4, ['c,d', 'e']], [5, ['f', 'g']]]);
    expect(csv.blankLines).toEqual([3]);
    expect(parseCognitoCsv('')).toEqual({ rows: [], blankLines: [], byteOrderMark: false });
  });
});

describe('the file and the header', () => {
  const schema = pool();
  const header = csvHeaderOf(schema);
  const run = (text: string | Buffer, s = schema) =>
    validateUserImport(Buffer.isBuffer(text) ? text : Buffer.from(text), s, csvHeaderOf(s)).problems.map(formatProblem);

  test('a good file: no problem, its users counted', () => {
    const result = validateUserImport(file([GOOD, { ...GOOD, 'cognito:username': 'user-2', 'email': 'user-2@example.com' }]), schema, header);
    expect(result).toEqual({ users: 2, problems: [] });
  });

  test.each([
    ['', ['the file: empty: its first line must be the header (GetCSVHeader)']],
    [`${header.join(',')}\n`, ['the file: no user after the header']],
    [`\uFEFF${header.join(',')}\n${header.map((c) => (GOOD as Record<string, string>)[c] ?? '').join(',')}\n`,
      ['the file: starts with a byte order mark, which Cognito does not take (save it as UTF-8 without one)']],
    [Buffer.from([0x63, 0xff, 0x0a]), ['the file: not UTF-8 text (save it as UTF-8 without a byte order mark)']],
  ])('file problem %#', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  test('a blank line among the users', () => {
    const text = file([GOOD]).toString().replace(/\n$/, `\n\n${header.map((c) => (GOOD as Record<string, string>)[c] ?? '').join(',').replaceAll('user-1', 'user-2')}\n`);
    expect(run(text)).toEqual(['line 3: blank (every line after the header is a user)']);
  });

  test('the header: the same columns as the pool\'s, each once, in any order', () => {
    expect(checkHeader([...header].reverse(), header)).toEqual([]);
    expect(checkHeader([...header.filter((c) => c !== 'custom:tenant_id'), 'custom:tenant', 'email'], header)).toEqual([
      "column custom:tenant is not in the pool's header (GetCSVHeader)",
      'column email is there twice',
      "column custom:tenant_id is missing (every column of the pool's header must be there; its values may be empty)",
    ]);
    // a header problem stops the check: the lines cannot be read without their columns
    const text = file([{ ...GOOD, email: 'not an address' }], schema, header.filter((c) => c !== 'given_name'));
    expect(run(text)).toEqual([
      "the header: column given_name is missing (every column of the pool's header must be there; its values may be empty)",
    ]);
  });

  test('a line with too few or too many values, a comma without its backslash', () => {
    const text = file([GOOD, { ...GOOD, 'cognito:username': 'user-2', 'address': '1 Main St, Springfield' }]).toString()
      .replace('1 Main St, Springfield', '1 Main St, Springfield');
    expect(run(text)).toEqual([`line 3: ${header.length + 1} values, where the header has ${header.length} columns (a comma inside a value needs a backslash before it: \\,)`]);
    expect(run(text.replace('1 Main St, Springfield', '1 Main St\\, Springfield'))).toEqual([]);
  });

  test('Cognito\'s limits: 16,000 characters a line, 500,000 users, 100 MB', () => {
    expect(LIMITS).toEqual({ fileBytes: 104_857_600, users: 500_000, lineCharacters: 16_000 });
    const columns = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'profile', 'picture', 'website'];
    const long = { ...GOOD, ...Object.fromEntries(columns.map((c) => [c, 'a'.repeat(2000)])) };
    const length = (16_000 + file([GOOD]).toString().split('\n')[1].length).toLocaleString('en-US');
    expect(problems([long])).toEqual([`line 2: ${length} characters, over Cognito's 16,000 for one line`]);
    const line = header.map((c) => (GOOD as Record<string, string>)[c] ?? '').join(',');
    const lines = (count: number) => `${header.join(',')}\n${Array(count).fill(line).join('\n')}\n`;
    expect(run(lines(500_001))).toEqual(["the file: 500,001 users, over Cognito's 500,000 for one import job: split the file"]);
    expect(run(lines(3))).toEqual([
      'column cognito:username, line 3: the same user name as line 2 (user names ignore case in this pool)',
      'column cognito:username, line 4: the same user name as line 2 (user names ignore case in this pool)',
    ]);
    const big = Buffer.alloc(LIMITS.fileBytes + 1, 0x20);
    expect(run(big)[0]).toBe("the file: 104,857,601 bytes, over Cognito's 100 MB for one import job");
  });

  test('a pool that verifies no attribute: Cognito does not start the job', () => {
    expect(problems([{}], pool({ autoVerifiedAttributes: [] }))).toEqual([
      'the user pool: verifies no attribute (AutoVerifiedAttributes is empty), so Cognito does not start an import job',
    ]);
  });
});

describe('cognito:username', () => {
  test.each([
    ['', 'column cognito:username, line 2: empty (every user needs a user name)'],
    ['two words', 'column cognito:username, line 2: has a space or a tab, which a user name may not have'],
    ['tab\there', 'column cognito:username, line 2: has a space or a tab, which a user name may not have'],
  ])('%j: %s', (name, message) => {
    expect(problems([{ 'cognito:username': name }])).toEqual([message]);
  });

  test('unique in the file, ignoring case where the pool does', () => {
    const users = [{ 'cognito:username': 'Same' }, { 'cognito:username': 'other' }, { 'cognito:username': 'same' }];
    expect(problems(users)).toEqual(['column cognito:username, line 4: the same user name as line 2 (user names ignore case in this pool)']);
    expect(problems(users, pool({ caseSensitive: true }))).toEqual([]);
    expect(problems([{ 'cognito:username': 'a' }, { 'cognito:username': 'a' }], pool({ caseSensitive: true }))).toEqual([
      'column cognito:username, line 3: the same user name as line 2',
    ]);
  });

  test('shaped like an address or a phone number where those are aliases', () => {
    const aliases = pool({ usernameAttributes: [], aliasAttributes: ['email', 'phone_number'] });
    expect(problems([{ 'cognito:username': 'someone@example.com' }, { 'cognito:username': '+15555550100' }, { 'cognito:username': 'plain' }], aliases)).toEqual([
      'column cognito:username, line 2: shaped like an email address, which a pool with email as an alias does not take as a user name',
      'column cognito:username, line 3: shaped like a phone number, which a pool with phone_number as an alias does not take as a user name',
    ]);
    expect(problems([{ 'cognito:username': 'someone@example.com' }])).toEqual([]);
  });
});

describe('cognito:mfa_enabled', () => {
  test.each([
    ['', 'OPTIONAL', 'column cognito:mfa_enabled, line 2: empty (true or false)'],
    ['yes', 'OPTIONAL', 'column cognito:mfa_enabled, line 2: not true or false'],
    ['false', 'ON', 'column cognito:mfa_enabled, line 2: false, but the pool requires MFA: it must be true'],
    ['TRUE', 'OFF', 'column cognito:mfa_enabled, line 2: true, but MFA is off in the pool: it must be false'],
  ])('%j with MFA %s: %s', (value, mfa, message) => {
    expect(problems([{ 'cognito:mfa_enabled': value }], pool({ mfa }))).toEqual([message]);
  });

  test.each([['true', 'ON'], ['FALSE', 'OFF'], ['True', 'OPTIONAL'], ['false', 'OPTIONAL'], ['true', undefined]])('%j with MFA %s passes', (value, mfa) => {
    expect(problems([{ 'cognito:mfa_enabled': value }], pool({ mfa }))).toEqual([]);
  });

  test('MFA on needs a phone number where the pool sends codes by SMS', () => {
    const sms = pool({ smsMfa: true });
    expect(problems([{ 'cognito:mfa_enabled': 'true' }], sms)).toEqual([
      'column phone_number, line 2: empty, but cognito:mfa_enabled is true and the pool sends MFA codes by SMS',
    ]);
    expect(problems([{ 'cognito:mfa_enabled': 'true', 'phone_number': '+15555550100' }], sms)).toEqual([]);
    expect(problems([{ 'cognito:mfa_enabled': 'true' }], pool({ smsMfa: false }))).toEqual([]);
  });
});

describe('verified addresses and numbers', () => {
  test.each([
    [{ email_verified: 'false' }, 'column email_verified, line 2: not true, but email is the attribute the pool verifies: it must be true for every user'],
    [{ email_verified: '' }, 'column email_verified, line 2: not true, but email is the attribute the pool verifies: it must be true for every user'],
    [{ email_verified: 'yes' }, 'column email_verified, line 2: not true or false'],
  ])('%j: the only auto-verified attribute must be true', (user, message) => {
    const found = problems([user]);
    expect(found).toContain(message);
  });

  test('of two auto-verified attributes, one must be true; a verified one must be filled', () => {
    const both = pool({ autoVerifiedAttributes: ['email', 'phone_number'] });
    expect(problems([{ email_verified: 'false', phone_number_verified: 'false' }], both)).toEqual([
      'line 2: neither email_verified nor phone_number_verified is true (one of them must be)',
    ]);
    expect(problems([{ email_verified: 'false', phone_number_verified: 'true', phone_number: '+15555550100' }], both)).toEqual([]);
    expect(problems([{ email_verified: 'false', phone_number_verified: 'true' }], both)).toEqual([
      'column phone_number, line 2: empty, but phone_number_verified is true',
    ]);
    expect(problems([{ email: '' }], pool({ usernameAttributes: [], attributes: STANDARD_ATTRIBUTES.slice() }))).toEqual([
      'column email, line 2: empty, but email_verified is true',
    ]);
  });
});

describe('required attributes, and what users sign in with', () => {
  test('a required attribute left empty', () => {
    const schema = pool({ attributes: pool().attributes.map((a) => (a.name === 'given_name' ? { ...a, required: true } : a)) });
    expect(problems([{}], schema)).toEqual(['column given_name, line 2: empty, but the pool requires it']);
    expect(problems([{ given_name: 'Ana' }], schema)).toEqual([]);
  });

  test.each([
    [['email'], { email: '', email_verified: 'false' }, ['email'], 'column email, line 2: empty, but users sign in with their email address in this pool'],
    [['phone_number'], { phone_number: '' }, ['email'], 'column phone_number, line 2: empty, but users sign in with their phone number in this pool'],
    [['email', 'phone_number'], { email: '', email_verified: 'false', phone_number: '' }, [],
      'line 2: neither email nor phone_number is filled, but users sign in with one of them in this pool'],
  ])('signing in with %j', (usernameAttributes, user, autoVerifiedAttributes, message) => {
    const schema = pool({ usernameAttributes, autoVerifiedAttributes: autoVerifiedAttributes.length ? autoVerifiedAttributes : ['phone_number'], attributes: STANDARD_ATTRIBUTES.slice() });
    expect(problems([user], schema).filter((p) => !p.includes('_verified'))).toEqual([message]);
  });
});

describe('values: types, formats, limits', () => {
  test.each([
    { column: 'email', value: 'someone', message: 'not an email address' },
    { column: 'email', value: 'a@b', message: 'not an email address' },
    { column: 'email', value: 'a b@example.com', message: 'not an email address' },
    { column: 'phone_number', value: '+1 555 555 0100', message: 'not a phone number: + and the country code, then digits only (like +14325551212)' },
    { column: 'phone_number', value: '15555550100', message: 'not a phone number: + and the country code, then digits only (like +14325551212)' },
    { column: 'phone_number', value: '+0123456', message: 'not a phone number: + and the country code, then digits only (like +14325551212)' },
    { column: 'phone_number', value: '+1234567890123456', message: 'not a phone number: + and the country code, then digits only (like +14325551212)' },
    { column: 'birthdate', value: '1985-02-01', message: 'not a date in the form mm/dd/yyyy (like 02/01/1985)' },
    { column: 'birthdate', value: '02/30/1985', message: 'not a date in the form mm/dd/yyyy (like 02/01/1985)' },
    { column: 'updated_at', value: '2016-08-17', message: 'not a time in seconds since 1970 (like 1471453471)' },
    { column: 'updated_at', value: '-5', message: 'not a time in seconds since 1970 (like 1471453471)' },
    { column: 'custom:tenant_id', value: 'abcdefghi', message: "longer than the pool's maximum of 8 characters" },
    { column: 'custom:seats', value: 'many', message: 'not a number' },
    { column: 'custom:seats', value: '0', message: "below the pool's minimum of 1" },
    { column: 'custom:seats', value: '101', message: "above the pool's maximum of 100" },
    { column: 'custom:trial', value: 'yes', message: 'not true or false' },
    { column: 'custom:since', value: 'yesterday', message: 'not a date and time (ISO 8601, like 2024-05-01T12:00:00Z)' },
    { column: 'custom:since', value: '2024-13-01', message: 'not a date and time (ISO 8601, like 2024-05-01T12:00:00Z)' },
    { column: 'given_name', value: '"Ana"', message: 'in quotation marks, which Cognito keeps as part of the value (write values without them; a comma needs a backslash before it)' },
    { column: 'name', value: 'x'.repeat(2049), message: "longer than the pool's maximum of 2048 characters" },
  ])('$column, case $#: $message', ({ column, value, message }) => {
    expect(problems([{ [column]: value }])).toEqual([`column ${column}, line 2: ${message}`]);
  });

  test.each([
    { column: 'email', value: 'first.last+tag@sub.example.com' },
    { column: 'phone_number', value: '+14325551212' },
    { column: 'birthdate', value: '02/29/2000' },
    { column: 'updated_at', value: '1471453471' },
    { column: 'custom:tenant_id', value: 'abcdefgh' },
    { column: 'custom:tenant_id', value: 'ñandú' },
    { column: 'custom:seats', value: '1' },
    { column: 'custom:seats', value: '100' },
    { column: 'custom:trial', value: 'FALSE' },
    { column: 'custom:since', value: '2024-05-01T12:00:00Z' },
    { column: 'custom:since', value: '2024-05-01' },
    { column: 'name', value: 'x'.repeat(2048) },
    { column: 'address', value: '  1 Main St\\, Springfield  ' },
  ])('$column, case $#: passes', ({ column, value }) => {
    expect(problems([{ [column]: value }])).toEqual([]);
  });

  test('a minimum length: a filled value shorter than it', () => {
    const schema = pool({ attributes: [...pool().attributes, { name: 'custom:code', type: 'String', required: false, minLength: 2, maxLength: 4 }] });
    expect(problems([{ 'custom:code': 'a' }], schema)).toEqual(["column custom:code, line 2: shorter than the pool's minimum of 2 characters"]);
  });

  test('the formats on their own', () => {
    expect(isEmail('user@example.com')).toBe(true);
    expect(isEmail('user@example')).toBe(false);
    expect(isPhoneNumber('+447700900123')).toBe(true);
    expect(isPhoneNumber('+44 7700 900123')).toBe(false);
  });

  test('no message holds a value of the file', () => {
    const secrets = { 'email': 'leak-me@example.org', 'phone_number': '12345', 'given_name': '"Secretname"', 'cognito:username': 'leak me' };
    const found = problems([secrets, secrets], pool({ smsMfa: true }));
    expect(found.length).toBeGreaterThan(3);
    for (const value of Object.values(secrets)) expect(found.join('\n')).not.toContain(value.replace(/"/g, ''));
  });
});
