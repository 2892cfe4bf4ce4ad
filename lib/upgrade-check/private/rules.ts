/**
 * The upgrade check's rules. Replacement, removal and retention come from @aws-cdk/cloudformation-diff (the engine
 * behind `cdk diff`), never from a list kept here; on top of it, Cognito's own rules that no resource schema knows.
 * Watched: each stateful type of ./stateful-resources (replaced or removed), and any resource of any type whose
 * DeletionPolicy or UpdateReplacePolicy keeps it (Retain, RetainExceptOnCreate, Snapshot), replaced or removed.
 * Sources:
 *   CFN-POOL   CloudFormation, AWS::Cognito::UserPool: every property says "Update requires: No interruption" (the
 *              resource has no create-only property, so cloudformation-diff never reports a pool replaced), while
 *              AliasAttributes and UsernameAttributes add "This user pool property cannot be updated", and Schema
 *              "you can add new schema attributes but you cannot modify or delete an existing schema attribute"
 *   AG-UPDATE  Cognito developer guide, "Updating user pool configuration": sign-in options, case sensitivity and
 *              required attributes: "To change ..., create a new user pool"; custom attributes can't be deleted
 *   AG-METHODS Cognito developer guide, "Authentication with Amazon Cognito user pools": "If you change your RP ID,
 *              your users must register again with the new RP ID."
 * What a deploy of such a change does: the update fails and the stack rolls back (reported by users: "Existing
 * schema attributes cannot be modified or deleted", "Updates are not allowed for property - UsernameConfiguration",
 * "Invalid AttributeDataType input" for a newly required standard attribute). No source shows a silent keep.
 */
import { deepEqual, diffTemplate, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { STANDARD_KEYS } from '../../private/cognito-names';
import { KEEPING_POLICIES, STATEFUL_RESOURCES, StatefulResource } from './stateful-resources';
import { UpgradeFinding, UpgradeFindingKind } from '../types';

type Template = { [key: string]: any };
type Finding = Omit<UpgradeFinding, 'acknowledgedReason'>;

/** Cognito's standard attributes, with the type Cognito gives each (String unless named here). */
const STANDARD_TYPES: { [name: string]: string } = { email_verified: 'Boolean', phone_number_verified: 'Boolean', updated_at: 'Number' };

/** Cognito's standard attributes, as the user pool's Schema names them: any other name is a custom attribute. */
const STANDARD_ATTRIBUTES = new Set([...Object.values(STANDARD_KEYS), 'sub']);

/** A parsed CloudFormation template, or an error that says what was given instead. */
export function checkTemplate(template: unknown, what: string): void {
  const t = template as Template;
  if (
    typeof t !== 'object' ||
    t === null ||
    Array.isArray(t) ||
    typeof t.Resources !== 'object' ||
    t.Resources === null ||
    Array.isArray(t.Resources)
  ) {
    const hint = typeof t === 'object' && t !== null && 'TemplateBody' in t ? " (get-template's whole answer: take its TemplateBody, e.g. with " +
      "--query TemplateBody)" : '';
    throw new Error(`the template ${what} is not a CloudFormation template: it has no Resources object${hint}`);
  }
}

/** All findings for a change from `before` to `after`. */
export function findingsFor(before: Template, after: Template): Finding[] {
  const diff = diffTemplate(before, after);
  const findings: Finding[] = [];
  const beforeResources: { [id: string]: any } = before.Resources ?? {};
  const afterResources: { [id: string]: any } = after.Resources ?? {};

  for (const [logicalId, change] of Object.entries(diff.resources.changes)) {
    const type = change.oldResourceType ?? change.newResourceType ?? '';
    const old = beforeResources[logicalId] ?? {};
    const deletionPolicy: string | undefined = old.DeletionPolicy;
    const replacePolicy: string | undefined = old.UpdateReplacePolicy;
    const keeps = (policy: string | undefined) => policy !== undefined && KEEPING_POLICIES.includes(policy);
    // A stateful type of the list, or any resource its template marks as one to keep: Retain or Snapshot.
    const listed: StatefulResource | undefined = STATEFUL_RESOURCES[type];
    if (!listed && !keeps(deletionPolicy) && !keeps(replacePolicy)) continue;
    const name = listed?.name ?? type;
    const impact = change.changeImpact;
    if (impact === ResourceImpact.WILL_DESTROY || impact === ResourceImpact.WILL_ORPHAN) {
      const orphaned = impact === ResourceImpact.WILL_ORPHAN;
      const twins = Object.keys(afterResources).filter((id) => !(id in beforeResources) && afterResources[id]?.Type === type);
      const protectedPool = type === 'AWS::Cognito::UserPool' && old.Properties?.DeletionProtection === 'ACTIVE';
      const article = /^([aeio]|S3 |AWS::)/.test(name) ? 'an' : 'a';
      let message: string;
      if (orphaned) {
        message = `the ${name} leaves the stack but is retained${listed ? '' : ` (DeletionPolicy ${deletionPolicy})`}: it stays in the account, ` +
          `outside the stack, which no longer manages it`;
      } else if (protectedPool) {
        message = 'the user pool leaves the stack and CloudFormation deletes it, which its deletion protection refuses: the update ends in a ' +
          'failed cleanup, and the pool with every user stays in the account, outside the stack';
      } else {
        message = `the ${name} leaves the stack and is deleted${listed ? `, and with it ${listed.loses}` : ''}`;
        if (deletionPolicy === 'Snapshot') message += '; CloudFormation keeps a snapshot of it (DeletionPolicy Snapshot), outside the stack';
        else if (!listed) message += `, though its UpdateReplacePolicy ${replacePolicy} marks it as one to keep`;
      }
      findings.push({
        logicalId,
        resourceType: type,
        kind: orphaned ? UpgradeFindingKind.ORPHANED : UpgradeFindingKind.REMOVED,
        message,
        suggestion: twins.length > 0
          ? `${twins.length === 1 ? `${article} ${name}` : `${name}s`} ${twins.map((t) => `'${t}'`).join(', ')} ` +
            `${twins.length === 1 ? 'is' : 'are'} added in the same change: if a construct id was renamed, keep the old logical id ` +
              `((node.defaultChild as CfnResource).overrideLogicalId('${logicalId}'))`
          : `keep the ${name} in the stack; if it must go, acknowledge this finding on purpose`,
      });
      continue;
    }
    if (impact === ResourceImpact.WILL_REPLACE || impact === ResourceImpact.MAY_REPLACE) {
      const causes = change.resourceTypeChanged
        ? ['Type']
        : Object.entries(change.propertyUpdates)
          .filter(([, p]) => p.changeImpact === ResourceImpact.WILL_REPLACE || p.changeImpact === ResourceImpact.MAY_REPLACE)
          .map(([property]) => property);
      let message = `the ${name} is ${impact === ResourceImpact.MAY_REPLACE ? 'possibly ' : ''}replaced` +
        `${causes.length > 0 ? ` (${causes.join(', ')} changed)` : ''}`;
      message += listed ? `, and with it ${listed.loses}` : ': a new one takes its place';
      if (replacePolicy === 'Retain' || replacePolicy === 'RetainExceptOnCreate') {
        message += `; the old one is retained outside the stack (UpdateReplacePolicy ${replacePolicy}), beside the new${listed ? ', empty' : ''} ` +
          `one the stack uses`;
      } else if (replacePolicy === 'Snapshot') {
        message += '; the old one is deleted, and a snapshot of it kept outside the stack (UpdateReplacePolicy Snapshot)';
      } else if (keeps(deletionPolicy)) {
        message += `; the old one is deleted (UpdateReplacePolicy ${replacePolicy ?? 'Delete, unset'}), though its DeletionPolicy ` +
          `${deletionPolicy} marks it as one to keep`;
      }
      findings.push({
        logicalId,
        resourceType: type,
        kind: UpgradeFindingKind.REPLACED,
        property: causes.length > 0 ? causes.join(', ') : undefined,
        message,
        suggestion: `keep ${causes.length > 0 ? causes.join(', ') : 'the replacing properties'} as deployed; for a new ${name}, add one beside the ` +
          `old and move over before removing the old`,
      });
    }
    if (type === 'AWS::Cognito::UserPool' && change.oldValue && change.newValue) {
      findings.push(...userPoolRules(logicalId, change.oldValue.Properties ?? {}, change.newValue.Properties ?? {}));
      findings.push(...protectionRules(logicalId, change.oldValue, change.newValue));
    }
  }
  return findings;
}

/**
 * Where a change Cognito refuses on an existing pool leads: a new pool beside the old, whose users move in at their
 * first sign-in (the bundled migration trigger), as the README's runbook says step by step.
 */
export const NEW_POOL_WAY = 'a new pool beside this one, with triggers.migration: MigrationSource.fromUserPool(<this pool>), moves users over ' +
  'at their first sign-in (README: "A new pool for a change Cognito refuses")';

/** Cognito's rules for an existing user pool, beyond what the resource schema says. */
function userPoolRules(logicalId: string, before: Template, after: Template): Finding[] {
  const found: Finding[] = [];
  const add = (kind: UpgradeFindingKind, property: string, message: string, suggestion: string) =>
    found.push({ logicalId, resourceType: 'AWS::Cognito::UserPool', kind, property, message, suggestion });

  for (const [property, unset, what] of CREATE_ONLY_POOL_PROPERTIES) {
    const was = valueAt(before, property) ?? unset;
    const now = valueAt(after, property) ?? unset;
    if (!same(was, now)) {
      add(
        UpgradeFindingKind.CREATE_ONLY_CHANGED,
        property,
        `${property} changes from ${show(was)} to ${show(now)}: ${what}`,
        `keep ${property} as deployed; for the new setting, ${NEW_POOL_WAY}`,
      );
    }
  }

  const schema = (props: Template): Map<string, any> =>
    new Map((Array.isArray(props.Schema) ? props.Schema : []).filter((a: any) => typeof a?.Name === 'string').map((a: any) => [a.Name, a]));
  const was = schema(before);
  const now = schema(after);
  for (const [name, attribute] of was) {
    const custom = !STANDARD_ATTRIBUTES.has(name);
    const next = now.get(name);
    if (!next) {
      if (custom) {
        add(UpgradeFindingKind.ATTRIBUTE_CHANGED, `Schema[${name}]`, `the custom attribute '${name}' is removed: Cognito cannot remove a custom ` +
          `attribute from a pool, so the update fails`, `keep '${name}' in customAttributes (stop using it instead)`);
      } else if (isTrue(attribute.Required) || isFalse(attribute.Mutable)) {
        add(
          UpgradeFindingKind.ATTRIBUTE_CHANGED,
          `Schema[${name}]`,
          `the standard attribute '${name}' is left out, but it was ${isTrue(attribute.Required) ? 'required' : 'immutable'}: Cognito keeps that ` +
            `for the life of the pool, so the update fails`,
          `keep '${name}' in standardAttributes as deployed`,
        );
      }
      continue;
    }
    const changed = ATTRIBUTE_FIELDS.filter((field) => !same(normalized(attribute, field, custom), normalized(next, field, custom)));
    if (changed.length > 0) {
      add(
        UpgradeFindingKind.ATTRIBUTE_CHANGED,
        `Schema[${name}]`,
        `the ${custom ? 'custom' : 'standard'} attribute '${name}' changes its ${changed.join(', ')}: Cognito cannot change an existing attribute, ` +
          `so the update fails`,
        custom
          ? `keep '${name}' as deployed; for other rules, add a new custom attribute beside it`
          : `keep '${name}' as deployed; for the change, ${NEW_POOL_WAY}`,
      );
    }
  }
  for (const [name, attribute] of now) {
    if (was.has(name) || !STANDARD_ATTRIBUTES.has(name)) continue;
    if (isTrue(attribute.Required)) {
      add(UpgradeFindingKind.ATTRIBUTE_CHANGED, `Schema[${name}]`, `the standard attribute '${name}' becomes required: Cognito fixes required ` +
        `attributes when the pool is created, so the update fails`, `leave '${name}' optional, and require it in your sign-up form; to have ` +
        `Cognito require it, ${NEW_POOL_WAY}`);
    } else if (isFalse(attribute.Mutable)) {
      add(UpgradeFindingKind.ATTRIBUTE_CHANGED, `Schema[${name}]`, `the standard attribute '${name}' becomes immutable: Cognito fixes that when ` +
        `the pool is created, so the update fails`, `leave '${name}' mutable, and let no app client write it; to have Cognito fix ` +
        `it, ${NEW_POOL_WAY}`);
    }
  }

  const rpWas = before.WebAuthnRelyingPartyID;
  const rpNow = after.WebAuthnRelyingPartyID;
  if (rpWas !== undefined && rpNow !== undefined && !same(rpWas, rpNow) && !mayBeSameHost(rpWas, rpNow)) {
    // AG-METHODS: "If you change your RP ID, your users must register again with the new RP ID."
    add(UpgradeFindingKind.PASSKEYS_RESET, 'WebAuthnRelyingPartyID', `the passkey relying party changes from ${show(rpWas)} to ${show(rpNow)}: ` +
      `every passkey registered so far stops working, and users must register again`, 'keep the relying party as deployed ' +
        '(passkeys.relyingPartyId), for example when a custom domain replaces the prefix domain');
  }
  // API_IssuerConfigurationType: original https://cognito-idp.<region>..., updated https://issuer-cognito-idp.<primary>...
  const issuerWas = valueAt(before, 'IssuerConfiguration.Type') ?? 'ORIGINAL';
  const issuerNow = valueAt(after, 'IssuerConfiguration.Type') ?? 'ORIGINAL';
  if (!same(issuerWas, issuerNow)) {
    add(
      UpgradeFindingKind.ISSUER_CHANGED,
      'IssuerConfiguration.Type',
      `the issuer changes from ${show(issuerWas)} to ${show(issuerNow)}: every token issued from the deploy on carries the other iss, and tokens ` +
        `issued before keep the old one until they expire`,
      "deploy authorizers and back ends that accept the new iss first (this library's follow the pool); front ends that check iss must accept both " +
        "until the old tokens expire, or sign users in again",
    );
  }
  return found;
}

/** A pool that loses its protection: nothing is lost yet, but a later removal or replacement deletes every user. */
function protectionRules(logicalId: string, before: any, after: any): Finding[] {
  const found: Finding[] = [];
  const add = (property: string, message: string, suggestion: string) =>
    found.push({ logicalId, resourceType: 'AWS::Cognito::UserPool', kind: UpgradeFindingKind.PROTECTION_REMOVED, property, message, suggestion });
  const retains = (policy: unknown) => policy === 'Retain' || policy === 'RetainExceptOnCreate' || policy === 'Snapshot';
  if (retains(before.DeletionPolicy) && !retains(after.DeletionPolicy)) {
    add('DeletionPolicy', `the user pool's DeletionPolicy changes from ${before.DeletionPolicy} to ${after.DeletionPolicy ?? 'Delete (unset)'}: ` +
      `once it leaves the stack, it is deleted with every user`, 'keep removalPolicy RETAIN for a pool with real users');
  }
  if (before.Properties?.DeletionProtection === 'ACTIVE' && after.Properties?.DeletionProtection !== 'ACTIVE') {
    add('DeletionProtection', "the user pool's deletion protection is turned off: nothing then stops a delete of the pool and its " +
      "users", 'keep deletionProtection on for a pool with real users');
  }
  return found;
}

/**
 * Whether two relying party ids may name one host: a literal and the same host built with `AWS::Region` (a stack that
 * gained an env), which the template cannot settle. Only Refs to the region and URL suffix are taken as unknown.
 */
function mayBeSameHost(a: unknown, b: unknown): boolean {
  const pattern = (v: unknown): RegExp | undefined => {
    const join = (v as any)?.['Fn::Join'];
    if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
    const parts = join[1].map((p: any) => (typeof p === 'string' ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p?.Ref === 'AWS::Region' || p?.Ref === 'AWS::URLSuffix' ? '[a-z0-9.-]+' : undefined));
    return parts.includes(undefined) ? undefined : new RegExp(`^${parts.join('')}$`);
  };
  if (typeof a === 'string') return pattern(b)?.test(a) ?? false;
  if (typeof b === 'string') return pattern(a)?.test(b) ?? false;
  return false;
}

const isTrue = (v: unknown) => v === true || v === 'true';
const isFalse = (v: unknown) => v === false || v === 'false';

/**
 * User pool properties that Cognito fixes at creation (CFN-POOL, AG-UPDATE), each with its value when unset and what a
 * change does. CloudFormation reports each as an update in place; the update fails.
 */
const CREATE_ONLY_POOL_PROPERTIES: [string, unknown, string][] = [
  ['UsernameAttributes', [], 'Cognito cannot change how users sign in on an existing pool ("This user pool property cannot be updated"): ' +
    'CloudFormation tries an update, and it fails'],
  ['AliasAttributes', [], 'Cognito cannot change how users sign in on an existing pool ("This user pool property cannot be updated"): ' +
    'CloudFormation tries an update, and it fails'],
  // UsernameConfigurationType: CaseSensitive true "is the default value".
  ['UsernameConfiguration.CaseSensitive', true, 'Cognito cannot change case sensitivity on an existing pool ("To change case sensitivity, create a ' +
    'new user pool"): CloudFormation tries an update, and it fails'],
];

/** The fields of a schema attribute that Cognito never changes once the attribute exists. */
const ATTRIBUTE_FIELDS = [
  'AttributeDataType',
  'Mutable',
  'Required',
  'DeveloperOnlyAttribute',
  'StringAttributeConstraints',
  'NumberAttributeConstraints',
];

/**
 * A schema attribute's field with the defaults filled in (a custom attribute is a String, Mutable is taken as true and
 * Required as false when unset) and numbers as strings, as Cognito keeps them.
 */
function normalized(attribute: any, field: string, custom: boolean): unknown {
  const value = attribute?.[field];
  if (value === undefined) {
    if (field === 'AttributeDataType') return custom ? 'String' : (STANDARD_TYPES[attribute?.Name] ?? 'String');
    if (field === 'Mutable') return true;
    if (field === 'Required' || field === 'DeveloperOnlyAttribute') return false;
    return undefined;
  }
  if (field.endsWith('Constraints') && value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]));
  }
  return value;
}

function valueAt(props: Template, path: string): unknown {
  return path.split('.').reduce<any>((v, key) => (v && typeof v === 'object' ? v[key] : undefined), props);
}

/** Equal as CloudFormation sees it (cloudformation-diff's own comparison: "true" is true, "10" is 10), in any order. */
function same(a: unknown, b: unknown): boolean {
  return deepEqual(sorted(a), sorted(b));
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as any)[k])]));
  return v;
}

function show(v: unknown): string {
  return v === undefined ? '(unset)' : JSON.stringify(v);
}
