import { Annotations, Lazy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeFinding } from '../private/compliance';
import { ADJUSTABLE_QUOTAS, LIMITS } from '../private/limits';
import { atPath, checkAtSynth, ConfigError, located } from '../private/errors';
import { NAME_ALLOWED, NAME_PATTERN, validateCount, validateText } from '../private/validators';
import { checkProps, itemProp } from '../private/props-check';
import { grantFolder } from './private/folder-grants';
import type { GroupRoleIdentityPoolProps, MappedGroup } from './identity-pool-options';
import { IdentityPoolRole } from './identity-pool-role';
import { RoleMapping, RoleMappingKind, RuleMatchType, UnmatchedUsers } from './role-mapping';
import { importedRoleWarning, openTrust, openTrustMessage, TrustedRole } from './private/role-trust';

interface Provider {
  readonly key: string;
  readonly client: cognito.IUserPoolClient;
}

/**
 * An identity pool whose roles user groups can join, as `UserGroup` uses it: it creates a group's role trusted by the
 * pool, checks a given role's trust, and maps the group to its role. `GroupRoleIdentityPool` implements it.
 */
export interface IGroupRoleIdentityPool extends IConstruct {
  /** The identity pool id. */
  readonly identityPoolId: string;

  /**
   * Creates a role that only this pool's authenticated identities can assume, with no permissions until you grant
   * some.
   * @param scope where the role is created
   * @param id the role's construct id, unique in `scope`
   * @param description the role's description
   */
  createRole(scope: Construct, id: string, description: string): iam.Role;

  /**
   * Lets this pool's authenticated identities assume a role of yours, and checks the role's trust.
   * @param role the role
   * @param usedAs where the role is given, for messages, e.g. `groups['admin'].role` @default 'role'
   */
  trustRole(role: iam.IRole, usedAs?: string): void;

  /**
   * Makes a group known to the role mapping.
   * @param group the group's name, precedence and role
   */
  addGroup(group: MappedGroup): void;
}

/**
 * An identity pool that turns a user-pool sign-in into AWS credentials, choosing the IAM role by the user's groups,
 * by rules on claims, or by the token's preferred role. Enhanced flow only; guests off unless asked for; optional
 * principal tags. Every role it creates trusts only this pool, only for authenticated (or, for the guest role,
 * unauthenticated) identities.
 *
 * Written with L1 resources because aws-cdk-lib's IdentityPool fixes its providers and role mappings at
 * construction, and clients and groups can be added here afterwards.
 */
export class GroupRoleIdentityPool extends Construct implements IGroupRoleIdentityPool {
  /** The identity pool. */
  public readonly cfnIdentityPool: cognito.CfnIdentityPool;
  /** The role of signed-in users whom no rule gives another one. No permissions until you grant some. */
  public readonly authenticatedRole: iam.Role;
  /** The guests' role, when guests are allowed. No permissions until you grant some. */
  public readonly guestRole?: iam.Role;
  /** How roles are chosen. */
  public readonly roleMapping: RoleMapping;
  /** Whether principal tags are on (then every role's trust allows sts:TagSession). */
  public readonly principalTagsEnabled: boolean;

  private readonly userPool: cognito.IUserPool;
  private readonly providers: Provider[] = [];
  private readonly groups: MappedGroup[] = [];
  private readonly trusted: TrustedRole[] = [];

  constructor(scope: Construct, id: string, props: GroupRoleIdentityPoolProps) {
    super(scope, id);
    try {
      checkProps('GroupRoleIdentityPoolProps', props, 'identityPool');
      this.userPool = props.userPool;
      this.roleMapping = props.roleMapping ?? RoleMapping.fromGroups();
      const tags = props.principalTags ?? {};
      // SetPrincipalTagAttributeMap: at most 50 tags, keys 1-128 characters. CreateIdentityPool: the name 1-128 of
      // [\w\s+=,.@-]. MappingRule: Claim 1-64 of [\p{L}\p{M}\p{S}\p{N}\p{P}], Value 1-128.
      validateCount('identityPool.principalTags', Object.keys(tags).length, LIMITS.principalTagsMax, 'tags', 'SetPrincipalTagAttributeMap ' +
        '(PrincipalTags)');
      Object.keys(tags).forEach((key) => validateText('identityPool.principalTags ' +
        'key', key, 1, LIMITS.principalTagKeyMaxLength, undefined, 'any text'));
      if (props.identityPoolName !== undefined) {
        validateText('identityPool.identityPoolName', props.identityPoolName, 1, LIMITS.identityPoolNameMaxLength, NAME_PATTERN, NAME_ALLOWED);
      }
      const rules = this.roleMapping.rules.length;
      if (this.roleMapping.kind === RoleMappingKind.RULES && (rules < 1 || rules > LIMITS.roleMappingRulesMax)) {
        throw new ConfigError(`RoleMapping.fromRules() has ${rules} rules: Cognito takes 1 to ${LIMITS.roleMappingRulesMax} rules per identity ` +
          `provider (for no rules, use RoleMapping.fromGroups() or leave roleMapping out)`);
      }
      this.roleMapping.rules.forEach((rule, i) => {
        validateText(`identityPool.roleMapping rule ${i} claim`, rule.claim, 1, LIMITS.ruleClaimMaxLength, /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, 'letters, digits, symbols and punctuation, without white space');
        validateText(`identityPool.roleMapping rule ${i} value`, rule.value, 1, LIMITS.ruleValueMaxLength, undefined, 'any text');
      });
      this.principalTagsEnabled = Object.keys(tags).length > 0;
      const external = props.externalProviders ?? {};
      const logins: { [provider: string]: string } = {};
      if (external.google) logins['accounts.google.com'] = external.google;
      if (external.facebook) logins['graph.facebook.com'] = external.facebook;
      if (external.amazon) logins['www.amazon.com'] = external.amazon;
      if (external.apple) logins['appleid.apple.com'] = external.apple;

      this.cfnIdentityPool = new cognito.CfnIdentityPool(this, 'Resource', {
        identityPoolName: props.identityPoolName,
        allowUnauthenticatedIdentities: props.allowGuests ?? false,
        allowClassicFlow: false,
        supportedLoginProviders: Object.keys(logins).length > 0 ? logins : undefined,
        openIdConnectProviderArns: external.openIdConnectProviderArns,
        samlProviderArns: external.samlProviderArns,
        cognitoIdentityProviders: Lazy.any(
          {
            produce: () =>
              // Sorted by key (the client's name): the order clients were added in changes nothing.
              [...this.providers].sort((a, b) => a.key.localeCompare(b.key)).map((p) => ({
                providerName: this.userPool.userPoolProviderName,
                clientId: p.client.userPoolClientId,
                serverSideTokenCheck: true,
              })),
          },
          { omitEmptyArray: true },
        ),
      });

      this.authenticatedRole = this.createRole(this, 'AuthenticatedRole', 'Signed-in users whom no rule gives another role');
      if (props.allowGuests) {
        this.guestRole = new iam.Role(this, 'GuestRole', {
          description: 'Guests (unauthenticated identities) of the identity pool',
          assumedBy: this.principal('unauthenticated'),
        });
        this.trusted.push({ role: this.guestRole, label: `guest role '${this.guestRole.node.path}'`, kind: 'unauthenticated', madeBy: 'library' });
        acknowledgeFinding(this.cfnIdentityPool, 'AwsSolutions-COG7',
          'Guests were asked for (allowGuests: true); their role has no permissions until granted some.');
      }

      this.roleMapping.rules.forEach((rule, i) => this.trustRole(rule.role, `identityPool.roleMapping rule ${i} role`));

      new cognito.CfnIdentityPoolRoleAttachment(this, 'RoleAttachment', {
        identityPoolId: this.identityPoolId,
        roles: Lazy.any({
          produce: () => ({
            authenticated: this.authenticatedRole.roleArn,
            ...(this.guestRole ? { unauthenticated: this.guestRole.roleArn } : {}),
          }),
        }),
        roleMappings: Lazy.any({ produce: () => this.renderRoleMappings() }),
      });

      if (this.principalTagsEnabled) {
        new cognito.CfnIdentityPoolPrincipalTag(this, 'PrincipalTags', {
          identityPoolId: this.identityPoolId,
          identityProviderName: this.userPool.userPoolProviderName,
          principalTags: tags,
          useDefaults: false,
        });
      }

      checkAtSynth(this, () => this.validateMapping());
      checkAtSynth(this, () => this.validateTrust());
    } catch (err) {
      throw located(this, err);
    }
  }

  /** The identity pool id. */
  public get identityPoolId(): string {
    return this.cfnIdentityPool.ref;
  }

  /**
   * Lets a user-pool app client's users get credentials.
   * @param key a key for the client's role mapping, unique within this pool (the client's name)
   */
  public addClient(key: string, client: cognito.IUserPoolClient): void {
    this.providers.push({ key, client });
    if (this.providers.length === ADJUSTABLE_QUOTAS.userPoolProvidersPerIdentityPool + 1) {
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:identityPoolProviderQuota',
        `the identity pool accepts more than ${ADJUSTABLE_QUOTAS.userPoolProvidersPerIdentityPool} app clients: Cognito's default quota is ` +
          `${ADJUSTABLE_QUOTAS.userPoolProvidersPerIdentityPool} user pool providers per identity pool (adjustable)`,
      );
    }
  }

  /** Makes a group known to the mapping (`CognitoAuth` calls this for every group). */
  public addGroup(group: MappedGroup): void {
    atPath(this, () => checkProps('MappedGroup', group, itemProp('groups', group)));
    // Every role the pool hands out has its trust checked, whoever adds the group (a role already seen is skipped).
    if (group.role) this.trustRole(group.role, `groups['${group.name}'].role`);
    this.groups.push(group);
  }

  /**
   * Creates a role that only this pool's authenticated identities can assume (with sts:TagSession when principal
   * tags are on), for a group or a rule. No permissions until you grant some.
   */
  public createRole(scope: Construct, id: string, description: string): iam.Role {
    const role = new iam.Role(scope, id, { description, assumedBy: this.principal('authenticated') });
    this.trusted.push({ role, label: `role '${role.node.path}'`, kind: 'authenticated', madeBy: 'library' });
    return role;
  }

  /**
   * Lets each user read, write and delete the objects under `<prefix><their identity id>/` in the bucket, and list
   * that folder, through the given role (a group's or the default one).
   * @param prefix the folder under which each user has their own @default 'private/'
   * @returns the grant of both statements (objects, and the listing of the folder)
   */
  public grantUserFolder(grantee: iam.IGrantable, bucket: s3.IBucket, prefix?: string): iam.Grant {
    return atPath(this, () => grantFolder(grantee, bucket, `${prefix ?? 'private/'}\${cognito-identity.amazonaws.com:sub}`));
  }

  /**
   * Lets each user read, write and delete the objects under `<prefix><their tenant>/` in the bucket, where the
   * tenant is the principal tag `tagKey` (which must be one of `principalTags`).
   * @param tagKey the principal tag that names the tenant @default 'tenant'
   * @param prefix the folder under which each tenant has its own @default 'tenants/'
   * @returns the grant of both statements (objects, and the listing of the folder)
   */
  public grantTenantFolder(grantee: iam.IGrantable, bucket: s3.IBucket, tagKey?: string, prefix?: string): iam.Grant {
    return atPath(this, () => {
      const key = tagKey ?? 'tenant';
      if (!this.principalTagsEnabled) {
        throw new ConfigError(`grantTenantFolder needs the principal tag '${key}': set identityPool.principalTags`);
      }
      return grantFolder(grantee, bucket, `${prefix ?? 'tenants/'}\${aws:PrincipalTag/${key}}`);
    });
  }


  /** This pool only, and one kind of identity only. */
  private trustConditions(amr: 'authenticated' | 'unauthenticated'): iam.Conditions {
    return {
      'StringEquals': { 'cognito-identity.amazonaws.com:aud': this.identityPoolId },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    };
  }

  /** The principal a role of this pool trusts, with sts:TagSession when principal tags are on. */
  private principal(amr: 'authenticated' | 'unauthenticated'): iam.IPrincipal {
    const principal = new iam.FederatedPrincipal('cognito-identity.amazonaws.com', this.trustConditions(amr), 'sts:AssumeRoleWithWebIdentity');
    return this.principalTagsEnabled ? principal.withSessionTags() : principal;
  }

  /**
   * Lets this pool's authenticated identities assume a role of yours (a rule's, or a group's given role).
   *
   * A role created in this app (best an `IdentityPoolRole`, which trusts no one until then) gets the one trust
   * statement this pool needs. Its whole trust policy is checked at synth, with every statement added until then:
   * a statement that lets cognito-identity.amazonaws.com assume it without naming this pool (`aud`) and
   * authenticated identities (`amr`) is an error, never widened or patched. An imported role cannot be read or
   * changed: a warning names the conditions its trust policy must carry.
   *
   * @param usedAs where the role is given, for messages, e.g. `groups['admin'].role` @default 'role'
   */
  public trustRole(role: iam.IRole, usedAs?: string): void {
    if (this.trusted.some((t) => t.role === role)) return;
    const label = `${usedAs ?? 'role'} '${role.node.path}'`;
    this.trusted.push({ role, label, kind: 'authenticated', madeBy: role instanceof IdentityPoolRole ? 'library' : 'user' });
    if (role instanceof iam.Role && role.assumeRolePolicy) {
      role.assumeRolePolicy.addStatements(
        new iam.PolicyStatement({
          actions: this.principalTagsEnabled ? ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] : ['sts:AssumeRoleWithWebIdentity'],
          principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com')],
          conditions: this.trustConditions('authenticated'),
        }),
      );
      return;
    }
    Annotations.of(this).addWarningV2(
      'cdk-cognito-auth:identityPoolRoleImported',
      importedRoleWarning(label, role.roleArn, this.node.path, this.principalTagsEnabled),
    );
  }

  /** The trust of every role this pool hands out that this app can read: only this pool, only the right kind. */
  private validateTrust(): string[] {
    const errors = new Set<string>();
    for (const { role, label, kind, madeBy } of this.trusted) {
      if (!(role instanceof iam.Role) || !role.assumeRolePolicy) continue;
      const stack = Stack.of(role);
      const open = openTrust(stack.resolve(role.assumeRolePolicy.toJSON()), stack.resolve(this.identityPoolId), kind);
      open.forEach((o) => errors.add(openTrustMessage(label, o, kind, madeBy)));
    }
    return [...errors];
  }

  /** The groups with roles, in precedence order. */
  private rankedGroups(): MappedGroup[] {
    return this.groups
      .filter((g) => g.role !== undefined)
      .sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name));
  }

  private rules(): { claim: string; matchType: string; value: string; roleArn: string }[] {
    if (this.roleMapping.kind === RoleMappingKind.GROUPS) {
      return this.rankedGroups().map((g) => ({
        claim: 'cognito:groups',
        matchType: RuleMatchType.CONTAINS,
        value: g.name,
        roleArn: g.role!.roleArn,
      }));
    }
    return this.roleMapping.rules.map((r) => ({ claim: r.claim, matchType: r.matchType, value: r.value, roleArn: r.role.roleArn }));
  }

  /**
   * One mapping per client. A rules mapping with no rule (group mapping, no group with a role) is left out: Cognito
   * refuses an empty rule list, and without a mapping the client's users get the authenticated role, which is what
   * an empty list with UnmatchedUsers.DEFAULT_ROLE would mean (with DENY, validation refuses it).
   */
  private renderRoleMappings(): unknown {
    const rules = this.roleMapping.kind === RoleMappingKind.TOKEN ? [] : this.rules();
    if (this.providers.length === 0 || (this.roleMapping.kind !== RoleMappingKind.TOKEN && rules.length === 0)) return undefined;
    const mappings: { [key: string]: unknown } = {};
    for (const p of this.providers) {
      const identityProvider = `${this.userPool.userPoolProviderName}:${p.client.userPoolClientId}`;
      mappings[p.key] =
        this.roleMapping.kind === RoleMappingKind.TOKEN
          ? { type: 'Token', ambiguousRoleResolution: this.roleMapping.unmatched, identityProvider }
          : { type: 'Rules', ambiguousRoleResolution: this.roleMapping.unmatched, identityProvider, rulesConfiguration: { rules } };
    }
    return mappings;
  }

  private validateMapping(): string[] {
    const errors: string[] = [];
    const kind = this.roleMapping.kind;
    const count = kind === RoleMappingKind.TOKEN ? 0 : this.rules().length;
    if (count > LIMITS.roleMappingRulesMax) {
      for (const p of this.providers) {
        errors.push(
          `identityPool.roleMapping has ${count} rules for the identity provider of client '${p.key}': Cognito allows at most ` +
            `${LIMITS.roleMappingRulesMax} per identity provider${kind === RoleMappingKind.GROUPS ? ' (one per group with a role)' : ''}`,
        );
      }
    }
    const mapped = this.renderRoleMappings() as object | undefined;
    if (mapped !== undefined && Object.keys(mapped).length > LIMITS.roleMappingsMax) {
      errors.push(
        `identityPool maps roles for ${Object.keys(mapped).length} app clients (${Object.keys(mapped).join(', ')}): SetIdentityPoolRoles takes ` +
          `role mappings for at most ${LIMITS.roleMappingsMax} identity providers, one per client; sign users in through fewer clients, or use ` +
          `the default authenticated role (no roleMapping rules)`,
      );
    }
    if (kind === RoleMappingKind.GROUPS && count === 0 && this.roleMapping.unmatched === UnmatchedUsers.DENY && this.providers.length > 0) {
      errors.push(
        'identityPool.roleMapping is fromGroups(UnmatchedUsers.DENY), but no group has a role: every signed-in user would be denied, and Cognito ' +
          'refuses an empty rule list; add a group, or use UnmatchedUsers.DEFAULT_ROLE',
      );
    }
    if (kind === RoleMappingKind.RULES) {
      const names = new Set(this.groups.map((g) => g.name));
      this.roleMapping.rules.forEach((r, i) => {
        if (r.claim === 'cognito:groups' && !names.has(r.value)) {
          errors.push(
            `identityPool.roleMapping rule ${i} names the group '${r.value}', which is not a group of this pool; groups: ` +
              `${[...names].join(', ') || '(none)'}`,
          );
        }
      });
    }
    if (kind === RoleMappingKind.TOKEN) {
      for (const g of this.groups.filter((x) => x.role === undefined)) {
        errors.push(`identityPool.roleMapping is fromToken(), but the group '${g.name}' has no role: give it one, or map from groups`);
      }
    }
    return errors;
  }
}
