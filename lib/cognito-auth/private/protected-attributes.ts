import type { CognitoAuthProps } from '../cognito-auth-props';
import { RoleMappingKind } from '../../identity-pool/role-mapping';
import { STANDARD_ATTRIBUTE_NAMES } from '../../private/cognito-names';

/** What a pool's settings make of user attributes: the inputs of `protectedAttributes`. */
export interface AttributeUses {
  /** Claim name to the attribute it is copied from (the pre token generation trigger). */
  readonly claims: { [claim: string]: string };
  /** Principal tag to the claim it is taken from (the identity pool). */
  readonly principalTags: { [tag: string]: string };
  /** The claims that the identity pool's own role-mapping rules test, in rule order. */
  readonly ruleClaims: string[];
  /** Whether the pre sign-up trigger links federated users to native users by verified email. */
  readonly linking: boolean;
}

function isAttribute(name: string): boolean {
  return name.startsWith('custom:') || STANDARD_ATTRIBUTE_NAMES.includes(name);
}

/**
 * The attributes no app client may write, each with what it feeds. A client's write attributes are what a signed-in
 * user can change with their own access token (UpdateUserAttributes), so an attribute that becomes a claim, a
 * role-mapping rule or a principal tag (a tenant boundary) would be whatever the user says; and account linking
 * trusts email_verified, so no user may mark their own address verified while it is on.
 */
export function protectedAttributes(uses: AttributeUses): { [attribute: string]: string } {
  const feeds = new Map<string, string[]>();
  const add = (attribute: string, what: string) => {
    if (!isAttribute(attribute)) return;
    feeds.set(attribute, [...(feeds.get(attribute) ?? []), what]);
  };
  for (const [claim, attribute] of Object.entries(uses.claims)) {
    add(attribute, `the claim '${claim}' (triggers.preTokenGeneration.claimsFromAttributes)`);
  }
  for (const [tag, claim] of Object.entries(uses.principalTags)) {
    add(claim, `the principal tag '${tag}' (identityPool.principalTags)`);
  }
  uses.ruleClaims.forEach((claim, i) => add(claim, `role-mapping rule ${i} (identityPool.roleMapping)`));
  if (uses.linking) add('email_verified', 'account linking (triggers.preSignUp.linkExternalUsers), which trusts email_verified');
  return Object.fromEntries([...feeds].map(([attribute, whats]) => [attribute, whats.join(' and ')]));
}

/** The attributes no app client may write in a `CognitoAuth` with these props. */
export function protectedAttributesOf(props: CognitoAuthProps): { [attribute: string]: string } {
  const roleMapping = props.identityPool?.roleMapping;
  return protectedAttributes({
    claims: props.triggers?.preTokenGeneration?.claimsFromAttributes ?? {},
    principalTags: props.identityPool?.principalTags ?? {},
    ruleClaims: roleMapping?.kind === RoleMappingKind.RULES ? roleMapping.rules.map((r) => r.claim) : [],
    linking: props.triggers?.preSignUp?.linkExternalUsers ?? false,
  });
}
