import { createLogger, errorName, redact, REDACTED } from '../../lambda/shared/log';

describe('log redaction', () => {
  test('keys that name personal data or secrets are replaced', () => {
    expect(redact({ email: 'x', userEmail: 'x', phone_number: '1', idToken: 't', password: 'p', clientSecret: 's', code: '1234', given_name: 'Jane', reason: 'ok' }, '')).toEqual({
      email: REDACTED, userEmail: REDACTED, phone_number: REDACTED, idToken: REDACTED, password: REDACTED, clientSecret: REDACTED, code: REDACTED, given_name: REDACTED, reason: 'ok',
    });
  });

  test('values that look like emails or JWTs are replaced, also nested and in lists', () => {
    expect(redact({ note: 'jane@example.com', nested: { list: ['ok', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig'] }, n: 3 })).toEqual({
      note: REDACTED,
      nested: { list: ['ok', REDACTED] },
      n: 3,
    });
  });

  test('the logger writes one JSON line per call, redacted', () => {
    const lines: string[] = [];
    const log = createLogger({ info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) });
    log.warn('x', { email: 'jane@example.com', count: 2 });
    expect(lines).toEqual(['{"message":"x","email":"[redacted]","count":2}']);
  });

  test('errorName gives the name only', () => {
    expect(errorName(Object.assign(new Error('jane@example.com'), { name: 'Boom' }))).toBe('Boom');
    expect(errorName('str')).toBe('string');
  });
});
