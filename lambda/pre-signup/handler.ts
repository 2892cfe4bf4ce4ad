import type { UserType } from '@aws-sdk/client-cognito-identity-provider';
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { LINK_VERIFIED_ATTRIBUTE, type PreSignUpConfig } from '../../lib/private/handler-config';
import { readConfig, stringList, typed } from '../shared/config';
import { HandlerConfigError, MalformedEvent } from '../shared/errors';
import { errorName, type Logger } from '../shared/log';

/** The pool's users whose email is the given (lowercase) address: at most 10 (ListUsers with an email filter). */
export type ListUsersByEmail = (userPoolId: string, email: string) => Promise<UserType[]>;

/**
 * Links a federated identity to a native user (AdminLinkProviderForUser): the provider's user, by its subject
 * (`Cognito_Subject`), becomes a way to sign in as the native user.
 */
export type LinkProviderForUser = (userPoolId: string, nativeUserName: string, provider: string, providerUserId: string) => Promise<void>;

export interface PreSignUpDeps {
  readonly config: PreSignUpConfig;
  readonly log: Logger;
  /** Needed only when the config links external users. */
  readonly listUsersByEmail?: ListUsersByEmail;
  /** Needed only when the config links external users. */
  readonly linkProviderForUser?: LinkProviderForUser;
}

/** Parses the handler's config from the environment. */
export function parsePreSignUpConfig(env: NodeJS.ProcessEnv): PreSignUpConfig {
  return readConfig(env, (raw) => ({
    allowedDomains: stringList(raw, 'allowedDomains'),
    blockedDomains: stringList(raw, 'blockedDomains'),
    autoConfirmDomains: stringList(raw, 'autoConfirmDomains'),
    includeSubdomains: typed(raw, 'includeSubdomains', 'boolean'),
    linkExternalUsers: typed(raw, 'linkExternalUsers', 'boolean'),
    externalProviderNames: stringList(raw, 'externalProviderNames'),
    linkProviders: stringList(raw, 'linkProviders'),
    assumeVerifiedProviders: stringList(raw, 'assumeVerifiedProviders'),
    rejectionMessage: typed(raw, 'rejectionMessage', 'string'),
  }));
}

/** A sign-up this trigger turns down; Cognito shows the message to the user. */
export class SignUpRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignUpRejected';
  }
}

/** A malformed pre sign-up event: never the event itself in the message. */
const malformed = (what: string): MalformedEvent => new MalformedEvent('pre sign-up', what);

/** local@domain with a dotted domain, no white space, quotes or backslashes, at most 254 characters. */
const EMAIL = /^[^\s@"\\]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)$/;
export const INVALID_EMAIL_MESSAGE = 'The email address is not valid.';

/** The lowercase domain of an email address, or undefined when the address is malformed. */
export function emailDomain(email: string): string | undefined {
  if (email.length > 254) return undefined;
  return EMAIL.exec(email.trim().toLowerCase())?.[1];
}

/** Whether a domain is one of the listed domains (or, with subdomains on, below one of them). */
export function domainMatches(domain: string, listed: string[], includeSubdomains: boolean): boolean {
  return listed.some((d) => domain === d || (includeSubdomains && domain.endsWith(`.${d}`)));
}

/** Provider names as AdminLinkProviderForUser wants them, for the lowercase prefixes of social user names. */
const SOCIAL_PROVIDERS: { [prefix: string]: string } = {
  google: 'Google',
  facebook: 'Facebook',
  loginwithamazon: 'LoginWithAmazon',
  signinwithapple: 'SignInWithApple',
};

/**
 * Splits a federated user name (google_1234, mysaml_abc) into the provider name that AdminLinkProviderForUser
 * wants and the provider's user id. Only the first underscore separates them: provider user ids may contain more.
 * Cognito may lowercase the prefix, so it is matched case-insensitively against the social providers and the
 * pool's own provider names.
 */
export function parseExternalUserName(
  userName: string,
  providerNames: string[] = [],
): { provider: string; userId: string } | undefined {
  const cut = userName.indexOf('_');
  if (cut <= 0 || cut === userName.length - 1) return undefined;
  const prefix = userName.slice(0, cut);
  const lower = prefix.toLowerCase();
  const provider = SOCIAL_PROVIDERS[lower] ?? providerNames.find((n) => n.toLowerCase() === lower) ?? prefix;
  return { provider, userId: userName.slice(cut + 1) };
}

/** A provider's verification signal as Cognito maps it: a boolean claim arrives as the string 'true' or 'false'. */
function isTrue(value: unknown): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === 'true';
}

function isFalse(value: unknown): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === 'false';
}

/**
 * The pre sign-up trigger: rejects blocked and non-allowed email domains and malformed addresses, confirms users
 * of the auto-confirm domains without a code, and links a federated sign-up to the native user with the same
 * verified email, when asked to and when the provider said it verified the address.
 */
export function createHandler(deps: PreSignUpDeps) {
  const { config, log, listUsersByEmail, linkProviderForUser } = deps;
  if (config.linkExternalUsers && (!listUsersByEmail || !linkProviderForUser)) {
    throw new HandlerConfigError('linking external users is configured but no way to look users up and link them was given');
  }

  return async (event: PreSignUpTriggerEvent): Promise<PreSignUpTriggerEvent> => {
    if (typeof event !== 'object' || event === null || typeof event.request !== 'object' || event.request === null) {
      throw malformed('no request');
    }
    const source = event.triggerSource;
    if (source !== 'PreSignUp_SignUp' && source !== 'PreSignUp_AdminCreateUser' && source !== 'PreSignUp_ExternalProvider') {
      log.info('ignored', { triggerSource: String(source) });
      return event;
    }
    const attributes = event.request.userAttributes ?? {};
    const email = attributes.email;
    const rules = config.allowedDomains.length > 0 || config.blockedDomains.length > 0;

    if (typeof email !== 'string' || email === '') {
      if (rules) {
        log.info('rejected', { triggerSource: source, reason: 'no-email' });
        throw new SignUpRejected(config.rejectionMessage);
      }
      return event;
    }
    const domain = emailDomain(email);
    if (domain === undefined) {
      log.info('rejected', { triggerSource: source, reason: 'malformed-email' });
      throw new SignUpRejected(INVALID_EMAIL_MESSAGE);
    }
    if (domainMatches(domain, config.blockedDomains, config.includeSubdomains)) {
      log.info('rejected', { triggerSource: source, reason: 'blocked-domain' });
      throw new SignUpRejected(config.rejectionMessage);
    }
    if (config.allowedDomains.length > 0 && !domainMatches(domain, config.allowedDomains, config.includeSubdomains)) {
      log.info('rejected', { triggerSource: source, reason: 'domain-not-allowed' });
      throw new SignUpRejected(config.rejectionMessage);
    }

    event.response = event.response ?? { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };
    if (source === 'PreSignUp_SignUp' && domainMatches(domain, config.autoConfirmDomains, config.includeSubdomains)) {
      event.response.autoConfirmUser = true;
      // Linking trusts verified addresses: while it is on, an address is never verified without a code (synth
      // refuses the combination; this holds for a config built by hand too).
      event.response.autoVerifyEmail = !config.linkExternalUsers;
      log.info('auto-confirmed', { triggerSource: source });
    }

    if (source === 'PreSignUp_ExternalProvider' && config.linkExternalUsers) {
      await linkToNativeUser(event, email.trim().toLowerCase());
    }
    return event;
  };

  async function linkToNativeUser(event: PreSignUpTriggerEvent, email: string): Promise<void> {
    const external = parseExternalUserName(event.userName, config.externalProviderNames);
    if (!external) {
      log.warn('not linked', { reason: 'unrecognised-user-name' });
      return;
    }
    if (!config.linkProviders.includes(external.provider)) {
      log.info('not linked', { reason: 'provider-not-trusted-for-linking', provider: external.provider });
      return;
    }
    // Fail closed: link only on the provider's own positive word that it verified the address, unless the pool's owner
    // named the provider as one whose addresses are all verified.
    const attributes = event.request.userAttributes ?? {};
    if (attributes.email_verified === 'false' || isFalse(attributes[LINK_VERIFIED_ATTRIBUTE])) {
      log.info('not linked', { reason: 'email-not-verified-by-provider', provider: external.provider });
      return;
    }
    if (!config.assumeVerifiedProviders.includes(external.provider) && !isTrue(attributes[LINK_VERIFIED_ATTRIBUTE])) {
      log.info('not linked', { reason: 'no-verification-signal', provider: external.provider });
      return;
    }
    let users: UserType[];
    try {
      users = await listUsersByEmail!(event.userPoolId, email);
    } catch (err) {
      log.error('lookup failed', { error: errorName(err) });
      throw new Error('Sign-up failed: the account lookup did not answer. Try again.');
    }
    const native = users.filter(
      (u) =>
        u.UserStatus !== 'EXTERNAL_PROVIDER' &&
        u.Attributes?.some((a) => a.Name === 'email_verified' && a.Value === 'true') === true,
    );
    if (native.length !== 1) {
      log.info('not linked', { reason: native.length === 0 ? 'no-verified-native-user' : 'several-native-users', provider: external.provider });
      return;
    }
    try {
      await linkProviderForUser!(event.userPoolId, native[0].Username ?? '', external.provider, external.userId);
      log.info('linked', { provider: external.provider });
    } catch (err) {
      log.error('link failed', { error: errorName(err), provider: external.provider });
      throw new Error('Sign-up failed: the account could not be linked. Try again.');
    }
  }
}
