import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type { AppClientOptions } from '../app-client/app-client-options';
import type { GroupOptions } from '../groups';
import type { BundledFunctionOptions } from '../function-options';
import type { HostedDomainOptions } from '../hosted-domain';
import type { IdentityPoolOptions } from '../identity-pool';
import type { IdentityProvider } from '../identity-providers';
import type { MonitoringOptions, ThreatProtectionRulesOptions, UserActivityLogsOptions, UserPoolFirewallOptions } from '../operations';
import type { ResourceServerOptions } from '../app-client/resource-server-options';
import type { TriggersOptions } from '../triggers';
import type { UserPoolOptions } from '../user-pool/user-pool-options';

/** Props for `CognitoAuth`: the user pool's settings and every part built on it. */
export interface CognitoAuthProps extends UserPoolOptions {
  /**
   * App clients.
   * @default - none (add them with `addClient`)
   */
  readonly clients?: AppClientOptions[];

  /**
   * Resource servers with custom scopes, for `scopes` of clients (`OAuthScope.custom('<identifier>/<scope>')`).
   * @default - none
   */
  readonly resourceServers?: ResourceServerOptions[];

  /**
   * The hosted sign-in domain.
   * @default - no domain (clients sign users in through the API only)
   */
  readonly domain?: HostedDomainOptions;

  /**
   * Identity providers to federate with: `IdentityProvider.google()`, `.facebook()`, `.apple()`, `.amazon()`,
   * `.saml()`, `.oidc()`. Federated sign-in goes through the hosted pages, so `domain` is required. Every client with
   * callbackUrls offers every provider unless it lists its own `identityProviders`.
   * @default - none
   */
  readonly identityProviders?: IdentityProvider[];

  /**
   * User groups.
   * @default - none (add them with `addGroup`)
   */
  readonly groups?: GroupOptions[];

  /**
   * An identity pool that gives signed-in users AWS credentials for their group's role.
   * @default - no identity pool (and groups get no created role)
   */
  readonly identityPool?: IdentityPoolOptions;

  /**
   * Lambda triggers: the bundled pre sign-up, post confirmation, pre token generation and custom message triggers, and any
   * other trigger with your own function.
   * @default - none
   */
  readonly triggers?: TriggersOptions;

  /**
   * Settings for every function the library bundles here: the three triggers and each JWT authorizer that
   * `jwtAuthorizer()` creates (log retention and encryption, tracing, reserved concurrency, a VPC). A trigger's or
   * authorizer's own setting wins; the VPC, its subnets and security groups go together.
   * @default - each function's own settings, else the defaults of `BundledFunctionOptions`
   */
  readonly bundledFunctions?: BundledFunctionOptions;

  /**
   * Stack outputs: user pool id and ARN, issuer and JWKS URLs, client ids, domain and sign-in URLs, and the
   * front-end config as one JSON output (`FrontendConfig`).
   * @default true
   */
  readonly outputs?: boolean;

  /**
   * Where the front-end config goes besides the `FrontendConfig` output.
   * @default - the stack output only
   */
  readonly frontendConfig?: FrontendConfigOptions;

  /**
   * Opt in to the post-deploy smoke check: creates the app client `smoke-check` (no secret, no OAuth, sign-in only
   * with `AdminInitiateAuth`, which needs IAM credentials) and the `SmokeCheck` stack output.
   * @default - no smoke client
   */
  readonly smokeCheck?: SmokeCheckOptions;

  /**
   * Export the pool's user activity logs: message-delivery errors to CloudWatch Logs, authentication events (Plus with
   * threat protection) to CloudWatch Logs, S3 or Firehose.
   * @default - no logs exported
   */
  readonly userActivityLogs?: UserActivityLogsOptions;

  /**
   * An AWS WAF web ACL in front of the pool's sign-in endpoints (its API and its hosted pages): your own regional ACL,
   * or one created with AWS's managed rule groups and a per-IP rate limit on sign-in requests.
   * @default - no web ACL
   */
  readonly firewall?: UserPoolFirewallOptions;

  /**
   * Alarms (pool throttles, risky requests on Plus, each trigger's and JWT authorizer's errors, throttles and duration)
   * and a CloudWatch dashboard.
   * @default - no alarms and no dashboard
   */
  readonly monitoring?: MonitoringOptions;

  /**
   * Threat protection's rules (Plus plan, threatProtection FULL_FUNCTION): what Cognito does with compromised
   * credentials and at each risk level, the notification emails, IP ranges always allowed or blocked; pool-wide, and
   * per app client by name in `clients`.
   * @default - none written: Cognito's defaults apply
   */
  readonly threatProtectionRules?: ThreatProtectionRulesOptions;
}

/** Where the front-end config goes besides the `FrontendConfig` stack output. */
export interface FrontendConfigOptions {
  /**
   * Also write the config (JSON) to an SSM String parameter of this name (like `/my-app/auth/frontend-config`), for
   * a front-end build to read with `aws ssm get-parameter`. Standard tier: the value may be at most 4 KB.
   * @default - no parameter
   */
  readonly ssmParameterName?: string;
}

/** The post-deploy smoke check's settings, read by the package's command `cognito-smoke-check --stack <name>` (`--plan` offline). */
export interface SmokeCheckOptions {
  /**
   * The group the temporary user joins; its token must carry it, and the identity pool must give its role.
   * @default - no group: the user should get the identity pool's default authenticated role
   */
  readonly group?: string;

  /**
   * The name of an API added with `addApiUrl` whose route `apiPath` the check calls with the user's ID token
   * (expecting 200) and without a token (expecting 401).
   * @default - no API call
   */
  readonly api?: string;

  /**
   * The route, appended to the API's URL as it is (API URLs of aws-cdk-lib end with a slash): `me` for
   * https://abc.execute-api.eu-west-1.amazonaws.com/prod/me. Without `api` (an API in another stack, whose URL
   * this stack's outputs cannot hold), the command appends it to the URL given with `--api-url`.
   * @default '' (the API's URL itself)
   */
  readonly apiPath?: string;

  /**
   * The route is called with the temporary user's ID token, so it must accept ID tokens: a route that requires
   * OAuth scopes (which only access tokens carry) cannot be checked. Send the token as `Authorization: Bearer <token>`
   * (the bundled JWT Lambda authorizer wants this form) instead of the bare token (the REST Cognito authorizer's form;
   * HTTP API JWT authorizers take both).
   * @default false
   */
  readonly bearer?: boolean;
}

/**
 * A REST method behind an authorizer, as `CognitoAuth.addRestApiMethod` adds it: the authorizer, the OAuth scopes it
 * requires and the method's other options. In Python these are keyword arguments:
 * `auth.add_rest_api_method(resource, "GET", integration, authorizer=users, scopes=["orders/read"])`.
 */
export interface AuthorizedMethodOptions {
  /**
   * The authorizer: `restApiAuthorizer(scope, id)` (API Gateway's Cognito authorizer), the bundled Lambda authorizer
   * `jwtAuthorizer(id).forRestApi(scope, id)`, or another authorizer of the REST API.
   */
  readonly authorizer: apigateway.IAuthorizer;

  /**
   * OAuth scopes of which the access token must carry one. API Gateway then accepts only access tokens (ID tokens
   * carry no scopes). Only with the Cognito authorizer (`restApiAuthorizer`; the Lambda authorizer has
   * `requiredScopes`), and each must be a scope that some app client of this pool may be granted.
   * @default - no scope required
   */
  readonly scopes?: string[];

  /**
   * The method's other options: request validator, parameters and models, method responses, API key, operation
   * name. Not `authorizer`, `authorizationType` or `authorizationScopes`: those come from `authorizer` and `scopes`.
   * @default - none
   */
  readonly methodOptions?: apigateway.MethodOptions;
}
