import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AuthUserPool, AuthUserPoolProps } from '../../lib';
import { testStack } from '../support/helpers';

function synth(props?: AuthUserPoolProps): Template {
  const stack = testStack();
  new AuthUserPool(stack, 'Pool', props);
  return Template.fromStack(stack);
}

describe('AuthUserPool defaults', () => {
  // GIVEN no props WHEN the pool is synthesized (once for this block)
  const template = synth();

  test('email sign-in, case-insensitive, admin-only sign-up', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  test('password policy: 12 characters, all four classes', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
    });
  });

  test('MFA optional with TOTP only; recovery by verified email only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  test('Essentials plan, no threat protection add-on', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });
  });

  test('retained on stack deletion, with deletion protection', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
  });

  test('email is a required, mutable attribute', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: [{ Name: 'email', Required: true, Mutable: true }],
    });
  });
});

describe('AuthUserPool props', () => {
  test('custom attributes of each type, with bounds and mutability', () => {
    const stack = testStack();
    const pool = new AuthUserPool(stack, 'Pool', {
      customAttributes: {
        tenant_id: new cognito.StringAttribute({ mutable: false, minLen: 1, maxLen: 64 }),
        seats: new cognito.NumberAttribute({ mutable: true, min: 1, max: 500 }),
        beta: new cognito.BooleanAttribute({ mutable: true }),
        joined: new cognito.DateTimeAttribute(),
      },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        { AttributeDataType: 'String', Name: 'tenant_id', Mutable: false, StringAttributeConstraints: { MinLength: '1', MaxLength: '64' } },
        { AttributeDataType: 'Number', Name: 'seats', Mutable: true, NumberAttributeConstraints: { MinValue: '1', MaxValue: '500' } },
        { AttributeDataType: 'Boolean', Name: 'beta', Mutable: true },
        { AttributeDataType: 'DateTime', Name: 'joined', Mutable: false },
      ]),
    });
    expect(pool.customAttributeNames).toEqual(['tenant_id', 'seats', 'beta', 'joined']);
    expect(pool.immutableCustomAttributeNames).toEqual(['tenant_id', 'joined']);
  });

  test('required and immutable standard attributes by their Cognito names; email required by default', () => {
    const given = new AuthUserPool(testStack(), 'Pool', {
      standardAttributes: { email: { required: true, mutable: true }, givenName: { required: true, mutable: false }, phoneNumber: { mutable: true } },
    });
    expect(given.requiredStandardAttributeNames).toEqual(['email', 'given_name']);
    expect(given.immutableStandardAttributeNames).toEqual(['given_name']);
    const defaults = new AuthUserPool(testStack(), 'Pool');
    expect(defaults.requiredStandardAttributeNames).toEqual(['email']);
    expect(defaults.immutableStandardAttributeNames).toEqual([]);
  });

  test('sign-in aliases, self sign-up, standard attributes, case sensitivity', () => {
    synth({
      signIn: { username: true, email: true, preferredUsername: true },
      selfSignUp: true,
      signInCaseSensitive: true,
      standardAttributes: { givenName: { required: true, mutable: true } },
    }).hasResourceProperties('AWS::Cognito::UserPool', {
      AliasAttributes: ['email', 'preferred_username'],
      UsernameConfiguration: { CaseSensitive: true },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      Schema: [{ Name: 'given_name', Required: true, Mutable: true }],
    });
  });

  test('MFA required with TOTP and SMS; custom password policy; account recovery', () => {
    synth({
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: true },
      passwordPolicy: { minLength: 16, requireSymbols: false, tempPasswordValidity: Duration.days(1) },
      accountRecovery: cognito.AccountRecovery.EMAIL_AND_PHONE_WITHOUT_MFA,
    }).hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 16, RequireSymbols: false, TemporaryPasswordValidityDays: 1 }) },
      AccountRecoverySetting: {
        RecoveryMechanisms: [
          { Name: 'verified_email', Priority: 1 },
          { Name: 'verified_phone_number', Priority: 2 },
        ],
      },
    });
  });

  test('MFA off', () => {
    synth({ mfa: cognito.Mfa.OFF }).hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OFF' });
  });

  test('email through SES with from address, name, region and configuration set', () => {
    synth({
      email: cognito.UserPoolEmail.withSES({
        fromEmail: 'no-reply@example.com',
        fromName: 'Example',
        sesRegion: 'eu-west-1',
        configurationSetName: 'auth-emails',
        sesVerifiedDomain: 'example.com',
      }),
    }).hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: {
        EmailSendingAccount: 'DEVELOPER',
        From: 'Example <no-reply@example.com>',
        ConfigurationSet: 'auth-emails',
        SourceArn: Match.anyValue(),
      },
    });
  });

  test('verification and invitation messages', () => {
    synth({
      userVerification: { emailSubject: 'Confirm your account', emailBody: 'Your code is {####}' },
      userInvitation: { emailSubject: 'Welcome', emailBody: 'Hello {username}, your password is {####}' },
    }).hasResourceProperties('AWS::Cognito::UserPool', {
      VerificationMessageTemplate: Match.objectLike({ EmailSubject: 'Confirm your account', EmailMessage: 'Your code is {####}' }),
      AdminCreateUserConfig: Match.objectLike({
        InviteMessageTemplate: Match.objectLike({ EmailSubject: 'Welcome', EmailMessage: 'Hello {username}, your password is {####}' }),
      }),
    });
  });

  test('Plus plan turns on enforced threat protection', () => {
    synth({ featurePlan: cognito.FeaturePlan.PLUS }).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  test('Plus plan with audit-only threat protection', () => {
    synth({
      featurePlan: cognito.FeaturePlan.PLUS,
      threatProtection: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
    }).hasResourceProperties('AWS::Cognito::UserPool', { UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } });
  });

  test('Lite plan', () => {
    synth({ featurePlan: cognito.FeaturePlan.LITE }).hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'LITE' });
  });

  test('destroyable: no deletion protection, removal policy DESTROY', () => {
    synth({ deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY }).hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
    });
  });

  test('tags', () => {
    synth({ tags: { team: 'identity' } }).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTags: { team: 'identity' },
    });
  });
});

describe('AuthUserPool validation', () => {
  test('threat protection without the Plus plan', () => {
    expect(() => synth({ threatProtection: cognito.StandardThreatProtectionMode.FULL_FUNCTION })).toThrow(
      "threatProtection 'ENFORCED' needs featurePlan PLUS, but featurePlan is 'ESSENTIALS'",
    );
  });

  test('email MFA on the Lite plan', () => {
    expect(() =>
      synth({ featurePlan: cognito.FeaturePlan.LITE, mfaSecondFactor: { otp: true, sms: false, email: true } }),
    ).toThrow("mfaSecondFactor.email needs featurePlan ESSENTIALS or PLUS, but featurePlan is 'LITE'");
  });

  test('password length out of range', () => {
    expect(() => synth({ passwordPolicy: { minLength: 5 } })).toThrow(
      'passwordPolicy.minLength 5 is invalid: Cognito accepts a minimum password length from 6 to 99',
    );
  });

  test('too many custom attributes', () => {
    const customAttributes: Record<string, cognito.ICustomAttribute> = {};
    for (let i = 0; i < 51; i++) customAttributes[`a${i}`] = new cognito.StringAttribute();
    expect(() => synth({ customAttributes })).toThrow(
      'customAttributes has 51 attributes: a user pool can have at most 50 custom attributes',
    );
  });

  test('a custom attribute name over 20 characters', () => {
    expect(() => synth({ customAttributes: { this_name_is_far_too_long: new cognito.StringAttribute() } })).toThrow(
      "customAttributes key 'this_name_is_far_too_long' is invalid: a custom attribute name is 1 to 20 characters with no white space",
    );
  });
});

describe('email MFA needs the pool to send through SES (found by the props-space exploration)', () => {
  test("refused with the library's message, not aws-cdk-lib's, which names none of these props", () => {
    expect(() => synth({ mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { otp: true, sms: false, email: true } })).toThrow(
      'mfaSecondFactor.email is on, but email does not send through Amazon SES: Cognito sends MFA codes by email only from your own SES identity; set email: UserPoolEmail.withSES({ fromEmail, sesRegion }), or turn mfaSecondFactor.email off',
    );
  });

  test('with SES, or with MFA off, it synthesizes', () => {
    const ses = cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com', sesRegion: 'eu-west-1' });
    expect(() => synth({ mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { otp: true, sms: false, email: true }, email: ses })).not.toThrow();
    expect(() => synth({ mfa: cognito.Mfa.OFF, mfaSecondFactor: { otp: true, sms: false, email: true } })).not.toThrow();
  });
});
