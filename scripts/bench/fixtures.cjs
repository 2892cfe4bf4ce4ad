// Configs and events for the benchmark: 50 groups and 20 attributes, as the budgets are stated for.
const crypto = require('crypto');

const groups = Array.from({ length: 50 }, (_, i) => `group${i}`);
const attributes = { sub: 'b1a2c3d4-0000-4000-8000-000000000001', email: 'bench@example.com', 'custom:tenant_id': 'acme' };
for (let i = 0; i < 17; i++) attributes[`custom:attr${i}`] = `value-${i}`;
const base = { version: '1', region: 'eu-west-1', userPoolId: 'eu-west-1_Bench0001', userName: 'bench-user', callerContext: { awsSdkVersion: 'x', clientId: 'client' } };

/** An RSA key, a JWKS and a signed access token, for the authorizer. */
function tokenKit() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' };
  const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Bench0001';
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'RS256', kid: 'bench', typ: 'JWT' });
  const body = b64({ sub: attributes.sub, iss: issuer, client_id: 'client', token_use: 'access', scope: 'orders/read', 'cognito:groups': groups.slice(0, 5), iat: now, exp: now + 3600 });
  const sig = crypto.createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url');
  return { jwks: { keys: [jwk] }, issuer, token: `${head}.${body}.${sig}` };
}

/**
 * The configurations each handler is measured in, default first. Where a configuration gives the handler a port that
 * calls AWS, its `event` is one the handler answers without a call (`noCall` says which): the AWS SDK is loaded by
 * the first call that needs it, so that cold start must load none. Its `callEvent` is one that does call (the SDK's
 * load, the client's set-up and the call, answered by a local stand-in for the AWS APIs, measured apart).
 */
const CONFIGS = {
  'pre-signup': ['no-linking', 'linking'],
  'post-confirmation': ['no-groups-no-table', 'groups-and-table'],
  'pre-token-generation': ['no-default-groups', 'default-groups'],
  'jwt-authorizer': ['inline-keys'],
  'custom-message': ['two-locales'],
  'custom-email-sender': ['templates'],
  'custom-sms-sender': ['templates'],
  'inbound-federation': ['three-rules'],
  'migrate-from-pool': ['groups'],
  'migrate-from-http': ['endpoint'],
  'migrate-from-hashes': ['bcrypt', 'scrypt', 'pbkdf2-sha256', 'argon2id'],
};

/**
 * The hash source's hashes of MIGRATION_PASSWORD, one per algorithm, with the parameters OWASP's Password Storage
 * Cheat Sheet recommends (bcrypt cost 10; scrypt N=2^17, r=8, p=1; PBKDF2-HMAC-SHA256 600,000 iterations; argon2id
 * 19 MiB, 2 passes, 1 lane), made once with bcryptjs, node:crypto and hash-wasm.
 */
const MIGRATION_PASSWORD = 'bench-Password-1';
const MIGRATION_HASHES = {
  'bcrypt': '$2b$10$7aCcdHhw8sxoKC5e8jqwReh9cgUhlPCc8c5VKG15JentoRl0HjABO',
  'scrypt': '$scrypt$ln=17,r=8,p=1$YmVuY2hzYWx0YmVuY2gxNg$pllWXb8/C6PXOsfKbd3SYhVixarAdS3rO8/FAe9TXpU',
  'pbkdf2-sha256': '$pbkdf2-sha256$i=600000$YmVuY2hzYWx0YmVuY2gxNg$PzzNwNgC2HzPN9QtHuVFnEjOs1RwUpzpPFyM/C2kHys',
  'argon2id': '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0YmVuY2gxNg$7ECvE2WOt6nnTyabDWJVGCtalBZUqJlGdtYm3FCfpm8',
};
const migrationCommon = {
  attributeMap: {}, poolAttributes: ['email', 'email_verified', 'given_name'], untrustedAttributes: ['custom:groups_from'], finalUserStatus: 'CONFIRMED',
};
const migrationEvent = (triggerSource, password) => ({
  ...base, triggerSource, request: password === undefined ? {} : { password }, response: { userAttributes: {}, desiredDeliveryMediums: [] },
});
/** An event of another trigger, which a migration handler answers unchanged: its module's load and nothing else. */
const otherTrigger = { ...base, triggerSource: 'PreSignUp_SignUp', request: { userAttributes: attributes }, response: {} };

/** Message templates in two locales, as the example app has them (the user's locale is the second). */
const messageTemplates = {
  defaultLocale: 'en',
  templates: {
    SignUp: {
      en: { emailSubject: 'Welcome', emailBody: '<p>Hello {given_name}, your code is <b>{####}</b>.</p>', sms: 'Your code: {####}' },
      de: { emailSubject: 'Willkommen', emailBody: '<p>Hallo {given_name}, Ihr Code lautet <b>{####}</b>.</p>' },
    },
    ForgotPassword: { en: { emailSubject: 'Reset your password', emailBody: '<p>Your reset code is <b>{####}</b>.</p>' } },
  },
};
const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000000';

function fixture(name, config = CONFIGS[name]?.[0]) {
  if (CONFIGS[name] && !CONFIGS[name].includes(config)) throw new Error(`no configuration ${config} for ${name}`);
  switch (name) {
    case 'pre-token-generation': {
      const event = (userGroups) => ({
        ...base,
        version: '2',
        triggerSource: 'TokenGeneration_Authentication',
        request: { userAttributes: attributes, groupConfiguration: { groupsToOverride: userGroups }, scopes: ['openid'] },
        response: { claimsAndScopeOverrideDetails: {} },
      });
      return {
        label: config === 'default-groups' ? 'default groups' : 'no default groups',
        // With default groups: a user already in them (every sign-in after the first) makes no call; a user missing
        // both is added to them, two calls.
        ...(config === 'default-groups' ? { noCall: 'the user already in them', callEvent: event(groups.slice(2)), call: 'a user missing both' } : {}),
        config: {
          claimsFromAttributes: { tenant: 'custom:tenant_id', a0: 'custom:attr0', a1: 'custom:attr1' },
          permissionsClaim: 'permissions',
          groupPermissions: Object.fromEntries(groups.map((g, i) => [g, [`perm:${i}`, `perm:${i + 1}`]])),
          groupScopes: Object.fromEntries(groups.map((g, i) => [g, [`api/scope${i % 5}`]])),
          suppressClaims: ['phone_number'],
          accessTokenClaims: true,
          maxClaimBytes: 2048,
          defaultGroups: config === 'default-groups' ? ['group0', 'group1'] : [],
        },
        event: event(groups),
      };
    }
    case 'pre-signup': {
      // With linking on, a native sign-up makes no call; a federated one with the provider's verification looks the
      // address up (the stand-in knows no user: not linked).
      const federated = {
        ...base,
        userName: 'google_1234567890',
        triggerSource: 'PreSignUp_ExternalProvider',
        request: { userAttributes: { ...attributes, 'custom:idp_email_verified': 'true' }, validationData: {} },
        response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
      };
      return {
        label: config === 'linking' ? 'linking' : 'no linking',
        ...(config === 'linking' ? { noCall: 'a native sign-up', callEvent: federated, call: 'a federated sign-up, looked up' } : {}),
        config: { allowedDomains: ['example.com'], blockedDomains: ['spam.example.com'], autoConfirmDomains: config === 'linking' ? [] : ['example.com'], includeSubdomains: true, linkExternalUsers: config === 'linking', linkProviders: config === 'linking' ? ['Google'] : [], assumeVerifiedProviders: [], externalProviderNames: [], rejectionMessage: 'No.' },
        event: { ...base, triggerSource: 'PreSignUp_SignUp', request: { userAttributes: attributes, validationData: {} }, response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false } },
      };
    }
    case 'post-confirmation':
      if (config === 'groups-and-table') {
        // A forgotten-password confirmation makes no call; a sign-up confirmation adds the group and writes the profile.
        return {
          label: 'groups and table',
          noCall: 'a password-reset confirmation',
          callEvent: { ...base, triggerSource: 'PostConfirmation_ConfirmSignUp', request: { userAttributes: attributes }, response: {} },
          call: 'a sign-up: one group, one profile',
          config: { defaultGroups: ['group0'], groupsAtSignIn: false, profileTable: { tableName: 'Profiles', partitionKey: 'userId' } },
          event: { ...base, triggerSource: 'PostConfirmation_ConfirmForgotPassword', request: { userAttributes: attributes }, response: {} },
        };
      }
      // No default group and no table: the handler's own path, with no network call to wait on.
      return { label: 'no groups or table', config: { defaultGroups: [], groupsAtSignIn: false }, event: { ...base, triggerSource: 'PostConfirmation_ConfirmSignUp', request: { userAttributes: attributes }, response: {} } };
    case 'jwt-authorizer': {
      const kit = tokenKit();
      return {
        label: 'inline keys',
        config: { issuer: kit.issuer, jwksUri: `${kit.issuer}/.well-known/jwks.json`, clientIds: ['client'], tokenUse: 'access', requiredGroups: ['group1'], groupsMatch: 'any', requiredScopes: ['orders/read'], contextClaims: [], jwks: kit.jwks },
        event: { type: 'TOKEN', authorizationToken: `Bearer ${kit.token}`, methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:api/prod/GET/x' },
        kit,
      };
    }
    case 'custom-message':
      return {
        label: 'templates in two locales',
        config: messageTemplates,
        event: {
          ...base,
          triggerSource: 'CustomMessage_SignUp',
          request: { userAttributes: { ...attributes, locale: 'de-AT', given_name: 'Bench' }, codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null },
          response: { smsMessage: null, emailMessage: null, emailSubject: null },
        },
      };
    case 'custom-email-sender':
    case 'custom-sms-sender': {
      // The account-takeover notice is answered without a decrypt: the Encryption SDK and the AWS SDK stay unloaded. A
      // message with a code needs KMS, for which the benchmark has no stand-in: the first message is not measured.
      const email = name === 'custom-email-sender';
      return {
        label: 'templates',
        noCall: 'a message it does not send',
        config: email ? { ...messageTemplates, keyArn, fromAddress: 'no-reply@example.com' } : { ...messageTemplates, keyArn, smsType: 'Transactional' },
        event: {
          ...base,
          triggerSource: email ? 'CustomEmailSender_AccountTakeOverNotification' : 'CustomSMSSender_Unknown',
          request: { type: 'customEmailSenderRequestV1', code: null, userAttributes: attributes },
        },
      };
    }
    case 'inbound-federation': {
      // A SAML sign-in with 20 attributes and 50 groups: the address renamed and lowercased, the groups joined.
      const samlGroups = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';
      const samlResponse = { NameID: 'bench-user', mail: 'Bench@Example.com', [samlGroups]: groups.join(',') };
      for (let i = 0; i < 17; i++) samlResponse[`attr${i}`] = `value-${i}`;
      return {
        label: 'three rules, a SAML sign-in with 50 groups',
        config: {
          rules: [
            { kind: 'rename', source: 'mail', target: 'email', providers: [] },
            { kind: 'lowercase', source: 'email', target: 'email', providers: [] },
            { kind: 'groups', source: samlGroups, target: 'app_groups', providers: [], separator: ' ', sourceSeparator: ',', maxLength: 2048 },
          ],
        },
        event: {
          ...base,
          triggerSource: 'InboundFederation_ExternalProvider',
          request: { providerName: 'Corporate', providerType: 'SAML', attributes: { samlResponse } },
          response: { userAttributesToMap: {} },
        },
      };
    }
    case 'migrate-from-pool':
      // A user already migrated (every sign-in after the first) is a post authentication without the groups marker: no
      // call. The first sign-in signs the user in to the old pool and reads them (the stand-in answers both, empty).
      return {
        label: 'old pool, groups kept',
        noCall: 'a sign-in of a migrated user',
        callEvent: migrationEvent('UserMigration_Authentication', MIGRATION_PASSWORD),
        call: 'a first sign-in: AdminInitiateAuth and AdminGetUser',
        config: { ...migrationCommon, userPoolId: 'eu-west-1_Old0000001', clientId: 'oldclient', keepGroups: true },
        event: { ...base, triggerSource: 'PostAuthentication_Authentication', request: { userAttributes: attributes, newDeviceUsed: false }, response: {} },
      };
    case 'migrate-from-http':
      // Every migration event reads the secret and calls the endpoint over HTTPS, which the benchmark has no stand-in
      // for: the module's load is measured, with an event it answers unchanged.
      return {
        label: 'HTTPS endpoint',
        noCall: 'an event of another trigger',
        config: { ...migrationCommon, url: 'https://legacy.example.com/migrate', secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy-AbCdEf', timeoutMs: 3000 },
        event: otherTrigger,
      };
    case 'migrate-from-hashes':
      // The first sign-in reads the item (the stand-in answers it) and verifies the password against its hash.
      return {
        label: `${config} hash`,
        noCall: 'an event of another trigger',
        callEvent: migrationEvent('UserMigration_Authentication', MIGRATION_PASSWORD),
        call: `a first sign-in: GetItem and the ${config} verification`,
        standIn: {
          'DynamoDB_20120810.GetItem': {
            Item: { username: { S: 'bench' }, passwordHash: { S: MIGRATION_HASHES[config] }, attributes: { M: { email: { S: 'bench@example.com' } } } },
          },
        },
        config: {
          ...migrationCommon, tableName: 'legacy-users', partitionKey: 'username', hashAttribute: 'passwordHash', attributesAttribute: 'attributes',
          algorithms: [config],
        },
        event: otherTrigger,
      };
    default:
      throw new Error(`no fixture for ${name}`);
  }
}

module.exports = { CONFIGS, fixture, tokenKit, groups, attributes };
