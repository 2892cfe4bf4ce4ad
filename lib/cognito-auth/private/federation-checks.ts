import type { IdentityProviders } from '../../identity-providers';
import { ConfigError } from '../../private/errors';
import { LINK_VERIFIED_ATTRIBUTE } from '../../private/handler-config';
import { DEFAULT_LINK_PROVIDERS } from '../../private/linking';
import { STANDARD_ATTRIBUTE_NAMES } from '../../private/cognito-names';
import { FederationRuleKind, type FederationRule, type PreSignUpOptions } from '../../triggers';

const PROP = 'triggers.inboundFederation';

/**
 * The attributes that say an address or a number was proven: only the provider's own word may fill them. A rule that
 * writes one under its own name is refused by the rules' own check; here, one a provider maps a rule's name to.
 */
const VERIFICATION_STATES = ['email_verified', 'phone_number_verified'];

/** Each address attribute with the flag that says it was proven. */
const VERIFIED_BY: ReadonlyArray<readonly [string, string]> = [['email', 'email_verified'], ['phone_number', 'phone_number_verified']];

/**
 * The inbound federation rules against the pool: each rule's providers exist; and what a rule writes is provider data
 * (a provider's user controls much of it there: their name, often their address), which Cognito stores through the
 * provider's mapping, so it must reach no attribute that feeds a claim, a principal tag, a role-mapping rule or
 * linking; for a provider that maps `email_verified` (`phone_number_verified`), a rename or groups rule must not put
 * another value into `email` (`phone_number`), which the flag would then vouch for; and for a provider whose users are
 * linked, it must not write the verification signal linking trusts, nor put another attribute where the address was.
 * A rule's name is checked as the provider's attribute (mapped by the
 * provider's `attributeMapping`) and, where it is a user pool attribute's name, as that attribute too.
 */
export function checkRulesAgainstPool(
  rules: FederationRule[],
  providers: IdentityProviders | undefined,
  protectedAttributes: { [attribute: string]: string },
  preSignUp: PreSignUpOptions | undefined,
): void {
  if (providers === undefined || providers.names.length === 0) {
    throw new ConfigError(`${PROP} is set, but identityProviders is empty: Cognito runs the inbound federation trigger only when a user signs in ` +
      'through an identity provider; add one, or leave the trigger out');
  }
  const linked = preSignUp?.linkExternalUsers ? (preSignUp.linkProviders ?? DEFAULT_LINK_PROVIDERS) : [];
  rules.forEach((rule, i) => {
    const p = `${PROP}.rules[${i}]`;
    (rule.options.providers ?? []).forEach((name, k) => {
      if (providers.tryFind(name) === undefined) {
        throw new ConfigError(`${p}.providers[${k}] '${name}' is not an identity provider of this pool; providers: ${providers.names.join(', ')}`);
      }
    });
    const applies = rule.options.providers ?? providers.names;
    const target = rule.target;
    for (const name of applies) {
      const reached = [
        ...(target.startsWith('custom:') || STANDARD_ATTRIBUTE_NAMES.includes(target) ? [target] : []),
        ...providers.attributesMappedFrom(name, target).filter((a) => a !== target),
      ];
      for (const attribute of reached) {
        const feeds = protectedAttributes[attribute];
        if (feeds === undefined) continue;
        const via = attribute === target ? '' : `, which '${name}' maps to '${attribute}'`;
        throw new ConfigError(
          `${p} writes '${target}'${via}, but '${attribute}' feeds ${feeds}: what a rule writes comes from the provider, where its user controls ` +
            'much of what is sent, and a mapped attribute is one the client can write; write another attribute, or stop using ' +
            `'${attribute}' there`,
        );
      }
      const state = reached.find((a) => a !== target && VERIFICATION_STATES.includes(a));
      if (state !== undefined) {
        throw new ConfigError(
          `${p} writes '${target}', which '${name}' maps to '${state}', which says whether an address or number was proven: a rule would ` +
            'decide what counts as proven (where it is a sign-in alias, one user holds a verified address or number, and a newly verified one ' +
            'can take it over); leave it as the provider sends it',
        );
      }
      if (rule.kind !== FederationRuleKind.LOWERCASE) {
        const mapped = providers.mappedAttributes(name);
        const vouched = VERIFIED_BY.find(([address, flag]) => reached.includes(address) && mapped.includes(flag));
        if (vouched !== undefined) {
          const [address, flag] = vouched;
          const via = address === target ? '' : `, which '${name}' maps to '${address}'`;
          throw new ConfigError(
            `${p} writes '${rule.source}' into '${target}'${via}, and '${name}' maps '${flag}': the provider's flag speaks for the value it ` +
              `sent as '${address}', and would vouch for another attribute's value (where '${address}' is a sign-in alias or linking trusts it, ` +
              `one user could take over another's); leave '${name}' out of the rule's providers, or stop mapping '${flag}' for it`,
          );
        }
      }
      if (!linked.includes(name)) continue;
      const signal = providers.tryFind(name)!.emailVerifiedAttribute;
      const signals = [...(signal !== undefined ? [signal] : []), 'email_verified', LINK_VERIFIED_ATTRIBUTE];
      if (signals.includes(target)) {
        throw new ConfigError(
          `${p} writes '${target}', the email verification signal of '${name}', whose users account linking links ` +
            '(triggers.preSignUp.linkProviders): a rule could make an address nobody proved look verified; leave the signal as the provider sends it',
        );
      }
      const intoAddress = target === 'email' || reached.includes('email');
      if (intoAddress && rule.kind !== FederationRuleKind.LOWERCASE) {
        throw new ConfigError(
          `${p} writes '${rule.source}' into '${target}', which becomes the address of '${name}''s users, whom account linking links ` +
            '(triggers.preSignUp.linkProviders): the provider\'s verification signal speaks for the address it sent, not for another of its ' +
            `attributes; leave '${name}' out of the rule's providers, or out of linkProviders`,
        );
      }
    }
  });
}
