import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { type CustomMessageConfig, MESSAGE_LIMITS } from '../../lib/private/handler-config';
import { readConfig } from '../shared/config';
import { MalformedEvent } from '../shared/errors';
import type { Logger } from '../shared/log';
import { messageSource, readMessages, renderMessage } from '../shared/messages';

export interface CustomMessageDeps {
  readonly config: CustomMessageConfig;
  readonly log: Logger;
}

/** Parses the handler's config from the environment. */
export function parseCustomMessageConfig(env: NodeJS.ProcessEnv): CustomMessageConfig {
  return readConfig(env, readMessages);
}

/** Characters as Cognito counts them (code points, not UTF-16 units). */
const length = (text: string) => [...text].length;

/**
 * The custom message trigger: renders the templates of the event's message source in the user's locale, with
 * Cognito's own code and user-name placeholders in them, which Cognito then fills in. A source without templates,
 * or a part without one, keeps Cognito's own message.
 */
export function createHandler(deps: CustomMessageDeps) {
  const { config, log } = deps;
  return async (event: CustomMessageTriggerEvent): Promise<CustomMessageTriggerEvent> => {
    if (typeof event !== 'object' || event === null || typeof event.request !== 'object' || event.request === null) {
      throw new MalformedEvent('custom message', 'no request');
    }
    const source = messageSource(event.triggerSource, 'CustomMessage_');
    if (source === undefined) {
      log.info('ignored', { triggerSource: String(event.triggerSource) });
      return event;
    }
    const { codeParameter, usernameParameter } = event.request;
    if (typeof codeParameter !== 'string' || codeParameter === '') throw new MalformedEvent('custom message', 'no codeParameter');
    const message = renderMessage(config, source, {
      code: codeParameter,
      username: typeof usernameParameter === 'string' ? usernameParameter : undefined,
      attributes: event.request.userAttributes ?? {},
    });
    if (message === undefined) {
      log.info('no template', { triggerSource: event.triggerSource });
      return event;
    }
    event.response = event.response ?? { smsMessage: null, emailMessage: null, emailSubject: null };
    const tooLong: string[] = [];
    const set = (part: keyof typeof MESSAGE_LIMITS, key: keyof CustomMessageTriggerEvent['response'], text: string | undefined) => {
      if (text === undefined) return;
      if (length(text) > MESSAGE_LIMITS[part]) tooLong.push(part);
      else event.response[key] = text;
    };
    set('emailSubject', 'emailSubject', message.emailSubject);
    set('emailBody', 'emailMessage', message.emailBody);
    set('sms', 'smsMessage', message.sms);
    if (tooLong.length > 0) log.warn('too long: Cognito\'s own message sent instead', { triggerSource: event.triggerSource, parts: tooLong });
    log.info('rendered', { triggerSource: event.triggerSource, templateLocales: [...new Set(Object.values(message.locales))] });
    return event;
  };
}
