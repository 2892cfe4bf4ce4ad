import type { UserType } from '@aws-sdk/client-cognito-identity-provider';
import { LINK_VERIFIED_ATTRIBUTE, type PreSignUpConfig } from '../../lib/private/handler-config';
import { HandlerConfigError, MalformedEvent } from '../../lambda/shared/errors';
import {
  createHandler,
  domainMatches,
  emailDomain,
  INVALID_EMAIL_MESSAGE,
  type LinkProviderForUser,
  type ListUsersByEmail,
  parseExternalUserName,
  parsePreSignUpConfig,
  SignUpRejected,
} from '../../lambda/pre-signup/handler';
import { POOL_ID, preSignUpEvent, recordingLogger } from './events';

type Call = ['listUsersByEmail', ...Parameters<ListUsersByEmail>] | ['linkProviderForUser', ...Parameters<LinkProviderForUser>];

/**
 * A fake Cognito behind the handler's two ports: answers the look-up from `users` and records every call. With
 * `failWith`, the call of that port fails with an error of that name whose message holds an email.
 */
class FakeCognito {
  public readonly calls: Call[] = [];
  constructor(
    private readonly users: UserType[] = [],
    private readonly failWith?: { port: Call[0]; name: string },
  ) {}
  public readonly listUsersByEmail: ListUsersByEmail = async (...args) => {
    this.calls.push(['listUsersByEmail', ...args]);
    this.fail('listUsersByEmail');
    return this.users;
  };
  public readonly linkProviderForUser: LinkProviderForUser = async (...args) => {
    this.calls.push(['linkProviderForUser', ...args]);
    this.fail('linkProviderForUser');
  };
  private fail(port: Call[0]): void {
    if (this.failWith?.port === port) throw Object.assign(new Error('jane@example.com broke it'), { name: this.failWith.name });
  }
}

const CONFIG: PreSignUpConfig = {
  allowedDomains: ['example.com', 'partner.org'],
  blockedDomains: ['spam.example.com'],
  autoConfirmDomains: ['example.com'],
  includeSubdomains: false,
  linkExternalUsers: true,
  linkProviders: ['Google', 'AcmeSaml'],
  assumeVerifiedProviders: [],
  externalProviderNames: ['AcmeSaml'],
  rejectionMessage: 'Sign-up is not allowed for this email address.',
};

function setup(config: Partial<PreSignUpConfig> = {}, users: UserType[] = [], failWith?: { port: Call[0]; name: string }) {
  const cognito = new FakeCognito(users, failWith);
  const { log, lines } = recordingLogger();
  const handler = createHandler({
    config: { ...CONFIG, ...config },
    listUsersByEmail: cognito.listUsersByEmail,
    linkProviderForUser: cognito.linkProviderForUser,
    log,
  });
  return { handler, cognito, lines };
}

/** What Cognito maps from Google's email_verified claim when the pool links its users. */
const VERIFIED = { [LINK_VERIFIED_ATTRIBUTE]: 'true' };

const nativeUser = (verified: boolean): UserType => ({
  Username: 'native-jane',
  UserStatus: 'CONFIRMED',
  Attributes: [
    { Name: 'email', Value: 'jane@example.com' },
    { Name: 'email_verified', Value: String(verified) },
  ],
});

describe('pre sign-up: PreSignUp_SignUp', () => {
  test('an allowed domain in the auto-confirm list is confirmed and verified', async () => {
    const { handler, lines } = setup({ linkExternalUsers: false });
    const out = await handler(preSignUpEvent('PreSignUp_SignUp', { email: 'Jane@Example.COM' }));
    expect(out.response).toEqual({ autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false });
    expect(lines.join('\n')).not.toMatch(/jane|example\.com/i);
  });

  test('while linking is on, auto-confirmation never verifies the address (linking trusts verified addresses; synth refuses the pair)', async () => {
    const { handler } = setup({ linkExternalUsers: true });
    const out = await handler(preSignUpEvent('PreSignUp_SignUp', { email: 'ceo@example.com' }));
    expect(out.response).toEqual({ autoConfirmUser: true, autoVerifyEmail: false, autoVerifyPhone: false });
  });

  test('an allowed domain outside the auto-confirm list passes unconfirmed', async () => {
    const { handler } = setup();
    const out = await handler(preSignUpEvent('PreSignUp_SignUp', { email: 'bob@partner.org' }));
    expect(out.response).toEqual({ autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
  });

  test('a domain not on the allow list is rejected with the configured message', async () => {
    const { handler, lines } = setup();
    await expect(handler(preSignUpEvent('PreSignUp_SignUp', { email: 'eve@other.net' }))).rejects.toThrow(
      new SignUpRejected('Sign-up is not allowed for this email address.'),
    );
    expect(JSON.parse(lines[0])).toEqual({ message: 'rejected', triggerSource: 'PreSignUp_SignUp', reason: 'domain-not-allowed' });
  });

  test('a blocked domain is rejected even when a parent domain is allowed with subdomains', async () => {
    const { handler, lines } = setup({ includeSubdomains: true });
    await expect(handler(preSignUpEvent('PreSignUp_SignUp', { email: 'x@spam.example.com' }))).rejects.toThrow(SignUpRejected);
    expect(JSON.parse(lines[0]).reason).toBe('blocked-domain');
  });

  test('subdomains match only when includeSubdomains is on', async () => {
    await expect(setup().handler(preSignUpEvent('PreSignUp_SignUp', { email: 'a@mail.partner.org' }))).rejects.toThrow(SignUpRejected);
    const out = await setup({ includeSubdomains: true }).handler(preSignUpEvent('PreSignUp_SignUp', { email: 'a@mail.partner.org' }));
    expect(out.response.autoConfirmUser).toBe(false);
  });

  test('a look-alike domain does not match (notexample.com is not example.com)', async () => {
    await expect(setup({ includeSubdomains: true }).handler(preSignUpEvent('PreSignUp_SignUp', { email: 'a@notexample.com' }))).rejects.toThrow(
      SignUpRejected,
    );
  });

  test.each(['no-at-sign', 'two@@example.com', 'space in@example.com', 'a@localhost', '"quoted"@example.com', 'a@exa_mple.com'])(
    'a malformed address (%p) is rejected as invalid',
    async (email) => {
      await expect(setup().handler(preSignUpEvent('PreSignUp_SignUp', { email }))).rejects.toThrow(new SignUpRejected(INVALID_EMAIL_MESSAGE));
    },
  );

  test('with no domain rules, any well-formed address passes and a missing email passes', async () => {
    const { handler } = setup({ allowedDomains: [], blockedDomains: [], autoConfirmDomains: [] });
    expect((await handler(preSignUpEvent('PreSignUp_SignUp', { email: 'a@anything.io' }))).response.autoConfirmUser).toBe(false);
    expect((await handler(preSignUpEvent('PreSignUp_SignUp', { phone_number: '+15555550100' }))).response.autoConfirmUser).toBe(false);
  });

  test('with domain rules, a sign-up without an email is rejected', async () => {
    await expect(setup().handler(preSignUpEvent('PreSignUp_SignUp', { phone_number: '+15555550100' }))).rejects.toThrow(SignUpRejected);
  });
});

describe('pre sign-up: PreSignUp_AdminCreateUser', () => {
  test('domain rules apply, auto-confirmation does not (an admin-created user confirms through the invitation)', async () => {
    const { handler } = setup();
    const out = await handler(preSignUpEvent('PreSignUp_AdminCreateUser', { email: 'jane@example.com' }));
    expect(out.response.autoConfirmUser).toBe(false);
    await expect(handler(preSignUpEvent('PreSignUp_AdminCreateUser', { email: 'eve@other.net' }))).rejects.toThrow(SignUpRejected);
  });
});

describe('pre sign-up: PreSignUp_ExternalProvider', () => {
  test('links a Google user to the native user with the same verified email', async () => {
    const { handler, cognito, lines } = setup({}, [nativeUser(true)]);
    const out = await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'google_1234567890'));
    expect(out.response.autoConfirmUser).toBe(false);
    expect(cognito.calls).toEqual([
      ['listUsersByEmail', POOL_ID, 'jane@example.com'],
      ['linkProviderForUser', POOL_ID, 'native-jane', 'Google', '1234567890'],
    ]);
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ message: 'linked', provider: 'Google' });
  });

  test('looks the native user up by the address as the provider sent it, trimmed and lowercased', async () => {
    const { handler, cognito } = setup({}, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: ' Jane@Example.COM ', ...VERIFIED }, 'google_1234567890'));
    expect(cognito.calls[0]).toEqual(['listUsersByEmail', POOL_ID, 'jane@example.com']);
  });

  test('does not link to a native user whose email is not verified', async () => {
    const { handler, cognito } = setup({}, [nativeUser(false)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'google_1234567890'));
    expect(cognito.calls.map((c) => c[0])).toEqual(['listUsersByEmail']);
  });

  test('does not link when two native users share the email, nor to another federated user', async () => {
    const other = { ...nativeUser(true), Username: 'native-jane-2' };
    const federated: UserType = { ...nativeUser(true), Username: 'facebook_99', UserStatus: 'EXTERNAL_PROVIDER' };
    const twice = setup({}, [nativeUser(true), other]);
    await twice.handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'google_1'));
    expect(twice.cognito.calls.map((c) => c[0])).toEqual(['listUsersByEmail']);
    const fed = setup({}, [federated]);
    await fed.handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'google_1'));
    expect(fed.cognito.calls.map((c) => c[0])).toEqual(['listUsersByEmail']);
  });

  test('maps a lowercased SAML prefix back to the pool provider name', async () => {
    const { handler, cognito } = setup({}, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'acmesaml_jane_doe'));
    expect(cognito.calls[1]).toEqual(['linkProviderForUser', POOL_ID, 'native-jane', 'AcmeSaml', 'jane_doe']);
  });

  test('does not link a user of a provider not trusted for linking (it may not verify emails)', async () => {
    const { handler, cognito, lines } = setup({}, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'facebook_1234'));
    expect(cognito.calls).toEqual([]);
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ message: 'not linked', reason: 'provider-not-trusted-for-linking', provider: 'Facebook' });
  });

  test('does not link when the provider says the email is not verified', async () => {
    const { handler, cognito, lines } = setup({}, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', email_verified: 'false', ...VERIFIED }, 'google_1234'));
    expect(cognito.calls).toEqual([]);
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ message: 'not linked', reason: 'email-not-verified-by-provider', provider: 'Google' });
    expect(lines.join('\n')).not.toContain('jane@');
  });

  test('does not link without the provider\'s verification signal: no signal, no link', async () => {
    const { handler, cognito, lines } = setup({}, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com' }, 'google_1234'));
    expect(cognito.calls).toEqual([]);
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ message: 'not linked', reason: 'no-verification-signal', provider: 'Google' });
  });

  test.each([
    [{ [LINK_VERIFIED_ATTRIBUTE]: 'false' }, 'email-not-verified-by-provider'],
    [{ [LINK_VERIFIED_ATTRIBUTE]: '' }, 'no-verification-signal'],
    [{ [LINK_VERIFIED_ATTRIBUTE]: 'yes' }, 'no-verification-signal'],
    [{ email_verified: 'true' }, 'no-verification-signal'],
  ])('does not link on %j: only the mapped signal, and only true, links', async (attributes, reason) => {
    const { handler, cognito, lines } = setup({}, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...attributes }, 'google_1234'));
    expect(cognito.calls).toEqual([]);
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ message: 'not linked', reason, provider: 'Google' });
  });

  test('reads the signal as Cognito maps a boolean claim, in any case', async () => {
    const { handler, cognito } = setup({}, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', [LINK_VERIFIED_ATTRIBUTE]: 'True' }, 'google_1'));
    expect(cognito.calls.map((c) => c[0])).toEqual(['listUsersByEmail', 'linkProviderForUser']);
  });

  test('links a provider named in assumeVerifiedProviders without a signal, and no other', async () => {
    const { handler, cognito } = setup({ assumeVerifiedProviders: ['AcmeSaml'] }, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com' }, 'acmesaml_jane'));
    expect(cognito.calls.map((c) => c[0])).toEqual(['listUsersByEmail', 'linkProviderForUser']);
    const google = setup({ assumeVerifiedProviders: ['AcmeSaml'] }, [nativeUser(true)]);
    await google.handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com' }, 'google_1'));
    expect(google.cognito.calls).toEqual([]);
  });

  test('an assumed provider that says an address is not verified is still not linked', async () => {
    const { handler, cognito } = setup({ assumeVerifiedProviders: ['AcmeSaml'] }, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', [LINK_VERIFIED_ATTRIBUTE]: 'false' }, 'acmesaml_jane'));
    expect(cognito.calls).toEqual([]);
  });

  test('linking off: no SDK call at all', async () => {
    const { handler, cognito } = setup({ linkExternalUsers: false }, [nativeUser(true)]);
    await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'google_1'));
    expect(cognito.calls).toEqual([]);
  });

  test('linking off needs no way to reach Cognito (the SDK is not loaded); linking on does', async () => {
    const { log } = recordingLogger();
    const handler = createHandler({ config: { ...CONFIG, linkExternalUsers: false }, log });
    const out = await handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'google_1'));
    expect(out.response.autoConfirmUser).toBe(false);
    expect(() => createHandler({ config: CONFIG, log })).toThrow('linking external users is configured but no way to look users up and link them was given');
    expect(() => createHandler({ config: CONFIG, log, listUsersByEmail: new FakeCognito().listUsersByEmail })).toThrow(HandlerConfigError);
  });

  test('a failed look-up fails the sign-up cleanly, without the SDK message (which may hold an email)', async () => {
    const { handler, cognito, lines } = setup({}, [nativeUser(true)], { port: 'listUsersByEmail', name: 'TooManyRequestsException' });
    await expect(handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'google_1'))).rejects.toThrow(
      'Sign-up failed: the account lookup did not answer. Try again.',
    );
    expect(cognito.calls.map((c) => c[0])).toEqual(['listUsersByEmail']);
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ message: 'lookup failed', error: 'TooManyRequestsException' });
    expect(lines.join('\n')).not.toContain('jane@');
  });

  test('a failed link fails the sign-up cleanly, without the SDK message', async () => {
    const { handler, lines } = setup({}, [nativeUser(true)], { port: 'linkProviderForUser', name: 'LimitExceededException' });
    await expect(handler(preSignUpEvent('PreSignUp_ExternalProvider', { email: 'jane@example.com', ...VERIFIED }, 'google_1'))).rejects.toThrow(
      'Sign-up failed: the account could not be linked. Try again.',
    );
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ message: 'link failed', error: 'LimitExceededException', provider: 'Google' });
    expect(lines.join('\n')).not.toContain('jane@');
  });
});

describe('pre sign-up: events it must not act on', () => {
  test('an unknown trigger source is returned unchanged', async () => {
    const { handler, cognito } = setup();
    const event = preSignUpEvent('PreSignUp_SignUp', { email: 'eve@other.net' });
    (event as { triggerSource: string }).triggerSource = 'CustomMessage_SignUp';
    expect(await handler(event)).toBe(event);
    expect(cognito.calls).toEqual([]);
  });

  test('a malformed event fails cleanly', async () => {
    const { handler } = setup();
    await expect(handler({} as never)).rejects.toThrow(new MalformedEvent('pre sign-up', 'no request'));
    await expect(handler(null as never)).rejects.toThrow(MalformedEvent);
  });
});

describe('pre sign-up helpers', () => {
  test('emailDomain', () => {
    expect(emailDomain(' Jane@Mail.Example.com ')).toBe('mail.example.com');
    expect(emailDomain('a'.repeat(250) + '@x.io')).toBeUndefined();
  });
  test('domainMatches', () => {
    expect(domainMatches('a.example.com', ['example.com'], true)).toBe(true);
    expect(domainMatches('a.example.com', ['example.com'], false)).toBe(false);
    expect(domainMatches('badexample.com', ['example.com'], true)).toBe(false);
  });
  test('parseExternalUserName', () => {
    expect(parseExternalUserName('facebook_10155611263153532')).toEqual({ provider: 'Facebook', userId: '10155611263153532' });
    expect(parseExternalUserName('signinwithapple_001.abc')).toEqual({ provider: 'SignInWithApple', userId: '001.abc' });
    expect(parseExternalUserName('LoginWithAmazon_amzn1.account')).toEqual({ provider: 'LoginWithAmazon', userId: 'amzn1.account' });
    expect(parseExternalUserName('nounderscore')).toBeUndefined();
    expect(parseExternalUserName('trailing_')).toBeUndefined();
  });
  test('config parsing names the bad key and never echoes the value', () => {
    expect(() => parsePreSignUpConfig({})).toThrow('TRIGGER_CONFIG is not set');
    expect(() => parsePreSignUpConfig({ TRIGGER_CONFIG: '{not json' })).toThrow('TRIGGER_CONFIG is not valid JSON');
    expect(() => parsePreSignUpConfig({ TRIGGER_CONFIG: '[]' })).toThrow('TRIGGER_CONFIG is not a JSON object');
    expect(() => parsePreSignUpConfig({ TRIGGER_CONFIG: JSON.stringify({ ...CONFIG, allowedDomains: 'x' }) })).toThrow(
      'TRIGGER_CONFIG.allowedDomains must be a list of strings',
    );
    expect(parsePreSignUpConfig({ TRIGGER_CONFIG: JSON.stringify(CONFIG) })).toEqual(CONFIG);
  });
});
