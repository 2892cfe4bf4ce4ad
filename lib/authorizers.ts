import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BundledFunction } from './private/bundled-function';
import { issuerUrl, jwksUrl } from './private/outputs';
import type { JwtAuthorizerConfig } from './private/handler-config';
import { ConfigError } from './private/validate';

/** Which tokens an authorizer accepts. */
export enum TokenUse {
  /** ID tokens: the user's identity and attributes; `aud` is the client id. */
  ID = 'id',
  /** Access tokens: scopes and groups; `client_id` is the client id. Needed for scopes. */
  ACCESS = 'access',
  /** Either. */
  ANY = 'any',
}

/** How required groups combine. */
export enum GroupsMatch {
  /** The user must be in at least one of the groups. */
  ANY_OF = 'any',
  /** The user must be in every one of the groups. */
  ALL_OF = 'all',
}

/** Settings of the bundled JWT-verifying Lambda authorizer. */
export interface JwtAuthorizerOptions {
  /**
   * Which tokens are accepted. Scopes need access tokens.
   * @default TokenUse.ACCESS when `requiredScopes` are set, otherwise TokenUse.ANY
   */
  readonly tokenUse?: TokenUse;

  /**
   * Groups the user must be in (see `groupsMatch`).
   * @default - no group check
   */
  readonly requiredGroups?: string[];

  /**
   * Whether the user needs any one of `requiredGroups` or all of them.
   * @default GroupsMatch.ANY_OF
   */
  readonly groupsMatch?: GroupsMatch;

  /**
   * Scopes the access token must carry, every one of them.
   * @default - no scope check
   */
  readonly requiredScopes?: string[];

  /**
   * Claims passed on to the integration in the authorizer context, besides sub, username, tokenUse, clientId,
   * groups and scope.
   * @default - none
   */
  readonly contextClaims?: string[];

  /**
   * How long API Gateway caches an answer per token (0 to 1 hour; 0 turns caching off). The REST answer is a policy
   * for the whole stage, so a cached answer stays right for every method behind this authorizer.
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;

  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Props for a standalone `JwtAuthorizerFunction`. */
export interface JwtAuthorizerFunctionProps extends JwtAuthorizerOptions {
  /** The user pool whose tokens are verified. */
  readonly userPool: cognito.IUserPool;
  /** The app clients whose tokens are accepted. */
  readonly clients: cognito.IUserPoolClient[];
}

const MAX_CACHE_TTL = Duration.hours(1);

/**
 * The bundled JWT-verifying Lambda authorizer (aws-jwt-verify; JWKS cached across invocations) for what the
 * built-in authorizers cannot do: required groups (any or all), required scopes, ID or access tokens, several
 * clients. One function serves REST (`forRestApi`) and HTTP APIs (`forHttpApi`). It needs no IAM permission: it
 * reads the pool's public signing keys over https.
 */
export class JwtAuthorizerFunction extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;
  /** The cache time of the answers. */
  public readonly resultsCacheTtl: Duration;

  constructor(scope: Construct, id: string, props: JwtAuthorizerFunctionProps) {
    super(scope, id);
    const prop = `jwtAuthorizer('${id}')`;
    const requiredScopes = props.requiredScopes ?? [];
    const tokenUse = props.tokenUse ?? (requiredScopes.length > 0 ? TokenUse.ACCESS : TokenUse.ANY);
    if (requiredScopes.length > 0 && tokenUse !== TokenUse.ACCESS) {
      throw new ConfigError(
        `${prop}.requiredScopes need access tokens, but tokenUse is '${tokenUse}': ID tokens carry no scopes; set tokenUse to TokenUse.ACCESS`,
      );
    }
    if (props.clients.length === 0) {
      throw new ConfigError(`${prop}.clients is empty: name at least one app client whose tokens are accepted`);
    }
    this.resultsCacheTtl = props.resultsCacheTtl ?? Duration.minutes(5);
    if (!this.resultsCacheTtl.isUnresolved() && this.resultsCacheTtl.toSeconds() > MAX_CACHE_TTL.toSeconds()) {
      throw new ConfigError(`${prop}.resultsCacheTtl ${this.resultsCacheTtl.toHumanString()} is invalid: API Gateway caches authorizer answers for 0 to 1 hour`);
    }

    const config = (): JwtAuthorizerConfig => ({
      issuer: issuerUrl(props.userPool),
      jwksUri: jwksUrl(props.userPool),
      clientIds: props.clients.map((c) => c.userPoolClientId),
      tokenUse,
      requiredGroups: props.requiredGroups ?? [],
      groupsMatch: props.groupsMatch ?? GroupsMatch.ANY_OF,
      requiredScopes,
      contextClaims: props.contextClaims ?? [],
    });
    const fn = new BundledFunction(this, 'Handler', {
      handler: 'jwt-authorizer',
      description: 'API Gateway JWT authorizer for a Cognito user pool (cdk-cognito-auth)',
      config,
      configProp: prop,
      logRetention: props.logRetention,
    });
    this.function = fn.function;
  }

  /**
   * A REST API TOKEN authorizer on the `Authorization` header (`Bearer <jwt>`). Each REST API needs its own.
   * @param id a construct id, unique in this scope
   */
  public forRestApi(id: string): apigateway.TokenAuthorizer {
    return new apigateway.TokenAuthorizer(this, id, {
      handler: this.function,
      identitySource: apigateway.IdentitySource.header('Authorization'),
      resultsCacheTtl: this.resultsCacheTtl,
    });
  }

  /**
   * An HTTP API Lambda authorizer with simple responses on the `Authorization` header.
   * @param id a name for the authorizer
   */
  public forHttpApi(id: string): authorizers.HttpLambdaAuthorizer {
    return new authorizers.HttpLambdaAuthorizer(id, this.function, {
      identitySource: ['$request.header.Authorization'],
      responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
      resultsCacheTtl: this.resultsCacheTtl,
    });
  }
}

/** Options of the built-in Cognito authorizers. */
export interface UserPoolAuthorizerOptions {
  /**
   * A construct id (REST) or name (HTTP) for the authorizer.
   * @default 'RestAuthorizer' or 'HttpAuthorizer'
   */
  readonly id?: string;

  /**
   * The clients whose tokens are accepted, by name (HTTP: the JWT audience).
   * @default - every client that signs users in (machine-to-machine clients too, for HTTP APIs)
   */
  readonly clients?: string[];

  /**
   * How long API Gateway caches an answer (REST only).
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
}
