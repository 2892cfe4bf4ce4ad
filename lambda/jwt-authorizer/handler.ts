import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { AuthorizerContextKey, JwtAuthorizerConfig } from '../../lib/private/handler-config';
import { CONFIG_ENV, readConfig, stringList, typed } from '../shared/config';
import { HandlerConfigError } from '../shared/errors';
import { errorName, type Logger } from '../shared/log';

export type AuthorizerEvent = APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent | APIGatewayRequestAuthorizerEventV2;
export type AuthorizerContext = { [key: string]: string };
export type AuthorizerResult = APIGatewayAuthorizerResult | APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>;

/** What verifies a token's signature and standard claims. */
export interface TokenVerifier {
  verify(token: string): Promise<JwtPayload>;
  /** Fetches and caches the signing keys (JWKS) ahead of the first token, where the verifier can. */
  hydrate?(): Promise<void>;
}

export interface AuthorizerDeps {
  readonly config: JwtAuthorizerConfig;
  readonly verifier: TokenVerifier;
  readonly log: Logger;
}

/** Longer bearer tokens are refused before any parsing (Cognito tokens are a few KB). */
export const MAX_TOKEN_LENGTH = 8192;
/** The Bearer scheme, matched case-insensitively (RFC 6750 and RFC 9110: auth schemes are case-insensitive). */
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/** Parses the handler's config from the environment. */
export function parseAuthorizerConfig(env: NodeJS.ProcessEnv): JwtAuthorizerConfig {
  return readConfig(env, (raw) => {
    const tokenUse = typed(raw, 'tokenUse', 'string');
    const groupsMatch = typed(raw, 'groupsMatch', 'string');
    if (tokenUse !== 'id' && tokenUse !== 'access' && tokenUse !== 'any') {
      throw new HandlerConfigError(`${CONFIG_ENV}.tokenUse must be id, access or any`);
    }
    if (groupsMatch !== 'any' && groupsMatch !== 'all') throw new HandlerConfigError(`${CONFIG_ENV}.groupsMatch must be any or all`);
    const jwks = raw.jwks as { keys?: unknown } | undefined;
    if (jwks !== undefined && (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys))) {
      throw new HandlerConfigError(`${CONFIG_ENV}.jwks must be a JSON Web Key Set`);
    }
    return {
      issuer: typed(raw, 'issuer', 'string'),
      jwksUri: typed(raw, 'jwksUri', 'string'),
      clientIds: stringList(raw, 'clientIds'),
      tokenUse,
      requiredGroups: stringList(raw, 'requiredGroups'),
      groupsMatch,
      requiredScopes: stringList(raw, 'requiredScopes'),
      contextClaims: stringList(raw, 'contextClaims'),
      ...(jwks ? { jwks: jwks as { keys: object[] } } : {}),
    };
  });
}

/**
 * The verifier, created once per cold start so its JWKS cache lives across invocations: signature (RS256 and the
 * other asymmetric algorithms only; `none` and HMAC are refused), issuer, expiry and not-before, then Cognito's
 * token_use and client (aud or client_id).
 */
export function createVerifier(config: JwtAuthorizerConfig): TokenVerifier {
  // With inline keys, the JWKS "fetch" answers those keys and never touches the network.
  const inline = config.jwks;
  const jwksCache = inline
    ? new SimpleJwksCache({ fetcher: { fetch: async () => new TextEncoder().encode(JSON.stringify(inline)).buffer as ArrayBuffer } })
    : new SimpleJwksCache();
  const verifier = JwtVerifier.create(
    {
      issuer: config.issuer,
      jwksUri: config.jwksUri,
      audience: null,
      customJwtCheck: ({ payload }) =>
        validateCognitoJwtFields(payload, { tokenUse: config.tokenUse === 'any' ? null : config.tokenUse, clientId: config.clientIds }),
    },
    { jwksCache },
  );
  return { verify: (token) => verifier.verify(token), hydrate: () => verifier.hydrate() };
}

/**
 * Starts fetching the pool's signing keys now, during initialisation, so that the first request does not wait for
 * them, and returns the verifier to use. Tokens that arrive while the fetch is under way wait for it to settle, then
 * verify as they always do: with the keys cached, or, when the fetch failed, by fetching them as if there had been
 * no early fetch. A failure is logged (its error name only) and never rejects out of here, so it cannot crash the
 * module. With inline keys (`jwks` in the config) the fetch answers those keys and touches no network.
 */
export function prefetchKeys(verifier: TokenVerifier, log: Logger): TokenVerifier {
  if (!verifier.hydrate) return verifier;
  let started: Promise<void>;
  try {
    started = verifier.hydrate();
  } catch (err) {
    started = Promise.reject(err);
  }
  let pending: Promise<void> | undefined = started.then(
    () => {
      pending = undefined;
    },
    (err: unknown) => {
      pending = undefined;
      log.warn('signing keys not prefetched', { error: errorName(err) });
    },
  );
  return { verify: (token) => (pending ? pending.then(() => verifier.verify(token)) : verifier.verify(token)) };
}

type Kind = 'rest-token' | 'rest-request' | 'http';

function kindOf(event: AuthorizerEvent): Kind | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  if ((event as APIGatewayRequestAuthorizerEventV2).version === '2.0') return 'http';
  if (event.type === 'TOKEN') return 'rest-token';
  if (event.type === 'REQUEST') return 'rest-request';
  return undefined;
}

function authorizationHeader(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  }
  return undefined;
}

/** The stage-wide resource for the policy, so that a cached answer is right for every method of the API. */
export function stageWideArn(methodArn: string): string {
  const [api, stage] = methodArn.split('/');
  return stage === undefined ? methodArn : `${api}/${stage}/*`;
}

/** Thrown for REST APIs when the caller is not authenticated: API Gateway answers 401 to exactly this message. */
export const UNAUTHORIZED = 'Unauthorized';

/**
 * The JWT authorizer for REST (TOKEN or REQUEST) and HTTP (payload 2.0, simple responses) APIs. Unauthenticated
 * (no token, malformed, bad signature, wrong issuer, client or token use, expired, not yet valid): REST gets the
 * `Unauthorized` error (401), HTTP `isAuthorized: false`. Authenticated but missing a required group or scope:
 * REST gets a Deny policy (403), HTTP `isAuthorized: false`. Allowed: REST gets an Allow policy for the whole stage
 * (right for every method when API Gateway caches it) and the caller's claims as context; HTTP the same context.
 * Denials are logged with their reason, never the token or a claim's value.
 */
export function createHandler(deps: AuthorizerDeps) {
  const { config, verifier, log } = deps;

  return async (event: AuthorizerEvent): Promise<AuthorizerResult> => {
    const kind = kindOf(event);
    if (!kind) {
      log.warn('denied', { reason: 'malformed-event' });
      throw new Error(UNAUTHORIZED);
    }
    const unauthenticated = (reason: string): AuthorizerResult => {
      log.info('denied', { reason, kind });
      if (kind === 'http') return { isAuthorized: false, context: {} };
      throw new Error(UNAUTHORIZED);
    };

    const header =
      kind === 'rest-token'
        ? (event as APIGatewayTokenAuthorizerEvent).authorizationToken
        : authorizationHeader((event as { headers?: unknown }).headers);
    if (typeof header !== 'string' || header === '') return unauthenticated('no-token');
    if (header.length > MAX_TOKEN_LENGTH) return unauthenticated('oversized-token');
    const match = BEARER.exec(header);
    if (!match) return unauthenticated('not-a-bearer-jwt');

    let payload: JwtPayload;
    try {
      payload = await verifier.verify(match[1]);
    } catch (err) {
      return unauthenticated(errorName(err));
    }

    const rawGroups = payload['cognito:groups'];
    const groups = Array.isArray(rawGroups) ? (rawGroups as unknown[]).filter((g): g is string => typeof g === 'string') : [];
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const principalId = typeof payload.sub === 'string' ? payload.sub : 'unknown';
    // Configured claims first, then the keys the authorizer owns: no claim can replace the caller's identity,
    // client, groups or scopes.
    const extra: AuthorizerContext = {};
    for (const claim of config.contextClaims) {
      const value = payload[claim];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') extra[claim] = String(value);
    }
    const own: Record<AuthorizerContextKey, string> = {
      sub: principalId,
      username: String(payload['cognito:username'] ?? payload.username ?? ''),
      tokenUse: String(payload.token_use ?? ''),
      clientId: String(payload.client_id ?? payload.aud ?? ''),
      groups: groups.join(','),
      scope: scopes.join(' '),
    };
    const context: AuthorizerContext = { ...extra, ...own };

    const hasGroups =
      config.requiredGroups.length === 0 ||
      (config.groupsMatch === 'all' ? config.requiredGroups.every((g) => groups.includes(g)) : config.requiredGroups.some((g) => groups.includes(g)));
    const hasScopes = config.requiredScopes.every((s) => scopes.includes(s));
    const allowed = hasGroups && hasScopes;
    // Denials are logged with their reason; allowed calls are not (API Gateway's access log has them), which keeps
    // the authorizer's own work per call small next to the signature check.
    if (!allowed) log.info('denied', { kind, reason: hasGroups ? 'missing-scope' : 'missing-group' });

    if (kind === 'http') return { isAuthorized: allowed, context: allowed ? context : {} };
    const methodArn = (event as APIGatewayTokenAuthorizerEvent).methodArn;
    return {
      principalId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: allowed ? 'Allow' : 'Deny', Resource: stageWideArn(String(methodArn)) }],
      },
      ...(allowed ? { context } : {}),
    };
  };
}
