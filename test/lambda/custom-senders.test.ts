/**
 * The custom senders with a REAL ciphertext: the test encrypts each code with the AWS Encryption SDK (the same
 * @aws-crypto packages the bundles carry) under a raw AES keyring that stands in for the pool's KMS key, and the
 * handler decrypts it through its decrypt port with the same stand-in keyring. SES and SNS are recording fakes behind
 * the handlers' ports. No test prints a code, an address or a phone number: each is compared, never logged.
 */
import { randomBytes } from 'crypto';
import * as EncryptionSdk from '@aws-crypto/client-node';
import type { CustomEmailSenderTriggerEvent, CustomSMSSenderTriggerEvent } from 'aws-lambda';
import type { EmailSenderConfig, SmsSenderConfig } from '../../lib/private/handler-config';
import { encryptionSdkDecrypter } from '../../lambda/shared/code-decrypter';
import { HandlerConfigError } from '../../lambda/shared/errors';
import { BUILT_IN_TEMPLATES, MessageNotSent } from '../../lambda/shared/sender';
import { createHandler as emailSender, type Email, parseEmailSenderConfig } from '../../lambda/custom-email-sender/handler';
import { createHandler as smsSender, parseSmsSenderConfig, type Sms } from '../../lambda/custom-sms-sender/handler';
import { recordingLogger, senderEvent } from './events';

/** The stand-in for the pool's KMS key: a raw AES-256 wrapping key, named as such. */
function kmsStandIn(): EncryptionSdk.RawAesKeyringNode {
  const unencryptedMasterKey = new Uint8Array(randomBytes(32));
  return new EncryptionSdk.RawAesKeyringNode({
    keyName: 'stand-in-for-the-custom-sender-kms-key',
    keyNamespace: 'cdk-cognito-auth-tests',
    unencryptedMasterKey,
    wrappingSuite: EncryptionSdk.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

const keyring = kmsStandIn();
const { encrypt } = EncryptionSdk.buildClient(EncryptionSdk.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
/** A code as Cognito sends it: the Encryption SDK's message, base64. */
const encrypted = async (code: string) => Buffer.from((await encrypt(keyring, code)).result).toString('base64');
const decrypt = encryptionSdkDecrypter(EncryptionSdk, () => keyring);

const TEMPLATES = {
  defaultLocale: 'en',
  templates: {
    SignUp: {
      en: { emailSubject: 'Welcome {given_name}', emailBody: '<p>Hi {given_name}, code <b>{####}</b></p>', sms: 'Code {####}' },
      de: { emailSubject: 'Willkommen', emailBody: '<p>Hallo {given_name}, Code {####}</p>', sms: 'Code: {####}' },
    },
    AdminCreateUser: { en: { emailBody: '<p>User {username}, password {####}</p>', sms: 'User {username} password {####}' } },
  },
};
const EMAIL_CONFIG: EmailSenderConfig = { ...TEMPLATES, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc', fromAddress: 'no-reply@example.com', configurationSet: 'auth' };
const SMS_CONFIG: SmsSenderConfig = { ...TEMPLATES, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc', smsType: 'Transactional', senderId: 'Example' };

/** A recording SES behind the email port; `fail` makes it throw an error whose message holds the address. */
function fakeSes(fail = false) {
  const sent: Email[] = [];
  return { sent, sendEmail: async (email: Email) => {
    if (fail) throw Object.assign(new Error(`rejected ${email.to}`), { name: 'MessageRejected' });
    sent.push(email);
  } };
}
function fakeSns(fail = false) {
  const sent: Sms[] = [];
  return { sent, sendSms: async (sms: Sms) => {
    if (fail) throw Object.assign(new Error(`rejected ${sms.phoneNumber}`), { name: 'InvalidParameter' });
    sent.push(sms);
  } };
}

const JANE = { 'email': 'jane@example.com', 'phone_number': '+15555550100', 'given_name': 'Jane <J>', 'email_verified': 'true' };
const emailEvent = (source: string, code: string | null, attributes: Record<string, string> = JANE) =>
  senderEvent(`CustomEmailSender_${source}`, code, attributes) as unknown as CustomEmailSenderTriggerEvent;
const smsEvent = (source: string, code: string | null, attributes: Record<string, string> = JANE) =>
  senderEvent(`CustomSMSSender_${source}`, code, attributes) as unknown as CustomSMSSenderTriggerEvent;

describe('the decrypt port, with the Encryption SDK and the stand-in keyring', () => {
  test('decrypts a real ciphertext back to the code', async () => {
    const code = '204913';
    const ciphertext = await encrypted(code);
    expect(ciphertext).not.toContain(code);
    expect(await decrypt(ciphertext)).toBe(code);
  });

  test('refuses a ciphertext of another key', async () => {
    const other = await encrypt(kmsStandIn(), '111111');
    await expect(decrypt(Buffer.from(other.result).toString('base64'))).rejects.toThrow();
  });
});

describe('custom email sender', () => {
  test('decrypts the code, renders the template in the user\'s locale and sends it through SES, the name escaped', async () => {
    const ses = fakeSes();
    const { log, lines } = recordingLogger();
    const handler = emailSender({ config: EMAIL_CONFIG, log, decrypt, sendEmail: ses.sendEmail });
    await handler(emailEvent('SignUp', await encrypted('<80>&1'), { ...JANE, locale: 'de_DE' }));
    expect(ses.sent).toEqual([{
      from: 'no-reply@example.com', to: 'jane@example.com', subject: 'Willkommen', html: '<p>Hallo Jane &lt;J&gt;, Code &lt;80&gt;&amp;1</p>', configurationSet: 'auth',
    }]);
    expect(lines).toEqual(['{"message":"sent","triggerSource":"CustomEmailSender_SignUp","templateLocales":["de"]}']);
  });

  test('an invitation carries the user name; a part without a template comes from the built-in English message', async () => {
    const ses = fakeSes();
    const { log, lines } = recordingLogger();
    const handler = emailSender({ config: EMAIL_CONFIG, log, decrypt, sendEmail: ses.sendEmail });
    await handler({ ...emailEvent('AdminCreateUser', await encrypted('Tmp-Pass-1')), userName: 'jane' });
    expect(ses.sent[0]).toMatchObject({ subject: BUILT_IN_TEMPLATES.AdminCreateUser.emailSubject, html: '<p>User jane, password Tmp-Pass-1</p>' });
    expect(lines).toEqual(['{"message":"sent","triggerSource":"CustomEmailSender_AdminCreateUser","templateLocales":["builtin","en"]}']);
  });

  test.each(['ResendCode', 'ForgotPassword', 'UpdateUserAttribute', 'VerifyUserAttribute', 'Authentication'] as const)(
    '%s without a template: the built-in message, with the code', async (source) => {
      const ses = fakeSes();
      const handler = emailSender({ config: EMAIL_CONFIG, log: recordingLogger().log, decrypt, sendEmail: ses.sendEmail });
      await handler(emailEvent(source, await encrypted('777123')));
      expect(ses.sent).toHaveLength(1);
      expect(ses.sent[0].subject).toBe(BUILT_IN_TEMPLATES[source].emailSubject);
      expect(ses.sent[0].html).toBe(BUILT_IN_TEMPLATES[source].emailBody!.replace('{####}', '777123'));
    });

  test('the account-takeover notice and unknown sources are not sent', async () => {
    const ses = fakeSes();
    const { log, lines } = recordingLogger();
    const handler = emailSender({ config: EMAIL_CONFIG, log, decrypt, sendEmail: ses.sendEmail });
    await handler(emailEvent('AccountTakeOverNotification', null));
    expect(ses.sent).toEqual([]);
    expect(lines).toEqual(['{"message":"ignored","triggerSource":"CustomEmailSender_AccountTakeOverNotification"}']);
  });

  test('a user without an email attribute is not sent anything, and the log says why', async () => {
    const ses = fakeSes();
    const { log, lines } = recordingLogger();
    await emailSender({ config: EMAIL_CONFIG, log, decrypt, sendEmail: ses.sendEmail })(emailEvent('SignUp', await encrypted('1'), { phone_number: '+15555550100' }));
    expect(ses.sent).toEqual([]);
    expect(lines).toEqual(['{"message":"not sent","triggerSource":"CustomEmailSender_SignUp","reason":"no-email-attribute"}']);
  });

  test('a failed send fails the trigger with a message that names nothing of the user; the log has the error name only', async () => {
    const { log, lines } = recordingLogger();
    const handler = emailSender({ config: EMAIL_CONFIG, log, decrypt, sendEmail: fakeSes(true).sendEmail });
    await expect(handler(emailEvent('SignUp', await encrypted('246810')))).rejects.toThrow(new MessageNotSent('email'));
    expect(lines).toEqual(['{"message":"send failed","triggerSource":"CustomEmailSender_SignUp","error":"MessageRejected"}']);
  });

  test('a code that does not decrypt fails the trigger, and nothing is sent', async () => {
    const ses = fakeSes();
    const { log, lines } = recordingLogger();
    const handler = emailSender({ config: EMAIL_CONFIG, log, decrypt, sendEmail: ses.sendEmail });
    await expect(handler(emailEvent('SignUp', Buffer.from('not a message').toString('base64')))).rejects.toThrow('the message could not be sent');
    expect(ses.sent).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ message: 'decrypt failed', triggerSource: 'CustomEmailSender_SignUp' });
  });

  test('a malformed event', async () => {
    const handler = emailSender({ config: EMAIL_CONFIG, log: recordingLogger().log, decrypt, sendEmail: fakeSes().sendEmail });
    await expect(handler({} as any)).rejects.toThrow('malformed custom email sender event: no request');
    await expect(handler(emailEvent('SignUp', null))).rejects.toThrow('malformed custom email sender event: no code');
  });
});

describe('custom SMS sender', () => {
  test('decrypts the code and publishes the SMS template to the user\'s phone number, with the SMS type and sender id', async () => {
    const sns = fakeSns();
    const { log, lines } = recordingLogger();
    await smsSender({ config: SMS_CONFIG, log, decrypt, sendSms: sns.sendSms })(smsEvent('SignUp', await encrypted('135790')));
    expect(sns.sent).toEqual([{ phoneNumber: '+15555550100', text: 'Code 135790', smsType: 'Transactional', senderId: 'Example' }]);
    expect(lines).toEqual(['{"message":"sent","triggerSource":"CustomSMSSender_SignUp","templateLocales":["en"]}']);
  });

  test('no phone number, nothing sent; a failed publish fails the trigger', async () => {
    const sns = fakeSns();
    const { log, lines } = recordingLogger();
    await smsSender({ config: SMS_CONFIG, log, decrypt, sendSms: sns.sendSms })(smsEvent('Authentication', await encrypted('1'), { email: 'jane@example.com' }));
    expect(sns.sent).toEqual([]);
    expect(lines).toEqual(['{"message":"not sent","triggerSource":"CustomSMSSender_Authentication","reason":"no-phone-number-attribute"}']);
    const failing = smsSender({ config: SMS_CONFIG, log, decrypt, sendSms: fakeSns(true).sendSms });
    await expect(failing(smsEvent('Authentication', await encrypted('2')))).rejects.toThrow(new MessageNotSent('SMS'));
  });
});

describe('no code, address or phone number in any log line', () => {
  test('across every source of both senders', async () => {
    const { log, lines } = recordingLogger();
    const code = '918273';
    for (const source of ['SignUp', 'AdminCreateUser', 'ResendCode', 'ForgotPassword', 'UpdateUserAttribute', 'VerifyUserAttribute', 'Authentication']) {
      await emailSender({ config: EMAIL_CONFIG, log, decrypt, sendEmail: fakeSes().sendEmail })(emailEvent(source, await encrypted(code)));
      await smsSender({ config: SMS_CONFIG, log, decrypt, sendSms: fakeSns().sendSms })(smsEvent(source, await encrypted(code)));
    }
    expect(lines).toHaveLength(14);
    const text = lines.join('\n');
    for (const secret of [code, 'jane@example.com', '+15555550100', '5555550100', 'Jane']) expect(text).not.toContain(secret);
  });
});

describe('sender configs', () => {
  test('parse what the constructs write', () => {
    expect(parseEmailSenderConfig({ TRIGGER_CONFIG: JSON.stringify(EMAIL_CONFIG) })).toEqual(EMAIL_CONFIG);
    expect(parseSmsSenderConfig({ TRIGGER_CONFIG: JSON.stringify(SMS_CONFIG) })).toEqual(SMS_CONFIG);
  });

  test.each([
    [() => parseEmailSenderConfig({ TRIGGER_CONFIG: JSON.stringify({ ...EMAIL_CONFIG, fromAddress: 1 }) }), 'TRIGGER_CONFIG.fromAddress must be a string'],
    [() => parseEmailSenderConfig({ TRIGGER_CONFIG: JSON.stringify({ ...EMAIL_CONFIG, configurationSet: 1 }) }), 'TRIGGER_CONFIG.configurationSet must be a string'],
    [() => parseSmsSenderConfig({ TRIGGER_CONFIG: JSON.stringify({ ...SMS_CONFIG, smsType: 'Fast' }) }), 'TRIGGER_CONFIG.smsType must be Transactional or Promotional'],
    [() => parseSmsSenderConfig({ TRIGGER_CONFIG: JSON.stringify({ ...SMS_CONFIG, keyArn: undefined }) }), 'TRIGGER_CONFIG.keyArn must be a string'],
  ])('refuse a malformed config (%#)', (parse, message) => {
    expect(parse).toThrow(new HandlerConfigError(message));
  });
});
