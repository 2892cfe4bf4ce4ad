/**
 * The service's own rules, which AWS's CloudFormation validator does not know (it checks resource schemas, and a
 * schema lets through an empty rule list that Cognito's API refuses at deploy). Every test app (`testApp`) runs this
 * plugin at synth, so no template synthesized anywhere in the tests can break one of these rules unnoticed.
 *
 * Each rule names its source: the Cognito API references' "Array Members", "Map Entries", "Length Constraints" and
 * "Pattern" lines, and the developer guide. Values that are not plain (tokens, intrinsic functions) are skipped.
 */
import * as fs from 'fs';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';

type Resource = { Type: string; Properties?: Record<string, any> };
type Check = (r: Resource, all: Record<string, Resource>) => string | undefined;

interface Rule {
  readonly name: string;
  readonly type: string;
  readonly source: string;
  readonly check: Check;
}

const plainStrings = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
const count = (x: unknown): number => (Array.isArray(x) ? x.length : x && typeof x === 'object' ? Object.keys(x).length : 0);

/** The attributes a template turns into claims or principal tags: no app client of it may write them. */
function claimSources(all: Record<string, Resource>): Map<string, string> {
  const sources = new Map<string, string>();
  for (const r of Object.values(all)) {
    if (r.Type === 'AWS::Lambda::Function') {
      const raw = r.Properties?.Environment?.Variables?.TRIGGER_CONFIG;
      // The config is JSON text, usually an Fn::Join whose plain parts hold the attribute names.
      const text = typeof raw === 'string' ? raw : Array.isArray(raw?.['Fn::Join']?.[1]) ? raw['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : '"<token>"')).join('') : '';
      try {
        const config = JSON.parse(text);
        for (const [claim, attribute] of Object.entries(config.claimsFromAttributes ?? {})) sources.set(String(attribute), `the claim '${claim}'`);
      } catch {
        // not a config this rule reads
      }
    }
    if (r.Type === 'AWS::Cognito::IdentityPoolPrincipalTag') {
      for (const [tag, claim] of Object.entries(r.Properties?.PrincipalTags ?? {})) sources.set(String(claim), `the principal tag '${tag}'`);
    }
    if (r.Type === 'AWS::Cognito::IdentityPoolRoleAttachment') {
      for (const mapping of Object.values<any>(r.Properties?.RoleMappings ?? {})) {
        for (const rule of mapping?.RulesConfiguration?.Rules ?? []) {
          if (typeof rule.Claim === 'string' && (rule.Claim.startsWith('custom:') || rule.Claim === 'email')) sources.set(rule.Claim, 'a role-mapping rule');
        }
      }
    }
  }
  return sources;
}

export const SERVICE_RULES: Rule[] = [
  {
    name: 'role-mapping-rules-1-to-25',
    type: 'AWS::Cognito::IdentityPoolRoleAttachment',
    source: 'Cognito Identity API reference, RulesConfigurationType: Rules, "Array Members: Minimum number of 1 item. Maximum number of 25 items."',
    check: (r) => {
      for (const [key, mapping] of Object.entries<any>(r.Properties?.RoleMappings ?? {})) {
        const rules = mapping?.RulesConfiguration?.Rules;
        if (mapping?.Type === 'Rules' && Array.isArray(rules) && (rules.length < 1 || rules.length > 25)) return `role mapping '${key}' has ${rules.length} rules`;
      }
      return undefined;
    },
  },
  {
    name: 'role-mappings-at-most-10',
    type: 'AWS::Cognito::IdentityPoolRoleAttachment',
    source: 'Cognito Identity API reference, SetIdentityPoolRoles: RoleMappings, "Map Entries: Maximum number of 10 items."',
    check: (r) => (count(r.Properties?.RoleMappings) > 10 ? `${count(r.Properties?.RoleMappings)} role mappings` : undefined),
  },
  {
    name: 'mapping-rule-claim-and-value-lengths',
    type: 'AWS::Cognito::IdentityPoolRoleAttachment',
    source: 'Cognito Identity API reference, MappingRule: Claim 1 to 64 characters, Value 1 to 128',
    check: (r) => {
      for (const mapping of Object.values<any>(r.Properties?.RoleMappings ?? {})) {
        for (const rule of mapping?.RulesConfiguration?.Rules ?? []) {
          if (typeof rule.Claim === 'string' && (rule.Claim.length < 1 || rule.Claim.length > 64)) return `claim '${rule.Claim}'`;
          if (typeof rule.Value === 'string' && (rule.Value.length < 1 || rule.Value.length > 128)) return `value '${rule.Value}'`;
        }
      }
      return undefined;
    },
  },
  {
    name: 'no-refresh-token-auth-with-rotation',
    type: 'AWS::Cognito::UserPoolClient',
    source: 'Cognito developer guide, "Refresh tokens": "You can\'t authenticate with REFRESH_TOKEN_AUTH in app clients with refresh token rotation enabled."',
    check: (r) =>
      r.Properties?.RefreshTokenRotation?.Feature === 'ENABLED' && plainStrings(r.Properties?.ExplicitAuthFlows).includes('ALLOW_REFRESH_TOKEN_AUTH')
        ? 'the client rotates refresh tokens and allows ALLOW_REFRESH_TOKEN_AUTH'
        : undefined,
  },
  {
    name: 'client-url-and-scope-counts',
    type: 'AWS::Cognito::UserPoolClient',
    source: 'Cognito API reference, CreateUserPoolClient: CallbackURLs and LogoutURLs at most 100 items, AllowedOAuthScopes at most 50',
    check: (r) => {
      for (const [key, max] of [['CallbackURLs', 100], ['LogoutURLs', 100], ['AllowedOAuthScopes', 50]] as const) {
        if (count(r.Properties?.[key]) > max) return `${key} has ${count(r.Properties?.[key])} items`;
      }
      return undefined;
    },
  },
  {
    name: 'client-name',
    type: 'AWS::Cognito::UserPoolClient',
    source: 'Cognito API reference, CreateUserPoolClient: ClientName 1 to 128 characters, pattern [\\w\\s+=,.@-]+',
    check: (r) => {
      const name = r.Properties?.ClientName;
      return typeof name === 'string' && !/^[\w\s+=,.@-]{1,128}$/.test(name) ? `ClientName '${name}'` : undefined;
    },
  },
  {
    name: 'no-client-writes-a-claim-source',
    type: 'AWS::Cognito::UserPoolClient',
    source: 'Cognito API reference, UpdateUserAttributes: a user changes, with their own access token, any attribute the client may write',
    check: (r, all) => {
      const sources = claimSources(all);
      const written = plainStrings(r.Properties?.WriteAttributes).find((a) => sources.has(a));
      return written ? `the client may write '${written}', the source of ${sources.get(written)}` : undefined;
    },
  },
  {
    name: 'resource-server-scopes',
    type: 'AWS::Cognito::UserPoolResourceServer',
    source: 'Cognito API reference, ResourceServerType: Name 1 to 256 of [\\w\\s+=,.@-]; Scopes at most 100; ResourceServerScopeType: ScopeName pattern [\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+ (no "/")',
    check: (r) => {
      const name = r.Properties?.Name;
      if (typeof name === 'string' && !/^[\w\s+=,.@-]{1,256}$/.test(name)) return `name '${name}'`;
      const scopes = r.Properties?.Scopes ?? [];
      if (count(scopes) > 100) return `${count(scopes)} scopes`;
      const bad = (scopes as any[]).find((s) => typeof s?.ScopeName === 'string' && !/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/.test(s.ScopeName));
      return bad ? `scope name '${bad.ScopeName}'` : undefined;
    },
  },
  {
    name: 'no-one-time-codes-with-required-mfa',
    type: 'AWS::Cognito::UserPool',
    source: 'Cognito developer guide, "Adding MFA to a user pool": "You can\'t add WEB_AUTHN, EMAIL_OTP, or SMS_OTP to AllowedFirstAuthFactors when MFA is required" (since passkey MFA, WEB_AUTHN with WebAuthnFactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION)',
    check: (r) => {
      const factors = plainStrings(r.Properties?.Policies?.SignInPolicy?.AllowedFirstAuthFactors);
      if (r.Properties?.MfaConfiguration !== 'ON') return undefined;
      const refused = factors.filter((f) => f === 'EMAIL_OTP' || f === 'SMS_OTP' || (f === 'WEB_AUTHN' && r.Properties?.WebAuthnFactorConfiguration !== 'MULTI_FACTOR_WITH_USER_VERIFICATION'));
      return refused.length > 0 ? `MFA is required and the first factors include ${refused.join(', ')}` : undefined;
    },
  },
  {
    name: 'passkeys-beside-another-factor',
    type: 'AWS::Cognito::UserPool',
    source: 'Cognito developer guide, "Authentication with Amazon Cognito user pools": "The WEB_AUTHN option for passkey authentication must be accompanied by at least one other option."',
    check: (r) => {
      const factors = plainStrings(r.Properties?.Policies?.SignInPolicy?.AllowedFirstAuthFactors);
      return factors.length === 1 && factors[0] === 'WEB_AUTHN' ? 'WEB_AUTHN is the only first factor' : undefined;
    },
  },
  {
    name: 'user-auth-needs-essentials',
    type: 'AWS::Cognito::UserPoolClient',
    source: 'CloudFormation, AWS::Cognito::UserPoolClient ExplicitAuthFlows: ALLOW_USER_AUTH, "your user pool must be in the Essentials tier or higher"',
    check: (r, all) => {
      const poolRef = r.Properties?.UserPoolId?.Ref;
      const pool = typeof poolRef === 'string' ? all[poolRef] : undefined;
      return pool?.Properties?.UserPoolTier === 'LITE' && plainStrings(r.Properties?.ExplicitAuthFlows).includes('ALLOW_USER_AUTH')
        ? 'the client allows ALLOW_USER_AUTH in a pool on the Lite plan'
        : undefined;
    },
  },
  {
    name: 'terms-links',
    type: 'AWS::Cognito::Terms',
    source: 'CloudFormation, AWS::Cognito::Terms: TermsName terms-of-use or privacy-policy, TermsSource LINK, Enforcement NONE; Links keys cognito:default or cognito:<language>, values 1 to 1024 characters',
    check: (r) => {
      const p = r.Properties ?? {};
      if (typeof p.TermsName === 'string' && !/^(terms-of-use|privacy-policy)$/.test(p.TermsName)) return `TermsName '${p.TermsName}'`;
      if (typeof p.TermsSource === 'string' && p.TermsSource !== 'LINK') return `TermsSource '${p.TermsSource}'`;
      if (typeof p.Enforcement === 'string' && p.Enforcement !== 'NONE') return `Enforcement '${p.Enforcement}'`;
      const language = /^cognito:(default|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$/;
      const bad = Object.keys(p.Links ?? {}).find((k) => !language.test(k));
      return bad ? `Links key '${bad}'` : undefined;
    },
  },
  {
    name: 'log-delivery-combinations',
    type: 'AWS::Cognito::LogDeliveryConfiguration',
    source: 'Cognito API reference, LogConfigurationType: userNotification with ERROR and CloudWatchLogsConfiguration; userAuthEvents with INFO and one of CloudWatchLogsConfiguration, FirehoseConfiguration or S3Configuration; CloudWatchLogsConfiguration LogGroupArn: the log group ARN without a trailing :*',
    check: (r, all) => {
      const configs: any[] = Array.isArray(r.Properties?.LogConfigurations) ? r.Properties!.LogConfigurations : [];
      const sources = configs.map((c) => c.EventSource);
      if (new Set(sources).size !== sources.length) return `EventSource ${sources.join(', ')}: one configuration per source`;
      for (const c of configs) {
        const destinations = ['CloudWatchLogsConfiguration', 'FirehoseConfiguration', 'S3Configuration'].filter((d) => c[d] !== undefined);
        if (destinations.length !== 1) return `${c.EventSource} has ${destinations.length} destinations`;
        if (c.EventSource === 'userNotification' && (c.LogLevel !== 'ERROR' || destinations[0] !== 'CloudWatchLogsConfiguration')) {
          return `userNotification at ${c.LogLevel} to ${destinations[0]}`;
        }
        if (c.EventSource === 'userAuthEvents' && c.LogLevel !== 'INFO') return `userAuthEvents at ${c.LogLevel}`;
        // A log group's Arn attribute ends in :* at deploy.
        const arn = c.CloudWatchLogsConfiguration?.LogGroupArn;
        const getAtt = arn?.['Fn::GetAtt'];
        if (JSON.stringify(arn ?? '').includes(':*') || (getAtt && all[getAtt[0]]?.Type === 'AWS::Logs::LogGroup' && getAtt[1] === 'Arn')) return 'a log group ARN ending in :*';
      }
      return undefined;
    },
  },
  {
    name: 'user-pool-web-acl-regional',
    type: 'AWS::WAFv2::WebACLAssociation',
    source: 'Cognito developer guide, "Associating an AWS WAF web ACL with a user pool": a user pool is a regional resource, so its web ACL has scope REGIONAL',
    check: (r, all) => {
      const poolRef = r.Properties?.ResourceArn?.['Fn::GetAtt']?.[0];
      const aclRef = r.Properties?.WebACLArn?.['Fn::GetAtt']?.[0];
      const acl = typeof aclRef === 'string' ? all[aclRef] : undefined;
      return typeof poolRef === 'string' && all[poolRef]?.Type === 'AWS::Cognito::UserPool' && acl && acl.Properties?.Scope !== 'REGIONAL'
        ? `a user pool with a web ACL of scope ${acl.Properties?.Scope}`
        : undefined;
    },
  },
  {
    name: 'principal-tags-at-most-50',
    type: 'AWS::Cognito::IdentityPoolPrincipalTag',
    source: 'Cognito Identity API reference, SetPrincipalTagAttributeMap: PrincipalTags, "Map Entries: Maximum number of 50 items."',
    check: (r) => (count(r.Properties?.PrincipalTags) > 50 ? `${count(r.Properties?.PrincipalTags)} principal tags` : undefined),
  },
];

/** The template-level check, also used directly by tests that prove a rule can fail. */
export function serviceRuleViolations(template: { Resources?: Record<string, Resource> }): string[] {
  const all = template.Resources ?? {};
  const found: string[] = [];
  for (const [id, resource] of Object.entries(all)) {
    for (const rule of SERVICE_RULES.filter((x) => x.type === resource.Type)) {
      const problem = rule.check(resource, all);
      if (problem) found.push(`${rule.name}: ${id}: ${problem} (${rule.source})`);
    }
  }
  return found;
}

/** The synth-time plugin: any violation fails `app.synth()` and so `Template.fromStack`. */
export class ServiceRulesPlugin implements IPolicyValidationPlugin {
  public readonly name = 'cognito-service-rules';
  public readonly ruleIds = SERVICE_RULES.map((r) => r.name);

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const templatePath of context.templatePaths) {
      const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
      for (const [id, resource] of Object.entries<Resource>(template.Resources ?? {})) {
        for (const rule of SERVICE_RULES.filter((x) => x.type === resource.Type)) {
          const problem = rule.check(resource, template.Resources);
          if (problem) {
            violations.push({
              ruleName: rule.name,
              description: `${problem}: ${rule.source}`,
              violatingResources: [{ resourceLogicalId: id, templatePath, locations: ['Properties'] }],
            });
          }
        }
      }
    }
    return { success: violations.length === 0, violations };
  }
}
