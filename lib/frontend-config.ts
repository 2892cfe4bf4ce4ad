/*
 * The shapes of the JSON that CognitoAuth writes to its stack outputs. This module imports nothing, so a front end
 * can import its types without aws-cdk-lib:
 *   import type { FrontendConfig } from 'cdk-cognito-auth/frontend-config';
 */

/** One public app client, as a front end needs it. */
export interface FrontendClientConfig {
  /** The app client id. */
  readonly clientId: string;
  /** The OAuth scopes the client may ask for. */
  readonly scopes: string[];
  /** Where the hosted sign-in page may send users back to (the client's callback URLs). */
  readonly redirectSignIn: string[];
  /** Where users may land after signing out (the client's logout URLs). */
  readonly redirectSignOut: string[];
  /** The identity providers the sign-in page offers: COGNITO, Google, a SAML provider's name, ... */
  readonly identityProviders: string[];
  /**
   * Whether the client takes choice-based sign-in (the USER_AUTH flow, Amplify's `authFlowType: 'USER_AUTH'`),
   * through which users reach the pool's `signInMethods`. Absent in configs written by earlier versions of this library.
   * @default - absent in configs of earlier versions: treat as false
   */
  readonly choiceBasedSignIn?: boolean;
}

/** The hosted sign-in domain. */
export interface FrontendDomainConfig {
  /** The host name, like example-auth.auth.eu-west-1.amazoncognito.com or auth.example.com. */
  readonly hostname: string;
  /** The base URL, https://<hostname>. */
  readonly baseUrl: string;
}

/** A region that serves the user pool. */
export interface FrontendRegionConfig {
  /** The region. */
  readonly region: string;
  /** Whether it is the primary (sign-ups, password resets, profile and MFA changes happen there only). */
  readonly primary: boolean;
  /** The Cognito user pools API endpoint of the region: https://cognito-idp.<region>.amazonaws.com. */
  readonly endpoint: string;
}

/**
 * What a front end needs to sign users in: emitted by `CognitoAuth` as the `FrontendConfig` stack output (JSON)
 * and, when asked, as an SSM parameter. Machine-to-machine and server clients are left out: their ids belong to
 * back ends.
 */
export interface FrontendConfig {
  /** The version of this shape; changes only when a field is removed or changes meaning. */
  readonly version: number;
  /** The AWS region of the user pool. */
  readonly region: string;
  /** The user pool id. */
  readonly userPoolId: string;
  /**
   * The token issuer (the `iss` claim): https://cognito-idp.<region>.amazonaws.com/<userPoolId>, or with the updated
   * issuer (multi-Region pools) https://issuer-cognito-idp.<primary region>.amazonaws.com/<userPoolId>.
   */
  readonly issuer: string;
  /**
   * With replicas: every region that serves the pool, the primary first, with its Cognito API endpoint. Sign-ups and
   * changes go to the primary only; on failover a front end sends sign-ins to a secondary (same pool id and clients).
   * Absent for a pool in one region.
   * @default - absent: the pool is served by `region` only
   */
  readonly regions?: FrontendRegionConfig[];
  /**
   * The first factors users may sign in with, as Cognito names them and Amplify's `preferredChallenge` takes them:
   * PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN. Absent in configs written by earlier versions of this library (password only).
   * @default - absent in configs of earlier versions: ['PASSWORD']
   */
  readonly signInMethods?: string[];
  /**
   * The passkey relying party id (the host name passkeys are registered for), when passkeys are on.
   * @default - absent: passkeys are off
   */
  readonly passkeyRelyingPartyId?: string;
  /** The public (browser and native) clients, by name. */
  readonly clients: { [name: string]: FrontendClientConfig };
  /**
   * The hosted sign-in domain, when there is one.
   * @default - absent: no hosted sign-in domain (sign-in through the API only)
   */
  readonly domain?: FrontendDomainConfig;
  /**
   * The identity pool id, when there is an identity pool.
   * @default - absent: no identity pool
   */
  readonly identityPoolId?: string;
  /** API base URLs added with `addApiUrl`, by name. */
  readonly apis: { [name: string]: string };
}

/**
 * What the post-deploy smoke check needs: emitted as the `SmokeCheck` stack output (JSON) by a `CognitoAuth` with
 * `smokeCheck` set.
 */
export interface SmokeCheckConfig {
  /** The version of this shape. */
  readonly version: number;
  /** The AWS region of the user pool. */
  readonly region: string;
  /** The user pool id. */
  readonly userPoolId: string;
  /**
   * The `iss` the pool's ID tokens carry (original or updated form). Absent in configs of earlier versions.
   * @default - absent in configs of earlier versions: the original form, https://cognito-idp.<region>.amazonaws.com/<userPoolId>
   */
  readonly issuer?: string;
  /** The smoke client's id: no secret, no OAuth, admin password sign-in only. */
  readonly clientId: string;
  /**
   * What users sign in with instead of a user name: `email`, `phone_number` (empty: a user name).
   * @default - absent: a user name
   */
  readonly usernameAttributes?: string[];
  /**
   * The standard attributes the pool requires at sign-up (given_name, ...), which the temporary user gets.
   * @default - absent: none
   */
  readonly requiredAttributes?: string[];
  /**
   * The group the temporary user joins, if any.
   * @default - absent: the user joins no group
   */
  readonly group?: string;
  /**
   * The identity pool id, when there is an identity pool.
   * @default - absent: no identity pool, so no credentials are asked for
   */
  readonly identityPoolId?: string;
  /**
   * The ARN of the role the temporary user should get from the identity pool.
   * @default - absent: the role is not compared
   */
  readonly expectedRoleArn?: string;
  /**
   * Whether the identity pool should refuse the temporary user credentials (no group role, unmatched users denied).
   * @default - absent: false
   */
  readonly expectDenied?: boolean;
  /**
   * A protected API route to call with the user's ID token, expecting 200 (and 401 without a token).
   * @default - absent: no API is called (unless `apiPath` is set)
   */
  readonly apiUrl?: string;
  /**
   * The route of an API in another stack (`smokeCheck.apiPath` without `api`): the command appends it to the URL
   * given with --api-url.
   * @default - absent: no route of another stack's API
   */
  readonly apiPath?: string;
  /**
   * Whether the token goes as `Bearer <token>` rather than bare.
   * @default - absent: false (the bare token)
   */
  readonly bearer?: boolean;
}
