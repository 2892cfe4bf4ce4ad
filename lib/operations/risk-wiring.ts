// How `CognitoAuth` checks `threatProtectionRules` against its pool and writes one risk configuration for every app
// client (ClientId ALL) and one for each client named in `clients`. Not part of the package's API.
import { Annotations, Lazy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct, IConstruct } from 'constructs';
import { ConfigError, checkAtSynth } from '../private/errors';
import { preChecked } from '../private/props-check';
import { mfaActionsOf, oneClickLinksOf, validateRiskConfiguration } from './private/risk-checks';
import { AuthRiskConfiguration } from './risk-configuration';
import { RiskAction, RiskConfigurationOptions, ThreatProtectionRulesOptions } from './risk-configuration-options';

/** What the rules need of the pool: an `AuthUserPool` is one. */
export interface RiskPool extends IConstruct {
  readonly userPool: cognito.UserPool;
  readonly featurePlan: cognito.FeaturePlan;
  readonly threatProtection?: cognito.StandardThreatProtectionMode;
  readonly customThreatProtection?: cognito.CustomThreatProtectionMode;
  readonly mfa: cognito.Mfa;
}

/** What the rules need of the composing construct: its domain, and its clients (which may be added until synth). */
export interface RiskClients {
  readonly hasDomain: boolean;
  clients(): ReadonlyMap<string, { readonly clientId: string }>;
}

const PROP = 'threatProtectionRules';
const MODE_NAMES: Record<string, string> = { ENFORCED: 'FULL_FUNCTION', AUDIT: 'AUDIT_ONLY', OFF: 'NO_ENFORCEMENT' };

/** The checks that need the pool: the plan, the threat protection mode, MFA for MFA actions, a domain for one-click links. */
function checkAgainstPool(scope: Construct, rules: ThreatProtectionRulesOptions, pool: RiskPool, hasDomain: boolean): void {
  if (pool.featurePlan !== cognito.FeaturePlan.PLUS) {
    throw new ConfigError(`${PROP} needs featurePlan PLUS: Cognito acts on risk configuration with threat protection, which only Plus has; ` +
      `featurePlan is '${pool.featurePlan}'`);
  }
  const standard = pool.threatProtection;
  const custom = pool.customThreatProtection;
  const enforced = (mode: string | undefined) => mode === 'ENFORCED';
  const audited = (mode: string | undefined) => mode === 'AUDIT';
  const modes =
    `threatProtection is ${standard ? MODE_NAMES[standard] : 'not set'} and customThreatProtection is ${custom ? MODE_NAMES[custom] : 'not set'}`;
  if (!enforced(standard) && !enforced(custom) && !audited(standard) && !audited(custom)) {
    throw new ConfigError(`${PROP} needs threat protection in full-function mode, but ${modes}: with threat protection off Cognito assesses ` +
      'no risk, so no rule would ever apply');
  }
  if (!enforced(standard)) {
    Annotations.of(scope).addWarningV2('cdk-cognito-auth:riskRulesAuditOnly',
      `${PROP}: ${modes}. Where threat protection is not full-function, Cognito takes none of these actions, sends no notification and ` +
        'blocks no IP range (in audit-only mode it only assesses and logs risk); set threatProtection FULL_FUNCTION to enforce them');
  }
  const configurations: [string, RiskConfigurationOptions][] = [
    [`${PROP}.`, rules],
    ...Object.entries(rules.clients ?? {}).map(([name, c]): [string, RiskConfigurationOptions] => [`${PROP}.clients['${name}'].`, c]),
  ];
  for (const [prefix, options] of configurations) {
    const [prop, action] = mfaActionsOf(prefix, options)[0] ?? [];
    if (prop !== undefined && pool.mfa === cognito.Mfa.OFF) {
      const outcome = action === RiskAction.MFA_REQUIRED ? 'blocks every sign-in at this risk level' : 'allows every sign-in at this risk level';
      throw new ConfigError(`${prop} is ${action}, but mfa is OFF: with no MFA in the pool, Cognito ${outcome}; set mfa to OPTIONAL (what ` +
        'Cognito advises with adaptive authentication), or use BLOCK or NO_ACTION');
    }
    const link = oneClickLinksOf(prefix, options)[0];
    if (link !== undefined && !hasDomain) {
      throw new ConfigError(`${link} uses a one-click link placeholder, but the pool has no domain: Cognito builds one-click links on the ` +
        `pool's domain; set domain, or leave out {one-click-link-valid} and {one-click-link-invalid}`);
    }
  }
}

/** Whether the options set anything for the pool-wide configuration. */
function setsAnything(options: RiskConfigurationOptions): boolean {
  return [options.compromisedCredentials, options.accountTakeover, options.alwaysAllowIps, options.alwaysBlockIps].some((o) => o !== undefined);
}

/** Checks `threatProtectionRules`, then creates the pool-wide configuration (when it sets anything) and each client's. */
export function wireRiskConfiguration(
  scope: Construct,
  rules: ThreatProtectionRulesOptions | undefined,
  pool: RiskPool,
  clients: RiskClients,
): AuthRiskConfiguration[] {
  if (!rules) return [];
  const { clients: perClient, ...poolWide } = rules;
  validateRiskConfiguration(`${PROP}.`, poolWide);
  for (const [name, options] of Object.entries(perClient ?? {})) validateRiskConfiguration(`${PROP}.clients['${name}'].`, options);
  if (!setsAnything(poolWide) && Object.keys(perClient ?? {}).length === 0) {
    throw new ConfigError(`${PROP} sets nothing: set compromisedCredentials, accountTakeover, alwaysAllowIps, alwaysBlockIps or clients`);
  }
  checkAgainstPool(scope, rules, pool, clients.hasDomain);

  const created: AuthRiskConfiguration[] = [];
  if (setsAnything(poolWide)) {
    created.push(new AuthRiskConfiguration(scope, 'RiskConfiguration', preChecked({ ...poolWide, userPool: pool.userPool })));
  }
  for (const [name, options] of Object.entries(perClient ?? {})) {
    // Clients may be added until synth: the id is read then, and a name that is no client fails synth.
    const clientId = Lazy.string({ produce: () => clients.clients().get(name)?.clientId ?? 'ALL' });
    const client = cognito.UserPoolClient.fromUserPoolClientId(scope, `RiskClient-${name}`, clientId);
    created.push(new AuthRiskConfiguration(scope, `RiskConfiguration-${name}`, preChecked({ ...options, userPool: pool.userPool, client })));
  }
  if (perClient) {
    checkAtSynth(scope, () => {
      const names = [...clients.clients().keys()];
      return Object.keys(perClient)
        .filter((n) => !names.includes(n))
        .map((n) => `${PROP}.clients has '${n}', which is not a client of this pool; clients: ${names.join(', ') || '(none)'}`);
    });
  }
  return created;
}
