/**
 * What the two custom sender triggers share: the event's message source and code, the message rendered from the
 * templates (with the decrypted code in it, HTML-escaped in an email body) or, for a message without a template, the
 * built-in English one, and the error a failed send raises. The code, the address and the phone number are never
 * logged: the records name the trigger source and the template's locale only.
 */
import type { MessageParts, MessageSourceName, MessagesConfig } from '../../lib/private/handler-config';
import type { DecryptCode } from './code-decrypter';
import { MalformedEvent } from './errors';
import { errorName, type Logger } from './log';
import { messageSource, renderMessage, type RenderedMessage } from './messages';

/** A built-in message that gives the code as `what` ('confirmation code'). */
const codeMessage = (what: string): MessageParts => ({
  emailSubject: `Your ${what}`, emailBody: `<p>Your ${what} is {####}.</p>`, sms: `Your ${what} is {####}`,
});

/** The built-in templates, for a message the config has none for (a sender must send something). */
export const BUILT_IN_TEMPLATES: { [source in MessageSourceName]: MessageParts } = {
  SignUp: codeMessage('confirmation code'),
  AdminCreateUser: {
    emailSubject: 'Your temporary password',
    emailBody: '<p>Your user name is {username} and your temporary password is {####}.</p>',
    sms: 'Your user name is {username} and your temporary password is {####}',
  },
  ResendCode: codeMessage('confirmation code'),
  ForgotPassword: codeMessage('password reset code'),
  UpdateUserAttribute: codeMessage('verification code'),
  VerifyUserAttribute: codeMessage('verification code'),
  Authentication: codeMessage('sign-in code'),
};

/** A sender event as both triggers get it (the request's code is the Encryption SDK's message, base64). */
export interface SenderEvent {
  readonly triggerSource: string;
  readonly userName?: string;
  readonly request: { readonly code?: string | null; readonly userAttributes?: { [name: string]: string } };
}

/** A message to send: the source, the rendered parts (templates first, then the built-in ones), the user's attributes. */
export interface SenderMessage {
  readonly source: MessageSourceName;
  readonly message: RenderedMessage;
  readonly attributes: { [name: string]: string };
}

/** A send that failed: Cognito reports the trigger's error; the message names no address, code or provider detail. */
export class MessageNotSent extends Error {
  constructor(what: string) {
    super(`the ${what} could not be sent`);
    this.name = 'MessageNotSent';
  }
}

/**
 * Reads the event, decrypts its code and renders the message, or answers undefined for an event this sender does not
 * send (another source, as the account-takeover notice). `trigger` names the trigger in errors ("custom email sender").
 */
export async function prepareMessage(
  event: SenderEvent, prefix: string, trigger: string, deps: { config: MessagesConfig; decrypt: DecryptCode; log: Logger },
): Promise<SenderMessage | undefined> {
  if (typeof event !== 'object' || event === null || typeof event.request !== 'object' || event.request === null) {
    throw new MalformedEvent(trigger, 'no request');
  }
  const source = messageSource(event.triggerSource, prefix);
  if (source === undefined) {
    deps.log.info('ignored', { triggerSource: String(event.triggerSource) });
    return undefined;
  }
  const ciphertext = event.request.code;
  if (typeof ciphertext !== 'string' || ciphertext === '') throw new MalformedEvent(trigger, 'no code');
  let code: string;
  try {
    code = await deps.decrypt(ciphertext);
  } catch (err) {
    deps.log.error('decrypt failed', { triggerSource: event.triggerSource, error: errorName(err) });
    throw new MessageNotSent('message');
  }
  const attributes = event.request.userAttributes ?? {};
  const values = { code, username: event.userName, attributes };
  const fromTemplates = renderMessage(deps.config, source, values);
  const builtIn = renderMessage({ defaultLocale: 'builtin', templates: { [source]: { builtin: BUILT_IN_TEMPLATES[source] } } }, source, values)!;
  const message: RenderedMessage = {
    emailSubject: fromTemplates?.emailSubject ?? builtIn.emailSubject,
    emailBody: fromTemplates?.emailBody ?? builtIn.emailBody,
    sms: fromTemplates?.sms ?? builtIn.sms,
    locales: fromTemplates?.locales ?? {},
  };
  return { source, message, attributes };
}

/** The locales the message's parts came from, for the log (`builtin` where a part had no template). */
export function templateLocales(message: RenderedMessage, parts: (keyof MessageParts)[]): string[] {
  return [...new Set(parts.map((p) => message.locales[p] ?? 'builtin'))];
}
