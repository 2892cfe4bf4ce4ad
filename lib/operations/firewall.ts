import { Duration, Names } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { located } from '../private/errors';
import { checkProps } from '../private/props-check';
import { AuthWebAclProps, FirewallTarget, ManagedRuleGroupOptions } from './firewall-options';
import { validateFirewallRules } from './private/checks';

const SIGN_IN_OPERATIONS = [
  'InitiateAuth',
  'RespondToAuthChallenge',
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'ForgotPassword',
  'ConfirmForgotPassword',
];
const SIGN_IN_PATHS = ['/login', '/signup', '/confirm', '/confirmuser', '/resendcode', '/forgotpassword', '/confirmforgotpassword', '/mfa'];
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
      {
        name: 'AWSManagedRulesCommonRuleSet',
        countRules: target === FirewallTarget.USER_POOL ? ['SizeRestrictions_BODY', 'NoUserAgent_HEADER'] : undefined,
      },
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
              ruleActionOverrides: group.countRules?.length
                ? group.countRules.map((rule) => ({ name: rule, actionToUse: { count: {} } }))
                : undefined,
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
