import type { AppClientOptions } from './app-clients';
import type { FrontendConfigOptions } from './frontend-output';
import type { GroupOptions } from './groups';
import type { HostedDomainOptions } from './hosted-domain';
import type { IdentityPoolOptions } from './identity-pool';
import type { IdentityProvider } from './identity-providers';
import type { MonitoringOptions, UserActivityLogsOptions, UserPoolFirewallOptions } from './operations';
import type { ResourceServerOptions } from './resource-servers';
import type { SmokeCheckOptions } from './smoke-check';
import type { TriggersOptions } from './triggers';
import type { UserPoolOptions } from './user-pool';

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
   * Lambda triggers: the bundled pre sign-up, post confirmation and pre token generation triggers, and any
   * other trigger with your own function.
   * @default - none
   */
  readonly triggers?: TriggersOptions;

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
}
