import { Token } from 'aws-cdk-lib';
import { ConfigError } from '../../private/errors';
import { type InboundFederationConfig, MAPPED_VALUE_MAX_LENGTH } from '../../private/handler-config';
import { validateUnique } from '../../private/validators';
import { type FederationRule, FederationRuleKind } from '../federation-rules';

/** The names a provider's token response carries, which Cognito takes from the provider's token endpoint. */
const TOKEN_NAMES = ['access_token', 'id_token', 'refresh_token'];

/** The names Cognito keeps for who the user is (their `sub`, user name and linked identities, its own `cognito:` ones). */
const IDENTITY_NAMES = ['sub', 'username', 'identities'];
const isIdentityName = (name: string) => IDENTITY_NAMES.includes(name) || name.startsWith('cognito:');

/** The attributes that say an address or a number was proven: only the provider's own word may fill them. */
const VERIFICATION_STATES = ['email_verified', 'phone_number_verified'];

/** Whether two rules can apply to the same sign-in: every provider, or a provider in common. */
function overlap(a: FederationRule, b: FederationRule): boolean {
  const pa = a.options.providers ?? [];
  const pb = b.options.providers ?? [];
  return pa.length === 0 || pb.length === 0 || pa.some((p) => pb.includes(p));
}

function checkName(prop: string, value: unknown): void {
  if (typeof value !== 'string') throw new ConfigError(`${prop} is not a string: give the provider's attribute name`);
  if (Token.isUnresolved(value)) throw new ConfigError(`${prop} is a token: the rules are written into the function's configuration at synth`);
  if (value === '' || value.trim() !== value) {
    throw new ConfigError(`${prop} '${value}' is invalid: give the provider's attribute name, not empty and without spaces around it`);
  }
}

/**
 * Checks the rules by themselves, with no pool: the standalone trigger makes these checks too (what the pool's
 * providers, protected attributes and linking make of them is `CognitoAuth`'s check), and returns them as the handler
 * takes them.
 */
export function checkFederationRules(prop: string, rules: FederationRule[]): InboundFederationConfig {
  if (rules.length === 0) {
    throw new ConfigError(`${prop}.rules is empty: give at least one rule (FederationRule.rename, .lowercase or .groupsToAttribute)`);
  }
  rules.forEach((rule, i) => {
    const p = `${prop}.rules[${i}]`;
    const groups = rule.kind === FederationRuleKind.GROUPS_TO_ATTRIBUTE;
    checkName(`${p}.${rule._names.source}`, rule.source);
    checkName(`${p}.${rule._names.target}`, rule.target);
    if (rule.kind === FederationRuleKind.RENAME && rule.source === rule.target) {
      throw new ConfigError(`${p} renames '${rule.source}' to itself: give another name as newName`);
    }
    if (TOKEN_NAMES.includes(rule.target) || (rule.kind === FederationRuleKind.RENAME && TOKEN_NAMES.includes(rule.source))) {
      const [which, name] = TOKEN_NAMES.includes(rule.target) ? [rule._names.target, rule.target] : [rule._names.source, rule.source];
      throw new ConfigError(
        `${p}.${which} '${name}' names a token of the provider's token response: Cognito takes ${TOKEN_NAMES.join(', ')} from the provider's ` +
          'token endpoint, and a rule may neither write one nor move one; give a profile attribute',
      );
    }
    if (isIdentityName(rule.target)) {
      throw new ConfigError(
        `${p} writes '${rule.target}', a name Cognito keeps for who the user is (${IDENTITY_NAMES.join(', ')}, cognito:*): a rule that wrote it ` +
          'would let what the provider sends pass for the user\'s identity; write a profile attribute',
      );
    }
    if (VERIFICATION_STATES.includes(rule.target)) {
      throw new ConfigError(
        `${p} writes '${rule.target}', which says whether an address or number was proven: a rule would decide what counts as proven ` +
          '(where it is a sign-in alias, one user holds a verified address or number, and a newly verified one can take it over); leave it as ' +
          'the provider sends it',
      );
    }
    const providers = rule.options.providers;
    if (providers !== undefined) {
      if (providers.length === 0) throw new ConfigError(`${p}.providers is empty: leave it out for every provider, or name at least one`);
      providers.forEach((name, k) => checkName(`${p}.providers[${k}]`, name));
      validateUnique(`${p}.providers`, providers);
    }
    if (groups) {
      const { separator, sourceSeparator, prefix, maxLength } = rule.options;
      for (const [key, value] of [['separator', separator], ['sourceSeparator', sourceSeparator], ['prefix', prefix]] as const) {
        if (value === '') throw new ConfigError(`${p}.${key} is empty: leave it out for ${key === 'prefix' ? 'every group' : "','"}, or give one`);
      }
      const joiner = separator ?? ',';
      if (prefix !== undefined && prefix.includes(joiner)) {
        throw new ConfigError(`${p}.prefix '${prefix}' holds the separator '${joiner}': the trigger leaves out a group whose name holds the ` +
          'separator (it would read as several groups), so every group the prefix keeps would be left out; give a separator the prefix does ' +
          'not hold');
      }
      if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAPPED_VALUE_MAX_LENGTH)) {
        throw new ConfigError(`${p}.maxLength ${maxLength} is invalid: a whole number from 1 to ${MAPPED_VALUE_MAX_LENGTH} (Cognito's limit on a ` +
          'mapped attribute\'s value)');
      }
    }
    if (rule.kind !== FederationRuleKind.LOWERCASE) {
      const writesToo = (other: FederationRule) =>
        other.kind !== FederationRuleKind.LOWERCASE && other.target === rule.target && overlap(other, rule);
      const j = rules.findIndex((other, k) => k < i && writesToo(other));
      if (j >= 0) {
        throw new ConfigError(`${p} writes '${rule.target}', which rules[${j}] writes too for the same providers: the later one would replace it; ` +
          'give one rule per attribute, or different providers');
      }
    }
  });
  return { rules: rules.map((r) => r._config()) };
}
