import { createLogger, errorName, redact, REDACTED } from '../../lambda/shared/log';
import { readConfig, stringList } from '../../lambda/shared/config';
import { HandlerConfigError, MalformedEvent } from '../../lambda/shared/errors';

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

  test('the logger hands the sink one object per call (its fields as fields, not JSON text), redacted, at the call\'s level', () => {
    const calls: [string, unknown[]][] = [];
    const sink = (level: string) => (...args: unknown[]) => calls.push([level, args]);
    const log = createLogger({ info: sink('info'), warn: sink('warn'), error: sink('error') });
    log.warn('x', { email: 'jane@example.com', count: 2, nested: { idToken: 't', list: ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig'] } });
    log.info('y');
    log.error('z', { error: 'Boom' });
    expect(calls).toEqual([
      ['warn', [{ message: 'x', email: REDACTED, count: 2, nested: { idToken: REDACTED, list: [REDACTED] } }]],
      ['info', [{ message: 'y' }]],
      ['error', [{ message: 'z', error: 'Boom' }]],
    ]);
    expect(JSON.stringify(calls)).not.toMatch(/jane|eyJ/);
  });

  test('by default it writes to the console, one object argument per call (Lambda\'s JSON log format makes it the record\'s message, as JSON)', () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      createLogger().info('denied', { reason: 'no-token', phone_number: '+15555550100' });
      expect(info).toHaveBeenCalledTimes(1);
      expect(info.mock.calls[0]).toEqual([{ message: 'denied', reason: 'no-token', phone_number: REDACTED }]);
    } finally {
      info.mockRestore();
    }
  });

  test('the custom senders\' secrets: a code or ciphertext by its key, a phone number by its form, wherever it is', () => {
    expect(redact({ code: '204913', ciphertext: 'AYADeJ...', plaintextCode: '204913', destinationPhoneNumber: '+15555550100', to: '+4915112345678', note: 'sent to +15555550100 today', triggerSource: 'CustomSMSSender_SignUp', count: 1234567 })).toEqual({
      code: REDACTED, ciphertext: REDACTED, plaintextCode: REDACTED, destinationPhoneNumber: REDACTED, to: REDACTED, note: REDACTED, triggerSource: 'CustomSMSSender_SignUp', count: 1234567,
    });
    expect(redact({ version: '3.1169.0', reason: 'no-phone-number-attribute' })).toEqual({ version: '3.1169.0', reason: 'no-phone-number-attribute' });
  });

  test('errorName gives the name only', () => {
    expect(errorName(Object.assign(new Error('jane@example.com'), { name: 'Boom' }))).toBe('Boom');
    expect(errorName('str')).toBe('string');
  });
});

describe('typed errors', () => {
  test('a malformed event names the trigger and what is missing, under its own name', () => {
    const err = new MalformedEvent('pre sign-up', 'no request');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('MalformedEvent');
    expect(err.message).toBe('malformed pre sign-up event: no request');
  });

  test('a handler config error is named apart from the constructs\' synth-time ConfigError', () => {
    const err = new HandlerConfigError('TRIGGER_CONFIG is not set');
    expect(err.name).toBe('HandlerConfigError');
    expect(err.message).toBe('TRIGGER_CONFIG is not set');
    expect(() => readConfig({}, (raw) => raw)).toThrow(new HandlerConfigError('TRIGGER_CONFIG is not set'));
    expect(() => readConfig({ TRIGGER_CONFIG: '{"a":1}' }, (raw) => stringList(raw, 'a'))).toThrow(HandlerConfigError);
  });
});
