/**
 * The message templates, rendered: the custom message trigger and the custom senders share them. A template is
 * chosen by the message's source (the trigger source after its prefix) and the user's `locale` attribute, falling
 * back to its language, then to the default locale, part by part. Placeholders:
 * - `{####}`: the code (or temporary password). The custom message trigger puts Cognito's own placeholder there (the
 *   event's `codeParameter`), which Cognito replaces; a sender puts the decrypted code.
 * - `{username}`: the user name of an invitation (the event's `usernameParameter` in the trigger, its user name in a sender).
 * - `{given_name}`, `{custom:tenant_id}`, ...: a standard attribute or a `custom:` attribute of the user, empty when unset.
 * - `{##Verify email##}`: a verification link, left as it is, in Cognito's own form.
 * Anything else in braces (CSS in an HTML body, for example) is text. Every value inserted into an HTML body is
 * HTML-escaped; subjects and SMS texts are plain text. Values are substituted once: a value that holds a placeholder
 * stays as it is.
 */
import { MESSAGE_SOURCES, normalizeLocale, type MessageParts, type MessageSourceName, type MessagesConfig } from '../../lib/private/handler-config';
import { HandlerConfigError } from './errors';
import { CONFIG_ENV } from './config';

/** The standard attributes a template may insert (OpenID Connect's, as Cognito names them). */
export const STANDARD_ATTRIBUTES = [
  'address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname',
  'phone_number', 'picture', 'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo',
] as const;

/** `{####}`, `{username}`, `{attribute}` or `{custom:attribute}`; `{##text##}` is matched to be left alone. */
const PLACEHOLDER = /\{(####|##[^{}]*?##|username|[a-z_]+|custom:[\w-]{1,20})\}/g;

/** The message source of a trigger source with this prefix (`CustomMessage_`), or undefined. */
export function messageSource(triggerSource: unknown, prefix: string): MessageSourceName | undefined {
  if (typeof triggerSource !== 'string' || !triggerSource.startsWith(prefix)) return undefined;
  const name = triggerSource.slice(prefix.length);
  return (MESSAGE_SOURCES as readonly string[]).includes(name) ? (name as MessageSourceName) : undefined;
}

/**
 * The locales to try for a user, best first: the user's locale, its language, then the default locale.
 */
export function localeChain(userLocale: unknown, defaultLocale: string): string[] {
  const chain: string[] = [];
  if (typeof userLocale === 'string' && userLocale.trim() !== '') {
    const locale = normalizeLocale(userLocale);
    chain.push(locale);
    const language = locale.split('-')[0];
    if (language !== locale) chain.push(language);
  }
  chain.push(defaultLocale);
  return [...new Set(chain)];
}

/** The templates of one message for a user: each part from the first locale of the chain that has it. */
export interface ChosenTemplates {
  readonly parts: MessageParts;
  /** The locale each part came from (only parts that exist). */
  readonly locales: { [part: string]: string };
}

/** The templates for a source and a user's locale, or undefined when the source has none. */
export function chooseTemplates(config: MessagesConfig, source: MessageSourceName, userLocale: unknown): ChosenTemplates | undefined {
  const bySource = config.templates[source];
  if (bySource === undefined) return undefined;
  const parts: { [part: string]: string } = {};
  const locales: { [part: string]: string } = {};
  for (const locale of localeChain(userLocale, config.defaultLocale)) {
    const templates = bySource[locale];
    if (templates === undefined) continue;
    for (const part of ['emailSubject', 'emailBody', 'sms'] as const) {
      const text = templates[part];
      if (parts[part] === undefined && typeof text === 'string') {
        parts[part] = text;
        locales[part] = locale;
      }
    }
  }
  return Object.keys(parts).length === 0 ? undefined : { parts: parts as MessageParts, locales };
}

/** What goes into the placeholders. */
export interface MessageValues {
  /** The code: Cognito's placeholder in the trigger, the decrypted code in a sender. */
  readonly code: string;
  /** The user name for `{username}`. */
  readonly username?: string;
  /** The user's attributes, for `{attribute}`. */
  readonly attributes: { [name: string]: string | undefined };
}

const HTML_ESCAPES: { [c: string]: string } = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe to put into HTML, as element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A template with its placeholders filled in, once; `html` escapes each inserted value. */
export function render(template: string, values: MessageValues, html: boolean): string {
  const insert = (value: string) => (html ? escapeHtml(value) : value);
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === '####') return insert(values.code);
    if (name.startsWith('##')) return whole;
    if (name === 'username') return values.username === undefined ? whole : insert(values.username);
    if (name.startsWith('custom:') || (STANDARD_ATTRIBUTES as readonly string[]).includes(name)) return insert(values.attributes[name] ?? '');
    return whole;
  });
}

/** The rendered parts of one message, and the locale of each. */
export interface RenderedMessage {
  readonly emailSubject?: string;
  readonly emailBody?: string;
  readonly sms?: string;
  readonly locales: { [part: string]: string };
}

/** Chooses the templates for a source and a user, and renders them: the body as HTML, subject and SMS as text. */
export function renderMessage(
  config: MessagesConfig,
  source: MessageSourceName,
  values: MessageValues,
): RenderedMessage | undefined {
  const chosen = chooseTemplates(config, source, values.attributes.locale);
  if (chosen === undefined) return undefined;
  const { emailSubject, emailBody, sms } = chosen.parts;
  return {
    ...(emailSubject !== undefined ? { emailSubject: render(emailSubject, values, false) } : {}),
    ...(emailBody !== undefined ? { emailBody: render(emailBody, values, true) } : {}),
    ...(sms !== undefined ? { sms: render(sms, values, false) } : {}),
    locales: chosen.locales,
  };
}

/** The templates of a handler's config, or a HandlerConfigError naming what is wrong. */
export function readMessages(raw: Record<string, unknown>): MessagesConfig {
  const { defaultLocale, templates } = raw;
  if (typeof defaultLocale !== 'string' || defaultLocale === '') throw new HandlerConfigError(`${CONFIG_ENV}.defaultLocale must be a string`);
  const ok =
    typeof templates === 'object' && templates !== null && !Array.isArray(templates) &&
    Object.entries(templates).every(([source, byLocale]) =>
      (MESSAGE_SOURCES as readonly string[]).includes(source) && typeof byLocale === 'object' && byLocale !== null &&
      Object.values(byLocale).every((parts) =>
        typeof parts === 'object' && parts !== null &&
        Object.entries(parts).every(([k, v]) => ['emailSubject', 'emailBody', 'sms'].includes(k) && typeof v === 'string')));
  if (!ok) throw new HandlerConfigError(`${CONFIG_ENV}.templates must map message sources to locales to emailSubject, emailBody and sms texts`);
  return { defaultLocale, templates: templates as MessagesConfig['templates'] };
}
