import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AuthWebAcl, CognitoAuth, CognitoAuthProps, FirewallTarget } from '../../lib';
import { regionalStack } from '../support/helpers';
import { expectError, only, synth, WEB } from './fixtures';

// The web ACL's templates pass AWS's CloudFormation validator in the example app's prod stage and in the props-space
// test, which both draw the firewall; this module runs without it (test/support/setup-env.ts), saving its warm-up.

const { SIGN_IN_OPERATIONS, SIGN_IN_PATHS } = AuthWebAcl;

/**
 * The rate limit's scope-down from the template as a predicate on a request, the way WAF evaluates it: each statement's
 * text transformation applied to its field, then its regex (WAF's are PCRE; these use no PCRE-only syntax).
 */
function scopeDown(template: Template): (request: { path: string; headers?: Record<string, string> }) => boolean {
  const acl = only(template, 'AWS::WAFv2::WebACL');
  const statements: any[] = acl.Properties.Rules[0].Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements;
  expect(statements.map((x) => x.RegexMatchStatement.FieldToMatch)).toEqual([
    { SingleHeader: { Name: 'x-amz-target' } },
    { SingleHeader: { Name: 'x-amzn-cognito-operation-name' } },
    { UriPath: {} },
  ]);
  return (request) =>
    statements.some(({ RegexMatchStatement: m }) => {
      const field = m.FieldToMatch.UriPath ? request.path : request.headers?.[m.FieldToMatch.SingleHeader.Name];
      if (field === undefined) return false;
      const transformed = m.TextTransformations.reduce((v: string, t: { Type: string }) => (t.Type === 'LOWERCASE' ? v.toLowerCase() : t.Type === 'NONE' ? v : fail(t.Type)), field);
      return new RegExp(m.RegexString).test(transformed);
    });
}

function fail(type: string): never {
  throw new Error(`a text transformation this test does not model: ${type}`);
}

describe('firewall', () => {
  const { template } = synth({ clients: [WEB], domain: { prefix: 'ops-test-abc' }, firewall: {} });

  test('a regional web ACL: the rate limit first, then AWS managed groups, everything else allowed; associated with the pool', () => {
    const acl = only(template, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('REGIONAL');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(acl.Properties.Rules.map((r: any) => [r.Priority, r.Name, r.Action ?? r.OverrideAction])).toEqual([
      [0, 'RateLimitPerIp', { Block: {} }],
      [1, 'AWS-AWSManagedRulesAmazonIpReputationList', { None: {} }],
      [2, 'AWS-AWSManagedRulesCommonRuleSet', { None: {} }],
      [3, 'AWS-AWSManagedRulesKnownBadInputsRuleSet', { None: {} }],
    ]);
    expect(acl.Properties.Rules[0].Statement.RateBasedStatement).toMatchObject({ Limit: 300, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    // A SAML response posted to /saml2/idpresponse is often larger than the core rule set's 8 KB body limit;
    // Servers and machine-to-machine clients often call /oauth2/token without a User-Agent.
    expect(acl.Properties.Rules[2].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'NoUserAgent_HEADER', ActionToUse: { Count: {} } },
    ]);
    for (const rule of acl.Properties.Rules) {
      expect(rule.VisibilityConfig).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    }
    const [aclId] = Object.keys(template.findResources('AWS::WAFv2::WebACL'));
    expect(only(template, 'AWS::WAFv2::WebACLAssociation').Properties).toEqual({
      ResourceArn: { 'Fn::GetAtt': ['AuthUserPool89DB94DB', 'Arn'] },
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
  });

  test('the rate limit counts sign-in requests only: the sign-in operations of the API (either header) and the sign-in pages', () => {
    const counts = scopeDown(template);
    for (const op of SIGN_IN_OPERATIONS) {
      expect(counts({ path: '/', headers: { 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` } })).toBe(true);
      expect(counts({ path: '/', headers: { 'x-amzn-cognito-operation-name': op } })).toBe(true);
    }
    for (const op of ['GetUser', 'InitiateAuthX', 'GlobalSignOut', 'AdminInitiateAuth']) {
      expect(counts({ path: '/', headers: { 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` } })).toBe(false);
      expect(counts({ path: '/', headers: { 'x-amzn-cognito-operation-name': op } })).toBe(false);
    }
    for (const p of SIGN_IN_PATHS) {
      expect(counts({ path: p })).toBe(true);
      expect(counts({ path: `${p}/` })).toBe(true);
    }
    // Mixed case arrives as the pages spell it; the LOWERCASE transformation makes it match.
    for (const p of ['/forgotPassword', '/confirmForgotPassword', '/LOGIN', '/signUp']) expect(counts({ path: p })).toBe(true);
    for (const p of ['/oauth2/authorize', '/oauth2/token', '/oauth2/userInfo', '/.well-known/jwks.json', '/logout', '/loginx', '/saml2/idpresponse']) {
      expect(counts({ path: p })).toBe(false);
    }
  });

  test('every rule is a prop: the limit, its window, count-only modes, the groups and their rules', () => {
    const { template: t } = synth({
      firewall: {
        rateLimit: 1000,
        rateLimitWindow: Duration.minutes(1),
        rateLimitCountOnly: true,
        managedRuleGroups: [
          { name: 'AWSManagedRulesCommonRuleSet', countRules: ['NoUserAgent_HEADER', 'SizeRestrictions_BODY'], version: 'Version_1.12' },
          { name: 'AWSManagedRulesAnonymousIpList', countOnly: true },
        ],
      },
    });
    const rules = only(t, 'AWS::WAFv2::WebACL').Properties.Rules;
    expect(rules[0].Action).toEqual({ Count: {} });
    expect(rules[0].Statement.RateBasedStatement).toMatchObject({ Limit: 1000, EvaluationWindowSec: 60 });
    expect(rules.slice(1).map((r: any) => [r.Name, r.OverrideAction, r.Statement.ManagedRuleGroupStatement])).toEqual([
      [
        'AWS-AWSManagedRulesCommonRuleSet',
        { None: {} },
        {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          Version: 'Version_1.12',
          RuleActionOverrides: [
            { Name: 'NoUserAgent_HEADER', ActionToUse: { Count: {} } },
            { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
          ],
        },
      ],
      ['AWS-AWSManagedRulesAnonymousIpList', { Count: {} }, { VendorName: 'AWS', Name: 'AWSManagedRulesAnonymousIpList' }],
    ]);
  });

  test('your own web ACL: only the association', () => {
    const arn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/sign-in/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { template: t } = synth({ firewall: { webAclArn: arn } });
    t.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(only(t, 'AWS::WAFv2::WebACLAssociation').Properties.WebACLArn).toBe(arn);
  });

  test('a REST API web ACL: the rate limit counts every request; associate the stage', () => {
    const stack = regionalStack('eu-west-1');
    const acl = new AuthWebAcl(stack, 'ApiFirewall', { target: FirewallTarget.REST_API, rateLimit: 2000 });
    acl.associate('Stage', 'arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/prod');
    const t = Template.fromStack(stack);
    const rules = only(t, 'AWS::WAFv2::WebACL').Properties.Rules;
    expect(rules[0].Statement.RateBasedStatement).toEqual({ Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    expect(rules[2].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined();
    expect(only(t, 'AWS::WAFv2::WebACLAssociation').Properties.ResourceArn).toBe('arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/prod');
  });

  describe('refused at synth', () => {
    test.each<[string, CognitoAuthProps['firewall'], string]>([
      [
        'a CloudFront web ACL',
        { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1234abcd-12ab-34cd-56ef-1234567890ab' },
        "[Test/Auth] firewall.webAclArn 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1234abcd-12ab-34cd-56ef-1234567890ab' is a CloudFront (global) web ACL: a user pool takes a regional web ACL (scope REGIONAL) in its own region",
      ],
      [
        'a web ACL in another region',
        { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/sign-in/1234' },
        "[Test/Auth] firewall.webAclArn 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/sign-in/1234' is in us-east-1, but the user pool is in eu-west-1: WAF associates a web ACL with resources in its own region only",
      ],
      [
        'not a web ACL ARN',
        { webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/x/1' },
        "[Test/Auth] firewall.webAclArn 'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/x/1' is not a web ACL ARN: expected arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>",
      ],
      [
        'your own web ACL with rule props',
        { webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/sign-in/1234', rateLimit: 100, rateLimitCountOnly: true },
        '[Test/Auth] firewall.webAclArn is your own web ACL, so firewall.rateLimit, firewall.rateLimitCountOnly would not apply: set the rules on your web ACL, or leave out webAclArn',
      ],
      ['a rate limit under 10', { rateLimit: 5 }, '[Test/Auth] firewall.rateLimit 5 is invalid: AWS WAF takes an integer from 10 to 2000000000'],
      ['a fractional rate limit', { rateLimit: 10.5 }, '[Test/Auth] firewall.rateLimit 10.5 is invalid: AWS WAF takes an integer from 10 to 2000000000'],
      ['a window WAF does not count in', { rateLimitWindow: Duration.minutes(3) }, '[Test/Auth] firewall.rateLimitWindow 3 minutes is invalid: AWS WAF counts in windows of 1, 2, 5 or 10 minutes'],
      [
        'a rule group twice',
        { managedRuleGroups: [{ name: 'AWSManagedRulesCommonRuleSet' }, { name: 'AWSManagedRulesCommonRuleSet' }] },
        "[Test/Auth] firewall.managedRuleGroups has 'AWS/AWSManagedRulesCommonRuleSet' more than once: names must be unique",
      ],
      [
        "AWS WAF's account takeover prevention, which Cognito refuses",
        { managedRuleGroups: [{ name: 'AWSManagedRulesATPRuleSet' }] },
        "[Test/Auth] firewall.managedRuleGroups[0] is AWSManagedRulesATPRuleSet: Cognito refuses a web ACL with AWS WAF's account takeover prevention; use threat protection (featurePlan PLUS) instead",
      ],
      [
        'a rule name WAF refuses',
        { managedRuleGroups: [{ name: 'AWSManagedRulesCommonRuleSet', countRules: ['No User Agent'] }] },
        "[Test/Auth] firewall.managedRuleGroups[0].countRules[0] 'No User Agent' is not a rule name: WAF rule names are 1-128 letters, digits, _ and -",
      ],
    ])('%s', (_name, firewall, message) => expectError({ firewall }, message));

    test('a web ACL ARN that is a token is not known until deploy and passes', () => {
      const stack = regionalStack('eu-west-1');
      const acl = new AuthWebAcl(stack, 'Shared', { target: FirewallTarget.USER_POOL });
      expect(() => new CognitoAuth(stack, 'Auth', { firewall: { webAclArn: acl.webAclArn } })).not.toThrow();
    });

    test('the standalone web ACL checks its props too', () => {
      expect(() => new AuthWebAcl(regionalStack('eu-west-1'), 'Acl', { target: FirewallTarget.REST_API, rateLimit: 3_000_000_000 })).toThrow(
        '[Test/Acl] rateLimit 3000000000 is invalid: AWS WAF takes an integer from 10 to 2000000000',
      );
    });
  });
});
