import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ClientKind, CognitoAuth } from '../../lib';
import { testApp } from '../support/helpers';
import { serviceRuleViolations } from '../support/service-rules';

/**
 * The service rules that every test app checks at synth (test/support/service-rules.ts) can fail: each is broken here on
 * purpose, with an escape hatch the library itself never uses.
 */
describe('the service rules every test synth runs', () => {
  const stackWith = (change: (auth: CognitoAuth) => void) => {
    const stack = new Stack(testApp(), 'Rules');
    const auth = new CognitoAuth(stack, 'Auth', {
      customAttributes: { tier: new cognito.StringAttribute({ mutable: true }) },
      clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }],
      groups: [{ name: 'admin' }],
      identityPool: {},
      triggers: { preTokenGeneration: { claimsFromAttributes: { tier: 'custom:tier' } } },
    });
    change(auth);
    return stack;
  };

  test('an honest stack passes', () => {
    expect(() => Template.fromStack(stackWith(() => undefined))).not.toThrow();
  });

  test.each<[string, (auth: CognitoAuth) => void, RegExp]>([
    [
      'an empty rule list',
      (auth) => {
        const attachment = auth.identityPool!.node.findChild('RoleAttachment') as cognito.CfnIdentityPoolRoleAttachment;
        attachment.addPropertyOverride('RoleMappings.web.RulesConfiguration.Rules', []);
      },
      /ERROR role mapping 'web' has 0 rules: .*Minimum number of 1 item[\s\S]*Acknowledge with 'cognito-service-rules::role-mapping-rules-1-to-25'/,
    ],
    [
      'refresh-token rotation with ALLOW_REFRESH_TOKEN_AUTH',
      (auth) => (auth.client('web').userPoolClient.node.defaultChild as cognito.CfnUserPoolClient).addPropertyOverride('ExplicitAuthFlows', ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
      /ERROR the client rotates refresh tokens and allows ALLOW_REFRESH_TOKEN_AUTH[\s\S]*cognito-service-rules::no-refresh-token-auth-with-rotation/,
    ],
    [
      'a client that may write the source of a claim',
      (auth) => (auth.client('web').userPoolClient.node.defaultChild as cognito.CfnUserPoolClient).addPropertyOverride('WriteAttributes', ['email', 'custom:tier']),
      /ERROR the client may write 'custom:tier', the source of the claim 'tier'[\s\S]*cognito-service-rules::no-client-writes-a-claim-source/,
    ],
    [
      'a scope name with a slash',
      (auth) => {
        const server = auth.userPool.addResourceServer('Bad', { identifier: 'bad', scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'r' })] });
        (server.node.defaultChild as cognito.CfnUserPoolResourceServer).addPropertyOverride('Scopes.0.ScopeName', 'orders/read');
      },
      /ERROR scope name 'orders\/read'[\s\S]*cognito-service-rules::resource-server-scopes/,
    ],
    [
      'a resource server name Cognito refuses (the default name of a URL identifier, before 0.2)',
      (auth) => {
        const server = auth.userPool.addResourceServer('Url', { identifier: 'https://api.example.com/x', scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'r' })] });
        (server.node.defaultChild as cognito.CfnUserPoolResourceServer).addPropertyOverride('Name', 'https://api.example.com/x');
      },
      /ERROR name 'https:\/\/api\.example\.com\/x'[\s\S]*cognito-service-rules::resource-server-scopes/,
    ],
    [
      'one-time codes as a first factor while MFA is required',
      (auth) => {
        const pool = auth.userPool.node.defaultChild as cognito.CfnUserPool;
        pool.addPropertyOverride('MfaConfiguration', 'ON');
        pool.addPropertyOverride('Policies.SignInPolicy.AllowedFirstAuthFactors', ['PASSWORD', 'EMAIL_OTP']);
      },
      /ERROR MFA is required and the first factors include EMAIL_OTP[\s\S]*cognito-service-rules::no-one-time-codes-with-required-mfa/,
    ],
    [
      'passkeys as the only first factor',
      (auth) => (auth.userPool.node.defaultChild as cognito.CfnUserPool).addPropertyOverride('Policies.SignInPolicy.AllowedFirstAuthFactors', ['WEB_AUTHN']),
      /ERROR WEB_AUTHN is the only first factor[\s\S]*cognito-service-rules::passkeys-beside-another-factor/,
    ],
    [
      'choice-based sign-in on a client of a Lite pool',
      (auth) => {
        (auth.userPool.node.defaultChild as cognito.CfnUserPool).addPropertyOverride('UserPoolTier', 'LITE');
        (auth.client('web').userPoolClient.node.defaultChild as cognito.CfnUserPoolClient).addPropertyOverride('ExplicitAuthFlows', ['ALLOW_USER_AUTH']);
      },
      /ERROR the client allows ALLOW_USER_AUTH in a pool on the Lite plan[\s\S]*cognito-service-rules::user-auth-needs-essentials/,
    ],
    [
      'a terms link in a language CloudFormation does not take',
      (auth) =>
        new cognito.CfnTerms(auth, 'Terms', {
          userPoolId: auth.userPool.userPoolId,
          clientId: auth.client('web').clientId,
          termsName: 'terms-of-use',
          termsSource: 'LINK',
          enforcement: 'NONE',
          links: { 'cognito:default': 'https://example.com/terms', 'cognito:klingon': 'https://example.com/tlh' },
        }),
      /ERROR Links key 'cognito:klingon'[\s\S]*cognito-service-rules::terms-links/,
    ],
    [
      'message-delivery logs at INFO',
      (auth) =>
        new cognito.CfnLogDeliveryConfiguration(auth, 'Logs', {
          userPoolId: auth.userPool.userPoolId,
          logConfigurations: [{ eventSource: 'userNotification', logLevel: 'INFO', cloudWatchLogsConfiguration: { logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:x' } }],
        }),
      /ERROR userNotification at INFO to CloudWatchLogsConfiguration[\s\S]*cognito-service-rules::log-delivery-combinations/,
    ],
    [
      'a log group ARN as LogGroup.logGroupArn gives it (ending in :*)',
      (auth) =>
        new cognito.CfnLogDeliveryConfiguration(auth, 'Logs', {
          userPoolId: auth.userPool.userPoolId,
          logConfigurations: [{ eventSource: 'userNotification', logLevel: 'ERROR', cloudWatchLogsConfiguration: { logGroupArn: new logs.LogGroup(auth, 'Group').logGroupArn } }],
        }),
      /ERROR a log group ARN ending in :\*[\s\S]*cognito-service-rules::log-delivery-combinations/,
    ],
    [
      'a CloudFront web ACL on a user pool',
      (auth) => {
        const acl = new wafv2.CfnWebACL(auth, 'Acl', {
          scope: 'CLOUDFRONT',
          defaultAction: { allow: {} },
          visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'acl' },
        });
        new wafv2.CfnWebACLAssociation(auth, 'Association', { resourceArn: auth.userPool.userPoolArn, webAclArn: acl.attrArn });
      },
      /ERROR a user pool with a web ACL of scope CLOUDFRONT[\s\S]*cognito-service-rules::user-pool-web-acl-regional/,
    ],
  ])('%s fails synth', (_name, change, message) => {
    expect(() => Template.fromStack(stackWith(change))).toThrow(message);
  });

  test('the template check on its own: more than 10 role mappings, more than 100 callback URLs', () => {
    const mappings = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`c${i}`, { Type: 'Token', AmbiguousRoleResolution: 'Deny' }]));
    expect(serviceRuleViolations({ Resources: { A: { Type: 'AWS::Cognito::IdentityPoolRoleAttachment', Properties: { RoleMappings: mappings } } } })).toEqual([
      expect.stringMatching(/^role-mappings-at-most-10: A: 11 role mappings/),
    ]);
    const urls = Array.from({ length: 101 }, (_, i) => `https://app.example.com/${i}`);
    expect(serviceRuleViolations({ Resources: { C: { Type: 'AWS::Cognito::UserPoolClient', Properties: { CallbackURLs: urls } } } })).toEqual([
      expect.stringMatching(/^client-url-and-scope-counts: C: CallbackURLs has 101 items/),
    ]);
  });
});
