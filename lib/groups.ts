import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IGroupRoleIdentityPool } from './identity-pool';
import { validateGroupName, validateGroupPrecedence } from './private/validators';
import { located } from './private/errors';
import { checkProps, itemProp } from './private/props-check';

/** One user group, as `CognitoAuth` takes it. */
export interface GroupOptions {
  /** The group's name (1 to 128 characters, unique in the pool). It appears in the `cognito:groups` claim. */
  readonly name: string;

  /**
   * A description.
   * @default - none
   */
  readonly description?: string;

  /**
   * Precedence from 0 to 2^31-1: when a user is in several groups, the lowest number's role is the user's
   * preferred role (`cognito:preferred_role`).
   * @default - none (the group ranks after every group that has one)
   */
  readonly precedence?: number;

  /**
   * Permissions of the group's members, in the pre token generation trigger's permissions claim
   * (for example `orders:write`).
   * @default - none
   */
  readonly permissions?: string[];

  /**
   * OAuth scopes added to the members' access tokens by the pre token generation trigger (V2 and V3 events),
   * for example `orders/write`.
   * @default - none
   */
  readonly scopes?: string[];

  /**
   * The IAM role that members get through the identity pool. Make it with `new IdentityPoolRole(scope, id)`, to
   * which the identity pool adds the trust it needs; a role whose own trust lets cognito-identity.amazonaws.com
   * assume it without that pool's conditions is a synth error (see `RoleMappingRule.role`).
   * @default - a role with no permissions, trusted by the identity pool, when there is one; otherwise no role
   */
  readonly role?: iam.IRole;
}

/** Props for a standalone `UserGroup`. */
export interface UserGroupProps extends GroupOptions {
  /** The user pool. */
  readonly userPool: cognito.IUserPool;

  /**
   * The identity pool whose authenticated identities may assume the group's created role; the group joins its
   * role mapping. A `GroupRoleIdentityPool`, or anything else that implements `IGroupRoleIdentityPool`.
   * @default - no role is created (a given `role` is still used)
   */
  readonly identityPool?: IGroupRoleIdentityPool;
}

/**
 * A user group with its precedence and, when an identity pool hands out credentials, an IAM role that trusts
 * only that identity pool and only for authenticated identities.
 */
export class UserGroup extends Construct {
  /** The aws-cdk-lib group. */
  public readonly userPoolGroup: cognito.UserPoolGroup;
  /** The group's name. */
  public readonly groupName: string;
  /** The group's precedence, if set. */
  public readonly precedence?: number;
  /** The members' IAM role (created or given); undefined when there is none. */
  public readonly role?: iam.IRole;
  /** The members' permissions (for the pre token generation trigger). */
  public readonly permissions: string[];
  /** The scopes added to the members' access tokens (for the pre token generation trigger). */
  public readonly scopes: string[];

  constructor(scope: Construct, id: string, props: UserGroupProps) {
    super(scope, id);
    try {
      checkProps('UserGroupProps', props, itemProp('groups', props));
      validateGroupName('groups[].name', props.name);
      if (props.precedence !== undefined) {
        validateGroupPrecedence(`groups['${props.name}'].precedence`, props.precedence);
      }
      this.groupName = props.name;
      this.precedence = props.precedence;
      this.permissions = [...(props.permissions ?? [])];
      this.scopes = [...(props.scopes ?? [])];

      this.role =
        props.role ??
        props.identityPool?.createRole(this, 'Role', `Members of the Cognito group '${props.name}', through the identity pool`);
      if (props.role) props.identityPool?.trustRole(props.role, `groups['${props.name}'].role`);
      props.identityPool?.addGroup({ name: props.name, precedence: props.precedence, role: this.role });

      this.userPoolGroup = new cognito.UserPoolGroup(this, 'Resource', {
        userPool: props.userPool,
        groupName: props.name,
        description: props.description,
        precedence: props.precedence,
        role: this.role,
      });
    } catch (err) {
      throw located(this, err);
    }
  }
}
