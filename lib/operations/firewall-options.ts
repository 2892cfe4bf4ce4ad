import type { Duration } from 'aws-cdk-lib';

/** What a web ACL protects: it decides which requests the per-IP rate limit counts. */
export enum FirewallTarget {
  /** A Cognito user pool: the rate limit counts sign-in requests only (`AuthWebAcl.SIGN_IN_OPERATIONS`, `AuthWebAcl.SIGN_IN_PATHS`). */
  USER_POOL = 'USER_POOL',
  /** An API Gateway REST API stage: the rate limit counts every request. (HTTP APIs cannot take a web ACL.) */
  REST_API = 'REST_API',
}

/** A managed rule group in the web ACL (by default AWS's). */
export interface ManagedRuleGroupOptions {
  /** The rule group's name, for example `AWSManagedRulesCommonRuleSet`. */
  readonly name: string;
  /**
   * The vendor.
   * @default 'AWS'
   */
  readonly vendor?: string;
  /**
   * A version of the group to pin.
   * @default - the vendor's default version, which follows the vendor's updates
   */
  readonly version?: string;
  /**
   * Rules of the group that only count matching requests (in the web ACL's metrics and sampled requests)
   * instead of acting on them: the way to switch off one rule that blocks your own traffic.
   * @default - none: every rule acts as the vendor set it
   */
  readonly countRules?: string[];
  /**
   * Whether the whole group only counts: the way to try a group out before it blocks anything.
   * @default false
   */
  readonly countOnly?: boolean;
}

/** The rules of a web ACL this library creates. */
export interface FirewallRulesOptions {
  /**
   * Managed rule groups, evaluated in this order after the rate limit. Giving a list replaces the defaults.
   * @default - `AuthWebAcl.defaultManagedRuleGroups(target)`: AWS's IP reputation list, core rule set and known bad
   * inputs; for a user pool the core rule set's SizeRestrictions_BODY and NoUserAgent_HEADER only count
   */
  readonly managedRuleGroups?: ManagedRuleGroupOptions[];
  /**
   * Requests one IP address may make in `rateLimitWindow` before the rest are blocked: sign-in requests for a user
   * pool, every request for a REST API. An integer from 10 to 2,000,000,000.
   * @default 300 (in 5 minutes)
   */
  readonly rateLimit?: number;
  /**
   * The window the rate limit counts in: 1, 2, 5 or 10 minutes.
   * @default Duration.minutes(5)
   */
  readonly rateLimitWindow?: Duration;
  /**
   * Whether the rate limit only counts (to learn your traffic's peaks before it blocks anyone).
   * @default false
   */
  readonly rateLimitCountOnly?: boolean;
}

/** Props for `AuthWebAcl`. */
export interface AuthWebAclProps extends FirewallRulesOptions {
  /** What the web ACL protects. */
  readonly target: FirewallTarget;
}

/** The user pool's firewall: your own regional web ACL, or one the library creates. */
export interface UserPoolFirewallOptions extends FirewallRulesOptions {
  /**
   * Your own web ACL's ARN, which must be regional (`arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`)
   * and in the pool's region. Then no web ACL is created and the rule props must be left out.
   * @default - a web ACL is created with the rule props
   */
  readonly webAclArn?: string;
}
