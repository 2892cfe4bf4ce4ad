import * as fs from 'fs';
import * as path from 'path';
import { Token } from 'aws-cdk-lib';
import {
  CODE_PLACEHOLDER, MESSAGE_LIMITS, type MessageParts, type MessagesConfig, normalizeLocale, USERNAME_PLACEHOLDER,
} from '../../private/handler-config';
import { ConfigError } from '../../private/errors';
import { MessageSource, type MessageTemplate } from '../message-templates';

/** A language tag as Cognito's `locale` attribute carries it: `en`, `de-AT`, `pt_BR`, `zh-Hant-TW`. */
const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;

/** A verification link in Cognito's form (VerificationMessageTemplateType: "link text in the format {##Click here##}"). */
const LINK = /\{##[^{}#]+##\}/;

/** What the pool's settings ask of the templates. */
export interface TemplateRules {
  /** The pool verifies email addresses by link: sign-up and resend emails carry `{##text##}` instead of the code. */
  readonly linkVerification: boolean;
}

const characters = (text: string) => [...text].length;

/** Reads one part of a template: inline or from a file, not both. */
function readPart(at: string, template: MessageTemplate, inline: 'emailBody' | 'sms', file: 'emailBodyFile' | 'smsFile'): string | undefined {
  const text = template[inline];
  const filePath = template[file];
  if (text !== undefined && filePath !== undefined) throw new ConfigError(`${at} has both ${inline} and ${file}: give one`);
  if (filePath === undefined) return text;
  try {
    return fs.readFileSync(path.resolve(filePath), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`${at}.${file} '${filePath}' cannot be read (${code}): give the path of a UTF-8 text file`);
  }
}

/** The problems of one part's text: length, and the placeholders its message needs. */
function partProblems(at: string, source: MessageSource, part: keyof MessageParts, text: string, rules: TemplateRules): string[] {
  if (Token.isUnresolved(text)) return [`${at}.${part} is a token: templates are checked at synth, so give their text`];
  const problems: string[] = [];
  const max = MESSAGE_LIMITS[part];
  const n = characters(text);
  if (n > max) {
    problems.push(`${at}.${part} has ${n} characters: Cognito allows at most ${max}${part === 'emailSubject' ? '' : ' (the code included)'}`);
  }
  if (part === 'emailSubject') {
    if (text.trim() === '') problems.push(`${at}.emailSubject is empty: give a subject of 1 to ${max} characters`);
    return problems;
  }
  const byLink = part === 'emailBody' && rules.linkVerification && (source === MessageSource.SIGN_UP || source === MessageSource.RESEND_CODE);
  if (byLink && !LINK.test(text)) {
    problems.push(`${at}.emailBody has no verification link: the pool verifies email addresses by link (VerificationEmailStyle.LINK), so the ` +
      'message needs one in the form {##Verify email##}');
  }
  if (!byLink && !text.includes(CODE_PLACEHOLDER)) {
    problems.push(`${at}.${part} has no ${CODE_PLACEHOLDER}: Cognito requires the code placeholder in every email and SMS message`);
  }
  if (source === MessageSource.ADMIN_CREATE_USER && !text.includes(USERNAME_PLACEHOLDER)) {
    problems.push(`${at}.${part} has no ${USERNAME_PLACEHOLDER}: an invitation must carry the user name and the temporary password ` +
      `(${CODE_PLACEHOLDER})`);
  }
  return problems;
}

/**
 * Checks the templates (each rule a ConfigError naming the template, the part, the value and what is allowed) and
 * builds the handlers' config: source to lowercase locale to the parts. Files are read here, at synth.
 */
export function buildMessagesConfig(
  prop: string, options: { readonly templates?: MessageTemplate[]; readonly defaultLocale?: string }, rules: TemplateRules, allowNone = false,
): MessagesConfig {
  const defaultLocale = options.defaultLocale ?? 'en';
  if (!LOCALE.test(defaultLocale)) {
    throw new ConfigError(`${prop}.defaultLocale '${defaultLocale}' is invalid: give a language tag such as 'en', 'de-AT' or 'pt_BR'`);
  }
  const templates = options.templates ?? [];
  if (templates.length === 0 && !allowNone) throw new ConfigError(`${prop}.templates is empty: give at least one template`);
  const config: { [source: string]: { [locale: string]: MessageParts } } = {};
  const seen = new Map<string, number>();
  templates.forEach((template, i) => {
    const at = `${prop}.templates[${i}]`;
    const locale = template.locale ?? defaultLocale;
    if (!LOCALE.test(locale)) {
      throw new ConfigError(`${at}.locale '${locale}' is invalid: give a language tag such as 'en', 'de-AT' or 'pt_BR'`);
    }
    const key = normalizeLocale(locale);
    const where = `${template.source}/${key}`;
    const earlier = seen.get(where);
    if (earlier !== undefined) {
      throw new ConfigError(`${at} repeats ${template.source} in locale '${key}' (templates[${earlier}]): give each message once per locale`);
    }
    seen.set(where, i);
    const parts: { [part: string]: string } = {};
    if (template.emailSubject !== undefined) parts.emailSubject = template.emailSubject;
    const body = readPart(at, template, 'emailBody', 'emailBodyFile');
    if (body !== undefined) parts.emailBody = body;
    const sms = readPart(at, template, 'sms', 'smsFile');
    if (sms !== undefined) parts.sms = sms;
    if (Object.keys(parts).length === 0) throw new ConfigError(`${at} (${where}) has no emailSubject, emailBody or sms: give at least one`);
    for (const [part, text] of Object.entries(parts)) {
      const [problem] = partProblems(at, template.source, part as keyof MessageParts, text, rules);
      if (problem !== undefined) throw new ConfigError(problem);
    }
    (config[template.source] ??= {})[key] = parts;
  });
  const defaultKey = normalizeLocale(defaultLocale);
  for (const [source, byLocale] of Object.entries(config)) {
    if (byLocale[defaultKey] === undefined) {
      const locales = Object.keys(byLocale).map((l) => `'${l}'`).join(', ');
      throw new ConfigError(`${prop}.templates has ${source} in ${locales} but not in the default locale ` +
        `'${defaultKey}': users whose locale has no template get the default locale's, so every message needs one`);
    }
  }
  return { defaultLocale: defaultKey, templates: config };
}

/** Whether any template has an email part. */
export function hasEmailTemplates(config: MessagesConfig): boolean {
  return Object.values(config.templates)
    .some((byLocale) => Object.values(byLocale).some((p) => p.emailBody !== undefined || p.emailSubject !== undefined));
}
