import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ConfigError, located, validateUnique } from '../private/validate';
import { checkProps } from '../private/props-check';

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

const SIGN_IN_OPERATIONS = ['InitiateAuth', 'RespondToAuthChallenge', 'SignUp', 'ConfirmSignUp', 'ResendConfirmationCode', 'ForgotPassword', 'ConfirmForgotPassword'];
const SIGN_IN_PATHS = ['/login', '/signup', '/confirm', '/confirmuser', '/resendcode', '/forgotpassword', '/confirmforgotpassword', '/mfa'];
/** Cognito refuses a web ACL with this group (developer guide, "Associate an AWS WAF web ACL with a user pool"). */
const ATP_RULE_GROUP = 'AWSManagedRulesATPRuleSet';

/** WAF's bounds on a rate-based rule (WAF API reference, RateBasedStatement). */
const RATE_LIMIT_MIN = 10;
const RATE_LIMIT_MAX = 2_000_000_000;
const RATE_WINDOWS_SECONDS = [60, 120, 300, 600];
const RULE_NAME = /^[0-9A-Za-z_-]{1,128}$/;

/**
 * An AWS WAF web ACL (regional) for a user pool or a REST API stage: a per-IP rate limit first, then managed rule
 * groups, everything else allowed. Every rule reports CloudWatch metrics and sampled requests. `CognitoAuth` creates
 * one for its pool with `firewall`; for a REST API create one in the API's stack and `associate` the stage.
 */
export class AuthWebAcl extends Construct {
  /**
   * The Cognito API operations a user pool's rate limit counts, by the operation Cognito names in the request
   * (`X-Amz-Target: AWSCognitoIdentityProviderService.<operation>`, or `x-amzn-cognito-operation-name`).
   */
  public static readonly SIGN_IN_OPERATIONS: string[] = [...SIGN_IN_OPERATIONS];
  /** The paths of the pool's sign-in pages (managed login and the classic hosted UI) its rate limit counts, in lowercase. */
  public static readonly SIGN_IN_PATHS: string[] = [...SIGN_IN_PATHS];

  /**
   * The managed rule groups a web ACL gets when `managedRuleGroups` is not given. For a user pool two rules of the core
   * rule set only count: SizeRestrictions_BODY (a SAML response posted to /saml2/idpresponse is often larger than its
   * 8 KB limit) and NoUserAgent_HEADER (servers and machine-to-machine clients often call /oauth2/token without one).
   */
  public static defaultManagedRuleGroups(target: FirewallTarget): ManagedRuleGroupOptions[] {
    checkProps('FirewallTarget', target, 'AuthWebAcl.defaultManagedRuleGroups() target');
    return [
      { name: 'AWSManagedRulesAmazonIpReputationList' },
      { name: 'AWSManagedRulesCommonRuleSet', countRules: target === FirewallTarget.USER_POOL ? ['SizeRestrictions_BODY', 'NoUserAgent_HEADER'] : undefined },
      { name: 'AWSManagedRulesKnownBadInputsRuleSet' },
    ];
  }

  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** Its ARN. */
  public readonly webAclArn: string;
  /** The rate limit in force (requests per IP in `rateLimitWindowSeconds`). */
  public readonly rateLimit: number;
  /** The rate limit's window in seconds. */
  public readonly rateLimitWindowSeconds: number;
  /** The CloudWatch metric name of the web ACL (the `WebACL` dimension of WAF's metrics is its name). */
  public readonly metricName: string;

  constructor(scope: Construct, id: string, props: AuthWebAclProps) {
    super(scope, id);
    try {
      checkProps('AuthWebAclProps', props);
      this.rateLimit = props.rateLimit ?? 300;
      this.rateLimitWindowSeconds = (props.rateLimitWindow ?? Duration.minutes(5)).toSeconds();
      validateFirewallRules('', props, props.target);
      const groups = props.managedRuleGroups ?? AuthWebAcl.defaultManagedRuleGroups(props.target);

      const name = Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
      this.metricName = name;
      const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
        cloudWatchMetricsEnabled: true,
        sampledRequestsEnabled: true,
        metricName,
      });
      const rules: wafv2.CfnWebACL.RuleProperty[] = [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: props.rateLimitCountOnly ? { count: {} } : { block: {} },
          statement: {
            rateBasedStatement: {
              limit: this.rateLimit,
              evaluationWindowSec: this.rateLimitWindowSeconds,
              aggregateKeyType: 'IP',
              scopeDownStatement: props.target === FirewallTarget.USER_POOL ? signInRequests() : undefined,
            },
          },
          visibilityConfig: visibility(`${name}-RateLimitPerIp`),
        },
        ...groups.map((group, i): wafv2.CfnWebACL.RuleProperty => ({
          name: `${group.vendor ?? 'AWS'}-${group.name}`,
          priority: i + 1,
          overrideAction: group.countOnly ? { count: {} } : { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: group.vendor ?? 'AWS',
              name: group.name,
              version: group.version,
              ruleActionOverrides: group.countRules?.length ? group.countRules.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
            },
          },
          visibilityConfig: visibility(`${name}-${group.name}`),
        })),
      ];
      this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
        name,
        scope: 'REGIONAL',
        description: props.target === FirewallTarget.USER_POOL ? 'Protects the Cognito user pool sign-in endpoints' : 'Protects a REST API stage',
        defaultAction: { allow: {} },
        rules,
        visibilityConfig: visibility(name),
      });
      this.webAclArn = this.webAcl.attrArn;
    } catch (err) {
      throw located(this, err);
    }
  }

  /**
   * Associates the web ACL with a resource in its region: a user pool's ARN, or a REST API stage's ARN
   * (`restApi.deploymentStage.stageArn`). Create the web ACL in the stack of the resource.
   */
  public associate(id: string, resourceArn: string): wafv2.CfnWebACLAssociation {
    return new wafv2.CfnWebACLAssociation(this, id, { resourceArn, webAclArn: this.webAclArn });
  }
}

/**
 * The requests a user pool's rate limit counts: sign-in API operations, and the sign-in pages. The operation is matched
 * on both headers that can name it: the API's `X-Amz-Target`, and `x-amzn-cognito-operation-name`, which the Cognito
 * guide names as the header identifying native API requests to WAF.
 */
function signInRequests(): wafv2.CfnWebACL.StatementProperty {
  const operations = SIGN_IN_OPERATIONS.join('|');
  return {
    orStatement: {
      statements: [
        {
          regexMatchStatement: {
            fieldToMatch: { singleHeader: { Name: 'x-amz-target' } },
            regexString: `^AWSCognitoIdentityProviderService\\.(${operations})$`,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        {
          regexMatchStatement: {
            fieldToMatch: { singleHeader: { Name: 'x-amzn-cognito-operation-name' } },
            regexString: `^(${operations})$`,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        {
          regexMatchStatement: {
            fieldToMatch: { uriPath: {} },
            regexString: `^(${SIGN_IN_PATHS.map((p) => p.replace(/\//g, '\\/')).join('|')})(\\/|$)`,
            textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
          },
        },
      ],
    },
  };
}

/** Checks the rule props against WAF's bounds; `prefix` is where they sit in the caller's props ('firewall.' or ''). */
export function validateFirewallRules(prefix: string, options: FirewallRulesOptions, target: FirewallTarget): void {
  const limit = options.rateLimit;
  if (limit !== undefined && !Token.isUnresolved(limit) && (!Number.isInteger(limit) || limit < RATE_LIMIT_MIN || limit > RATE_LIMIT_MAX)) {
    throw new ConfigError(`${prefix}rateLimit ${limit} is invalid: AWS WAF takes an integer from ${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX}`);
  }
  const window = options.rateLimitWindow;
  if (window !== undefined && !RATE_WINDOWS_SECONDS.includes(window.toSeconds({ integral: false }))) {
    throw new ConfigError(`${prefix}rateLimitWindow ${window.toHumanString()} is invalid: AWS WAF counts in windows of 1, 2, 5 or 10 minutes`);
  }
  const groups = options.managedRuleGroups ?? [];
  validateUnique(`${prefix}managedRuleGroups`, groups.map((g) => `${g.vendor ?? 'AWS'}/${g.name}`));
  groups.forEach((group, i) => {
    const rule = `${group.vendor ?? 'AWS'}-${group.name}`;
    if (target === FirewallTarget.USER_POOL && (group.vendor ?? 'AWS') === 'AWS' && group.name === ATP_RULE_GROUP) {
      throw new ConfigError(`${prefix}managedRuleGroups[${i}] is ${ATP_RULE_GROUP}: Cognito refuses a web ACL with AWS WAF's account takeover prevention; use threat protection (featurePlan PLUS) instead`);
    }
    if (!RULE_NAME.test(rule)) {
      throw new ConfigError(`${prefix}managedRuleGroups[${i}] '${group.name}' makes the rule name '${rule}': WAF rule names are 1-128 letters, digits, _ and -`);
    }
    (group.countRules ?? []).forEach((name, j) => {
      if (!RULE_NAME.test(name)) {
        throw new ConfigError(`${prefix}managedRuleGroups[${i}].countRules[${j}] '${name}' is not a rule name: WAF rule names are 1-128 letters, digits, _ and -`);
      }
    });
  });
}

/**
 * Checks `firewall.webAclArn` (your own web ACL) for what WAF refuses: a CloudFront (global) web ACL, or one in
 * another region than the pool. An ARN that is a token is not known until deploy and is not checked.
 */
export function validateUserPoolWebAclArn(scope: Construct, options: UserPoolFirewallOptions): void {
  const arn = options.webAclArn;
  if (arn === undefined || Token.isUnresolved(arn)) return;
  const parts = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]*):(\d{12}):(regional|global)\/webacl\/[^/]+\/[^/]+$/.exec(arn);
  if (!parts) {
    throw new ConfigError(`firewall.webAclArn '${arn}' is not a web ACL ARN: expected arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`);
  }
  if (parts[3] === 'global') {
    throw new ConfigError(`firewall.webAclArn '${arn}' is a CloudFront (global) web ACL: a user pool takes a regional web ACL (scope REGIONAL) in its own region`);
  }
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region) && parts[1] !== region) {
    throw new ConfigError(`firewall.webAclArn '${arn}' is in ${parts[1]}, but the user pool is in ${region}: WAF associates a web ACL with resources in its own region only`);
  }
}

/** The rule props of `firewall` that `webAclArn` (your own ACL) leaves nothing to apply to. */
export function rulePropsWithOwnAcl(options: UserPoolFirewallOptions): string[] {
  const props: (keyof FirewallRulesOptions)[] = ['managedRuleGroups', 'rateLimit', 'rateLimitWindow', 'rateLimitCountOnly'];
  return options.webAclArn === undefined ? [] : props.filter((p) => options[p] !== undefined);
}
