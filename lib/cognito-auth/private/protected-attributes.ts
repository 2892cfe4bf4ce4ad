import * as fs from 'fs';
import * as path from 'path';
import { Token } from 'aws-cdk-lib';
import { MessageSource, type MessageTemplate } from '../../triggers';
import type { CognitoAuthProps } from '../cognito-auth-props';
import { RoleMappingKind } from '../../identity-pool/role-mapping';
import { STANDARD_ATTRIBUTE_NAMES } from '../../private/cognito-names';
import { migrationProtectedAttributes } from './migration';

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
  /** The attributes that messages to an unproven address insert (the bundled message trigger's and senders' templates). */
  readonly unprovenMessageAttributes: string[];
}

/**
 * The messages Cognito sends to an address or number the user gave without proving it is theirs: the sign-up code, the
 * code sent again, and the codes of an attribute update or verification. Whoever may write an attribute that such a
 * message inserts chooses text that the pool's own sender delivers to anyone's inbox.
 */
const UNPROVEN_DESTINATION_SOURCES: readonly MessageSource[] = [
  MessageSource.SIGN_UP, MessageSource.RESEND_CODE, MessageSource.UPDATE_USER_ATTRIBUTE, MessageSource.VERIFY_USER_ATTRIBUTE,
];

/** The destination attributes themselves: inserting them tells the recipient only their own address or number. */
const DESTINATIONS = ['email', 'phone_number'];

/**
 * The attributes the templates of `UNPROVEN_DESTINATION_SOURCES` insert (`{given_name}`, `{custom:tenant_id}`), inline
 * or in their files, less the destinations. A file that cannot be read counts for nothing here: the templates' own
 * check reports it.
 */
function attributesInUnprovenMessages(templates: MessageTemplate[]): string[] {
  const read = (file: string | undefined) => {
    try {
      return file === undefined ? undefined : fs.readFileSync(path.resolve(file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const names = new Set<string>();
  for (const t of templates.filter((x) => UNPROVEN_DESTINATION_SOURCES.includes(x.source))) {
    for (const text of [t.emailSubject, t.emailBody, t.sms, read(t.emailBodyFile), read(t.smsFile)]) {
      if (text === undefined || Token.isUnresolved(text)) continue;
      for (const [, name] of text.matchAll(/\{([a-z_]+|custom:[\w-]{1,20})\}/g)) {
        if (name !== 'username' && !DESTINATIONS.includes(name)) names.add(name);
      }
    }
  }
  return [...names].sort();
}

function isAttribute(name: string): boolean {
  return name.startsWith('custom:') || STANDARD_ATTRIBUTE_NAMES.includes(name);
}

/**
 * The attributes no app client may write, each with what it feeds. A client's write attributes are what a signed-in
 * user can change with their own access token (UpdateUserAttributes), so an attribute that becomes a claim, a
 * role-mapping rule or a principal tag (a tenant boundary) would be whatever the user says; and account linking
 * trusts email_verified, so no user may mark their own address verified while it is on; and a message sent to an
 * address nobody proved (a sign-up code) must not carry text its sender chose.
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
  for (const attribute of uses.unprovenMessageAttributes) {
    add(attribute, 'a sign-up, resent-code or attribute-verification message template, which the pool sends to an address the user gave without ' +
      "proving it is theirs (so its text would reach anyone's inbox)");
  }
  return Object.fromEntries([...feeds].map(([attribute, whats]) => [attribute, whats.join(' and ')]));
}

/** The attributes no app client may write in a `CognitoAuth` with these props. */
export function protectedAttributesOf(props: CognitoAuthProps): { [attribute: string]: string } {
  const roleMapping = props.identityPool?.roleMapping;
  const own = protectedAttributes({
    claims: props.triggers?.preTokenGeneration?.claimsFromAttributes ?? {},
    principalTags: props.identityPool?.principalTags ?? {},
    ruleClaims: roleMapping?.kind === RoleMappingKind.RULES ? roleMapping.rules.map((r) => r.claim) : [],
    linking: props.triggers?.preSignUp?.linkExternalUsers ?? false,
    unprovenMessageAttributes: attributesInUnprovenMessages([
      ...props.triggers?.messages?.templates ?? [], ...props.triggers?.emailSender?.templates ?? [], ...props.triggers?.smsSender?.templates ?? [],
    ]),
  });
  return { ...own, ...migrationProtectedAttributes(props.triggers) };
}
