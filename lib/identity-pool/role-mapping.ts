import * as iam from 'aws-cdk-lib/aws-iam';
import { checkProps } from '../private/props-check';

/** How a rule compares the claim with its value. */
export enum RuleMatchType {
  /** The claim equals the value. */
  EQUALS = 'Equals',
  /** The claim (a list, like `cognito:groups`) contains the value. */
  CONTAINS = 'Contains',
  /** The claim starts with the value. */
  STARTS_WITH = 'StartsWith',
  /** The claim does not equal the value. */
  NOT_EQUAL = 'NotEqual',
}

/** One role-mapping rule: when the claim matches, the user gets the role. */
export interface RoleMappingRule {
  /** The token claim to test, e.g. `custom:tenant_id` or `cognito:groups`. */
  readonly claim: string;
  /** How to compare. */
  readonly matchType: RuleMatchType;
  /** The value to compare with. */
  readonly value: string;
  /**
   * The role to hand out. Create it with `new IdentityPoolRole(scope, id)`: it trusts no one until the identity pool
   * adds the trust it needs (that pool, authenticated identities only). Another role created in this app gets that
   * statement added, and any statement of its own that lets cognito-identity.amazonaws.com assume it without that
   * pool's `aud` and `authenticated` `amr` conditions is a synth error. An imported role must trust the pool
   * already (a warning names the conditions).
   */
  readonly role: iam.IRole;
}

/** The kinds of role mapping. */
export enum RoleMappingKind {
  /** One rule per group with a role, in precedence order: `cognito:groups` contains the group's name. */
  GROUPS = 'GROUPS',
  /** Your rules, in order. */
  RULES = 'RULES',
  /** The role named by the token's `cognito:preferred_role` (the role of the user's lowest-precedence group). */
  TOKEN = 'TOKEN',
}

/** What a user gets when no rule matches, or the token names no role. */
export enum UnmatchedUsers {
  /** The pool's default authenticated role (no permissions until you grant some). */
  DEFAULT_ROLE = 'AuthenticatedRole',
  /** No credentials. */
  DENY = 'Deny',
}

/** How the identity pool chooses a signed-in user's IAM role. */
export class RoleMapping {
  /**
   * One rule per group that has a role, in precedence order (lowest first; groups without precedence last, by
   * name): `cognito:groups` contains the group's name. At most 25 groups with roles.
   * @param unmatched users in no such group @default UnmatchedUsers.DEFAULT_ROLE
   */
  public static fromGroups(unmatched?: UnmatchedUsers): RoleMapping {
    checkProps('UnmatchedUsers', unmatched, 'RoleMapping.fromGroups() unmatched');
    return new RoleMapping(RoleMappingKind.GROUPS, [], unmatched ?? UnmatchedUsers.DEFAULT_ROLE);
  }

  /**
   * Your rules, evaluated in order; the first match wins. 1 to 25 (Cognito's SetIdentityPoolRoles refuses an empty
   * list, which the CloudFormation schema lets through): the identity pool that gets the mapping checks their number
   * and their claims and values, so its errors name that pool.
   * @param unmatched users no rule matches @default UnmatchedUsers.DENY
   */
  public static fromRules(rules: RoleMappingRule[], unmatched?: UnmatchedUsers): RoleMapping {
    // The shape of a plain-JavaScript caller's arguments, which the mapping is built from, is checked here.
    checkProps('RoleMappingRule[]', rules, 'RoleMapping.fromRules() rules');
    checkProps('UnmatchedUsers', unmatched, 'RoleMapping.fromRules() unmatched');
    return new RoleMapping(RoleMappingKind.RULES, [...rules], unmatched ?? UnmatchedUsers.DENY);
  }

  /**
   * The role in the token's `cognito:preferred_role` claim. Every group needs a role.
   * @param unmatched users whose token names no role @default UnmatchedUsers.DEFAULT_ROLE
   */
  public static fromToken(unmatched?: UnmatchedUsers): RoleMapping {
    checkProps('UnmatchedUsers', unmatched, 'RoleMapping.fromToken() unmatched');
    return new RoleMapping(RoleMappingKind.TOKEN, [], unmatched ?? UnmatchedUsers.DEFAULT_ROLE);
  }

  private constructor(
    /** The kind of mapping. */
    public readonly kind: RoleMappingKind,
    /** The explicit rules (RULES only). */
    public readonly rules: RoleMappingRule[],
    /** What unmatched users get. */
    public readonly unmatched: UnmatchedUsers,
  ) {}
}
