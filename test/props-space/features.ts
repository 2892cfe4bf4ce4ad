/**
 * The features of the library, each as the change it makes to a draw with everything off (BASE_DRAW), bringing what
 * it needs with it (federation brings a domain, group scopes a resource server). The pairwise matrix combines every
 * two of them; REFUSED_PAIRS says which pairs the library refuses, and with what message. The README's
 * "Combinations" section is this table.
 */
import type { Draw } from './draw';

type Change = (d: Draw) => Partial<Draw>;

export const FEATURES: { [name: string]: Change } = {
  'threat protection (Plus)': () => ({ plan: 'PLUS', threatProtection: 'FULL_FUNCTION' }),
  'required MFA': () => ({ mfa: 'REQUIRED', secondFactor: { otp: true, sms: false, email: false } }),
  passkeys: (d) => ({ signInMethods: 'passkey', passkeyMultiFactor: true, domain: d.domain === 'none' ? 'prefix' : d.domain }),
  'email one-time codes': () => ({ signInMethods: 'emailOtp', sesEmail: true }),
  'custom domain and managed login': () => ({ domain: 'custom' }),
  'app clients': (d) => ({ clients: ['web', 'native', 'm2m'], resourceServer: true, domain: d.domain }),
  'groups with permissions and scopes': () => ({
    groups: [
      { name: 'admin', permissions: true, scopes: true },
      { name: 'member', permissions: true, scopes: false },
    ],
    resourceServer: true,
  }),
  'identity pool (groups, principal tags)': () => ({ identityPool: 'groups', principalTags: true }),
  'identity pool (rules)': () => ({ identityPool: 'rules-helper-role' }),
  'pre sign-up domain rules': () => ({ preSignUp: 'domains' }),
  'account linking': (d) => ({ preSignUp: 'link', providers: ['google', 'saml-signal'], domain: d.domain === 'none' ? 'prefix' : d.domain }),
  'post confirmation (groups, table)': (d) => ({
    postConfirmation: 'groups-and-table',
    groups: d.groups.length > 0 ? d.groups : [{ name: 'member', permissions: false, scopes: false }],
    selfSignUp: true,
  }),
  'pre token generation claims': () => ({ preTokenGeneration: 'claims-from-tenant' }),
  'identity providers': (d) => ({ providers: ['google', 'facebook', 'oidc'], domain: d.domain === 'none' ? 'prefix' : d.domain }),
  'activity logs': () => ({ logs: 'errors' }),
  firewall: () => ({ firewall: true }),
  monitoring: () => ({ monitoring: true }),
  'threat protection rules': (d) => ({
    plan: 'PLUS', threatProtection: 'FULL_FUNCTION', riskRules: 'per-client', clients: d.clients.includes('web') ? d.clients : [...d.clients, 'web'],
  }),
  'customer managed key': (d) => ({ key: d.key === 'none' ? 'own' : d.key }),
  'bundled function settings': (d) => ({ functions: true, preTokenGeneration: d.preTokenGeneration === 'none' ? 'claims' : d.preTokenGeneration }),
  'custom message templates': () => ({ messages: 'templates', sesEmail: true }),
  'custom email and SMS senders': () => ({ messages: 'senders' }),
  'inbound federation rules': (d) => ({
    federationRules: true, providers: d.providers.length > 0 ? d.providers : ['oidc'], domain: d.domain === 'none' ? 'prefix' : d.domain,
  }),
  'user migration (from a pool, groups kept)': () => ({ migration: 'pool' }),
  'user migration (password hashes)': () => ({ migration: 'hashes' }),
  'replica region': () => ({ replica: 'replica-with-logs', key: 'multi-region' }),
};

/**
 * The pairs the library refuses, by their two feature names (in FEATURES order), with the start of the message; each
 * is documented in the README's Combinations section.
 */
export const REFUSED_PAIRS: { [pair: string]: string } = {
  'required MFA + email one-time codes': 'signInMethods turns on emailOtp, but mfa is REQUIRED: Cognito offers one-time-code sign-in only when MFA is optional or off',
  'required MFA + replica region': 'mfa is REQUIRED with TOTP (mfaSecondFactor.otp) as the only second factor, and Cognito replicas do not take TOTP MFA',
  'custom email and SMS senders + replica region':
    'the pool has a customEmailSender trigger, which AuthReplicaRegion does not wire (it needs the sender\'s KMS key in this region)',
  'inbound federation rules + replica region': 'the pool has an inboundFederation trigger, which AuthReplicaRegion does not wire',
  'account linking + identity providers': "triggers.preSignUp.linkProviders[1] 'Facebook' sends no email verification signal",
  'user migration (from a pool, groups kept) + replica region':
    "the pool has a postAuthentication trigger, which Cognito runs in every region that serves sign-ins: give a function of eu-west-1 as functions['postAuthentication']",
};

/**
 * The warnings a pair raises beyond those of its two features alone, by warning id (`cdk-cognito-auth:<id>`); each is
 * documented in the README's Combinations section, and a strict synth stops at it until it is acknowledged.
 */
export const WARNED_PAIRS: { [pair: string]: string[] } = {
  'passkeys + replica region': ['replicaPasskeys'],
  'firewall + replica region': ['replicaRegionalSettings'],
  'post confirmation (groups, table) + user migration (from a pool, groups kept)': ['migrationSelfSignUp'],
  'post confirmation (groups, table) + user migration (password hashes)': ['migrationSelfSignUp'],
};

/** The library's warning ids among an outcome's warnings. */
export function warningIds(warnings: string[]): string[] {
  return [...new Set(warnings.map((w) => /cdk-cognito-auth:([A-Za-z]+)/.exec(w)?.[1]).filter((id): id is string => id !== undefined))].sort();
}

/** The draw of a pair of features: each change applied in turn to the draw with everything off. */
export function combine(base: Draw, ...names: string[]): Draw {
  return names.reduce((d, name) => ({ ...d, ...FEATURES[name](d) }), base);
}
