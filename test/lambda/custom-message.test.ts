import fc from 'fast-check';
import type { CustomMessageConfig } from '../../lib/private/handler-config';
import { HandlerConfigError, MalformedEvent } from '../../lambda/shared/errors';
import { chooseTemplates, escapeHtml, localeChain, messageSource, render } from '../../lambda/shared/messages';
import { createHandler, parseCustomMessageConfig } from '../../lambda/custom-message/handler';
import { customMessageEvent, recordingLogger } from './events';

const CONFIG: CustomMessageConfig = {
  defaultLocale: 'en',
  templates: {
    SignUp: {
      'en': { emailSubject: 'Welcome, {given_name}', emailBody: '<p>Hello {given_name}, your code is <b>{####}</b></p>', sms: 'Code: {####}' },
      'de': { emailSubject: 'Willkommen, {given_name}', emailBody: '<p>Hallo {given_name}, Ihr Code: {####}</p>' },
      'pt-br': { sms: 'Código: {####}' },
    },
    AdminCreateUser: { en: { emailBody: '<p>User {username}, password {####}</p>', sms: 'User {username} password {####}' } },
    Authentication: { en: { sms: 'Sign-in code {####} for {custom:tenant_id}' } },
  },
};

function setup(config: CustomMessageConfig = CONFIG) {
  const { log, lines } = recordingLogger();
  return { handler: createHandler({ config, log }), lines };
}

describe('the renderer (lambda/shared/messages.ts, which the senders share)', () => {
  test.each([
    ['CustomMessage_SignUp', 'SignUp'],
    ['CustomMessage_AdminCreateUser', 'AdminCreateUser'],
    ['CustomMessage_ResendCode', 'ResendCode'],
    ['CustomMessage_ForgotPassword', 'ForgotPassword'],
    ['CustomMessage_UpdateUserAttribute', 'UpdateUserAttribute'],
    ['CustomMessage_VerifyUserAttribute', 'VerifyUserAttribute'],
    ['CustomMessage_Authentication', 'Authentication'],
    ['CustomMessage_Other', undefined],
    ['CustomEmailSender_SignUp', undefined],
    [undefined, undefined],
  ])('the trigger source %s is the message %s', (triggerSource, source) => {
    expect(messageSource(triggerSource, 'CustomMessage_')).toBe(source);
  });

  test.each([
    ['de-AT', ['de-at', 'de', 'en']],
    ['pt_BR', ['pt-br', 'pt', 'en']],
    ['EN', ['en']],
    ['', ['en']],
    [undefined, ['en']],
  ])('the locales tried for %j: %j', (locale, chain) => {
    expect(localeChain(locale, 'en')).toEqual(chain);
  });

  test('a part missing in the user\'s locale comes from the default locale, each part from its own', () => {
    expect(chooseTemplates(CONFIG, 'SignUp', 'de-CH')).toEqual({
      parts: { emailSubject: 'Willkommen, {given_name}', emailBody: '<p>Hallo {given_name}, Ihr Code: {####}</p>', sms: 'Code: {####}' },
      locales: { emailSubject: 'de', emailBody: 'de', sms: 'en' },
    });
    expect(chooseTemplates(CONFIG, 'SignUp', 'pt_BR')?.locales).toEqual({ sms: 'pt-br', emailSubject: 'en', emailBody: 'en' });
    expect(chooseTemplates(CONFIG, 'ForgotPassword', 'en')).toBeUndefined();
  });

  test('values go into HTML escaped, into text as they are, once (a value holding a placeholder stays as it is)', () => {
    const values = { code: '<&>', username: 'o\'neil', attributes: { given_name: '<script>"x"</script> {####}' } };
    expect(render('{given_name}|{####}|{username}', values, true)).toBe('&lt;script&gt;&quot;x&quot;&lt;/script&gt; {####}|&lt;&amp;&gt;|o&#39;neil');
    expect(render('{given_name}|{####}|{username}', values, false)).toBe('<script>"x"</script> {####}|<&>|o\'neil');
  });

  test('the link, unknown words in braces (CSS) and unset attributes: the link and CSS stay, an unset attribute is empty', () => {
    const values = { code: '123456', attributes: {} };
    expect(render('<style>p {color:red} a{x}</style>{##Verify email##} {family_name}.', values, true)).toBe('<style>p {color:red} a{x}</style>{##Verify email##} .');
    expect(render('{username}', values, false)).toBe('{username}');
  });

  test('escapeHtml escapes the five characters that matter', () => {
    expect(escapeHtml('a&b<c>d"e\'f')).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });

  test('property: no attribute value ever reaches an HTML body unescaped', () => {
    fc.assert(fc.property(fc.string(), (value) => {
      const out = render('<p>{given_name}</p>', { code: 'c', attributes: { given_name: value } }, true);
      expect(out.slice(3, -4)).not.toMatch(/[<>"']/);
      expect(out.slice(3, -4).replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
    }));
  });
});

describe('custom message trigger', () => {
  test('CustomMessage_SignUp in the default locale: subject, HTML body and SMS, with Cognito\'s code placeholder and the escaped name', async () => {
    const { handler, lines } = setup();
    const out = await handler(customMessageEvent('CustomMessage_SignUp', { given_name: 'Jane <J>', email: 'jane@example.com' }));
    expect(out.response).toEqual({
      emailSubject: 'Welcome, Jane <J>',
      emailMessage: '<p>Hello Jane &lt;J&gt;, your code is <b>{####}</b></p>',
      smsMessage: 'Code: {####}',
    });
    expect(lines.join('\n')).not.toMatch(/Jane|jane@/);
    expect(lines).toEqual(['{"message":"rendered","triggerSource":"CustomMessage_SignUp","templateLocales":["en"]}']);
  });

  test('the user\'s locale (de-AT) picks the German email, and the SMS falls back to the default locale', async () => {
    const { handler } = setup();
    const out = await handler(customMessageEvent('CustomMessage_SignUp', { locale: 'de-AT', given_name: 'Jana' }));
    expect(out.response).toEqual({ emailSubject: 'Willkommen, Jana', emailMessage: '<p>Hallo Jana, Ihr Code: {####}</p>', smsMessage: 'Code: {####}' });
  });

  test('CustomMessage_AdminCreateUser: the user name and code placeholders of the event go in', async () => {
    const { handler } = setup();
    const event = customMessageEvent('CustomMessage_AdminCreateUser');
    event.request.usernameParameter = '{username}';
    const out = await handler(event);
    expect(out.response).toEqual({ emailSubject: null, emailMessage: '<p>User {username}, password {####}</p>', smsMessage: 'User {username} password {####}' });
  });

  test('the event\'s own code placeholder is used, not a hard-coded one', async () => {
    const { handler } = setup();
    const event = customMessageEvent('CustomMessage_Authentication', { 'custom:tenant_id': 'acme' });
    event.request.codeParameter = '{####-custom}';
    expect((await handler(event)).response.smsMessage).toBe('Sign-in code {####-custom} for acme');
  });

  test.each([
    'CustomMessage_ResendCode', 'CustomMessage_ForgotPassword', 'CustomMessage_UpdateUserAttribute', 'CustomMessage_VerifyUserAttribute',
  ] as const)('%s without templates keeps Cognito\'s own message', async (source) => {
    const { handler, lines } = setup();
    const out = await handler(customMessageEvent(source));
    expect(out.response).toEqual({ smsMessage: null, emailMessage: null, emailSubject: null });
    expect(lines).toEqual([`{"message":"no template","triggerSource":"${source}"}`]);
  });

  test('an unknown trigger source is returned unchanged', async () => {
    const { handler, lines } = setup();
    const event = { ...customMessageEvent('CustomMessage_SignUp'), triggerSource: 'CustomMessage_Future' } as any;
    expect((await handler(event)).response).toEqual({ smsMessage: null, emailMessage: null, emailSubject: null });
    expect(lines).toEqual(['{"message":"ignored","triggerSource":"CustomMessage_Future"}']);
  });

  test('a part that renders past Cognito\'s limit is left to Cognito, and the warning names the part only', async () => {
    const config: CustomMessageConfig = { defaultLocale: 'en', templates: { SignUp: { en: { sms: 'Hi {given_name}, code {####}', emailSubject: 'Hi' } } } };
    const { handler, lines } = setup(config);
    const out = await handler(customMessageEvent('CustomMessage_SignUp', { given_name: 'x'.repeat(130) }));
    expect(out.response).toEqual({ smsMessage: null, emailMessage: null, emailSubject: 'Hi' });
    expect(lines[0]).toBe('{"message":"too long: Cognito\'s own message sent instead","triggerSource":"CustomMessage_SignUp","parts":["sms"]}');
  });

  test('characters are counted as Cognito counts them (code points): 140 emoji fit an SMS', async () => {
    const config: CustomMessageConfig = { defaultLocale: 'en', templates: { SignUp: { en: { sms: '{given_name}{####}' } } } };
    const { handler } = setup(config);
    const out = await handler(customMessageEvent('CustomMessage_SignUp', { given_name: '😀'.repeat(134) }));
    expect(out.response.smsMessage).toBe(`${'😀'.repeat(134)}{####}`);
  });

  test('a malformed event names what is missing, never the event', async () => {
    const { handler } = setup();
    await expect(handler({} as any)).rejects.toThrow(new MalformedEvent('custom message', 'no request'));
    const event = customMessageEvent('CustomMessage_SignUp');
    (event.request as any).codeParameter = undefined;
    await expect(handler(event)).rejects.toThrow('malformed custom message event: no codeParameter');
  });
});

describe('custom message config', () => {
  test('parses the config the construct writes', () => {
    expect(parseCustomMessageConfig({ TRIGGER_CONFIG: JSON.stringify(CONFIG) })).toEqual(CONFIG);
  });

  test.each([
    [{ templates: {} }, 'TRIGGER_CONFIG.defaultLocale must be a string'],
    [{ defaultLocale: 'en', templates: { Unknown: { en: { sms: 'x' } } } }, 'TRIGGER_CONFIG.templates must map message sources to locales to emailSubject, emailBody and sms texts'],
    [{ defaultLocale: 'en', templates: { SignUp: { en: { sms: 3 } } } }, 'TRIGGER_CONFIG.templates must map message sources to locales to emailSubject, emailBody and sms texts'],
    [{ defaultLocale: 'en', templates: { SignUp: { en: { body: 'x' } } } }, 'TRIGGER_CONFIG.templates must map message sources to locales to emailSubject, emailBody and sms texts'],
  ])('refuses %j', (raw, message) => {
    expect(() => parseCustomMessageConfig({ TRIGGER_CONFIG: JSON.stringify(raw) })).toThrow(new HandlerConfigError(message));
  });
});
