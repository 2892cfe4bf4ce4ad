import type { CustomSMSSenderTriggerEvent } from 'aws-lambda';
import type { SmsSenderConfig } from '../../lib/private/handler-config';
import type { DecryptCode } from '../shared/code-decrypter';
import { readConfig, typed } from '../shared/config';
import { HandlerConfigError } from '../shared/errors';
import { errorName, type Logger } from '../shared/log';
import { readMessages } from '../shared/messages';
import { MessageNotSent, prepareMessage, templateLocales } from '../shared/sender';

/** One SMS, as SNS Publish to a phone number takes it. */
export interface Sms {
  readonly phoneNumber: string;
  readonly text: string;
  readonly smsType: 'Transactional' | 'Promotional';
  readonly senderId?: string;
}

/** Sends an SMS (SNS Publish with a PhoneNumber). */
export type SendSms = (sms: Sms) => Promise<void>;

export interface SmsSenderDeps {
  readonly config: SmsSenderConfig;
  readonly log: Logger;
  readonly decrypt: DecryptCode;
  readonly sendSms: SendSms;
}

/** Parses the handler's config from the environment. */
export function parseSmsSenderConfig(env: NodeJS.ProcessEnv): SmsSenderConfig {
  return readConfig(env, (raw) => {
    const smsType = raw.smsType;
    if (smsType !== 'Transactional' && smsType !== 'Promotional') {
      throw new HandlerConfigError('TRIGGER_CONFIG.smsType must be Transactional or Promotional');
    }
    const senderId = raw.senderId;
    if (senderId !== undefined && typeof senderId !== 'string') throw new HandlerConfigError('TRIGGER_CONFIG.senderId must be a string');
    return { ...readMessages(raw), keyArn: typed(raw, 'keyArn', 'string'), smsType, ...(senderId !== undefined ? { senderId } : {}) };
  });
}

/**
 * The custom SMS sender: decrypts the code Cognito sends, renders the message's SMS template in the user's locale (the
 * built-in English message where there is none) and publishes it through Amazon SNS to the user's `phone_number`.
 */
export function createHandler(deps: SmsSenderDeps) {
  const { config, log, sendSms } = deps;
  return async (event: CustomSMSSenderTriggerEvent): Promise<void> => {
    const prepared = await prepareMessage(event, 'CustomSMSSender_', 'custom SMS sender', { config, decrypt: deps.decrypt, log });
    if (prepared === undefined) return;
    const phoneNumber = prepared.attributes.phone_number;
    if (typeof phoneNumber !== 'string' || phoneNumber === '') {
      log.warn('not sent', { triggerSource: event.triggerSource, reason: 'no-phone-number-attribute' });
      return;
    }
    try {
      await sendSms({
        phoneNumber,
        text: prepared.message.sms!,
        smsType: config.smsType,
        ...(config.senderId !== undefined ? { senderId: config.senderId } : {}),
      });
    } catch (err) {
      log.error('send failed', { triggerSource: event.triggerSource, error: errorName(err) });
      throw new MessageNotSent('SMS');
    }
    log.info('sent', { triggerSource: event.triggerSource, templateLocales: templateLocales(prepared.message, ['sms']) });
  };
}
