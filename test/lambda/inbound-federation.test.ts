// The inbound federation handler, as Lambda loads it: the bundle in assets/ (npm run build writes it), with its config
// in the environment and the console as its log. Each rule by itself, then together, then what it refuses.
import * as path from 'path';
import type { FederationRuleConfig, InboundFederationConfig } from '../../lib/private/handler-config';

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'inbound-federation', 'index.js');

type Handler = (event: unknown) => Promise<any>;

/** Loads the bundle afresh with this config (as a cold start does), with the console recorded. */
function load(config: InboundFederationConfig | string | undefined) {
  const saved = process.env.TRIGGER_CONFIG;
  if (config === undefined) delete process.env.TRIGGER_CONFIG;
  else process.env.TRIGGER_CONFIG = typeof config === 'string' ? config : JSON.stringify(config);
  try {
    let bundled: { handler: Handler } | undefined;
    jest.isolateModules(() => {
      bundled = require(BUNDLE);
    });
    return bundled!.handler;
  } finally {
    if (saved === undefined) delete process.env.TRIGGER_CONFIG;
    else process.env.TRIGGER_CONFIG = saved;
  }
}

const logged: string[] = [];
beforeEach(() => {
  logged.length = 0;
  for (const level of ['info', 'warn', 'error'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(JSON.stringify(args));
    });
  }
});
afterEach(() => jest.restoreAllMocks());

const rule = (r: Partial<FederationRuleConfig> & Pick<FederationRuleConfig, 'kind' | 'source' | 'target'>): FederationRuleConfig =>
  ({ providers: [], ...r });
const groups = (source: string, target: string, more: Partial<FederationRuleConfig> = {}) =>
  rule({ kind: 'groups', source, target, separator: ',', sourceSeparator: ',', maxLength: 2048, ...more });

const SAML_GROUPS = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';

function samlEvent(samlResponse: { [k: string]: string }, providerName = 'Corp') {
  return {
    version: '1', triggerSource: 'InboundFederation_ExternalProvider', region: 'eu-west-1', userPoolId: 'eu-west-1_Test0001',
    userName: 'corp_abc', callerContext: { awsSdkVersion: 'x', clientId: 'client' },
    request: { providerName, providerType: 'SAML', attributes: { samlResponse } },
    response: { userAttributesToMap: {} },
  };
}

function oidcEvent(idToken: { [k: string]: string }, userInfo: { [k: string]: string } = {}, providerName = 'Okta') {
  return {
    ...samlEvent({}, providerName),
    request: {
      providerName, providerType: 'OIDC',
      attributes: {
        tokenResponse: { access_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig', id_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ5In0.sig', token_type: 'Bearer' },
        idToken, userInfo,
      },
    },
  };
}

describe('rename', () => {
  test('moves the attribute to its new name; everything else is kept, since Cognito drops what the answer leaves out', async () => {
    const handler = load({ rules: [rule({ kind: 'rename', source: 'mail', target: 'email' })] });
    const out = await handler(samlEvent({ mail: 'Ana@Example.com', NameID: 'ana', department: 'sales' }));
    expect(out.response.userAttributesToMap).toEqual({ email: 'Ana@Example.com', NameID: 'ana', department: 'sales' });
  });

  test('an attribute the provider did not send: nothing changes, and the answer is empty (Cognito keeps what was sent)', async () => {
    const handler = load({ rules: [rule({ kind: 'rename', source: 'mail', target: 'email' })] });
    const out = await handler(samlEvent({ NameID: 'ana' }));
    expect(out.response.userAttributesToMap).toEqual({});
  });

  test('only for the providers it names', async () => {
    const handler = load({ rules: [rule({ kind: 'rename', source: 'mail', target: 'email', providers: ['Corp'] })] });
    expect((await handler(samlEvent({ mail: 'a@example.com' }, 'Other'))).response.userAttributesToMap).toEqual({});
    expect((await handler(samlEvent({ mail: 'a@example.com' }, 'Corp'))).response.userAttributesToMap).toEqual({ email: 'a@example.com' });
  });
});

describe('lowercase', () => {
  test('lowercases the value, and nothing else: email_verified stays what the provider said', async () => {
    const handler = load({ rules: [rule({ kind: 'lowercase', source: 'email', target: 'email' })] });
    const out = await handler(oidcEvent({ sub: 's1', email: 'Ana@Example.COM', email_verified: 'false' }));
    expect(out.response.userAttributesToMap).toEqual({ sub: 's1', email: 'ana@example.com', email_verified: 'false' });
  });

  test('an address already in lower case changes nothing: the answer is empty', async () => {
    const handler = load({ rules: [rule({ kind: 'lowercase', source: 'email', target: 'email' })] });
    expect((await handler(oidcEvent({ sub: 's1', email: 'ana@example.com' }))).response.userAttributesToMap).toEqual({});
  });

  test('a value that is not a string is left as it is, and the rule named in a warning without the value', async () => {
    const handler = load({ rules: [rule({ kind: 'lowercase', source: 'email', target: 'email' })] });
    const out = await handler(oidcEvent({ sub: 's1', email: ['A@B.C'] as unknown as string }));
    expect(out.response.userAttributesToMap).toEqual({});
    expect(logged.join('\n')).toContain('"rules skipped"');
    expect(logged.join('\n')).toContain('"reason":"not a string"');
    expect(logged.join('\n')).not.toContain('A@B.C');
  });
});

describe('groups to an attribute', () => {
  test('a SAML provider\'s groups, joined into the attribute the pool maps; the groups attribute itself is kept', async () => {
    const handler = load({ rules: [groups(SAML_GROUPS, 'groups_joined', { separator: ' ' })] });
    const out = await handler(samlEvent({ NameID: 'ana', [SAML_GROUPS]: 'admins, sales ,admins,,ops' }));
    expect(out.response.userAttributesToMap).toEqual({ NameID: 'ana', [SAML_GROUPS]: 'admins, sales ,admins,,ops', groups_joined: 'admins sales ops' });
  });

  test('a JSON list of groups is read as a list, and a prefix keeps only the groups that start with it', async () => {
    const handler = load({ rules: [groups('groups', 'app_groups', { prefix: 'app-' })] });
    const out = await handler(oidcEvent({ sub: 's1', groups: '["app-admin","hr","app-read"]' }));
    expect(out.response.userAttributesToMap.app_groups).toBe('app-admin,app-read');
  });

  test('past maxLength, whole groups are left out (never cut), and a warning counts them without naming them', async () => {
    const handler = load({ rules: [groups('groups', 'g', { maxLength: 11 })] });
    const out = await handler(oidcEvent({ sub: 's1', groups: 'alpha,beta,gamma,delta' }));
    expect(out.response.userAttributesToMap.g).toBe('alpha,beta');
    expect(logged.join('\n')).toContain('"groups left out: past maxLength"');
    expect(logged.join('\n')).toContain('"kept":2,"left":2');
    expect(logged.join('\n')).not.toContain('gamma');
  });

  test('a group whose name holds the separator is left out (it would read as several past the prefix), counted and never named', async () => {
    const comma = load({ rules: [groups('groups', 'app_groups', { prefix: 'app-' })] });
    const fromList = await comma(oidcEvent({ sub: 's1', groups: '["app-readers,admin","hr","app-write"]' }));
    expect(fromList.response.userAttributesToMap.app_groups).toBe('app-write');
    const space = load({ rules: [groups('groups', 'app_groups', { prefix: 'app-', separator: ' ' })] });
    const fromSaml = await space(samlEvent({ groups: 'app-Sales Team admin,hr' }));
    expect(fromSaml.response.userAttributesToMap.app_groups).toBe('');
    const text = logged.join('\n');
    expect(text).toContain('"groups left out: the name holds the separator"');
    expect(text).toContain('"rule":0,"attribute":"app_groups","left":1');
    expect(text).not.toMatch(/readers|admin|Sales/);
  });

  test('no group left after the prefix: the attribute is written empty, so a stale value does not survive a sign-in', async () => {
    const handler = load({ rules: [groups('groups', 'g', { prefix: 'app-' })] });
    expect((await handler(oidcEvent({ sub: 's1', groups: 'hr,ops' }))).response.userAttributesToMap.g).toBe('');
  });
});

describe('together, and what the answer carries', () => {
  const config: InboundFederationConfig = {
    rules: [
      rule({ kind: 'rename', source: 'mail', target: 'email' }),
      rule({ kind: 'lowercase', source: 'email', target: 'email' }),
      groups('groups', 'groups_joined'),
    ],
  };

  test('the rules apply in order: the renamed address is lowercased', async () => {
    const out = await load(config)(samlEvent({ mail: 'Ana@Example.com', groups: 'a,b' }));
    expect(out.response.userAttributesToMap).toEqual({ email: 'ana@example.com', groups: 'a,b', groups_joined: 'a,b' });
  });

  test('an OIDC provider: the ID token\'s claims with userInfo\'s over them; the token response is never copied', async () => {
    const out = await load(config)(oidcEvent({ sub: 's1', mail: 'A@X.io', name: 'from token' }, { name: 'from userInfo' }));
    expect(out.response.userAttributesToMap).toEqual({ sub: 's1', email: 'a@x.io', name: 'from userInfo' });
    expect(JSON.stringify(out.response.userAttributesToMap)).not.toContain('eyJ');
  });

  test('the log names attributes and rules, never a value or a token', async () => {
    await load(config)(oidcEvent({ sub: 's1', mail: 'Ana@Example.com', groups: 'secret-project' }));
    const text = logged.join('\n');
    expect(text).toContain('"normalised"');
    expect(text).toContain('"rulesApplied":[0,1,2]');
    expect(text).toContain('"attributes":["email","groups","groups_joined","sub"]');
    expect(text).not.toMatch(/ana@example\.com|Ana@Example|secret-project|eyJ|s1"/i);
  });
});

describe('a malformed event fails cleanly, naming what is wrong and nothing of the event', () => {
  const handler = () => load({ rules: [rule({ kind: 'rename', source: 'mail', target: 'email' })] });
  test.each([
    ['no event', null, 'malformed inbound federation event: no request'],
    ['no request', { triggerSource: 'InboundFederation_ExternalProvider' }, 'malformed inbound federation event: no request'],
    ['another trigger', { ...samlEvent({}), triggerSource: 'PreSignUp_ExternalProvider' },
      'malformed inbound federation event: the trigger source is not InboundFederation_ExternalProvider'],
    ['no provider name', { ...samlEvent({}), request: { providerType: 'SAML', attributes: {} } }, 'malformed inbound federation event: no providerName'],
    ['no provider type', { ...samlEvent({}), request: { providerName: 'Corp', attributes: {} } }, 'malformed inbound federation event: no providerType'],
    ['attributes not an object', { ...samlEvent({}), request: { providerName: 'Corp', providerType: 'SAML', attributes: 'x' } },
      'malformed inbound federation event: request.attributes is not an object'],
    ['a SAML response that is a list', { ...samlEvent({}), request: { providerName: 'Corp', providerType: 'SAML', attributes: { samlResponse: ['ana@x.io'] } } },
      'malformed inbound federation event: request.attributes.samlResponse is not an object'],
  ])('%s', async (_what, event, message) => {
    const h = handler();
    await expect(h(event)).rejects.toThrow(message);
    await expect(h(event)).rejects.toMatchObject({ name: 'MalformedEvent' });
  });
});

describe('a malformed config stops the cold start, naming the key and never the value', () => {
  test.each([
    [undefined, 'TRIGGER_CONFIG is not set'],
    ['{', 'TRIGGER_CONFIG is not valid JSON'],
    [{ rules: [] }, 'TRIGGER_CONFIG.rules must be a non-empty list'],
    [{ rules: [{ kind: 'upper', source: 'a', target: 'a', providers: [] }] }, 'TRIGGER_CONFIG.rules[0].kind must be one of rename, lowercase, groups'],
    [{ rules: [{ kind: 'rename', source: '', target: 'a', providers: [] }] }, 'TRIGGER_CONFIG.rules[0].source must be a non-empty string'],
    [{ rules: [{ kind: 'rename', source: 'a', target: 'b' }] }, 'TRIGGER_CONFIG.rules[0].providers must be a list of strings'],
    [{ rules: [{ kind: 'groups', source: 'a', target: 'b', providers: [], separator: ',', maxLength: 10 }] },
      'TRIGGER_CONFIG.rules[0] needs a separator and a sourceSeparator'],
    [{ rules: [{ kind: 'groups', source: 'a', target: 'b', providers: [], separator: ',', sourceSeparator: ',', maxLength: 4096 }] },
      'TRIGGER_CONFIG.rules[0].maxLength must be a whole number from 1 to 2048'],
  ])('%j', (config, message) => {
    expect(() => load(config as InboundFederationConfig)).toThrow(message);
  });
});
