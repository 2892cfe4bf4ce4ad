import type {
  PreTokenGenerationTriggerEvent,
  PreTokenGenerationV2TriggerEvent,
  PreTokenGenerationV3TriggerEvent,
} from 'aws-lambda';
import type { PreTokenGenerationConfig, ReservedClaim } from '../../lib/private/handler-config';
import { listMap, readConfig, stringList, stringMap, typed } from '../shared/config';
import type { Logger } from '../shared/log';

/** Any pre token generation event: V1 (ID token only), V2 (user tokens) or V3 (user and machine tokens). */
export type PreTokenEvent = PreTokenGenerationTriggerEvent | PreTokenGenerationV2TriggerEvent | PreTokenGenerationV3TriggerEvent;

export interface PreTokenDeps {
  readonly config: PreTokenGenerationConfig;
  readonly log: Logger;
}

/** Claims Cognito does not let this trigger touch: never emitted, whatever the config says. */
const RESERVED: Record<ReservedClaim, true> = {
  'acr': true,
  'amr': true,
  'at_hash': true,
  'auth_time': true,
  'aud': true,
  'azp': true,
  'c_hash': true,
  'client_id': true,
  'cognito:username': true,
  'event_id': true,
  'exp': true,
  'iat': true,
  'identities': true,
  'iss': true,
  'jti': true,
  'nbf': true,
  'nonce': true,
  'origin_jti': true,
  'scope': true,
  'sub': true,
  'token_use': true,
  'username': true,
  'version': true,
};

/** Whether Cognito reserves a claim name. */
export function isReservedClaim(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(RESERVED, name);
}

/** Parses the handler's config from the environment. */
export function parsePreTokenConfig(env: NodeJS.ProcessEnv): PreTokenGenerationConfig {
  return readConfig(env, (raw) => ({
    claimsFromAttributes: stringMap(raw, 'claimsFromAttributes'),
    permissionsClaim: typed(raw, 'permissionsClaim', 'string'),
    groupPermissions: listMap(raw, 'groupPermissions'),
    groupScopes: listMap(raw, 'groupScopes'),
    suppressClaims: stringList(raw, 'suppressClaims'),
    accessTokenClaims: typed(raw, 'accessTokenClaims', 'boolean'),
    maxClaimBytes: typed(raw, 'maxClaimBytes', 'number'),
  }));
}

export class MalformedEvent extends Error {
  constructor(what: string) {
    super(`malformed pre token generation event: ${what}`);
    this.name = 'MalformedEvent';
  }
}

/** Union of a map's lists for the given keys, in first-seen order, without duplicates. */
function collect(map: { [key: string]: string[] }, keys: string[]): string[] {
  const out = new Set<string>();
  for (const key of keys) {
    if (Object.prototype.hasOwnProperty.call(map, key)) for (const v of map[key]) out.add(v);
  }
  return [...out];
}

/**
 * The pre token generation trigger: pure, no network call. Copies the configured user attributes into claims,
 * adds the permissions of the user's groups, suppresses the configured claims and, on V2/V3 events, adds the
 * groups' scopes to the access token. Answers V1 events in `claimsOverrideDetails` (string values) and V2/V3
 * events in `claimsAndScopeOverrideDetails` (permissions as a list). Machine (client credentials) events are
 * returned unchanged. Reserved claims are never emitted, and the added claims stay under `maxClaimBytes`.
 */
export function createHandler(deps: PreTokenDeps) {
  const { config, log } = deps;
  const suppress = config.suppressClaims.filter((c) => !isReservedClaim(c));
  const attributeClaims = Object.entries(config.claimsFromAttributes).filter(([claim]) => !isReservedClaim(claim));
  const permissionsClaim = isReservedClaim(config.permissionsClaim) ? undefined : config.permissionsClaim;

  return async (event: PreTokenEvent): Promise<PreTokenEvent> => {
    if (typeof event !== 'object' || event === null || typeof event.request !== 'object' || event.request === null) {
      throw new MalformedEvent('no request');
    }
    const source = String(event.triggerSource);
    if (source === 'TokenGeneration_ClientCredentials') return event;
    if (!source.startsWith('TokenGeneration_')) {
      log.info('ignored', { triggerSource: source });
      return event;
    }
    const attributes = event.request.userAttributes ?? {};
    const rawGroups = event.request.groupConfiguration?.groupsToOverride;
    const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : [];

    const claims: { [claim: string]: string | string[] } = {};
    let bytes = 2;
    const add = (claim: string, value: string | string[]): void => {
      const size = Buffer.byteLength(JSON.stringify(claim)) + Buffer.byteLength(JSON.stringify(value)) + 2;
      if (bytes + size > config.maxClaimBytes) {
        log.warn('claim left out: size limit', { claim, maxClaimBytes: config.maxClaimBytes });
        return;
      }
      bytes += size;
      claims[claim] = value;
    };
    for (const [claim, attribute] of attributeClaims) {
      const value = attributes[attribute];
      if (typeof value === 'string') add(claim, value);
    }
    const permissions = collect(config.groupPermissions, groups);
    const v2 = event.version === '2' || event.version === '3';

    if (!v2) {
      if (permissionsClaim && permissions.length > 0) add(permissionsClaim, permissions.join(' '));
      const v1 = event as PreTokenGenerationTriggerEvent;
      v1.response = {
        claimsOverrideDetails: {
          claimsToAddOrOverride: claims as { [claim: string]: string },
          claimsToSuppress: suppress,
        },
      };
      return v1;
    }

    if (permissionsClaim && permissions.length > 0) add(permissionsClaim, permissions);
    const scopes = collect(config.groupScopes, groups);
    const v2event = event as PreTokenGenerationV2TriggerEvent;
    // V2/V3 claims may be lists; the aws-lambda types only model strings.
    const typedClaims = claims as unknown as { [claim: string]: string };
    v2event.response = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: typedClaims, claimsToSuppress: suppress },
        accessTokenGeneration: {
          claimsToAddOrOverride: config.accessTokenClaims ? typedClaims : {},
          claimsToSuppress: config.accessTokenClaims ? suppress : [],
          scopesToAdd: scopes,
          scopesToSuppress: [],
        },
      },
    };
    return v2event;
  };
}
