import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { BundledFunctionOptions } from './function-options';
import { BundledFunction } from './private/bundled-function';
import { issuerUrl, jwksUrl } from './private/issuer';
import { AUTHORIZER_CONTEXT_KEYS, type JwtAuthorizerConfig } from './private/handler-config';
import { checkAtSynth, ConfigError, located } from './private/errors';
import { checkProps } from './private/props-check';

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

/**
 * Settings of the bundled JWT-verifying Lambda authorizer, and of its function (its logs, tracing, reserved
 * concurrency and VPC; in `CognitoAuth.jwtAuthorizer`, each one not given comes from `bundledFunctions`).
 */
export interface JwtAuthorizerOptions extends BundledFunctionOptions {
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
   * groups and scope, which the authorizer always sets from the token and which no claim may replace.
   * @default - none
   */
  readonly contextClaims?: string[];

  /**
   * How long API Gateway caches an answer per token (0 to 1 hour; 0 turns caching off). The REST answer is a policy
   * for the whole stage, so a cached answer stays right for every method behind this authorizer.
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
}

/** Props for a standalone `JwtAuthorizerFunction`. */
export interface JwtAuthorizerFunctionProps extends JwtAuthorizerOptions {
  /** The user pool whose tokens are verified. */
  readonly userPool: cognito.IUserPool;
  /**
   * The app clients whose tokens are accepted. More can be added with `addClient` until synth; at synth there must
   * be at least one.
   * @default - none yet
   */
  readonly clients?: cognito.IUserPoolClient[];
}

const MAX_CACHE_TTL = Duration.hours(1);

/** Clients in the order of their construct paths (names the user chose), so the order they came in changes nothing. */
function byPath(clients: cognito.IUserPoolClient[]): cognito.IUserPoolClient[] {
  return [...clients].sort((a, b) => a.node.path.localeCompare(b.node.path));
}


/**
 * The bundled JWT-verifying Lambda authorizer (aws-jwt-verify; JWKS cached across invocations) for what the
 * built-in authorizers cannot do: required groups (any or all), required scopes, ID or access tokens, several
 * clients. One function serves REST (`forRestApi`) and HTTP APIs (`forHttpApi`), in its own stack or in others.
 * It needs no IAM permission: it reads the pool's public signing keys over https.
 */
export class JwtAuthorizerFunction extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;
  /** The cache time of the answers. */
  public readonly resultsCacheTtl: Duration;

  private readonly clients: cognito.IUserPoolClient[];

  constructor(scope: Construct, id: string, props: JwtAuthorizerFunctionProps) {
    super(scope, id);
    try {
      checkProps('JwtAuthorizerFunctionProps', props, `jwtAuthorizer('${id}')`);
      const prop = `jwtAuthorizer('${id}')`;
      const requiredScopes = props.requiredScopes ?? [];
      const tokenUse = props.tokenUse ?? (requiredScopes.length > 0 ? TokenUse.ACCESS : TokenUse.ANY);
      if (requiredScopes.length > 0 && tokenUse !== TokenUse.ACCESS) {
        throw new ConfigError(
          `${prop}.requiredScopes need access tokens, but tokenUse is '${tokenUse}': ID tokens carry no scopes; set tokenUse to TokenUse.ACCESS`,
        );
      }
      const contextClaims = props.contextClaims ?? [];
      contextClaims.forEach((claim, i) => {
        if ((AUTHORIZER_CONTEXT_KEYS as readonly string[]).includes(claim)) {
          throw new ConfigError(
            `${prop}.contextClaims[${i}] '${claim}' is a context key the authorizer sets from the token itself ` +
              `(${AUTHORIZER_CONTEXT_KEYS.join(', ')}): a claim may not replace it`,
          );
        }
      });
      this.clients = [...(props.clients ?? [])];
      this.resultsCacheTtl = props.resultsCacheTtl ?? Duration.minutes(5);
      if (!this.resultsCacheTtl.isUnresolved() && this.resultsCacheTtl.toSeconds() > MAX_CACHE_TTL.toSeconds()) {
        throw new ConfigError(`${prop}.resultsCacheTtl ${this.resultsCacheTtl.toHumanString()} is invalid: API Gateway caches authorizer answers ` +
          `for 0 to 1 hour`);
      }
      // Clients may be added after the authorizer, so the check waits for synth.
      checkAtSynth(this, () => (this.clients.length === 0 ? [`${prop} accepts no app client: give clients, or add one with addClient`] : []));

      const config = (): JwtAuthorizerConfig => ({
        issuer: issuerUrl(props.userPool),
        jwksUri: jwksUrl(props.userPool),
        clientIds: byPath(this.clients).map((c) => c.userPoolClientId),
        tokenUse,
        requiredGroups: props.requiredGroups ?? [],
        groupsMatch: props.groupsMatch ?? GroupsMatch.ANY_OF,
        requiredScopes,
        contextClaims,
      });
      const fn = new BundledFunction(this, 'Handler', {
        handler: 'jwt-authorizer',
        description: 'API Gateway JWT authorizer for a Cognito user pool (cdk-cognito-auth)',
        config,
        configProp: prop,
        settings: props,
        // It fetches the pool's signing keys from Cognito over HTTPS.
        calls: ['cognito-idp'],
        synchronousCaller: 'API Gateway',
        userPool: props.userPool,
      });
      this.function = fn.function;
    } catch (err) {
      throw located(this, err);
    }
  }

  /** Accepts the tokens of one more app client (read at synth, so it may come after the APIs). */
  public addClient(client: cognito.IUserPoolClient): void {
    if (!this.clients.includes(client)) this.clients.push(client);
  }

  /**
   * A REST API TOKEN authorizer on the `Authorization` header (`Bearer <jwt>`), created in `scope` (the API's stack
   * or a construct in it), like aws-cdk-lib's own constructs. Each REST API needs its own. When `scope` is in
   * another stack than the function, API Gateway's permission to invoke the function is created in `scope`'s stack
   * too, so the API stack depends on the function's stack and never the reverse.
   * @param scope where the authorizer is created: the REST API's stack, or a construct in it
   * @param id a construct id, unique in `scope`
   */
  public forRestApi(scope: Construct, id: string): apigateway.TokenAuthorizer {
    const handler =
      Stack.of(scope) === Stack.of(this)
        ? this.function
        : lambda.Function.fromFunctionAttributes(scope, `${id}Function`, { functionArn: this.function.functionArn, sameEnvironment: true });
    return new apigateway.TokenAuthorizer(scope, id, {
      handler,
      identitySource: apigateway.IdentitySource.header('Authorization'),
      resultsCacheTtl: this.resultsCacheTtl,
    });
  }

  /**
   * An HTTP API Lambda authorizer with simple responses on the `Authorization` header. aws-cdk-lib creates it, and
   * the invoke permission, in the scope of the first route it is added to.
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

/** Options of the REST API Cognito authorizer (`CognitoAuth.restApiAuthorizer`). */
export interface RestApiAuthorizerOptions {
  /**
   * How long API Gateway caches an answer per token (0 to 1 hour).
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
}

/** Options of the HTTP API JWT authorizer (`CognitoAuth.httpApiAuthorizer`). */
export interface HttpApiAuthorizerOptions {
  /**
   * The authorizer's name, unique among the authorizers of each HTTP API it is used on.
   * @default 'HttpAuthorizer'
   */
  readonly authorizerName?: string;

  /**
   * The authorizer's name.
   * @deprecated use `authorizerName` (`id` shadows Python's builtin)
   * @default 'HttpAuthorizer'
   */
  readonly id?: string;

  /**
   * The clients whose tokens are accepted (the JWT audience), by name.
   * @default - every client of the pool, machine-to-machine clients too, including clients added later
   */
  readonly clients?: string[];
}

/** Props for a `UserPoolHttpAuthorizer`. */
export interface UserPoolHttpAuthorizerProps {
  /** The user pool whose tokens are accepted (the JWT issuer). */
  readonly userPool: cognito.IUserPool;
  /**
   * The app clients whose tokens are accepted (the JWT audience). More can be added with `addClient` until synth.
   * @default - none yet
   */
  readonly clients?: cognito.IUserPoolClient[];
  /**
   * The authorizer's name.
   * @default 'HttpAuthorizer'
   */
  readonly authorizerName?: string;
}

/**
 * An HTTP API JWT authorizer for a user pool: API Gateway checks the signature, the issuer (the pool) and the
 * audience (the clients). Unlike aws-cdk-lib's `HttpUserPoolAuthorizer`, its audience is read at synth, so clients
 * added after the routes are accepted too. Created, like every HTTP authorizer, in the scope of the first route it
 * is added to, so it works with the user pool in another stack.
 */
export class UserPoolHttpAuthorizer implements apigwv2.IHttpRouteAuthorizer {
  /** The authorization type: JWT. */
  public readonly authorizationType = 'JWT';
  private readonly props: UserPoolHttpAuthorizerProps;
  private readonly clients: cognito.IUserPoolClient[];
  private readonly authorizers = new Map<apigwv2.IHttpApi, apigwv2.HttpAuthorizer>();

  constructor(props: UserPoolHttpAuthorizerProps) {
    checkProps('UserPoolHttpAuthorizerProps', props);
    this.props = props;
    this.clients = [...(props.clients ?? [])];
  }

  /** Accepts the tokens of one more app client (read at synth). */
  public addClient(client: cognito.IUserPoolClient): void {
    if (!this.clients.includes(client)) this.clients.push(client);
  }

  /** The client ids accepted so far (tokens until deploy), in construct-path order. */
  public get clientIds(): string[] {
    return byPath(this.clients).map((c) => c.userPoolClientId);
  }

  /** Binds the authorizer to a route: one authorizer resource per HTTP API, in the first route's scope. */
  public bind(options: apigwv2.HttpRouteAuthorizerBindOptions): apigwv2.HttpRouteAuthorizerConfig {
    const api = options.route.httpApi;
    let authorizer = this.authorizers.get(api);
    if (!authorizer) {
      const name = this.props.authorizerName ?? 'HttpAuthorizer';
      authorizer = new apigwv2.HttpAuthorizer(options.scope, name, {
        httpApi: api,
        authorizerName: name,
        type: apigwv2.HttpAuthorizerType.JWT,
        identitySource: ['$request.header.Authorization'],
        jwtIssuer: issuerUrl(this.props.userPool),
        jwtAudience: Lazy.list({ produce: () => this.clientIds }),
      });
      checkAtSynth(authorizer, () => (this.clients.length === 0 ? [`httpApiAuthorizer '${name}' accepts no app client: add a client to the pool, ` +
        `or name clients`] : []));
      this.authorizers.set(api, authorizer);
    }
    return { authorizerId: authorizer.authorizerId, authorizationType: this.authorizationType };
  }
}

/** The JWT Lambda authorizer's settings, as `CognitoAuth.jwtAuthorizer` takes them. */
export interface CognitoJwtAuthorizerOptions extends JwtAuthorizerOptions {
  /**
   * The clients whose tokens are accepted, by name.
   * @default - every client that signs users in (not machine-to-machine clients)
   */
  readonly clients?: string[];
}
