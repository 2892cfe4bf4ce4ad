/**
 * Reading a role's trust policy the way IAM would for Cognito identity pools: which of its statements let
 * cognito-identity.amazonaws.com assume the role without restricting it to one identity pool (the `aud` condition)
 * and one kind of identity (the `amr` condition). Used by GroupRoleIdentityPool at synth; not exported.
 */
import { Token } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';

/** The kind of identity a role serves: the `amr` value its trust must require. */
export type IdentityKind = 'authenticated' | 'unauthenticated';

/** Who made a role's trust: this library (its own roles, an IdentityPoolRole) or the user. */
export type TrustMadeBy = 'library' | 'user';

/** A role an identity pool hands out, whose trust it checks at synth. */
export interface TrustedRole {
  readonly role: IRole;
  /** How messages name it, e.g. `identityPool.roleMapping rule 0 role 'Stack/AdminRole'`. */
  readonly label: string;
  readonly kind: IdentityKind;
  readonly madeBy: TrustMadeBy;
}

/** What is open about one trust statement. */
export interface OpenTrust {
  /** `aud`: no StringEquals condition on the pool id, or one naming other pools; `amr`: not limited to the kind. */
  readonly problem: 'aud' | 'amr';
  /** The `aud` values of the statement, when they name other pools (rendered for a message). */
  readonly audiences?: string;
}

const AUD_KEY = /^cognito-identity\.[a-z0-9.-]+:aud$/i;
const AMR_KEY = /^cognito-identity\.[a-z0-9.-]+:amr$/i;

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A principal element that covers cognito-identity.amazonaws.com: `*`, any type's `*`, or a Cognito federated one. */
function coversCognito(principal: unknown): boolean {
  if (principal === undefined) return false;
  if (typeof principal !== 'object' || principal === null) return principal === '*';
  return Object.entries(principal as Record<string, unknown>).some(([type, values]) =>
    asList(values).some((v) => v === '*' || (type === 'Federated' && /cognito-identity/i.test(JSON.stringify(v)))),
  );
}

/** The (operator, values) of each condition whose key matches `key`. */
function conditionsOn(condition: unknown, key: RegExp): { operator: string; values: unknown[] }[] {
  if (typeof condition !== 'object' || condition === null) return [];
  const found: { operator: string; values: unknown[] }[] = [];
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null) continue;
    for (const [k, v] of Object.entries(block as Record<string, unknown>)) {
      if (key.test(k)) found.push({ operator, values: asList(v) });
    }
  }
  return found;
}

function render(values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v))).join(', ');
}

/**
 * The open statements of a resolved trust policy for the identity pool whose id resolves to `poolId`. A statement
 * is checked when it allows (any action) a principal that covers cognito-identity.amazonaws.com; it is closed only
 * with a StringEquals `aud` condition naming exactly this pool and a ForAnyValue `amr` condition of exactly `kind`.
 * Values are compared as they resolve, so tokens (a Ref to the pool) compare like any other value.
 */
export function openTrust(document: unknown, poolId: unknown, kind: IdentityKind): OpenTrust[] {
  const statements = asList((document as { Statement?: unknown } | undefined)?.Statement ?? []);
  const open: OpenTrust[] = [];
  for (const raw of statements) {
    if (typeof raw !== 'object' || raw === null) continue;
    const s = raw as Record<string, unknown>;
    if (s.Effect === 'Deny') continue;
    const covered = coversCognito(s.Principal) || (s.NotPrincipal !== undefined && !coversCognito(s.NotPrincipal));
    if (!covered) continue;
    const audiences = conditionsOn(s.Condition, AUD_KEY).filter((c) => c.operator === 'StringEquals');
    if (!audiences.some((c) => c.values.length === 1 && same(c.values[0], poolId))) {
      open.push({ problem: 'aud', audiences: audiences.length > 0 ? render(audiences[0].values) : undefined });
      continue;
    }
    const amr = conditionsOn(s.Condition, AMR_KEY).filter(
      (c) => c.operator === 'ForAnyValue:StringLike' || c.operator === 'ForAnyValue:StringEquals',
    );
    if (!amr.some((c) => c.values.length === 1 && c.values[0] === kind)) {
      open.push({ problem: 'amr' });
    }
  }
  return open;
}

/** The synth error for an open statement of the role that `label` names (e.g. `groups['admin'].role 'Stack/Role'`). */
export function openTrustMessage(label: string, open: OpenTrust, kind: IdentityKind, madeBy: TrustMadeBy): string {
  const what =
    open.problem === 'amr'
      ? `without a ForAnyValue:StringLike condition on cognito-identity.amazonaws.com:amr of '${kind}', so ` +
        `${kind === 'authenticated' ? 'guests (unauthenticated identities)' : 'signed-in identities'} can assume it`
      : open.audiences === undefined
        ? 'without a StringEquals condition on cognito-identity.amazonaws.com:aud naming this identity pool, so the identities of every identity ' +
          'pool can assume it'
        : `for cognito-identity.amazonaws.com:aud ${open.audiences}, not this identity pool alone, so the identities of another identity pool can ` +
          `assume it`;
  const fix =
    madeBy === 'user'
      ? `create it with new IdentityPoolRole(scope, id) instead, to which the identity pool adds the trust it needs (this pool, ${kind} identities ` +
        `only)`
      : open.problem === 'aud' && open.audiences !== undefined
        ? 'give each identity pool its own role'
        : 'remove the statement added to it';
  return `${label} lets cognito-identity.amazonaws.com assume it ${what}: ${fix}`;
}

/** The warning for an imported role, whose trust policy this app cannot read. */
export function importedRoleWarning(label: string, roleArn: string, poolPath: string, tagSession: boolean): string {
  const arn = Token.isUnresolved(roleArn) ? '' : ` (${roleArn})`;
  return `${label} is imported${arn}, so this app cannot read its trust policy: it must let cognito-identity.amazonaws.com assume it ` +
    `(sts:AssumeRoleWithWebIdentity${tagSession ? ' and sts:TagSession, as principal tags are on' : ''}) only with the conditions StringEquals ` +
    `cognito-identity.amazonaws.com:aud = the id of the identity pool '${poolPath}' and ForAnyValue:StringLike ` +
    `cognito-identity.amazonaws.com:amr = 'authenticated', or the identities of other identity pools can assume it`;
}
