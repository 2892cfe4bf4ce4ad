import type { InboundFederationTriggerEvent } from 'aws-lambda';
import {
  type FederationRuleConfig, type InboundFederationConfig, INBOUND_FEDERATION_SOURCE, MAPPED_VALUE_MAX_LENGTH,
} from '../../lib/private/handler-config';
import { readConfig, CONFIG_ENV } from '../shared/config';
import { HandlerConfigError, MalformedEvent } from '../shared/errors';
import type { Logger } from '../shared/log';

export interface InboundFederationDeps {
  readonly config: InboundFederationConfig;
  readonly log: Logger;
}

const KINDS = ['rename', 'lowercase', 'groups'];

function readRule(raw: unknown, i: number): FederationRuleConfig {
  const where = `${CONFIG_ENV}.rules[${i}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new HandlerConfigError(`${where} must be an object`);
  const r = raw as Record<string, unknown>;
  if (typeof r.kind !== 'string' || !KINDS.includes(r.kind)) throw new HandlerConfigError(`${where}.kind must be one of ${KINDS.join(', ')}`);
  for (const key of ['source', 'target']) {
    if (typeof r[key] !== 'string' || r[key] === '') throw new HandlerConfigError(`${where}.${key} must be a non-empty string`);
  }
  if (!Array.isArray(r.providers) || !r.providers.every((p) => typeof p === 'string')) {
    throw new HandlerConfigError(`${where}.providers must be a list of strings`);
  }
  for (const key of ['separator', 'sourceSeparator', 'prefix']) {
    if (r[key] !== undefined && typeof r[key] !== 'string') throw new HandlerConfigError(`${where}.${key} must be a string`);
  }
  if (r.kind === 'groups') {
    if (typeof r.separator !== 'string' || r.separator === '' || typeof r.sourceSeparator !== 'string' || r.sourceSeparator === '') {
      throw new HandlerConfigError(`${where} needs a separator and a sourceSeparator`);
    }
    const max = r.maxLength;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAPPED_VALUE_MAX_LENGTH) {
      throw new HandlerConfigError(`${where}.maxLength must be a whole number from 1 to ${MAPPED_VALUE_MAX_LENGTH}`);
    }
  }
  return r as unknown as FederationRuleConfig;
}

/** Parses the handler's config from the environment. */
export function parseInboundFederationConfig(env: NodeJS.ProcessEnv): InboundFederationConfig {
  return readConfig(env, (raw) => {
    if (!Array.isArray(raw.rules) || raw.rules.length === 0) throw new HandlerConfigError(`${CONFIG_ENV}.rules must be a non-empty list`);
    return { rules: raw.rules.map(readRule) };
  });
}

/** Characters as Cognito counts them (code points, not UTF-16 units). */
const length = (text: string) => [...text].length;

/**
 * The groups a provider's value lists: a JSON list of strings as such; any other value split on the rule's
 * `sourceSeparator`. Each name trimmed; empty names and repeats left out, in their first order.
 */
export function groupsOf(value: string, sourceSeparator: string): string[] {
  const text = value.trim();
  let items: string[] | undefined;
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((g) => typeof g === 'string')) items = parsed;
    } catch {
      items = undefined;
    }
  }
  return [...new Set((items ?? text.split(sourceSeparator)).map((g) => g.trim()).filter((g) => g !== ''))];
}

/** The groups joined with `separator`, as many as fit in `maxLength` characters, in order; and how many were left out. */
export function joinGroups(groups: string[], separator: string, maxLength: number): { value: string; left: number } {
  const kept: string[] = [];
  let size = 0;
  for (const group of groups) {
    const added = length(group) + (kept.length > 0 ? length(separator) : 0);
    if (size + added > maxLength) continue;
    kept.push(group);
    size += added;
  }
  return { value: kept.join(separator), left: groups.length - kept.length };
}

type Attributes = { [name: string]: unknown };

function objectOrEmpty(value: unknown, what: string): Attributes {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new MalformedEvent('inbound federation', `${what} is not an object`);
  return value as Attributes;
}

/**
 * What the provider sent, as Cognito maps it: a SAML provider's assertion attributes (`samlResponse`); for OIDC and
 * social providers, the ID token's claims with the userInfo answer over them. The token response (access, ID and
 * refresh tokens) is never copied.
 */
function providerAttributes(providerType: string, attributes: Attributes): Attributes {
  if (providerType === 'SAML') return { ...objectOrEmpty(attributes.samlResponse, 'request.attributes.samlResponse') };
  return {
    ...objectOrEmpty(attributes.idToken, 'request.attributes.idToken'),
    ...objectOrEmpty(attributes.userInfo, 'request.attributes.userInfo'),
  };
}

/**
 * The inbound federation trigger: applies the rules, in order, to what the provider sent, before Cognito maps it to
 * the user's attributes. When no rule changes anything it answers an empty `userAttributesToMap`, which keeps what the
 * provider sent; otherwise it answers every attribute (Cognito drops the ones left out). It logs attribute names only,
 * never a value.
 */
export function createHandler(deps: InboundFederationDeps) {
  const { config, log } = deps;
  return async (event: InboundFederationTriggerEvent): Promise<InboundFederationTriggerEvent> => {
    if (typeof event !== 'object' || event === null || typeof event.request !== 'object' || event.request === null) {
      throw new MalformedEvent('inbound federation', 'no request');
    }
    if (event.triggerSource !== INBOUND_FEDERATION_SOURCE) {
      throw new MalformedEvent('inbound federation', `the trigger source is not ${INBOUND_FEDERATION_SOURCE}`);
    }
    const { providerName, providerType } = event.request as { providerName: unknown; providerType: unknown };
    if (typeof providerName !== 'string' || providerName === '') throw new MalformedEvent('inbound federation', 'no providerName');
    if (typeof providerType !== 'string' || providerType === '') throw new MalformedEvent('inbound federation', 'no providerType');
    const attributes = providerAttributes(providerType, objectOrEmpty(event.request.attributes, 'request.attributes'));
    const out: Attributes = { ...attributes };
    const applied: number[] = [];
    const skipped: { rule: number; attribute: string; reason: string }[] = [];
    config.rules.forEach((rule, i) => {
      if (rule.providers.length > 0 && !rule.providers.includes(providerName)) return;
      if (!(rule.source in out)) return;
      const value = out[rule.source];
      if (rule.kind === 'rename') {
        delete out[rule.source];
        out[rule.target] = value;
        applied.push(i);
        return;
      }
      if (typeof value !== 'string') {
        skipped.push({ rule: i, attribute: rule.source, reason: 'not a string' });
        return;
      }
      if (rule.kind === 'lowercase') {
        if (value.toLowerCase() !== value) {
          out[rule.target] = value.toLowerCase();
          applied.push(i);
        }
        return;
      }
      const listed = groupsOf(value, rule.sourceSeparator!).filter((g) => rule.prefix === undefined || g.startsWith(rule.prefix));
      // A name that holds the separator would read as several groups downstream (one past the prefix), so it is left out.
      const groups = listed.filter((g) => !g.includes(rule.separator!));
      if (groups.length < listed.length) {
        log.warn('groups left out: the name holds the separator', { rule: i, attribute: rule.target, left: listed.length - groups.length });
      }
      const joined = joinGroups(groups, rule.separator!, rule.maxLength!);
      if (joined.left > 0) {
        log.warn('groups left out: past maxLength', { rule: i, attribute: rule.target, kept: groups.length - joined.left, left: joined.left });
      }
      out[rule.target] = joined.value;
      applied.push(i);
    });
    if (skipped.length > 0) log.warn('rules skipped', { skipped });
    const changed = applied.length > 0;
    event.response = { ...event.response, userAttributesToMap: changed ? (out as { [name: string]: string }) : {} };
    log.info(changed ? 'normalised' : 'unchanged', {
      provider: providerName,
      providerType,
      rulesApplied: applied,
      attributes: Object.keys(changed ? out : attributes).sort(),
    });
    return event;
  };
}
