import { STANDARD_ATTRIBUTE_NAMES } from '../../lib/private/cognito-names';
import { resourcesOf, triggerConfigOf, type Templates } from './templates';

/**
 * The attributes of the pool in each template that feed a claim, a principal tag, a role-mapping rule or account
 * linking, each with what it feeds.
 */
function fedAttributes(templates: Templates): Map<string, string> {
  const feeds = new Map<string, string[]>();
  // Only user attributes can be written: claims such as cognito:groups, which Cognito sets, are not.
  const fed = {
    set: (attribute: string, what: string) => {
      if (attribute.startsWith('custom:') || STANDARD_ATTRIBUTE_NAMES.includes(attribute)) feeds.set(attribute, [...new Set([...(feeds.get(attribute) ?? []), what])]);
    },
  };
  for (const { resource } of resourcesOf(templates)) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::Lambda::Function' && p.Description?.startsWith('Cognito pre token generation trigger')) {
      for (const [claim, attribute] of Object.entries(triggerConfigOf(resource)?.claimsFromAttributes ?? {})) fed.set(String(attribute), `the claim '${claim}'`);
    }
    if (resource.Type === 'AWS::Lambda::Function' && p.Description?.startsWith('Cognito pre sign-up trigger')) {
      if (triggerConfigOf(resource)?.linkExternalUsers === true) fed.set('email_verified', 'account linking');
    }
    if (resource.Type === 'AWS::Cognito::IdentityPoolPrincipalTag') {
      for (const [tag, claim] of Object.entries(p.PrincipalTags ?? {})) fed.set(String(claim), `the principal tag '${tag}'`);
    }
    if (resource.Type === 'AWS::Cognito::IdentityPoolRoleAttachment') {
      for (const mapping of Object.values<any>(p.RoleMappings ?? {})) {
        for (const rule of mapping?.RulesConfiguration?.Rules ?? []) fed.set(String(rule.Claim), 'a role-mapping rule');
      }
    }
  }
  return new Map([...feeds].map(([attribute, whats]) => [attribute, [...whats].sort().join(' and ')]));
}

/**
 * Invariant: no attribute that feeds a claim, a principal tag, a role-mapping rule or account linking is writable by
 * an app client, so no signed-in user can set it with their own access token (UpdateUserAttributes). A client without
 * WriteAttributes can write every standard attribute (Cognito's default), which counts as writing all of them.
 */
export function noUserWritableFeedAttribute(templates: Templates): string[] {
  const fed = fedAttributes(templates);
  const violations: string[] = [];
  for (const { stack, id, resource } of resourcesOf(templates)) {
    if (resource.Type !== 'AWS::Cognito::UserPoolClient') continue;
    const writes = resource.Properties?.WriteAttributes;
    for (const [attribute, what] of fed) {
      if (writes === undefined && !attribute.startsWith('custom:')) {
        violations.push(`${stack}/${id} has no WriteAttributes (Cognito's default: every standard attribute), so users can write '${attribute}', which feeds ${what}`);
      } else if (Array.isArray(writes) && writes.includes(attribute)) {
        violations.push(`${stack}/${id} can write '${attribute}', which feeds ${what}`);
      }
    }
  }
  return violations;
}
