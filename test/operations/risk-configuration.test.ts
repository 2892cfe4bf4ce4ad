import { Annotations, App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations as Found, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import {
  AuthRiskConfiguration,
  ClientKind,
  CognitoAuth,
  CognitoAuthProps,
  CompromisedCredentialsEvent,
  RiskAction,
  ThreatProtectionRulesOptions,
} from '../../lib';
import { regionalStack, validatorOn } from '../support/helpers';
import { expectError, PLUS, synth, WEB } from './fixtures';

// Threat protection's rules (AWS::Cognito::UserPoolRiskConfigurationAttachment). The limits are SetRiskConfiguration's
// (Cognito API reference: RiskExceptionConfigurationType, NotifyConfigurationType, NotifyEmailType,
// CompromisedCredentialsRiskConfigurationType, AccountTakeoverActionType). Every template here must pass AWS's
// CloudFormation validator.
validatorOn();

const SES = 'arn:aws:ses:eu-west-1:123456789012:identity/example.com';
const API = { name: 'api', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://api.example.com/cb'] };
const rules = (threatProtectionRules: ThreatProtectionRulesOptions, more: Partial<CognitoAuthProps> = {}): CognitoAuthProps =>
  ({ ...PLUS, clients: [WEB], threatProtectionRules, ...more });
const attachments = (template: Template) => Object.values(template.findResources('AWS::Cognito::UserPoolRiskConfigurationAttachment'));
const onlyAttachment = (template: Template) => {
  const found = attachments(template);
  expect(found).toHaveLength(1);
  return found[0].Properties;
};

describe('the pool-wide configuration', () => {
  test('compromised credentials: blocked at every event by default; the pool-wide form is ClientId ALL', () => {
    const { template } = synth(rules({ compromisedCredentials: {} }));
    const props = onlyAttachment(template);
    expect(props.ClientId).toBe('ALL');
    expect(props.UserPoolId).toEqual({ Ref: expect.stringMatching(/^AuthUserPool/) });
    expect(props.CompromisedCredentialsRiskConfiguration).toEqual({ Actions: { EventAction: 'BLOCK' } });
    expect(props.AccountTakeoverRiskConfiguration).toBeUndefined();
    expect(props.RiskExceptionConfiguration).toBeUndefined();
  });

  test.each([
    [[CompromisedCredentialsEvent.SIGN_IN], true, ['SIGN_IN'], 'BLOCK'],
    [[CompromisedCredentialsEvent.SIGN_UP, CompromisedCredentialsEvent.PASSWORD_CHANGE], false, ['SIGN_UP', 'PASSWORD_CHANGE'], 'NO_ACTION'],
  ])('compromised credentials at %j, block %s', (events, block, filter, action) => {
    const { template } = synth(rules({ compromisedCredentials: { events, block } }));
    expect(onlyAttachment(template).CompromisedCredentialsRiskConfiguration).toEqual({ EventFilter: filter, Actions: { EventAction: action } });
  });

  test.each(Object.values(RiskAction))('each risk level takes %s, with or without a notification', (action) => {
    const { template } = synth(rules({
      accountTakeover: {
        lowRisk: { action }, mediumRisk: { action, notify: true }, highRisk: { action, notify: false }, notifications: { sourceArn: SES },
      },
    }));
    expect(onlyAttachment(template).AccountTakeoverRiskConfiguration.Actions).toEqual({
      LowAction: { EventAction: action, Notify: false },
      MediumAction: { EventAction: action, Notify: true },
      HighAction: { EventAction: action, Notify: false },
    });
  });

  test('a level left out takes no action and sends nothing', () => {
    const { template } = synth(rules({ accountTakeover: { highRisk: { action: RiskAction.BLOCK } } }));
    expect(onlyAttachment(template).AccountTakeoverRiskConfiguration).toEqual({
      Actions: {
        LowAction: { EventAction: 'NO_ACTION', Notify: false },
        MediumAction: { EventAction: 'NO_ACTION', Notify: false },
        HighAction: { EventAction: 'BLOCK', Notify: false },
      },
    });
  });

  test('notifications: the SES identity, sender, reply-to and an email per action', () => {
    const email = (kind: string) => ({ subject: `${kind} at {login-time}`, htmlBody: `<p>${kind} from {ip-address}, {city}</p>`, textBody: `${kind} {username}` });
    const { template } = synth(rules({
      accountTakeover: {
        highRisk: { action: RiskAction.BLOCK, notify: true },
        notifications: {
          sourceArn: SES, fromAddress: 'Security <security@example.com>', replyTo: 'help@example.com',
          blockEmail: email('Blocked'), mfaEmail: email('MFA'), noActionEmail: email('Allowed'),
        },
      },
    }));
    expect(onlyAttachment(template).AccountTakeoverRiskConfiguration.NotifyConfiguration).toEqual({
      SourceArn: SES, From: 'Security <security@example.com>', ReplyTo: 'help@example.com',
      BlockEmail: { Subject: 'Blocked at {login-time}', HtmlBody: '<p>Blocked from {ip-address}, {city}</p>', TextBody: 'Blocked {username}' },
      MfaEmail: { Subject: 'MFA at {login-time}', HtmlBody: '<p>MFA from {ip-address}, {city}</p>', TextBody: 'MFA {username}' },
      NoActionEmail: { Subject: 'Allowed at {login-time}', HtmlBody: '<p>Allowed from {ip-address}, {city}</p>', TextBody: 'Allowed {username}' },
    });
  });

  test('IP ranges always allowed (SkippedIPRangeList) and always blocked (BlockedIPRangeList), IPv4 and IPv6', () => {
    const { template } = synth(rules({ alwaysAllowIps: ['203.0.113.0/24', '2001:db8::/32'], alwaysBlockIps: ['198.51.100.7/32'] }));
    expect(onlyAttachment(template).RiskExceptionConfiguration).toEqual({
      SkippedIPRangeList: ['203.0.113.0/24', '2001:db8::/32'],
      BlockedIPRangeList: ['198.51.100.7/32'],
    });
  });

  test('one-click links on a pool with a domain', () => {
    const { template } = synth(rules({
      accountTakeover: {
        highRisk: { action: RiskAction.MFA_REQUIRED, notify: true },
        notifications: { sourceArn: SES, mfaEmail: { subject: 'Was it you?', htmlBody: 'Yes: {one-click-link-valid} No: {one-click-link-invalid}' } },
      },
    }, { domain: { prefix: 'risk-test-abc' } }));
    expect(onlyAttachment(template).AccountTakeoverRiskConfiguration.NotifyConfiguration.MfaEmail.HtmlBody).toContain('{one-click-link-valid}');
  });
});

describe('per client', () => {
  test("a client's own configuration names its client; the pool-wide one stays for the others", () => {
    const { template } = synth(rules({
      compromisedCredentials: {},
      clients: { api: { alwaysBlockIps: ['198.51.100.0/24'] } },
    }, { clients: [WEB, API] }));
    const found = attachments(template).map((r) => r.Properties);
    expect(found).toHaveLength(2);
    const [clientId] = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).find(([, r]) => r.Properties.ClientName === 'api')!;
    expect(found.map((p) => p.ClientId)).toEqual(['ALL', { Ref: clientId }]);
    // Cognito does not merge them: the client's configuration has only what it sets.
    expect(found[1].CompromisedCredentialsRiskConfiguration).toBeUndefined();
    expect(found[1].RiskExceptionConfiguration).toEqual({ BlockedIPRangeList: ['198.51.100.0/24'] });
  });

  test('only client configurations: no pool-wide attachment', () => {
    const { template } = synth(rules({ clients: { web: { compromisedCredentials: {} } } }));
    expect(onlyAttachment(template).ClientId).toEqual({ Ref: expect.stringMatching(/^AuthClientweb/) });
  });

  test('a client added with addClient after construction is found at synth', () => {
    const { template } = synth(rules({ clients: { later: { compromisedCredentials: {} } } }), (auth) =>
      auth.addClient({ name: 'later', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://later.example.com/cb'] }));
    const [clientId] = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).find(([, r]) => r.Properties.ClientName === 'later')!;
    expect(onlyAttachment(template).ClientId).toEqual({ Ref: clientId });
  });

  test('a name that is no client fails synth, naming the clients there are', () => {
    const stack = regionalStack('eu-west-1');
    new CognitoAuth(stack, 'Auth', rules({ clients: { mobile: { compromisedCredentials: {} } } }));
    expect(() => Template.fromStack(stack)).toThrow(
      "[Test/Auth] threatProtectionRules.clients has 'mobile', which is not a client of this pool; clients: web");
  });

  test("a client's configuration is checked with its own path", () => {
    expectError(rules({ clients: { web: { alwaysBlockIps: ['10.0.0.0/33'] } } }),
      "threatProtectionRules.clients['web'].alwaysBlockIps[0] '10.0.0.0/33' is not an IP range in CIDR form");
  });
});

describe('checks against the pool', () => {
  test.each([cognito.FeaturePlan.ESSENTIALS, cognito.FeaturePlan.LITE])('the %s plan is refused', (featurePlan) => {
    expectError({ ...rules({ compromisedCredentials: {} }), featurePlan },
      `threatProtectionRules needs featurePlan PLUS: Cognito acts on risk configuration with threat protection, which only Plus has; featurePlan is '${featurePlan}'`);
  });

  test('threat protection off is refused', () => {
    expectError(rules({ compromisedCredentials: {} }, { threatProtection: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT }),
      'threatProtectionRules needs threat protection in full-function mode, but threatProtection is NO_ENFORCEMENT and customThreatProtection ' +
      'is not set: with threat protection off Cognito assesses no risk, so no rule would ever apply');
  });

  test('audit-only threat protection warns that nothing is enforced, which stops a strict synth until acknowledged', () => {
    const props = rules({ compromisedCredentials: {} }, { threatProtection: cognito.StandardThreatProtectionMode.AUDIT_ONLY });
    expect(() => synth(props)).toThrow(new RegExp(
      'WARNING threatProtectionRules: threatProtection is AUDIT_ONLY and customThreatProtection is not set\\. Where threat protection is not ' +
      'full-function, Cognito takes none of these actions, sends no notification and blocks no IP range \\(in audit-only mode it only assesses ' +
      "and logs risk\\); set threatProtection FULL_FUNCTION to enforce them[\\s\\S]*Acknowledge with 'Annotation::cdk-cognito-auth:riskRulesAuditOnly'"));
    const { template } = synth(props, (auth) => Annotations.of(auth).acknowledgeWarning('cdk-cognito-auth:riskRulesAuditOnly', 'an audit period'));
    expect(onlyAttachment(template).ClientId).toBe('ALL');
  });

  test('full-function threat protection raises no warning', () => {
    const { stack } = synth(rules({ compromisedCredentials: {} }));
    expect(Found.fromStack(stack).findWarning('*', {})).toEqual([]);
  });

  test.each([
    [RiskAction.MFA_REQUIRED, 'blocks every sign-in at this risk level'],
    [RiskAction.MFA_IF_CONFIGURED, 'allows every sign-in at this risk level'],
  ])('%s with MFA off is refused', (action, outcome) => {
    expectError(rules({ accountTakeover: { mediumRisk: { action } } }, { mfa: cognito.Mfa.OFF }),
      `threatProtectionRules.accountTakeover.mediumRisk.action is ${action}, but mfa is OFF: with no MFA in the pool, Cognito ${outcome}; ` +
      'set mfa to OPTIONAL (what Cognito advises with adaptive authentication), or use BLOCK or NO_ACTION');
  });

  test('MFA actions with MFA required pass', () => {
    const { template } = synth(rules({ accountTakeover: { highRisk: { action: RiskAction.MFA_REQUIRED } } }, { mfa: cognito.Mfa.REQUIRED }));
    expect(onlyAttachment(template).AccountTakeoverRiskConfiguration.Actions.HighAction.EventAction).toBe('MFA_REQUIRED');
  });

  test('a one-click link without a domain is refused', () => {
    expectError(rules({
      accountTakeover: { notifications: { sourceArn: SES, blockEmail: { subject: 'Blocked', textBody: 'Not you? {one-click-link-invalid}' } } },
    }), 'threatProtectionRules.accountTakeover.notifications.blockEmail.textBody uses a one-click link placeholder, but the pool has no domain: ' +
      'Cognito builds one-click links on the pool\'s domain; set domain, or leave out {one-click-link-valid} and {one-click-link-invalid}');
  });

  test('rules that set nothing are refused', () => {
    expectError(rules({}),
      'threatProtectionRules sets nothing: set compromisedCredentials, accountTakeover, alwaysAllowIps, alwaysBlockIps or clients');
  });
});

describe('checks of the options', () => {
  const P = 'threatProtectionRules.';

  test.each(['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', 'example.com/8', '10.0.0.0/8/1', '10.0.0.0/-1', '300.0.0.0/8', ''])(
    "'%s' is not a CIDR", (cidr) => {
      expectError(rules({ alwaysAllowIps: [cidr] }), `${P}alwaysAllowIps[0] '${cidr}' is not an IP range in CIDR form: an IPv4 address with /0 to ` +
        '/32 (203.0.113.0/24) or an IPv6 address with /0 to /128 (2001:db8::/32)');
    });

  test.each(['0.0.0.0/0', '10.0.0.0/8', '192.0.2.1/32', '::/0', '2001:db8::/128', 'fe80::1/64'])("'%s' is a CIDR", (cidr) => {
    const { template } = synth(rules({ alwaysBlockIps: [cidr] }));
    expect(onlyAttachment(template).RiskExceptionConfiguration.BlockedIPRangeList).toEqual([cidr]);
  });

  test('at most 200 ranges a list; 200 pass', () => {
    const ips = (n: number) => Array.from({ length: n }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
    expectError(rules({ alwaysBlockIps: ips(201) }), `${P}alwaysBlockIps has 201 IP ranges: SetRiskConfiguration takes at most 200`);
    const { template } = synth(rules({ alwaysBlockIps: ips(200) }));
    expect(onlyAttachment(template).RiskExceptionConfiguration.BlockedIPRangeList).toHaveLength(200);
  });

  test('a range listed twice, or in both lists, is refused', () => {
    expectError(rules({ alwaysAllowIps: ['10.0.0.0/8', '10.0.0.0/8'] }), `${P}alwaysAllowIps has '10.0.0.0/8' more than once: list each IP range once`);
    expectError(rules({ alwaysAllowIps: ['10.0.0.0/8'], alwaysBlockIps: ['10.0.0.0/8'] }),
      `${P}alwaysAllowIps and ${P}alwaysBlockIps both have '10.0.0.0/8': list a range in one of them`);
  });

  test('compromised-credential events: not an empty list, each once', () => {
    expectError(rules({ compromisedCredentials: { events: [] } }), `${P}compromisedCredentials.events is an empty list: leave it out to check at ` +
      'all three events, or list SIGN_IN, SIGN_UP, PASSWORD_CHANGE');
    expectError(rules({ compromisedCredentials: { events: [CompromisedCredentialsEvent.SIGN_IN, CompromisedCredentialsEvent.SIGN_IN] } }),
      `${P}compromisedCredentials.events has 'SIGN_IN' more than once: names must be unique`);
  });

  test('a level that notifies needs notifications', () => {
    expectError(rules({ accountTakeover: { highRisk: { action: RiskAction.BLOCK, notify: true } } }),
      `${P}accountTakeover.highRisk.notify is true, but ${P}accountTakeover.notifications is not set: Cognito sends risk notifications from ` +
      'your own SES identity; set notifications.sourceArn');
  });

  const notify = (notifications: object) => rules({ accountTakeover: { notifications: { sourceArn: SES, ...notifications } } });
  const N = `${P}accountTakeover.notifications`;

  test.each(['arn:aws:sns:eu-west-1:123456789012:identity/example.com', 'example.com', 'arn:aws:ses:eu-west-1:1234:identity/example.com'])(
    "sourceArn '%s' is not an SES identity", (sourceArn) => {
      expectError(notify({ sourceArn }), `${N}.sourceArn '${sourceArn}' is not an SES identity ARN: expected ` +
        'arn:aws:ses:<region>:<account>:identity/<email address or domain>');
    });

  test.each([
    ['security@example.com', SES],
    ['Security <security@example.com>', SES],
    ['alerts@example.com', 'arn:aws:ses:eu-west-1:123456789012:identity/alerts@example.com'],
  ])('fromAddress %s may be sent by %s', (fromAddress, sourceArn) => {
    const { template } = synth(notify({ fromAddress, sourceArn }));
    expect(onlyAttachment(template).AccountTakeoverRiskConfiguration.NotifyConfiguration.From).toBe(fromAddress);
  });

  test.each([
    ['security@other.example', SES],
    ['security@sub.example.com', SES],
    ['other@example.com', 'arn:aws:ses:eu-west-1:123456789012:identity/alerts@example.com'],
    ['not-an-address', SES],
  ])('fromAddress %s is not an address %s may send for', (fromAddress, sourceArn) => {
    const identity = sourceArn.split('identity/')[1];
    expectError(notify({ fromAddress, sourceArn }), `${N}.fromAddress '${fromAddress}' is not an address the SES identity '${identity}' may send ` +
      "for: use the identity's address, or an address in its domain");
  });

  test('subject: 1 to 140 characters', () => {
    expectError(notify({ blockEmail: { subject: '', textBody: 'Blocked.' } }), `${N}.blockEmail.subject is 0 characters long: Cognito takes 1 to 140 characters`);
    expectError(notify({ blockEmail: { subject: 'x'.repeat(141), textBody: 'Blocked.' } }),
      `${N}.blockEmail.subject is 141 characters long: Cognito takes 1 to 140 characters`);
    const { template } = synth(notify({ blockEmail: { subject: 'x'.repeat(140), textBody: 'Blocked.' } }));
    expect(onlyAttachment(template).AccountTakeoverRiskConfiguration.NotifyConfiguration.BlockEmail.Subject).toHaveLength(140);
  });

  test('bodies: 6 to 20,000 characters, and at least one', () => {
    expectError(notify({ mfaEmail: { subject: 'MFA' } }), `${N}.mfaEmail has no body: give htmlBody, textBody or both`);
    expectError(notify({ mfaEmail: { subject: 'MFA', textBody: 'short' } }), `${N}.mfaEmail.textBody is 5 characters long: Cognito takes 6 to 20000 characters`);
    expectError(notify({ mfaEmail: { subject: 'MFA', htmlBody: 'x'.repeat(20001) } }),
      `${N}.mfaEmail.htmlBody is 20001 characters long: Cognito takes 6 to 20000 characters`);
  });

  test('characters outside the pattern are refused, by code point', () => {
    expectError(notify({ noActionEmail: { subject: 'Sign-in\u0007', textBody: 'Allowed.' } }),
      `${N}.noActionEmail.subject has the character U+0007, which Cognito refuses: only letters, marks, symbols, digits, punctuation and white space`);
  });

  test('a placeholder Cognito does not fill in is refused', () => {
    expectError(notify({ blockEmail: { subject: 'Blocked', htmlBody: 'Hello {given-name}' } }),
      `${N}.blockEmail.htmlBody has the placeholder {given-name}, which Cognito does not fill in: use {username}, {ip-address}, {city}, ` +
      '{country}, {login-time}, {device-name}, {one-click-link-valid}, {one-click-link-invalid}, {event-id}, {feedback-token}');
  });

  test('values that are tokens are not checked', () => {
    const token = Lazy.string({ produce: () => '10.0.0.0/8' });
    const arn = Lazy.string({ produce: () => SES });
    const { template } = synth(rules({ alwaysBlockIps: [token], accountTakeover: { notifications: { sourceArn: arn, fromAddress: 'a@b.example' } } }));
    expect(onlyAttachment(template).RiskExceptionConfiguration.BlockedIPRangeList).toEqual(['10.0.0.0/8']);
  });
});

describe('AuthRiskConfiguration alone', () => {
  const pool = () => {
    const stack = new Stack(new App(), 'Alone', { env: { region: 'eu-west-1' } });
    return { stack, userPool: new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.PLUS }) };
  };

  test('for every client of a pool, or one', () => {
    const { stack, userPool } = pool();
    const client = userPool.addClient('Client');
    new AuthRiskConfiguration(stack, 'All', { userPool, compromisedCredentials: {} });
    const one = new AuthRiskConfiguration(stack, 'One', { userPool, client, alwaysAllowIps: ['192.0.2.0/24'] });
    const found = attachments(Template.fromStack(stack)).map((r) => r.Properties.ClientId);
    expect(found).toEqual(['ALL', { Ref: stack.getLogicalId(client.node.defaultChild as cognito.CfnUserPoolClient) }]);
    expect(one.attachment).toBeInstanceOf(cognito.CfnUserPoolRiskConfigurationAttachment);
  });

  test('its checks name its own props, with its path', () => {
    const { stack, userPool } = pool();
    expect(() => new AuthRiskConfiguration(stack, 'Bad', { userPool, alwaysBlockIps: ['nope'] })).toThrow(
      "[Alone/Bad] alwaysBlockIps[0] 'nope' is not an IP range in CIDR form");
  });
});
