import type { CustomEmailSenderTriggerEvent } from 'aws-lambda';
import type { EmailSenderConfig } from '../../lib/private/handler-config';
import type { DecryptCode } from '../shared/code-decrypter';
import { readConfig, typed } from '../shared/config';
import { HandlerConfigError } from '../shared/errors';
import { errorName, type Logger } from '../shared/log';
import { readMessages } from '../shared/messages';
import { MessageNotSent, prepareMessage, type SenderEvent, templateLocales } from '../shared/sender';

/** One email, as SES SendEmail (v2) takes it. */
export interface Email {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly configurationSet?: string;
}

/** Sends an email (SESv2 SendEmail). */
export type SendEmail = (email: Email) => Promise<void>;

export interface EmailSenderDeps {
  readonly config: EmailSenderConfig;
  readonly log: Logger;
  readonly decrypt: DecryptCode;
  readonly sendEmail: SendEmail;
}

/** Parses the handler's config from the environment. */
export function parseEmailSenderConfig(env: NodeJS.ProcessEnv): EmailSenderConfig {
  return readConfig(env, (raw) => {
    const configurationSet = raw.configurationSet;
    if (configurationSet !== undefined && typeof configurationSet !== 'string') {
      throw new HandlerConfigError('TRIGGER_CONFIG.configurationSet must be a string');
    }
    return {
      ...readMessages(raw),
      keyArn: typed(raw, 'keyArn', 'string'),
      fromAddress: typed(raw, 'fromAddress', 'string'),
      ...(configurationSet !== undefined ? { configurationSet } : {}),
    };
  });
}

/**
 * The custom email sender: decrypts the code Cognito sends, renders the message's templates in the user's locale
 * (the built-in English message where there is none) and sends it through Amazon SES to the user's `email`. The
 * account-takeover notice (threat protection) is not sent: it carries no code and has no template here.
 */
export function createHandler(deps: EmailSenderDeps) {
  const { config, log, sendEmail } = deps;
  return async (event: CustomEmailSenderTriggerEvent): Promise<void> => {
    const prepared = await prepareMessage(event as SenderEvent, 'CustomEmailSender_', 'custom email sender', { config, decrypt: deps.decrypt, log });
    if (prepared === undefined) return;
    const to = prepared.attributes.email;
    if (typeof to !== 'string' || to === '') {
      log.warn('not sent', { triggerSource: event.triggerSource, reason: 'no-email-attribute' });
      return;
    }
    const { message } = prepared;
    try {
      await sendEmail({
        from: config.fromAddress,
        to,
        subject: message.emailSubject!,
        html: message.emailBody!,
        ...(config.configurationSet !== undefined ? { configurationSet: config.configurationSet } : {}),
      });
    } catch (err) {
      log.error('send failed', { triggerSource: event.triggerSource, error: errorName(err) });
      throw new MessageNotSent('email');
    }
    log.info('sent', { triggerSource: event.triggerSource, templateLocales: templateLocales(message, ['emailSubject', 'emailBody']) });
  };
}
