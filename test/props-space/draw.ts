/**
 * The props space: one draw is a plain description of a whole app (every feature of the library, each on, off or in
 * one of its forms), so that fast-check can shrink a failing draw and print it readably; `buildDraw` turns it into
 * constructs. A draw either fails with a ConfigError that carries a construct path, or synthesizes an app that the
 * invariants of ../invariants hold.
 */
import { App, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import fc from 'fast-check';
import {
  BundledFunctionOptions,
  AuthEventsDestination,
  AuthReplicaRegion,
  ClientKind,
  CognitoAuth,
  CognitoAuthProps,
  FederationRule,
  IdentityPoolRole,
  IdentityProvider,
  MessageSource,
  MigrationSource,
  PasswordHashAlgorithm,
  RiskAction,
  RoleMapping,
  RuleMatchType,
  type UserMigrationOptions,
} from '../../lib';
import { testApp } from '../support/helpers';

export const ACCOUNT = '123456789012';
export const PRIMARY_REGION = 'us-east-1';
export const REPLICA_REGION = 'eu-west-1';

/** Every choice of one draw: plain data only (names, booleans, strings), so a shrunk draw prints as a props object. */
export interface Draw {
  readonly plan: 'LITE' | 'ESSENTIALS' | 'PLUS';
  readonly threatProtection: 'none' | 'AUDIT_ONLY' | 'FULL_FUNCTION';
  readonly mfa: 'OFF' | 'OPTIONAL' | 'REQUIRED';
  readonly secondFactor: { readonly otp: boolean; readonly sms: boolean; readonly email: boolean };
  readonly signInMethods: 'password' | 'emailOtp' | 'passkey' | 'passkey-only';
  readonly passkeyMultiFactor: boolean;
  readonly domain: 'none' | 'prefix' | 'prefix-managed' | 'custom';
  readonly clients: readonly ('web' | 'native' | 'server' | 'm2m' | 'web-own-writes')[];
  readonly resourceServer: boolean;
  readonly groups: readonly { readonly name: 'admin' | 'member'; readonly permissions: boolean; readonly scopes: boolean }[];
  readonly identityPool: 'none' | 'groups' | 'rules' | 'token' | 'rules-helper-role';
  readonly principalTags: boolean;
  readonly allowGuests: boolean;
  readonly preSignUp: 'none' | 'domains' | 'link' | 'link-assumed' | 'link-and-autoconfirm';
  readonly postConfirmation: 'none' | 'groups' | 'table' | 'groups-and-table';
  readonly preTokenGeneration: 'none' | 'claims' | 'claims-from-plan' | 'claims-from-tenant';
  readonly providers: readonly ('google' | 'facebook' | 'saml' | 'saml-signal' | 'oidc')[];
  readonly logs: 'none' | 'errors' | 'auth-events';
  readonly firewall: boolean;
  readonly monitoring: boolean;
  readonly riskRules: 'none' | 'block' | 'mfa-and-ips' | 'per-client';
  readonly replica: 'none' | 'replica' | 'replica-with-logs' | 'replica-with-firewall';
  readonly key: 'none' | 'own' | 'multi-region';
  /** The bundled functions' settings (`bundledFunctions`): a log key, tracing, reserved concurrency, a VPC. */
  readonly functions: boolean;
  /** How the pool's messages are made: Cognito's own, the bundled custom message trigger's templates, the bundled senders. */
  readonly messages: 'cognito' | 'templates' | 'senders';
  /** The bundled inbound federation trigger's rules (a username lowercased, a provider's groups joined). */
  readonly federationRules: boolean;
  /** The bundled user migration trigger's source: none, another pool (groups kept), a table of password hashes. */
  readonly migration: 'none' | 'pool' | 'hashes';
  readonly selfSignUp: boolean;
  readonly sesEmail: boolean;
}

function subsetOf<T>(values: readonly T[], maxLength: number): fc.Arbitrary<T[]> {
  return fc.uniqueArray(fc.constantFrom(...values), { maxLength });
}

/**
 * A draw as chosen, before `coherent`: every feature independently. Almost every such draw breaks one of Cognito's
 * rules somewhere (threat protection without Plus, a replica without a multi-Region key), so most draws are made
 * coherent first and only some are left as drawn, to prove the refusals.
 */
const rawDrawArbitrary: fc.Arbitrary<Draw> = fc.record({
  plan: fc.constantFrom('LITE', 'ESSENTIALS', 'PLUS'),
  threatProtection: fc.constantFrom('none', 'AUDIT_ONLY', 'FULL_FUNCTION'),
  mfa: fc.constantFrom('OFF', 'OPTIONAL', 'REQUIRED'),
  secondFactor: fc.record({ otp: fc.boolean(), sms: fc.boolean(), email: fc.boolean() }),
  signInMethods: fc.constantFrom('password', 'emailOtp', 'passkey', 'passkey-only'),
  passkeyMultiFactor: fc.boolean(),
  domain: fc.constantFrom('none', 'prefix', 'prefix-managed', 'custom'),
  clients: subsetOf(['web', 'native', 'server', 'm2m', 'web-own-writes'] as const, 3),
  resourceServer: fc.boolean(),
  groups: fc.uniqueArray(fc.record({ name: fc.constantFrom('admin', 'member'), permissions: fc.boolean(), scopes: fc.boolean() }), {
    maxLength: 2,
    selector: (g) => g.name,
  }),
  identityPool: fc.constantFrom('none', 'groups', 'rules', 'token', 'rules-helper-role'),
  principalTags: fc.boolean(),
  allowGuests: fc.boolean(),
  preSignUp: fc.constantFrom('none', 'domains', 'link', 'link-assumed', 'link-and-autoconfirm'),
  postConfirmation: fc.constantFrom('none', 'groups', 'table', 'groups-and-table'),
  preTokenGeneration: fc.constantFrom('none', 'claims', 'claims-from-plan', 'claims-from-tenant'),
  providers: subsetOf(['google', 'facebook', 'saml', 'saml-signal', 'oidc'] as const, 3),
  logs: fc.constantFrom('none', 'errors', 'auth-events'),
  firewall: fc.boolean(),
  monitoring: fc.boolean(),
  riskRules: fc.constantFrom('none', 'block', 'mfa-and-ips', 'per-client'),
  replica: fc.constantFrom('none', 'replica', 'replica-with-logs', 'replica-with-firewall'),
  key: fc.constantFrom('none', 'own', 'multi-region'),
  functions: fc.boolean(),
  messages: fc.constantFrom('cognito', 'templates', 'senders'),
  federationRules: fc.boolean(),
  migration: fc.constantFrom('none', 'pool', 'hashes'),
  selfSignUp: fc.boolean(),
  sesEmail: fc.boolean(),
});

/**
 * The draw with the rules the library refuses at synth followed: what a user who read the errors would write. The
 * features stay as drawn wherever they can combine.
 */
export function coherent(d: Draw): Draw {
  const passkey = d.signInMethods === 'passkey' || d.signInMethods === 'passkey-only';
  const codes = d.signInMethods === 'emailOtp' || d.signInMethods === 'passkey-only';
  // Risk rules act only with threat protection in full-function mode; authentication events need it in either mode.
  const threatProtection =
    d.riskRules !== 'none' ? 'FULL_FUNCTION' : d.logs === 'auth-events' && d.threatProtection === 'none' ? 'AUDIT_ONLY' : d.threatProtection;
  const needsPlan = d.signInMethods !== 'password' || d.domain === 'prefix-managed' || d.domain === 'custom' || d.secondFactor.email;
  const plan = threatProtection !== 'none' ? 'PLUS' : d.plan === 'LITE' && needsPlan ? 'ESSENTIALS' : d.plan;
  // One-time-code sign-in needs MFA optional; a replica takes no TOTP, so required MFA there needs another factor.
  let mfa = codes && d.mfa === 'REQUIRED' ? 'OPTIONAL' : d.mfa;
  if (passkey && d.passkeyMultiFactor && mfa === 'OFF') mfa = 'OPTIONAL';
  if (d.replica !== 'none' && mfa === 'REQUIRED') mfa = 'OPTIONAL';
  // MFA actions at a risk level need MFA in the pool.
  if (d.riskRules === 'mfa-and-ips' && mfa === 'OFF') mfa = 'OPTIONAL';
  const secondFactor = { ...d.secondFactor, otp: d.secondFactor.otp || (!d.secondFactor.sms && !d.secondFactor.email) };
  const federated = d.providers.length > 0;
  const linking = d.preSignUp === 'link' || d.preSignUp === 'link-assumed' || d.preSignUp === 'link-and-autoconfirm';
  const groupNeeded = d.postConfirmation === 'groups' || d.postConfirmation === 'groups-and-table';
  return {
    ...d,
    plan,
    threatProtection,
    mfa,
    passkeyMultiFactor: passkey && mfa === 'REQUIRED' ? true : d.passkeyMultiFactor && mfa !== 'OFF',
    secondFactor,
    // A custom message trigger's email templates need the pool to send through SES.
    sesEmail: d.sesEmail || d.secondFactor.email || codes || d.messages === 'templates',
    // Passkeys need a domain for their relying party, federation the hosted pages; with a replica, a custom domain.
    domain: passkey && d.replica !== 'none' ? 'custom' : (passkey || federated) && d.domain === 'none' ? 'prefix' : d.domain,
    key: d.replica !== 'none' ? 'multi-region' : d.key,
    resourceServer: d.resourceServer || d.clients.includes('m2m') || d.groups.some((g) => g.scopes),
    // A client's own risk configuration names the web client.
    clients: d.riskRules === 'per-client' && !d.clients.includes('web') ? [...d.clients, 'web'] : d.clients,
    groups: groupNeeded && d.groups.length === 0 ? [{ name: 'member', permissions: false, scopes: false }] : d.groups,
    selfSignUp: d.selfSignUp || (groupNeeded && d.preTokenGeneration === 'none'),
    // A claim from an attribute that a provider maps would be user-writable: take it from the immutable tenant id.
    preTokenGeneration: federated && d.preTokenGeneration === 'claims' ? 'claims-from-tenant' : d.preTokenGeneration,
    preSignUp: d.preSignUp === 'link-and-autoconfirm' ? 'link' : d.preSignUp,
    identityPool: d.identityPool === 'rules' ? 'rules-helper-role' : d.identityPool,
    // Facebook sends no verification signal; a linked SAML provider sends one or is trusted by name.
    providers: linking ? d.providers.filter((p) => p !== 'facebook' && !(p === 'saml' && d.preSignUp !== 'link-assumed')) : d.providers,
    // The trigger runs for federated sign-ins only, and AuthReplicaRegion does not create it in a replica's region.
    federationRules: d.federationRules && federated && d.replica === 'none',
  };
}

/** The arbitrary of a whole draw: four in five made coherent, the rest as drawn. */
export const drawArbitrary: fc.Arbitrary<Draw> = fc
  .tuple(rawDrawArbitrary, fc.integer({ min: 0, max: 4 }))
  .map(([draw, dice]) => (dice === 0 ? draw : coherent(draw)));

/** A draw with every feature off: the start of the pairwise matrix. */
export const BASE_DRAW: Draw = {
  plan: 'ESSENTIALS',
  threatProtection: 'none',
  mfa: 'OPTIONAL',
  secondFactor: { otp: true, sms: false, email: false },
  signInMethods: 'password',
  passkeyMultiFactor: false,
  domain: 'none',
  clients: [],
  resourceServer: false,
  groups: [],
  identityPool: 'none',
  principalTags: false,
  allowGuests: false,
  preSignUp: 'none',
  postConfirmation: 'none',
  preTokenGeneration: 'none',
  providers: [],
  logs: 'none',
  firewall: false,
  monitoring: false,
  riskRules: 'none',
  replica: 'none',
  key: 'none',
  functions: false,
  messages: 'cognito',
  federationRules: false,
  migration: 'none',
  selfSignUp: false,
  sesEmail: false,
};

/** The app a draw describes: the pool's stack, and with a replica the replica region's stack and its key. */
export interface BuiltDraw {
  readonly app: App;
  readonly primary: Stack;
  readonly auth: CognitoAuth;
  readonly replicaStack?: Stack;
  readonly replica?: AuthReplicaRegion;
  readonly stacks: Stack[];
}

const secret = SecretValue.secretsManager('auth/idp', { jsonField: 'secret' });
const SAML_METADATA = cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/metadata.xml');
const CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;

function providersOf(draw: Draw): IdentityProvider[] {
  return draw.providers
    .filter((p) => !(p === 'saml' && draw.providers.includes('saml-signal')))
    .map((p) => {
      switch (p) {
        case 'google':
          return IdentityProvider.google({ clientId: 'google-client', clientSecret: secret });
        case 'facebook':
          return IdentityProvider.facebook({ clientId: '1234567890', clientSecret: secret });
        case 'saml':
          return IdentityProvider.saml({ name: 'Corporate', metadata: SAML_METADATA });
        case 'saml-signal':
          return IdentityProvider.saml({ name: 'Corporate', metadata: SAML_METADATA, emailVerifiedAttribute: 'email_verified' });
        case 'oidc':
          return IdentityProvider.oidc({ name: 'Okta', clientId: 'okta-client', clientSecret: secret, issuerUrl: 'https://example.okta.com' });
      }
    });
}

function clientsOf(draw: Draw): CognitoAuthProps['clients'] {
  const orders = draw.resourceServer ? [cognito.OAuthScope.custom('orders/read')] : [];
  return draw.clients.map((c) => {
    switch (c) {
      case 'web':
        return { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/callback'], logoutUrls: ['https://app.example.com/'] };
      case 'web-own-writes':
        return {
          name: 'portal',
          kind: ClientKind.PUBLIC_WEB,
          callbackUrls: ['https://portal.example.com/callback'],
          writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, givenName: true }).withCustomAttributes('plan'),
          identityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
        };
      case 'native':
        return { name: 'mobile', kind: ClientKind.NATIVE, callbackUrls: ['exampleapp://callback'] };
      case 'server':
        return { name: 'backend', kind: ClientKind.SERVER, callbackUrls: ['https://api.example.com/callback'] };
      case 'm2m':
        return { name: 'orders-service', kind: ClientKind.SERVER, clientCredentials: true, scopes: orders };
    }
  });
}

/** The migration trigger of a draw, from a pool or a table imported into `scope` (the users' previous home). */
function migrationOf(scope: Stack, draw: Draw): UserMigrationOptions | undefined {
  switch (draw.migration) {
    case 'none':
      return undefined;
    case 'pool':
      return { source: MigrationSource.fromUserPool({
        userPool: cognito.UserPool.fromUserPoolArn(scope, 'PreviousPool', `arn:aws:cognito-idp:${scope.region}:${scope.account}:userpool/${scope.region}_Prev1`),
      }) };
    case 'hashes':
      return { source: MigrationSource.fromPasswordHashTable({
        table: dynamodb.Table.fromTableName(scope, 'LegacyUsers', 'legacy-users'), algorithms: [PasswordHashAlgorithm.BCRYPT, PasswordHashAlgorithm.ARGON2ID],
      }), attributeMap: { org: 'custom:tenant_id' } };
  }
}

function triggersOf(scope: Stack, draw: Draw): CognitoAuthProps['triggers'] {
  const groupNames = draw.groups.map((g) => g.name);
  const names: { [p: string]: string } = { google: 'Google', facebook: 'Facebook', saml: 'Corporate', 'saml-signal': 'Corporate', oidc: 'Okta' };
  const linkProviders = [...new Set(draw.providers.map((p) => names[p]))];
  const preSignUp = {
    none: undefined,
    domains: { allowedEmailDomains: ['example.com', 'example.org'], autoConfirmEmailDomains: ['example.com'] },
    link: { linkExternalUsers: true, linkProviders },
    'link-assumed': { linkExternalUsers: true, linkProviders, assumeEmailVerified: linkProviders.filter((n) => n === 'Corporate' || n === 'Facebook') },
    'link-and-autoconfirm': { linkExternalUsers: true, autoConfirmEmailDomains: ['example.com'] },
  }[draw.preSignUp];
  const defaultGroups = groupNames.length > 0 ? [groupNames[groupNames.length - 1]] : ['member'];
  const postConfirmation = {
    none: undefined,
    groups: { defaultGroups },
    table: { createProfileTable: true },
    'groups-and-table': { defaultGroups, createProfileTable: true },
  }[draw.postConfirmation];
  const preTokenGeneration: { [choice: string]: { claimsFromAttributes: { [claim: string]: string } } | undefined } = {
    none: undefined,
    claims: { claimsFromAttributes: { mail: 'email' } },
    'claims-from-plan': { claimsFromAttributes: { plan: 'custom:plan' } },
    'claims-from-tenant': { claimsFromAttributes: { tenant: 'custom:tenant_id' } },
  };
  const code = { source: MessageSource.SIGN_UP, emailSubject: 'Your code', emailBody: '<p>Hello {given_name}, your code is {####}</p>', sms: 'Code: {####}' };
  // The sign-up code names the user: given_name then is no client's to write (web-own-writes' explicit writes are refused).
  const messages = draw.messages === 'templates' ? { templates: [code, { ...code, locale: 'de', emailSubject: 'Ihr Code' }] } : undefined;
  const senders = draw.messages === 'senders';
  return {
    preSignUp, postConfirmation, preTokenGeneration: preTokenGeneration[draw.preTokenGeneration], messages,
    emailSender: senders ? { fromAddress: 'no-reply@example.com', templates: [code] } : undefined,
    smsSender: senders ? { templates: [code] } : undefined,
    inboundFederation: draw.federationRules
      ? { rules: [FederationRule.lowercase('preferred_username'), FederationRule.groupsToAttribute('groups', 'app_groups', { prefix: 'app-' })] }
      : undefined,
    migration: migrationOf(scope, draw),
  };
}

function identityPoolOf(scope: Stack, draw: Draw): CognitoAuthProps['identityPool'] {
  if (draw.identityPool === 'none') return undefined;
  const principalTags = draw.principalTags ? { tenant: 'custom:tenant_id' } : undefined;
  let roleMapping: RoleMapping;
  if (draw.identityPool === 'groups') roleMapping = RoleMapping.fromGroups();
  else if (draw.identityPool === 'token') roleMapping = RoleMapping.fromToken();
  else {
    // A role of the user's own: IdentityPoolRole, whose trust the pool completes, or the obvious hand-made role that
    // trusts every identity pool (refused at synth).
    const role =
      draw.identityPool === 'rules'
        ? new iam.Role(scope, 'TenantRole', { assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com') })
        : new IdentityPoolRole(scope, 'TenantRole');
    roleMapping = RoleMapping.fromRules([{ claim: 'custom:tenant_id', matchType: RuleMatchType.EQUALS, value: 'acme', role }]);
  }
  return { roleMapping, principalTags, allowGuests: draw.allowGuests };
}

/** The threat protection rules of a draw. */
function riskRulesOf(draw: Draw): CognitoAuthProps['threatProtectionRules'] {
  switch (draw.riskRules) {
    case 'none':
      return undefined;
    case 'block':
      return { compromisedCredentials: {}, accountTakeover: { highRisk: { action: RiskAction.BLOCK } } };
    case 'mfa-and-ips':
      return {
        accountTakeover: { mediumRisk: { action: RiskAction.MFA_IF_CONFIGURED }, highRisk: { action: RiskAction.MFA_REQUIRED } },
        alwaysBlockIps: ['198.51.100.0/24'],
      };
    case 'per-client':
      return { compromisedCredentials: {}, clients: { web: { compromisedCredentials: { block: false }, alwaysAllowIps: ['203.0.113.0/24'] } } };
  }
}

/** The props a draw gives `CognitoAuth` in `scope`, with the key it needs (made in `scope`). */
export function propsOf(scope: Stack, draw: Draw): CognitoAuthProps {
  const key =
    draw.key === 'none'
      ? undefined
      : new kms.Key(scope, 'PoolKey', { enableKeyRotation: true, multiRegion: draw.key === 'multi-region', removalPolicy: RemovalPolicy.DESTROY });
  const passkey = draw.signInMethods === 'passkey' || draw.signInMethods === 'passkey-only';
  const domain = {
    none: undefined,
    prefix: { prefix: 'props-space-auth' },
    'prefix-managed': { prefix: 'props-space-auth', managedLogin: true },
    custom: {
      customDomain: { domainName: 'auth.example.com', certificate: acm.Certificate.fromCertificateArn(scope, 'Certificate', CERTIFICATE_ARN) },
      managedLogin: true,
    },
  }[draw.domain];
  return {
    selfSignUp: draw.selfSignUp,
    email: draw.sesEmail ? cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com', sesRegion: PRIMARY_REGION }) : undefined,
    customAttributes: {
      tenant_id: new cognito.StringAttribute({ mutable: false, minLen: 1, maxLen: 64 }),
      plan: new cognito.StringAttribute({ mutable: true, maxLen: 32 }),
    },
    featurePlan: cognito.FeaturePlan[draw.plan],
    threatProtection: draw.threatProtection === 'none' ? undefined : cognito.StandardThreatProtectionMode[draw.threatProtection],
    mfa: cognito.Mfa[draw.mfa],
    mfaSecondFactor: draw.mfa === 'OFF' ? undefined : draw.secondFactor,
    signInMethods: {
      password: draw.signInMethods !== 'passkey-only',
      emailOtp: draw.signInMethods === 'emailOtp' || draw.signInMethods === 'passkey-only',
      passkey,
    },
    passkeys: passkey ? { multiFactor: draw.passkeyMultiFactor } : undefined,
    deletionProtection: false,
    removalPolicy: RemovalPolicy.DESTROY,
    domain,
    clients: clientsOf(draw),
    resourceServers: draw.resourceServer ? [{ identifier: 'orders', name: 'Orders', scopes: [{ name: 'read', description: 'Read orders' }] }] : undefined,
    groups: draw.groups.map((g) => ({
      name: g.name,
      precedence: g.name === 'admin' ? 0 : 10,
      permissions: g.permissions ? [`orders:${g.name}`] : undefined,
      scopes: g.scopes ? ['orders/read'] : undefined,
    })),
    identityProviders: providersOf(draw),
    identityPool: identityPoolOf(scope, draw),
    triggers: triggersOf(scope, draw),
    userActivityLogs: {
      none: undefined,
      errors: { messageDeliveryErrors: true, removalPolicy: RemovalPolicy.DESTROY },
      'auth-events': { messageDeliveryErrors: true, authEvents: AuthEventsDestination.cloudWatchLogs(), removalPolicy: RemovalPolicy.DESTROY },
    }[draw.logs],
    firewall: draw.firewall ? {} : undefined,
    monitoring: draw.monitoring ? {} : undefined,
    threatProtectionRules: riskRulesOf(draw),
    replicas: draw.replica === 'none' ? undefined : [{ region: REPLICA_REGION }],
    encryptionKey: key,
    bundledFunctions: draw.functions ? functionSettingsOf(scope, key) : undefined,
  };
}

/** The bundled functions' settings of a draw: the pool's key (else one of their own) for the logs, tracing, a reservation, a VPC. */
function functionSettingsOf(scope: Stack, poolKey: kms.IKey | undefined): BundledFunctionOptions {
  return {
    logGroupEncryptionKey: poolKey ?? new kms.Key(scope, 'LogsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY }),
    tracing: lambda.Tracing.ACTIVE,
    reservedConcurrentExecutions: 10,
    vpc: ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      availabilityZones: [`${PRIMARY_REGION}a`, `${PRIMARY_REGION}b`],
      privateSubnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      privateSubnetRouteTableIds: ['rtb-0a1b2c3d4e5f60001', 'rtb-0a1b2c3d4e5f60002'],
    }),
  };
}

/**
 * Builds the app of a draw. Construction errors propagate (the caller checks they are ConfigErrors with a path);
 * warnings are acknowledged by the caller, which checks that each is one of the library's own.
 */
export function buildDraw(draw: Draw, app: App = testApp({ '@aws-cdk/core:annotationsInValidationReport': false })): BuiltDraw {
  const primary = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: PRIMARY_REGION } });
  const auth = new CognitoAuth(primary, 'Auth', propsOf(primary, draw));
  const stacks = [primary];
  if (draw.replica === 'none') return { app, primary, auth, stacks };

  const replicaStack = new Stack(app, 'Replica', { env: { account: ACCOUNT, region: REPLICA_REGION }, crossRegionReferences: true });
  stacks.push(replicaStack);
  // The key's replica in the replica's region: the account administers it, and AuthReplicaRegion adds what the
  // replica's features need (Cognito, and log delivery when the replica exports logs).
  const key = auth.authUserPool.encryptionKey;
  const replicaKey = key
    ? new kms.CfnReplicaKey(replicaStack, 'PoolKeyReplica', {
      primaryKeyArn: key.keyArn,
      keyPolicy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] })],
      }),
    })
    : undefined;
  const replica = new AuthReplicaRegion(replicaStack, 'ReplicaRegion', {
    auth,
    replicaKey,
    userActivityLogs: draw.replica === 'replica-with-logs' && draw.logs !== 'none' ? { messageDeliveryErrors: true, removalPolicy: RemovalPolicy.DESTROY } : undefined,
    firewall: draw.replica === 'replica-with-firewall' && draw.firewall ? {} : undefined,
  });
  return { app, primary, auth, replicaStack, replica, stacks };
}

/** Acknowledges each warning id found on the app's constructs (the caller checked that each is the library's). */
export function acknowledgeAll(app: App, ids: string[]): void {
  for (const id of ids) Validations.of(app).acknowledge({ id, reason: 'props-space draw' });
}
