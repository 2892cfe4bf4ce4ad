import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { checkProps } from '../private/props-check';
import { atPath, checkAtSynth } from '../private/errors';

/** Props for an `IdentityPoolRole`. */
export interface IdentityPoolRoleProps {
  /**
   * A description.
   * @default - none
   */
  readonly description?: string;

  /**
   * A name for the role (a named role cannot be replaced without a new name).
   * @default - CloudFormation generates one
   */
  readonly roleName?: string;

  /**
   * The role's path.
   * @default '/'
   */
  readonly path?: string;

  /**
   * The longest session its credentials last, from 1 to 12 hours.
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;

  /**
   * A permissions boundary.
   * @default - none
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;

  /**
   * Inline policies, by name.
   * @default - none: grant permissions later (`addToPrincipalPolicy`, `bucket.grantRead(role)`, ...)
   */
  readonly inlinePolicies?: { [name: string]: iam.PolicyDocument };

  /**
   * Managed policies.
   * @default - none
   */
  readonly managedPolicies?: iam.IManagedPolicy[];
}

/**
 * No trust yet: the role's trust policy starts empty, and the identity pool the role is given to adds the one
 * statement it needs.
 */
class TrustAddedByIdentityPool extends iam.PrincipalBase implements iam.IAssumeRolePrincipal {
  public readonly assumeRoleAction = 'sts:AssumeRoleWithWebIdentity';

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return new iam.PrincipalPolicyFragment({});
  }

  public addToAssumeRolePolicy(_document: iam.PolicyDocument): void {
    // The identity pool adds the statement when the role is given to it.
  }

  public toString(): string {
    return 'TrustAddedByIdentityPool';
  }

  public dedupeString(): string | undefined {
    return undefined;
  }
}

/**
 * An IAM role for a role-mapping rule (`RoleMapping.fromRules`) or a group (`groups[].role`) of an identity pool.
 *
 * It is created with no trust at all, so it can be made before the identity pool exists (the pool's id is not
 * known yet, and neither is whether its principal tags need `sts:TagSession`). The identity pool it is given to
 * adds the only statement it trusts: cognito-identity.amazonaws.com, `sts:AssumeRoleWithWebIdentity`, for that
 * pool's id (`cognito-identity.amazonaws.com:aud`) and authenticated identities only
 * (`cognito-identity.amazonaws.com:amr`), with `sts:TagSession` when principal tags are on. A role given to no
 * identity pool would have no trust policy, which IAM refuses: that is a synth error. No permissions until you
 * grant some.
 */
export class IdentityPoolRole extends iam.Role {
  constructor(scope: Construct, id: string, props: IdentityPoolRoleProps = {}) {
    super(scope, id, {
      assumedBy: new TrustAddedByIdentityPool(),
      description: props.description,
      roleName: props.roleName,
      path: props.path,
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundary: props.permissionsBoundary,
      inlinePolicies: props.inlinePolicies,
      managedPolicies: props.managedPolicies,
    });
    atPath(this, () => checkProps('IdentityPoolRoleProps', props));
    checkAtSynth(this, () =>
      this.assumeRolePolicy?.isEmpty === false
        ? []
        : [
          'IdentityPoolRole was given to no identity pool, so it trusts no one and IAM would refuse it: use it as the role of a ' +
            'RoleMapping.fromRules rule or of a group (groups[].role) of an identity pool, or pass it to GroupRoleIdentityPool.trustRole',
        ]);
  }
}
