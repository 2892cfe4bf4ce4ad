import type { HttpMigrationConfig } from '../../lib/private/handler-config';
import { MIGRATION_HTTP_TIMEOUT_MAX_MS } from '../../lib/private/handler-config';
import { CONFIG_ENV, readConfig, typed } from '../shared/config';
import { HandlerConfigError } from '../shared/errors';
import type { Logger } from '../shared/log';
import { createMigrationHandler, readMigrationConfig, Refusal, SourceAnswerError, type MigrationSource, type SourceUser } from '../shared/migration';

/** The secret's value (SecretString), from Secrets Manager. */
export type GetSecret = (secretArn: string) => Promise<string>;
/** POSTs JSON with a bearer token and gives up after `timeoutMs`; answers the HTTP status and the body's text. */
export type PostJson = (url: string, body: object, token: string, timeoutMs: number) => Promise<{ status: number; body: string }>;

export interface HttpMigrationDeps {
  readonly config: HttpMigrationConfig;
  readonly getSecret: GetSecret;
  readonly post: PostJson;
  readonly log: Logger;
  /** The clock, in milliseconds (Date.now; a test may give its own). */
  readonly now?: () => number;
}

/** What a call past its deadline fails with: named TimeoutError, as fetch's own timeout. */
function timeoutError(): Error {
  return Object.assign(new Error('the source took longer than the timeout'), { name: 'TimeoutError' });
}

/** `work`, or a TimeoutError once `ms` have passed (at once when none are left). */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  if (ms <= 0) throw timeoutError();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Parses the handler's config from the environment. */
export function parseHttpMigrationConfig(env: NodeJS.ProcessEnv): HttpMigrationConfig {
  return readConfig(env, (raw) => {
    const url = typed(raw, 'url', 'string');
    if (!url.startsWith('https://')) throw new HandlerConfigError(`${CONFIG_ENV}.url must be an https:// URL`);
    const timeoutMs = typed(raw, 'timeoutMs', 'number');
    if (!(timeoutMs > 0 && timeoutMs <= MIGRATION_HTTP_TIMEOUT_MAX_MS)) {
      throw new HandlerConfigError(`${CONFIG_ENV}.timeoutMs must be above 0 and at most ${MIGRATION_HTTP_TIMEOUT_MAX_MS}`);
    }
    return { ...readMigrationConfig(raw), url, secretArn: typed(raw, 'secretArn', 'string'), timeoutMs };
  });
}

/**
 * The endpoint's answer, checked against the documented schema (README, "Moving users in"): HTTP 200 with
 * `{ "status": "ok", "attributes": { name: string value }, "resetRequired"?: boolean }` or `{ "status": "refused" }`.
 * Anything else is a SourceAnswerError, which fails the sign-in with the try-again message.
 */
export function readAnswer(status: number, body: string): SourceUser | Refusal {
  if (status !== 200) throw new SourceAnswerError(`HTTP status ${status}`);
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    throw new SourceAnswerError('not JSON');
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) throw new SourceAnswerError('not a JSON object');
  const a = answer as { [k: string]: unknown };
  if (a.status === 'refused') return new Refusal('refused by the endpoint');
  if (a.status !== 'ok') throw new SourceAnswerError(typeof a.status === 'string' ? 'unknown status' : 'no status');
  const attributes = a.attributes;
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) throw new SourceAnswerError('no attributes object');
  if (!Object.values(attributes).every((v) => typeof v === 'string')) throw new SourceAnswerError('an attribute value that is not a string');
  if (a.resetRequired !== undefined && typeof a.resetRequired !== 'boolean') throw new SourceAnswerError('resetRequired is not a boolean');
  return { attributes: attributes as { [n: string]: string }, resetRequired: a.resetRequired === true };
}

/**
 * The user migration trigger whose source is a legacy system's HTTPS endpoint, called with the secret as a bearer
 * token (read from Secrets Manager at the first event, then kept; read again once after the endpoint answers 401, for
 * a rotated secret). The timeout is one deadline for the whole event: the secret's reads and the calls (the one after
 * a 401 too) share it, so that the trigger answers well inside Cognito's 5 seconds.
 */
export function createHandler(deps: HttpMigrationDeps) {
  const { config, getSecret, post, log } = deps;
  const now = deps.now ?? Date.now;
  let token: Promise<string> | undefined;
  const ask = async (body: object): Promise<SourceUser | Refusal> => {
    const deadline = now() + config.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      token = token ?? getSecret(config.secretArn);
      let secret: string;
      try {
        secret = await within(token, deadline - now());
      } catch (err) {
        token = undefined;
        throw err;
      }
      const left = deadline - now();
      if (left <= 0) throw timeoutError();
      const answer = await post(config.url, body, secret, left);
      if (answer.status === 401 && attempt === 0) {
        token = undefined;
        continue;
      }
      return readAnswer(answer.status, answer.body);
    }
  };
  const source: MigrationSource = {
    authenticate: (username, password) => ask({ action: 'authenticate', username, password }),
    find: (username) => ask({ action: 'lookup', username }),
  };
  return createMigrationHandler({ config, source, log, sourceName: 'HTTPS endpoint' });
}
