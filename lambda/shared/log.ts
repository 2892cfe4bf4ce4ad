/**
 * A small structured logger that never writes personal data: keys that name an email, phone number, token, password,
 * secret, code, ciphertext or name are replaced, and so is any string value that looks like an email address, a phone
 * number in E.164 form or a JWT.
 *
 * Each call hands the console one plain object (the message and the redacted fields), never a string of JSON. With
 * the function's JSON log format, Lambda's Node.js runtime writes a single object argument as the `message` of its
 * log record, as JSON (`{"timestamp":…,"level":"INFO","requestId":…,"message":{"message":"denied","reason":…}}`),
 * so every field is a field that CloudWatch Logs Insights can filter on (`message.reason`), not text to parse. A
 * string would stay a string there, JSON or not. The runtime adds the timestamp, the level and the request id.
 */
export type LogFields = { [key: string]: unknown };

/** What one call logs: the message and the redacted fields, as one object. */
export type LogRecord = { message: string; [key: string]: unknown };

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const SENSITIVE_KEY = /(e-?mail|phone|token|password|secret|code|name|address|birthdate|ciphertext|plaintext)/i;
const EMAIL_LIKE = /[^\s@]+@[^\s@]+/;
const JWT_LIKE = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;
const PHONE_LIKE = /\+\d{7,15}/;
export const REDACTED = '[redacted]';

/** A copy of `fields` with personal data replaced; nested objects and arrays are redacted too. */
export function redact(value: unknown, key = ''): unknown {
  if (key !== '' && SENSITIVE_KEY.test(key)) return REDACTED;
  if (typeof value === 'string') return EMAIL_LIKE.test(value) || JWT_LIKE.test(value) || PHONE_LIKE.test(value) ? REDACTED : value;
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value !== null && typeof value === 'object') {
    const out: LogFields = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, k);
    return out;
  }
  return value;
}

/** A logger writing one record (a plain object, redacted) per call to the given sink (the console by default). */
export function createLogger(sink: Pick<Console, 'info' | 'warn' | 'error'> = console): Logger {
  const write = (level: 'info' | 'warn' | 'error') => (message: string, fields: LogFields = {}) => {
    const record: LogRecord = { message, ...(redact(fields) as LogFields) };
    sink[level](record);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** An error's name only: messages of SDK errors can carry user data. */
export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
