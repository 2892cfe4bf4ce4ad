/** The form of the `iss` claim in the pool's tokens. */
export enum IssuerForm {
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the default of pools, served in the pool's region only. */
  ORIGINAL = 'ORIGINAL',
  /**
   * `https://issuer-cognito-idp.<primary region>.amazonaws.com/<poolId>`: one issuer, whose keys Cognito hosts in every
   * region that serves the pool, which multi-Region replication needs. API Gateway's Cognito authorizer (REST) and
   * Application Load Balancer authentication do not take it yet (Cognito's guide).
   */
  UPDATED = 'UPDATED',
}

/** A replica of the user pool in a second region. */
export interface UserPoolReplicaOptions {
  /** The replica's region, not the pool's own. */
  readonly region: string;
  /**
   * Tags of the replica, set when it is created (later changes go through the replica region's `AuthReplicaRegion`).
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/** What, besides Cognito and the principals that call it, uses a user pool's key in the key's region. */
export interface KeyPolicyOptions {
  /**
   * Whether the pool exports user activity logs in the key's region (`CognitoAuth`'s or `AuthReplicaRegion`'s
   * `userActivityLogs`): Cognito then encrypts the exported logs with the key, and log delivery decrypts them.
   * @default false
   */
  readonly userActivityLogs?: boolean;
}
