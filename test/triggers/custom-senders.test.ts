import { Template, Match } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Validations } from 'aws-cdk-lib';
import { CognitoAuth, EmailSenderTrigger, MessageSource, SmsSenderTrigger, SmsType } from '../../lib';
import { parseEmailSenderConfig } from '../../lambda/custom-email-sender/handler';
import { parseSmsSenderConfig } from '../../lambda/custom-sms-sender/handler';
import { regionalStack, testStack } from '../support/helpers';

const policiesOf = (template: Template, construct: string) =>
  Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(construct));
const configOf = (template: Template, text: string) => {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp(text) } }));
  return fn.Properties.Environment.Variables.TRIGGER_CONFIG;
};

describe('CognitoAuth with both bundled senders', () => {
  const stack = regionalStack('eu-west-1');
  const auth = new CognitoAuth(stack, 'Auth', {
    triggers: {
      emailSender: {
        fromAddress: 'no-reply@mail.example.com',
        configurationSet: 'auth-mail',
        templates: [{ source: MessageSource.SIGN_UP, emailSubject: 'Welcome', emailBody: '<p>{####}</p>' }],
      },
      smsSender: { senderId: 'Example', smsType: SmsType.TRANSACTIONAL },
    },
  });
  const template = Template.fromStack(stack);

  test('the pool gets a created key as its KMSKeyID and both senders as V1_0 triggers', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        KMSKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthCustomSenderKey'), 'Arn'] },
        CustomEmailSender: { LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthEmailSenderHandlerFunction'), 'Arn'] }, LambdaVersion: 'V1_0' },
        CustomSMSSender: { LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthSmsSenderHandlerFunction'), 'Arn'] }, LambdaVersion: 'V1_0' },
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(auth.emailSenderTrigger?.function).toBe(auth.triggerFunction(cognito.UserPoolOperation.CUSTOM_EMAIL_SENDER));
    expect(auth.smsSenderTrigger?.function).toBe(auth.triggerFunction(cognito.UserPoolOperation.CUSTOM_SMS_SENDER));
  });

  test('the key policy lets Cognito encrypt, for user pools of this account and region only (one statement, for both senders)', () => {
    const [key] = Object.values(template.findResources('AWS::KMS::Key'));
    const cognitoStatements = key.Properties.KeyPolicy.Statement.filter((s: any) => JSON.stringify(s.Principal).includes('cognito-idp'));
    expect(cognitoStatements).toEqual([{
      Sid: 'CognitoCustomSenderEncrypt',
      Effect: 'Allow',
      Principal: { Service: 'cognito-idp.amazonaws.com' },
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/*' },
      },
    }]);
  });

  test('the email sender may decrypt with that key and send as the SES identity and configuration set, nothing else', () => {
    const statements = policiesOf(template, 'AuthEmailSenderHandlerRole').flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AuthCustomSenderKey/), 'Arn'] } },
      {
        Action: 'ses:SendEmail',
        Effect: 'Allow',
        Resource: ['arn:aws:ses:eu-west-1:123456789012:configuration-set/auth-mail', 'arn:aws:ses:eu-west-1:123456789012:identity/mail.example.com'],
      },
    ]);
  });

  test('the SMS sender may decrypt with that key and publish to phone numbers, every topic denied', () => {
    const statements = policiesOf(template, 'AuthSmsSenderHandlerRole').flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AuthCustomSenderKey/), 'Arn'] } },
      { Action: 'sns:Publish', Effect: 'Allow', Resource: '*' },
      { Action: 'sns:Publish', Effect: 'Deny', Resource: 'arn:aws:sns:*:*:*' },
    ]);
  });

  test('each handler reads its config: the key ARN, the sender address, the configuration set, the SMS settings, the templates', () => {
    const email = configOf(template, 'custom email sender');
    const text = JSON.stringify(email['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'KEY')).join(''));
    const parsed = parseEmailSenderConfig({ TRIGGER_CONFIG: JSON.parse(text) });
    expect(parsed).toEqual({
      defaultLocale: 'en',
      templates: { SignUp: { en: { emailSubject: 'Welcome', emailBody: '<p>{####}</p>' } } },
      keyArn: 'KEY',
      fromAddress: 'no-reply@mail.example.com',
      configurationSet: 'auth-mail',
    });
    const sms = configOf(template, 'custom SMS sender');
    const smsText = sms['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'KEY')).join('');
    expect(parseSmsSenderConfig({ TRIGGER_CONFIG: smsText })).toEqual({ defaultLocale: 'en', templates: {}, keyArn: 'KEY', smsType: 'Transactional', senderId: 'Example' });
  });
});

describe('your own key, standalone senders, refusals', () => {
  test('a key given as customSenderKmsKey is the one used; no key is created', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'MyKey');
    new CognitoAuth(stack, 'Auth', { customSenderKmsKey: key, triggers: { emailSender: { fromAddress: 'a@example.com' } } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { KMSKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('MyKey'), 'Arn'] } } });
    template.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'CognitoCustomSenderEncrypt' })]) } });
  });

  test('an imported key: a warning that says what its policy must allow', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool', { customSenderKmsKey: kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:123456789012:key/abc') });
    const sender = new SmsSenderTrigger(stack, 'Sms', { userPool: pool, kmsKey: kms.Key.fromKeyArn(stack, 'Same', 'arn:aws:kms:eu-west-1:123456789012:key/abc') });
    expect(() => Template.fromStack(stack)).toThrow(/cdk-cognito-auth:customSenderKeyPolicy/);
    Validations.of(sender).acknowledge({ id: 'Annotation::cdk-cognito-auth:customSenderKeyPolicy', reason: 'the key policy allows Cognito' });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('the standalone EmailSenderTrigger on a pool created with the key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const pool = new cognito.UserPool(stack, 'Pool', { customSenderKmsKey: key });
    new EmailSenderTrigger(stack, 'Mail', { userPool: pool, kmsKey: key, fromAddress: 'no-reply@example.com', sesIdentity: 'no-reply@example.com' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'ses:SendEmail', Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('identity/no-reply@example.com')])] } })] },
    });
  });

  const own = (stack: any) => new lambda.Function(stack, 'Own', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
  test.each<[string, (s: any) => object, string]>([
    ['the bundled email sender beside your own', (s) => ({ customSenderKmsKey: new kms.Key(s, 'K'), triggers: { emailSender: { fromAddress: 'a@example.com' }, customEmailSender: own(s) } }),
      '[Test/Auth] triggers has both emailSender (the bundled sender) and customEmailSender (your own function): a pool has one customEmailSender trigger; give one of them'],
    ['the bundled SMS sender beside your own', (s) => ({ customSenderKmsKey: new kms.Key(s, 'K'), triggers: { smsSender: {}, customSmsSender: own(s) } }),
      '[Test/Auth] triggers has both smsSender (the bundled sender) and customSmsSender (your own function): a pool has one customSmsSender trigger; give one of them'],
    ['a sender address that is not an address', () => ({ triggers: { emailSender: { fromAddress: 'Example <no-reply@example.com>' } } }),
      "[Test/Auth/EmailSender] triggers.emailSender.fromAddress 'Example <no-reply@example.com>' is invalid: give the email address of an SES identity (no-reply@example.com)"],
    ['a configuration set name SES refuses', () => ({ triggers: { emailSender: { fromAddress: 'a@example.com', configurationSet: 'auth mail' } } }),
      "[Test/Auth/EmailSender] triggers.emailSender.configurationSet 'auth mail' is invalid: SES names a configuration set with 1 to 64 letters, digits, hyphens and underscores"],
    ['a sender id of 12 characters', () => ({ triggers: { smsSender: { senderId: 'ExampleShop1' } } }),
      "[Test/Auth/SmsSender] triggers.smsSender.senderId 'ExampleShop1' is invalid: a sender id has 1 to 11 letters and digits, at least one letter"],
    ['a sender id of digits only', () => ({ triggers: { smsSender: { senderId: '12345' } } }),
      "[Test/Auth/SmsSender] triggers.smsSender.senderId '12345' is invalid: a sender id has 1 to 11 letters and digits, at least one letter"],
    ['a sender template without the code, checked as the trigger\'s are', () => ({ triggers: { smsSender: { templates: [{ source: MessageSource.SIGN_UP, sms: 'Hello' }] } } }),
      '[Test/Auth/SmsSender] triggers.smsSender.templates[0].sms has no {####}: Cognito requires the code placeholder in every email and SMS message'],
  ])('%s', (_case, props, message) => {
    const stack = testStack();
    expect(() => new CognitoAuth(stack, 'Auth', props(stack))).toThrow(message);
  });
});
