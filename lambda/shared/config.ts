import { CONFIG_ENV } from '../../lib/private/handler-config';
import { HandlerConfigError } from './errors';

/** The environment variable that carries the handler's JSON config, from the contract module shared with lib/. */
export { CONFIG_ENV };

/**
 * Reads and checks the handler's config once (at cold start). `check` gets the parsed JSON and returns the typed
 * config or throws; the raw value is never echoed into an error or a log.
 */
export function readConfig<T>(env: NodeJS.ProcessEnv, check: (raw: Record<string, unknown>) => T): T {
  const text = env[CONFIG_ENV];
  if (text === undefined || text === '') throw new HandlerConfigError(`${CONFIG_ENV} is not set`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HandlerConfigError(`${CONFIG_ENV} is not valid JSON`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new HandlerConfigError(`${CONFIG_ENV} is not a JSON object`);
  }
  return check(raw as Record<string, unknown>);
}

/** A list of strings, or a HandlerConfigError naming the key. */
export function stringList(raw: Record<string, unknown>, key: string): string[] {
  const value = raw[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new HandlerConfigError(`${CONFIG_ENV}.${key} must be a list of strings`);
  }
  return value;
}

/** A map of strings to strings, or a HandlerConfigError naming the key. */
export function stringMap(raw: Record<string, unknown>, key: string): { [k: string]: string } {
  const value = raw[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new HandlerConfigError(`${CONFIG_ENV}.${key} must be a map of strings`);
  }
  return value as { [k: string]: string };
}

/** A map of strings to lists of strings, or a HandlerConfigError naming the key. */
export function listMap(raw: Record<string, unknown>, key: string): { [k: string]: string[] } {
  const value = raw[key];
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
  if (!ok) throw new HandlerConfigError(`${CONFIG_ENV}.${key} must be a map of string lists`);
  return value as { [k: string]: string[] };
}

/** A value of the given primitive type, or a HandlerConfigError naming the key. */
export function typed<K extends 'string' | 'boolean' | 'number'>(
  raw: Record<string, unknown>,
  key: string,
  type: K,
): K extends 'string' ? string : K extends 'boolean' ? boolean : number {
  const value = raw[key];
  if (typeof value !== type) throw new HandlerConfigError(`${CONFIG_ENV}.${key} must be a ${type}`);
  return value as never;
}
