import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CognitoAuth, CustomMessageTrigger, MessageSource, type MessageTemplate } from '../../lib';
import { parseCustomMessageConfig } from '../../lambda/custom-message/handler';
import { testStack } from '../support/helpers';

const SES = cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com', sesRegion: 'eu-west-1' });
const SIGN_UP: MessageTemplate = { source: MessageSource.SIGN_UP, emailSubject: 'Welcome', emailBody: '<p>Code {####}</p>', sms: 'Code {####}' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'templates-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function auth(templates: MessageTemplate[], defaultLocale?: string, stack: Stack = testStack()) {
  return new CognitoAuth(stack, 'Auth', { email: SES, triggers: { messages: { templates, defaultLocale } } });
}
const configOf = (stack: Stack) => {
  const fns = Template.fromStack(stack).findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('custom message') } });
  const [fn] = Object.values(fns);
  return JSON.parse(fn.Properties.Environment.Variables.TRIGGER_CONFIG);
};

describe('CognitoAuth with the bundled custom message trigger', () => {
  const stack = testStack();
  const file = path.join(tmp, 'de.html');
  fs.writeFileSync(file, '<p>Hallo {given_name}, Ihr Code: {####}</p>\n');
  const a = auth([
    SIGN_UP,
    { source: MessageSource.SIGN_UP, locale: 'de_AT', emailSubject: 'Willkommen', emailBodyFile: file },
    { source: MessageSource.ADMIN_CREATE_USER, sms: 'User {username}, password {####}' },
    { source: MessageSource.AUTHENTICATION, sms: '{####} is your code' },
  ], undefined, stack);
  const template = Template.fromStack(stack);

  test('the pool names the function as its CustomMessage trigger, which Cognito may invoke for this pool only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { CustomMessage: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthCustomMessageHandlerFunction'), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthCustomMessageHandlerFunction'), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthUserPool'), 'Arn'] },
    });
    expect(a.customMessageTrigger?.function).toBe(a.triggerFunction(cognito.UserPoolOperation.CUSTOM_MESSAGE));
  });

  test('its config holds the templates by source and lowercase locale, the file read at synth, and the handler reads it', () => {
    const config = configOf(stack);
    expect(config).toEqual({
      defaultLocale: 'en',
      templates: {
        'SignUp': {
          'en': { emailSubject: 'Welcome', emailBody: '<p>Code {####}</p>', sms: 'Code {####}' },
          'de-at': { emailSubject: 'Willkommen', emailBody: '<p>Hallo {given_name}, Ihr Code: {####}</p>\n' },
        },
        'AdminCreateUser': { en: { sms: 'User {username}, password {####}' } },
        'Authentication': { en: { sms: '{####} is your code' } },
      },
    });
    expect(parseCustomMessageConfig({ TRIGGER_CONFIG: JSON.stringify(config) })).toEqual(config);
  });

  test('its role may write its logs and nothing else', () => {
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: 'Cognito custom message trigger (cdk-cognito-auth)' } });
    const [role] = Object.values(roles);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toEqual([{ PolicyName: 'logs', PolicyDocument: expect.objectContaining({ Statement: [expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })] }) }]);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p).includes('AuthCustomMessage'));
    expect(policies).toEqual([]);
  });
});

describe('the standalone CustomMessageTrigger', () => {
  test('attaches to a UserPool of this app; SMS templates need no SES', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    new CustomMessageTrigger(stack, 'Messages', { userPool: pool, templates: [{ source: MessageSource.FORGOT_PASSWORD, sms: 'Reset code {####}' }] });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { CustomMessage: Match.anyValue() } });
  });

  test('refuses an imported pool', () => {
    const stack = testStack();
    const pool = cognito.UserPool.fromUserPoolId(stack, 'Imported', 'eu-west-1_abc');
    expect(() => new CustomMessageTrigger(stack, 'Messages', { userPool: pool, templates: [SIGN_UP] })).toThrow(
      "[Test/Messages] userPool 'Test/Imported' is not a cognito.UserPool of this app",
    );
  });

  test('a pool that verifies by link needs the link, not the code, in sign-up and resend emails; other messages keep the code', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool', { email: SES, userVerification: { emailStyle: cognito.VerificationEmailStyle.LINK } });
    expect(() => new CustomMessageTrigger(stack, 'A', { userPool: pool, templates: [SIGN_UP] })).toThrow(
      '[Test/A] triggers.messages.templates[0].emailBody has no verification link: the pool verifies email addresses by link ' +
        '(VerificationEmailStyle.LINK), so the message needs one in the form {##Verify email##}',
    );
    const linked = { source: MessageSource.RESEND_CODE, emailBody: '<a>{##Verify email##}</a>' };
    expect(() => new CustomMessageTrigger(stack, 'B', { userPool: pool, templates: [linked, { source: MessageSource.FORGOT_PASSWORD, sms: 'x' }] })).toThrow(
      '[Test/B] triggers.messages.templates[1].sms has no {####}: Cognito requires the code placeholder in every email and SMS message',
    );
  });
});

describe('checks at synth, one per rule', () => {
  const at = (i = 0) => `[Test/Auth/CustomMessage] triggers.messages.templates[${i}]`;
  test.each<[string, MessageTemplate[], string]>([
    ['an email body without the code', [{ source: MessageSource.SIGN_UP, emailBody: 'Welcome' }],
      `${at()}.emailBody has no {####}: Cognito requires the code placeholder in every email and SMS message`],
    ['an SMS without the code', [{ source: MessageSource.AUTHENTICATION, sms: 'Your code' }],
      `${at()}.sms has no {####}: Cognito requires the code placeholder in every email and SMS message`],
    ['an invitation without the user name', [{ source: MessageSource.ADMIN_CREATE_USER, emailBody: 'Password {####}' }],
      `${at()}.emailBody has no {username}: an invitation must carry the user name and the temporary password ({####})`],
    ['an SMS of 141 characters', [{ source: MessageSource.SIGN_UP, sms: `{####}${'x'.repeat(135)}` }],
      `${at()}.sms has 141 characters: Cognito allows at most 140 (the code included)`],
    ['an email body of 20,001 characters', [{ source: MessageSource.SIGN_UP, emailBody: `{####}${'x'.repeat(19_995)}` }],
      `${at()}.emailBody has 20001 characters: Cognito allows at most 20000 (the code included)`],
    ['a subject of 141 characters', [{ source: MessageSource.SIGN_UP, emailSubject: 'x'.repeat(141) }],
      `${at()}.emailSubject has 141 characters: Cognito allows at most 140`],
    ['an empty subject', [{ source: MessageSource.SIGN_UP, emailSubject: ' ' }],
      `${at()}.emailSubject is empty: give a subject of 1 to 140 characters`],
    ['a template with nothing in it', [{ source: MessageSource.SIGN_UP, locale: 'fr' }],
      `${at()} (SignUp/fr) has no emailSubject, emailBody or sms: give at least one`],
    ['a message twice in one locale', [SIGN_UP, { source: MessageSource.SIGN_UP, locale: 'EN', sms: '{####}' }],
      `${at(1)} repeats SignUp in locale 'en' (templates[0]): give each message once per locale`],
    ['a message without the default locale', [SIGN_UP, { source: MessageSource.RESEND_CODE, locale: 'de', sms: '{####}' }],
      "[Test/Auth/CustomMessage] triggers.messages.templates has ResendCode in 'de' but not in the default locale 'en': users whose locale has no " +
        "template get the default locale's, so every message needs one"],
    ['an invalid locale', [{ ...SIGN_UP, locale: 'english (UK)' }],
      `${at()}.locale 'english (UK)' is invalid: give a language tag such as 'en', 'de-AT' or 'pt_BR'`],
    ['both a body and its file', [{ ...SIGN_UP, emailBodyFile: 'body.html' }], `${at()} has both emailBody and emailBodyFile: give one`],
    ['a file that is not there', [{ source: MessageSource.SIGN_UP, smsFile: 'no/such/file.txt' }],
      `${at()}.smsFile 'no/such/file.txt' cannot be read (ENOENT): give the path of a UTF-8 text file`],
    ['no templates', [], '[Test/Auth/CustomMessage] triggers.messages.templates is empty: give at least one template'],
    ['a token for a template', [{ source: MessageSource.SIGN_UP, sms: Token.asString({ Ref: 'Sms' }) }],
      `${at()}.sms is a token: templates are checked at synth, so give their text`],
  ])('%s', (_rule, templates, message) => {
    expect(() => auth(templates)).toThrow(message);
  });

  test('a file\'s text is checked as inline text is', () => {
    const file = path.join(tmp, 'no-code.html');
    fs.writeFileSync(file, '<p>Welcome</p>');
    expect(() => auth([{ source: MessageSource.SIGN_UP, emailBodyFile: file }])).toThrow(
      `${at()}.emailBody has no {####}: Cognito requires the code placeholder in every email and SMS message`,
    );
  });

  test('an invalid default locale', () => {
    expect(() => auth([SIGN_UP], 'en_')).toThrow(
      "[Test/Auth/CustomMessage] triggers.messages.defaultLocale 'en_' is invalid: give a language tag such as 'en', 'de-AT' or 'pt_BR'",
    );
  });

  test('email templates on a pool that sends with Cognito\'s default account', () => {
    expect(() => new CognitoAuth(testStack(), 'Auth', { triggers: { messages: { templates: [SIGN_UP] } } })).toThrow(
      "[Test/Auth/CustomMessage] triggers.messages.templates has email templates, but the pool sends email with Cognito's default account: " +
        "Cognito takes a custom message trigger's email subject and body only from a pool that sends through Amazon SES (email: " +
        'UserPoolEmail.withSES(...)); send through SES or give SMS templates only',
    );
  });

  test('both the bundled trigger and your own function', () => {
    const stack = testStack();
    const own = new lambda.Function(stack, 'Own', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    expect(() => new CognitoAuth(stack, 'Auth', { email: SES, triggers: { messages: { templates: [SIGN_UP] }, customMessage: own } })).toThrow(
      '[Test/Auth] triggers has both messages (the bundled custom message trigger) and customMessage (your own function): a pool has one custom ' +
        'message trigger; give one of them',
    );
  });

  test('templates past Lambda\'s 4 KB of environment say what to shrink', () => {
    const locales = ['de', 'fr', 'es', 'it', 'nl'].map((locale) => ({ ...SIGN_UP, locale, emailBody: `<p>{####}</p>${'<br>'.repeat(200)}` }));
    const stack = testStack();
    auth([SIGN_UP, ...locales], undefined, stack);
    expect(() => Template.fromStack(stack)).toThrow(
      /^\[Test\/Auth\/CustomMessage\/Handler\] triggers\.messages makes a \d+-byte environment: Lambda allows at most 4096 bytes of environment variables; the templates travel in the function's environment: shorten them \(an HTML body's markup and styles count\) or give fewer locales$/,
    );
  });
});
