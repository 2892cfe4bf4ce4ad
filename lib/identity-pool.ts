import { Lazy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { identityPoolPrincipal } from './private/principals';

/** The identity pool, as `CognitoAuth` takes it. */
export interface IdentityPoolOptions {
  /**
   * A name for the identity pool.
   * @default - CloudFormation generates one
   */
  readonly identityPoolName?: string;
}

/** Props for a standalone `GroupRoleIdentityPool`. */
export interface GroupRoleIdentityPoolProps extends IdentityPoolOptions {
  /** The user pool whose users get credentials. */
  readonly userPool: cognito.IUserPool;
}

/**
 * An identity pool that turns a user-pool sign-in into AWS credentials for the role of the user's
 * highest-precedence group (`cognito:preferred_role`), and the default authenticated role (no permissions)
 * for users in no group with a role. Enhanced flow only; no guests.
 *
 * Written with L1 resources because aws-cdk-lib's IdentityPool fixes its role mappings at construction,
 * and clients can be added here afterwards.
 */
export class GroupRoleIdentityPool extends Construct {
  /** The identity pool. */
  public readonly cfnIdentityPool: cognito.CfnIdentityPool;
  /** The role of signed-in users whose token names no role. It has no permissions until you grant some. */
  public readonly authenticatedRole: iam.Role;

  private readonly userPool: cognito.IUserPool;
  private readonly providers: { id: string; providerName: string; clientId: string }[] = [];

  constructor(scope: Construct, id: string, props: GroupRoleIdentityPoolProps) {
    super(scope, id);
    this.userPool = props.userPool;

    this.cfnIdentityPool = new cognito.CfnIdentityPool(this, 'Resource', {
      identityPoolName: props.identityPoolName,
      allowUnauthenticatedIdentities: false,
      allowClassicFlow: false,
      cognitoIdentityProviders: Lazy.any(
        {
          produce: () =>
            this.providers.map((p) => ({ providerName: p.providerName, clientId: p.clientId, serverSideTokenCheck: true })),
        },
        { omitEmptyArray: true },
      ),
    });

    this.authenticatedRole = new iam.Role(this, 'AuthenticatedRole', {
      description: 'Signed-in users whose token names no group role',
      assumedBy: identityPoolPrincipal(this.identityPoolId, 'authenticated'),
    });

    new cognito.CfnIdentityPoolRoleAttachment(this, 'RoleAttachment', {
      identityPoolId: this.identityPoolId,
      roles: { authenticated: this.authenticatedRole.roleArn },
      roleMappings: Lazy.any({
        produce: () => {
          if (this.providers.length === 0) return undefined;
          const mappings: { [key: string]: unknown } = {};
          for (const p of this.providers) {
            mappings[p.id] = {
              type: 'Token',
              ambiguousRoleResolution: 'AuthenticatedRole',
              identityProvider: `${p.providerName}:${p.clientId}`,
            };
          }
          return mappings;
        },
      }),
    });
  }

  /** The identity pool id. */
  public get identityPoolId(): string {
    return this.cfnIdentityPool.ref;
  }

  /**
   * Lets a user-pool app client's users get credentials.
   * @param id a key for the client's role mapping, unique within this pool (letters and digits)
   */
  public addClient(id: string, client: cognito.IUserPoolClient): void {
    this.providers.push({
      id,
      providerName: this.userPool.userPoolProviderName,
      clientId: client.userPoolClientId,
    });
  }
}
