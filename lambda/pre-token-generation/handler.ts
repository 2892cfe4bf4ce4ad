import type {
  PreTokenGenerationTriggerEvent,
  PreTokenGenerationV2TriggerEvent,
  PreTokenGenerationV3TriggerEvent,
} from 'aws-lambda';
import { isReservedClaim, type PreTokenGenerationConfig } from '../../lib/private/handler-config';
import { listMap, readConfig, stringList, stringMap, typed } from '../shared/config';
import { HandlerConfigError, MalformedEvent } from '../shared/errors';
import { errorName, type Logger } from '../shared/log';
import type { AddUserToGroup } from '../shared/ports';

/** Any pre token generation event: V1 (ID token only), V2 (user tokens) or V3 (user and machine tokens). */
export type PreTokenEvent = PreTokenGenerationTriggerEvent | PreTokenGenerationV2TriggerEvent | PreTokenGenerationV3TriggerEvent;

export interface PreTokenDeps {
  readonly config: PreTokenGenerationConfig;
  readonly log: Logger;
  /** Needed only when the config has default groups. */
  readonly addUserToGroup?: AddUserToGroup;
}

/** What a user is told when a default group could not be added: the next sign-in tries again. */
export const SETUP_FAILED = 'Sign-in could not finish setting up your account: try signing in again.';

/** Whether Cognito reserves a claim: never emitted, whatever the config says (the list is the contract's). */
export { isReservedClaim };

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
    defaultGroups: stringList(raw, 'defaultGroups'),
    joinDefaultGroups: raw.joinDefaultGroups === undefined ? true : typed(raw, 'joinDefaultGroups', 'boolean'),
  }));
}

/** A malformed pre token generation event: never the event itself in the message. */
const malformed = (what: string): MalformedEvent => new MalformedEvent('pre token generation', what);

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
  const { config, log, addUserToGroup } = deps;
  if (config.defaultGroups.length > 0 && config.joinDefaultGroups !== false && !addUserToGroup) {
    throw new HandlerConfigError('default groups are configured but no way to add users to groups was given');
  }
  const suppress = config.suppressClaims.filter((c) => !isReservedClaim(c));
  const attributeClaims = Object.entries(config.claimsFromAttributes).filter(([claim]) => !isReservedClaim(claim));
  const permissionsClaim = isReservedClaim(config.permissionsClaim) ? undefined : config.permissionsClaim;

  return async (event: PreTokenEvent): Promise<PreTokenEvent> => {
    if (typeof event !== 'object' || event === null || typeof event.request !== 'object' || event.request === null) {
      throw malformed('no request');
    }
    const source = String(event.triggerSource);
    if (source === 'TokenGeneration_ClientCredentials') return event;
    if (!source.startsWith('TokenGeneration_')) {
      log.info('ignored', { triggerSource: source });
      return event;
    }
    const attributes = event.request.userAttributes ?? {};
    const groupConfiguration = event.request.groupConfiguration;
    const rawGroups = groupConfiguration?.groupsToOverride;
    const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : [];

    // Default groups hold for every user who signs in, admin-created ones too (Cognito runs post confirmation only
    // after a self sign-up): a missing one is added once, and this token already carries it. Later tokens find
    // the user in it and make no call.
    const missing = config.defaultGroups.filter((g) => !groups.includes(g));
    let groupOverride: { groupsToOverride: string[]; iamRolesToOverride: string[]; preferredRole?: string } | undefined;
    if (missing.length > 0) {
      if (typeof event.userPoolId !== 'string' || typeof event.userName !== 'string' || event.userName === '') {
        throw malformed('no user name or pool id');
      }
      if (config.joinDefaultGroups === false) {
        // A replica region takes no writes: the token carries the groups, the next sign-in in the primary adds them.
        log.info('default groups in the token only (replica region)', { groups: missing.length, triggerSource: source });
      } else {
        try {
          for (const group of missing) await addUserToGroup!(event.userPoolId, event.userName, group);
        } catch (err) {
          log.error('adding to default groups failed', { error: errorName(err), groups: missing.length });
          throw new Error(SETUP_FAILED);
        }
        log.info('joined default groups', { groups: missing.length, triggerSource: source });
      }
      groups.push(...missing);
      // The roles stay as Cognito sent them: a default group's role reaches the token from the next sign-in on.
      const roles = groupConfiguration?.iamRolesToOverride;
      groupOverride = {
        groupsToOverride: [...groups],
        iamRolesToOverride: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [],
        ...(typeof groupConfiguration?.preferredRole === 'string' ? { preferredRole: groupConfiguration.preferredRole } : {}),
      };
    }

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
          ...(groupOverride ? { groupOverrideDetails: groupOverride } : {}),
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
        ...(groupOverride ? { groupOverrideDetails: groupOverride } : {}),
      },
    };
    return v2event;
  };
}
