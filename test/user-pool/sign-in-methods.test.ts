import { Lazy, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AppClient, AuthUserPool, AuthUserPoolProps, ClientKind, CognitoAuth, CognitoAuthProps } from '../../lib';
import type { FrontendConfig } from '../../lib/frontend-config';
import { evaluate, regionalStack, testStack } from '../support/helpers';

const SES = cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com', sesRegion: 'eu-west-1' });
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const WEB = { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] };

function synthAuth(props: CognitoAuthProps, after?: (auth: CognitoAuth) => void) {
  const stack = regionalStack('eu-west-1');
  const auth = new CognitoAuth(stack, 'Auth', props);
  after?.(auth);
  return { auth, template: Template.fromStack(stack) };
}

function pool(template: Template): any {
  return Object.values(template.findResources('AWS::Cognito::UserPool'))[0].Properties;
}

function flowsOf(template: Template, name: string): string[] {
  const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient')).find((r) => r.Properties.ClientName === name);
  return client!.Properties.ExplicitAuthFlows ?? [];
}

function frontendConfig(template: Template): FrontendConfig {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  const [, output] = Object.entries(outputs).find(([k]) => k.startsWith('AuthFrontendConfig'))!;
  return JSON.parse(evaluate(output.Value));
}

describe('sign-in methods: a pool with email codes, passkeys and every kind of client', () => {
  // GIVEN password, email codes and passkeys on a prefix domain, with each kind of client (shared by the tests below)
  const { auth, template } = synthAuth({
    signInMethods: { emailOtp: true, passkey: true },
    email: SES,
    domain: { prefix: 'passwordless-demo' },
    resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'Read' }] }],
    clients: [
      { ...WEB, terms: { termsOfUseUrl: 'https://example.com/terms', privacyPolicyUrl: 'https://example.com/privacy', termsOfUseUrlByLanguage: { french: 'https://example.com/fr/terms' } } },
      { name: 'spa-api-only', kind: ClientKind.PUBLIC_WEB },
      { name: 'ios', kind: ClientKind.NATIVE, callbackUrls: ['myapp://cb'] },
      { name: 'backend', kind: ClientKind.SERVER, callbackUrls: ['https://backend.example.com/cb'] },
      { name: 'admin-tool', kind: ClientKind.SERVER, authFlows: { adminUserPassword: true, user: false } },
      { name: 'custom-flows', kind: ClientKind.PUBLIC_WEB, authFlows: { userPassword: true, user: true } },
      { name: 'srp-only', kind: ClientKind.PUBLIC_WEB, authFlows: { userSrp: true, user: false } },
      { name: 'orders-service', kind: ClientKind.SERVER, clientCredentials: true, scopes: [cognito.OAuthScope.custom('orders/read')] },
    ],
    groups: [{ name: 'member' }],
    smokeCheck: { group: 'member' },
  });

  test('the first factors, in the sign-in policy next to the password policy', () => {
    expect(pool(template).Policies.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] });
    expect(pool(template).Policies.PasswordPolicy).toMatchObject({ MinimumLength: 12 });
    expect(auth.authUserPool.signInMethodNames).toEqual(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
    expect(auth.authUserPool.passwordless).toBe(true);
  });

  test("the relying party is the prefix domain's host; user verification preferred; a passkey is one factor", () => {
    expect(pool(template).WebAuthnRelyingPartyID).toBe('passwordless-demo.auth.eu-west-1.amazoncognito.com');
    expect(pool(template).WebAuthnUserVerification).toBe('preferred');
    expect(pool(template).WebAuthnFactorConfiguration).toBeUndefined();
  });

  test('every client with the default flows gets ALLOW_USER_AUTH; explicit flows, machine and smoke clients stay as they are', () => {
    expect(flowsOf(template, 'web')).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH']);
    expect(flowsOf(template, 'spa-api-only')).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH']);
    expect(flowsOf(template, 'ios')).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH']);
    expect(flowsOf(template, 'backend')).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(flowsOf(template, 'admin-tool')).toEqual(['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(flowsOf(template, 'custom-flows')).toEqual(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH']);
    expect(flowsOf(template, 'srp-only')).toEqual(['ALLOW_USER_SRP_AUTH']);
    expect(flowsOf(template, 'orders-service')).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(flowsOf(template, CognitoAuth.SMOKE_CLIENT_NAME)).toEqual(['ALLOW_ADMIN_USER_PASSWORD_AUTH']);
    expect(auth.client('web').choiceBasedSignIn).toBe(true);
    expect(auth.client('orders-service').choiceBasedSignIn).toBe(false);
  });

  test("the client's terms: both documents, linked for every language and in French", () => {
    const terms = Object.values(template.findResources('AWS::Cognito::Terms')).map((r) => r.Properties);
    expect(terms).toHaveLength(2);
    const web = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).find(([, r]) => r.Properties.ClientName === 'web')![0];
    expect(terms).toEqual([
      {
        UserPoolId: { Ref: expect.stringMatching(/^AuthUserPool/) },
        ClientId: { Ref: web },
        TermsName: 'terms-of-use',
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: { 'cognito:default': 'https://example.com/terms', 'cognito:french': 'https://example.com/fr/terms' },
      },
      expect.objectContaining({ TermsName: 'privacy-policy', Links: { 'cognito:default': 'https://example.com/privacy' } }),
    ]);
    expect(auth.client('web').terms).toHaveLength(2);
  });

  test('the front-end config names the methods, the relying party and which clients take choice-based sign-in', () => {
    const config = frontendConfig(template);
    expect(config.signInMethods).toEqual(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
    expect(config.passkeyRelyingPartyId).toBe('passwordless-demo.auth.eu-west-1.amazoncognito.com');
    expect(Object.fromEntries(Object.entries(config.clients).map(([n, c]) => [n, c.choiceBasedSignIn]))).toEqual({
      'web': true,
      'spa-api-only': true,
      'ios': true,
      'srp-only': false,
      'custom-flows': true,
    });
  });
});

describe('each method and each relying party', () => {
  test('the default pool writes no sign-in policy and no passkey setting (its resources are what they were; the front-end config gains the methods)', () => {
    const { template } = synthAuth({ clients: [WEB] });
    expect(pool(template).Policies.SignInPolicy).toBeUndefined();
    expect(pool(template).WebAuthnRelyingPartyID).toBeUndefined();
    expect(flowsOf(template, 'web')).toEqual(['ALLOW_USER_SRP_AUTH']);
    expect(frontendConfig(template).signInMethods).toEqual(['PASSWORD']);
  });

  test('SMS codes: the SMS role is created, trusted by Cognito with an external id, in the SMS configuration', () => {
    const { template } = synthAuth({ signInMethods: { smsOtp: true } });
    expect(pool(template).Policies.SignInPolicy.AllowedFirstAuthFactors).toEqual(['PASSWORD', 'SMS_OTP']);
    const sms = pool(template).SmsConfiguration;
    // No SnsRegion: Cognito then sends from the pool's own region.
    expect(sms).toEqual({ SnsCallerArn: { 'Fn::GetAtt': [expect.stringMatching(/smsRole/), 'Arn'] }, ExternalId: expect.any(String) });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'cognito-idp.amazonaws.com' }, Condition: { StringEquals: { 'sts:ExternalId': sms.ExternalId } } }],
      },
    });
  });

  test('SMS codes with your own role and external id', () => {
    const stack = regionalStack('eu-west-1');
    const role = iam.Role.fromRoleArn(stack, 'SmsRole', 'arn:aws:iam::123456789012:role/cognito-sms');
    new CognitoAuth(stack, 'Auth', { signInMethods: { smsOtp: true }, smsRole: role, smsRoleExternalId: 'my-external-id', snsRegion: 'eu-west-1' });
    const template = Template.fromStack(stack);
    expect(pool(template).SmsConfiguration).toEqual({ SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms', ExternalId: 'my-external-id', SnsRegion: 'eu-west-1' });
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('email codes without passwords: clients get choice-based sign-in alone, SRP left out', () => {
    const { auth, template } = synthAuth({ signInMethods: { password: false, emailOtp: true }, email: SES, clients: [{ name: 'spa', kind: ClientKind.PUBLIC_WEB }] });
    expect(pool(template).Policies.SignInPolicy.AllowedFirstAuthFactors).toEqual(['EMAIL_OTP']);
    expect(flowsOf(template, 'spa')).toEqual(['ALLOW_USER_AUTH']);
    expect(auth.authUserPool.passwordSignIn).toBe(false);
  });

  test('passkeys as MFA where MFA is required: MULTI_FACTOR_WITH_USER_VERIFICATION, user verification required', () => {
    const { template } = synthAuth({
      signInMethods: { passkey: true },
      passkeys: { multiFactor: true },
      mfa: cognito.Mfa.REQUIRED,
      domain: { prefix: 'mfa-demo' },
    });
    expect(pool(template)).toMatchObject({
      MfaConfiguration: 'ON',
      WebAuthnFactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
      WebAuthnUserVerification: 'required',
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    });
  });

  test("a custom domain: the relying party is the domain's name", () => {
    const stack = regionalStack('eu-west-1');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERT);
    new CognitoAuth(stack, 'Auth', { signInMethods: { passkey: true }, domain: { customDomain: { domainName: 'auth.example.com', certificate } }, clients: [WEB] });
    expect(pool(Template.fromStack(stack)).WebAuthnRelyingPartyID).toBe('auth.example.com');
  });

  test('an explicit relying party: without a domain, or equal to the domain, or with no client on the hosted pages', () => {
    const bare = synthAuth({ signInMethods: { passkey: true }, passkeys: { relyingPartyId: 'app.example.com', userVerification: cognito.PasskeyUserVerification.REQUIRED } });
    expect(pool(bare.template)).toMatchObject({ WebAuthnRelyingPartyID: 'app.example.com', WebAuthnUserVerification: 'required' });
    const same = synthAuth({ signInMethods: { passkey: true }, passkeys: { relyingPartyId: 'rp-demo.auth.eu-west-1.amazoncognito.com' }, domain: { prefix: 'rp-demo' }, clients: [WEB] });
    expect(pool(same.template).WebAuthnRelyingPartyID).toBe('rp-demo.auth.eu-west-1.amazoncognito.com');
    const apiOnly = synthAuth({ signInMethods: { passkey: true }, passkeys: { relyingPartyId: 'app.example.com' }, domain: { prefix: 'rp-demo' }, clients: [{ name: 'spa', kind: ClientKind.PUBLIC_WEB }] });
    expect(pool(apiOnly.template).WebAuthnRelyingPartyID).toBe('app.example.com');
  });

  test("in a stack without a region the prefix domain's host is built from AWS::Region, and checked by its pattern", () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', { signInMethods: { passkey: true }, domain: { prefix: 'agnostic' }, clients: [WEB] });
    const rp = pool(Template.fromStack(stack)).WebAuthnRelyingPartyID;
    expect(rp).toEqual({ 'Fn::Join': ['', ['agnostic.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com']] });
    const ok = testStack();
    new CognitoAuth(ok, 'Auth', { signInMethods: { passkey: true }, passkeys: { relyingPartyId: 'agnostic.auth.us-west-2.amazoncognito.com' }, domain: { prefix: 'agnostic' }, clients: [WEB] });
    expect(() => Template.fromStack(ok)).not.toThrow();
    const wrong = testStack();
    new CognitoAuth(wrong, 'Auth', { signInMethods: { passkey: true }, passkeys: { relyingPartyId: 'other.auth.us-west-2.amazoncognito.com' }, domain: { prefix: 'agnostic' }, clients: [WEB] });
    expect(() => Template.fromStack(wrong)).toThrow(
      "[Test/Auth] passkeys.relyingPartyId 'other.auth.us-west-2.amazoncognito.com' is not the pool's domain 'agnostic.auth.<token>.amazoncognito.com', but 'web' signs users in on that domain's pages",
    );
  });

  test('a relying party that is a token is not checked', () => {
    const stack = regionalStack('eu-west-1');
    const rp = Lazy.string({ produce: () => 'late.example.com' });
    new CognitoAuth(stack, 'Auth', { signInMethods: { passkey: true }, passkeys: { relyingPartyId: rp }, domain: { prefix: 'tokens' }, clients: [WEB] });
    expect(pool(Template.fromStack(stack)).WebAuthnRelyingPartyID).toBe('late.example.com');
  });

  test('standalone: AuthUserPool derives the relying party from domainHostname; AppClient adds ALLOW_USER_AUTH when told, and takes terms', () => {
    const stack = regionalStack('eu-west-1');
    const p = new AuthUserPool(stack, 'Pool', { signInMethods: { passkey: true }, domainHostname: 'login.example.com' });
    const web = new AppClient(stack, 'Client', {
      ...WEB,
      userPool: p.userPool,
      passwordlessSignIn: p.passwordless,
      terms: { termsOfUseUrl: 'https://example.com/terms', privacyPolicyUrl: 'https://example.com/privacy' },
    });
    const template = Template.fromStack(stack);
    expect(pool(template).WebAuthnRelyingPartyID).toBe('login.example.com');
    expect(flowsOf(template, 'web')).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH']);
    expect(p.passkeyRelyingPartyId).toBe('login.example.com');
    expect(web.terms.map((t) => t.termsName)).toEqual(['terms-of-use', 'privacy-policy']);
  });

  test('passkeys as MFA where MFA is optional', () => {
    const { template } = synthAuth({ signInMethods: { passkey: true }, passkeys: { multiFactor: true }, mfa: cognito.Mfa.OPTIONAL, domain: { prefix: 'optional-mfa' } });
    expect(pool(template)).toMatchObject({ MfaConfiguration: 'OPTIONAL', WebAuthnFactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' });
  });

  test('a client with explicit flows and no choice-based sign-in, in a passwordless pool: a warning that can be acknowledged', () => {
    const flows = { name: 'srp', kind: ClientKind.PUBLIC_WEB, authFlows: { userSrp: true } };
    expect(() => synthAuth({ signInMethods: { emailOtp: true }, email: SES, clients: [flows] })).toThrow(
      "WARNING clients['srp'].authFlows leaves out user (ALLOW_USER_AUTH), but the pool has passwordless sign-in methods: this client's users cannot reach them, on managed login's pages or through the API; add user: true, or set user: false to keep the client as it is",
    );
    const { template } = synthAuth({ signInMethods: { emailOtp: true }, email: SES, clients: [flows] }, (auth) =>
      Validations.of(auth.client('srp')).acknowledge({ id: 'Annotation::cdk-cognito-auth:clientWithoutChoiceBasedSignIn', reason: 'this client keeps SRP only' }),
    );
    expect(flowsOf(template, 'srp')).toEqual(['ALLOW_USER_SRP_AUTH']);
  });
});

describe('the settings aws-cdk-lib has and the pool passes through', () => {
  test('device tracking, keep-original, auto-verify, the MFA message and custom-auth threat protection', () => {
    const { template } = synthAuth({
      featurePlan: cognito.FeaturePlan.PLUS,
      customThreatProtection: cognito.CustomThreatProtectionMode.AUDIT_ONLY,
      deviceTracking: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      mfaMessage: 'Your code is {####}',
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: true },
      userPoolName: 'settings-demo',
    });
    expect(pool(template)).toMatchObject({
      UserPoolName: 'settings-demo',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      SmsAuthenticationMessage: 'Your code is {####}',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED', AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'AUDIT' } },
    });
  });

  test('enableSmsRole false with phone sign-in (which would create the role): no role', () => {
    expect(Object.keys(synthAuth({ signIn: { phone: true } }).template.findResources('AWS::IAM::Role'))).toEqual([expect.stringMatching(/smsRole/)]);
    const { template } = synthAuth({ signIn: { phone: true }, enableSmsRole: false });
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(pool(template).SmsConfiguration).toBeUndefined();
  });
});

describe('bad sign-in settings fail at synth with an exact message', () => {
  const poolError = (props: AuthUserPoolProps) => () => new AuthUserPool(testStack(), 'Pool', props);

  test.each<[string, AuthUserPoolProps, string]>([
    ['every method off', { signInMethods: { password: false } }, '[Test/Pool] signInMethods turns every method off: turn on at least one of password, emailOtp, smsOtp, passkey'],
    [
      'passkeys alone',
      { signInMethods: { password: false, passkey: true }, domainHostname: 'auth.example.com' },
      '[Test/Pool] signInMethods has passkey as the only method: Cognito requires another first factor beside passkeys (users sign in once before they can register a passkey); keep password, or turn on emailOtp or smsOtp',
    ],
    [
      'passwordless on Lite',
      { signInMethods: { emailOtp: true }, email: SES, featurePlan: cognito.FeaturePlan.LITE },
      "[Test/Pool] signInMethods turns on emailOtp, which needs featurePlan ESSENTIALS or PLUS, but featurePlan is 'LITE'",
    ],
    [
      'passkeys and SMS codes on Lite',
      { signInMethods: { passkey: true, smsOtp: true }, featurePlan: cognito.FeaturePlan.LITE, domainHostname: 'auth.example.com' },
      "[Test/Pool] signInMethods turns on smsOtp, passkey, which need featurePlan ESSENTIALS or PLUS, but featurePlan is 'LITE'",
    ],
    [
      'one-time codes with MFA required',
      { signInMethods: { emailOtp: true, smsOtp: true }, email: SES, mfa: cognito.Mfa.REQUIRED },
      '[Test/Pool] signInMethods turns on emailOtp, smsOtp, but mfa is REQUIRED: Cognito offers one-time-code sign-in only when MFA is optional or off',
    ],
    [
      'SMS codes with MFA required',
      { signInMethods: { smsOtp: true }, mfa: cognito.Mfa.REQUIRED },
      '[Test/Pool] signInMethods turns on smsOtp, but mfa is REQUIRED: Cognito offers one-time-code sign-in only when MFA is optional or off',
    ],
    [
      "a derived relying party longer than CloudFormation's 63 characters",
      { signInMethods: { passkey: true }, domainHostname: 'a-rather-long-prefix-heres.auth.ap-southeast-1.amazoncognito.com' },
      "[Test/Pool] signInMethods.passkey is on, and the relying party derived from the pool's domain, 'a-rather-long-prefix-heres.auth.ap-southeast-1.amazoncognito.com', is 64 characters long: Cognito takes at most 63; use a shorter domain, or set passkeys.relyingPartyId",
    ],
    [
      'an external id without a role',
      { smsRoleExternalId: 'abc' },
      '[Test/Pool] smsRoleExternalId is set without smsRole: the external id belongs to your own role (a created role gets one of its own); give smsRole too, or leave smsRoleExternalId out',
    ],
    [
      "email codes through Cognito's own sender",
      { signInMethods: { emailOtp: true } },
      "[Test/Pool] signInMethods.emailOtp needs email through Amazon SES, but email is Cognito's own sender: set email to UserPoolEmail.withSES({ fromEmail, ... }) with a verified SES identity",
    ],
    [
      'SMS codes with the SMS role turned off',
      { signInMethods: { smsOtp: true }, enableSmsRole: false },
      '[Test/Pool] signInMethods.smsOtp needs an SMS configuration, but enableSmsRole is false and no smsRole is given: give smsRole and smsRoleExternalId, or leave enableSmsRole unset so that a role is created',
    ],
    [
      'passkey settings without passkeys',
      { passkeys: { relyingPartyId: 'app.example.com' } },
      '[Test/Pool] passkeys is set, but signInMethods.passkey is not true: turn passkeys on, or leave passkeys out',
    ],
    [
      'passkeys with MFA required, not as a factor',
      { signInMethods: { passkey: true }, mfa: cognito.Mfa.REQUIRED, domainHostname: 'auth.example.com' },
      '[Test/Pool] signInMethods.passkey is on and mfa is REQUIRED, but passkeys.multiFactor is not true: Cognito offers passkey sign-in in a pool that requires MFA only when a passkey counts as MFA; set passkeys.multiFactor to true (with user verification required), or make mfa OPTIONAL',
    ],
    [
      'passkeys as MFA with MFA off',
      { signInMethods: { passkey: true }, passkeys: { multiFactor: true }, mfa: cognito.Mfa.OFF, domainHostname: 'auth.example.com' },
      '[Test/Pool] passkeys.multiFactor is true, but mfa is OFF: there is no MFA for a passkey to satisfy; turn mfa on, or leave multiFactor out',
    ],
    [
      'passkeys as MFA with user verification preferred',
      { signInMethods: { passkey: true }, passkeys: { multiFactor: true, userVerification: cognito.PasskeyUserVerification.PREFERRED }, domainHostname: 'auth.example.com' },
      "[Test/Pool] passkeys.multiFactor is true, but passkeys.userVerification is 'preferred': a passkey counts as a second factor only with user verification (MULTI_FACTOR_WITH_USER_VERIFICATION); set it to PasskeyUserVerification.REQUIRED or leave it unset",
    ],
    [
      'passkeys without a domain or a relying party',
      { signInMethods: { passkey: true } },
      "[Test/Pool] signInMethods.passkey is on, but the pool has no domain to derive the passkey relying party from: set passkeys.relyingPartyId to the host name your app's users sign in on (like app.example.com), or give the pool a domain",
    ],
    [
      'MFA on with no second factor',
      { mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { otp: false, sms: false } },
      '[Test/Pool] mfa is OPTIONAL, but mfaSecondFactor turns on no factor: users could set up no second factor (a passkey is registered only after a sign-in); turn on otp, sms or email',
    ],
    [
      'MFA required by email only, with recovery by email only',
      { mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: false, sms: false, email: true }, email: SES },
      '[Test/Pool] mfa is REQUIRED with email as the only second factor, but accountRecovery is EMAIL_ONLY: Cognito lets no user set up email MFA while email is the only recovery, so no user could sign in; turn on otp or sms, or change accountRecovery',
    ],
    [
      'custom-auth threat protection without Plus',
      { customThreatProtection: cognito.CustomThreatProtectionMode.FULL_FUNCTION },
      "[Test/Pool] customThreatProtection FULL_FUNCTION needs featurePlan PLUS, but featurePlan is 'ESSENTIALS'",
    ],
    [
      'keeping the original phone number, which is not auto-verified',
      { keepOriginal: { phone: true } },
      '[Test/Pool] keepOriginal.phone is true, but phone_number is not auto-verified (autoVerify.phone): Cognito sends no code for the new value, so users could never verify a change and it would stay pending',
    ],
  ])('%s', (_name, props, message) => {
    expect(poolError(props)).toThrow(message);
  });

  test('an SNS region that is not a region name', () => {
    expect(poolError({ snsRegion: 'Ireland' })).toThrow("[Test/Pool] snsRegion 'Ireland' is not a region name like us-east-1: give the pool's region or one of Cognito's legacy SNS regions");
    expect(poolError({ snsRegion: Lazy.string({ produce: () => 'eu-west-1' }) })).not.toThrow();
  });

  test('SMS codes with your own role but no external id', () => {
    const stack = testStack();
    const smsRole = iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/sms');
    expect(() => new AuthUserPool(stack, 'Pool', { signInMethods: { smsOtp: true }, smsRole })).toThrow(
      '[Test/Pool] signInMethods.smsOtp with your own smsRole needs smsRoleExternalId: Cognito passes it when it assumes the role, and the role should trust Cognito only with it (sts:ExternalId)',
    );
  });

  test.each<[string, string]>([
    ['a'.repeat(60) + '.com', `'${'a'.repeat(60)}.com' is invalid: it is 64 characters long; Cognito takes 1 to 63`],
    ['https://auth.example.com', "'https://auth.example.com' is invalid: give the host name alone, without a scheme (auth.example.com, not https://auth.example.com)"],
    ['auth.example.com:443', "'auth.example.com:443' is invalid: give the host name alone, without a port or a path"],
    ['auth.example.com/login', "'auth.example.com/login' is invalid: give the host name alone, without a port or a path"],
    ['Auth.Example.com', "'Auth.Example.com' is invalid: use lowercase"],
    ['auth..example.com', "'auth..example.com' is invalid: it is not a host name: labels of letters, digits and hyphens, separated by dots"],
    ['-auth.example.com', "'-auth.example.com' is invalid: it is not a host name: labels of letters, digits and hyphens, separated by dots"],
    ['10.0.0.1', "'10.0.0.1' is invalid: an IP address cannot be a relying party; use a domain name"],
  ])('relying party id %s', (relyingPartyId, message) => {
    expect(poolError({ signInMethods: { passkey: true }, passkeys: { relyingPartyId } })).toThrow(`[Test/Pool] passkeys.relyingPartyId ${message}`);
  });

  test('a token relying party id passes the form check', () => {
    expect(poolError({ signInMethods: { passkey: true }, passkeys: { relyingPartyId: Lazy.string({ produce: () => 'x' }) } })).not.toThrow();
  });

  test('passwordless methods on the classic hosted UI', () => {
    expect(() => new CognitoAuth(testStack(), 'Auth', { signInMethods: { emailOtp: true }, email: SES, domain: { prefix: 'classic', managedLogin: false } })).toThrow(
      '[Test/Auth] signInMethods turns on emailOtp, but domain.managedLogin is false: the classic hosted UI cannot offer passkeys or one-time codes; use managed login (the default on ESSENTIALS and PLUS)',
    );
  });

  test('an explicit relying party that is not the domain, with a client on the hosted pages (added later)', () => {
    const stack = regionalStack('eu-west-1');
    const auth = new CognitoAuth(stack, 'Auth', { signInMethods: { passkey: true }, passkeys: { relyingPartyId: 'app.example.com' }, domain: { prefix: 'mismatch' } });
    auth.addClient(WEB);
    expect(() => Template.fromStack(stack)).toThrow(
      "[Test/Auth] passkeys.relyingPartyId 'app.example.com' is not the pool's domain 'mismatch.auth.eu-west-1.amazoncognito.com', but 'web' signs users in on that domain's pages, where passkeys work only with the domain's own name as relying party; leave relyingPartyId unset, or set it to the domain's host name",
    );
  });

  test('a custom domain with another relying party, with a client on its pages', () => {
    const stack = regionalStack('eu-west-1');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERT);
    new CognitoAuth(stack, 'Auth', {
      signInMethods: { passkey: true },
      passkeys: { relyingPartyId: 'example.com' },
      domain: { customDomain: { domainName: 'auth.example.com', certificate } },
      clients: [WEB],
    });
    expect(() => Template.fromStack(stack)).toThrow(
      "[Test/Auth] passkeys.relyingPartyId 'example.com' is not the pool's domain 'auth.example.com', but 'web' signs users in on that domain's pages",
    );
  });

  test('a password flow on a client of a pool without password sign-in', () => {
    expect(() => new CognitoAuth(testStack(), 'Auth', { signInMethods: { password: false, emailOtp: true }, email: SES, clients: [{ name: 'spa', kind: ClientKind.PUBLIC_WEB, authFlows: { userSrp: true } }] })).toThrow(
      "[Test/Auth/Client-spa] clients['spa'].authFlows.userSrp is on, but the pool's signInMethods.password is false: a password flow would still sign users in with a password; use user (choice-based sign-in)",
    );
  });

  test('the smoke check without password sign-in', () => {
    expect(() => new CognitoAuth(testStack(), 'Auth', { signInMethods: { password: false, emailOtp: true }, email: SES, groups: [{ name: 'g' }], smokeCheck: { group: 'g' } })).toThrow(
      '[Test/Auth] smokeCheck needs password sign-in (its temporary user signs in with a password), but signInMethods.password is false',
    );
  });

  test('choice-based sign-in asked for on the Lite plan', () => {
    expect(() => new CognitoAuth(testStack(), 'Auth', { featurePlan: cognito.FeaturePlan.LITE, clients: [{ name: 'spa', kind: ClientKind.PUBLIC_WEB, authFlows: { user: true } }] })).toThrow(
      "[Test/Auth] clients['spa'].authFlows.user is true, but featurePlan is 'LITE': choice-based sign-in (ALLOW_USER_AUTH) needs ESSENTIALS or PLUS",
    );
  });
});
