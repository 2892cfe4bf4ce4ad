import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { RoleMapping } from './role-mapping';

/** Social and enterprise identity providers the identity pool accepts directly (not through the user pool). */
export interface IdentityPoolExternalProviders {
  /** Google client id. @default - none */
  readonly google?: string;
  /** Facebook app id. @default - none */
  readonly facebook?: string;
  /** Login with Amazon app id. @default - none */
  readonly amazon?: string;
  /** Sign in with Apple services id. @default - none */
  readonly apple?: string;
  /** ARNs of IAM OIDC providers. @default - none */
  readonly openIdConnectProviderArns?: string[];
  /** ARNs of IAM SAML providers. @default - none */
  readonly samlProviderArns?: string[];
}

/** The identity pool, as `CognitoAuth` takes it. */
export interface IdentityPoolOptions {
  /**
   * A name for the identity pool.
   * @default - CloudFormation generates one
   */
  readonly identityPoolName?: string;

  /**
   * How a signed-in user's role is chosen.
   * @default RoleMapping.fromGroups()
   */
  readonly roleMapping?: RoleMapping;

  /**
   * Give guests (unauthenticated identities) credentials for a guest role, which has no permissions until you
   * grant some.
   * @default false
   */
  readonly allowGuests?: boolean;

  /**
   * Principal tags for attribute-based access control: session tag name to the token claim it is taken from,
   * e.g. `{ tenant: 'custom:tenant_id' }`. Policies can then use `${aws:PrincipalTag/tenant}`.
   * @default - no principal tags
   */
  readonly principalTags?: { [tag: string]: string };

  /**
   * Other identity providers the identity pool accepts directly. Their users get the default authenticated role.
   * @default - only the user pool
   */
  readonly externalProviders?: IdentityPoolExternalProviders;
}

/** Props for a standalone `GroupRoleIdentityPool`. */
export interface GroupRoleIdentityPoolProps extends IdentityPoolOptions {
  /** The user pool whose users get credentials. */
  readonly userPool: cognito.IUserPool;
}

/** A group as the identity pool maps it. */
export interface MappedGroup {
  /** The group's name. */
  readonly name: string;
  /** Its precedence (lower first). @default - after every group with one */
  readonly precedence?: number;
  /** Its role. @default - none: the group gets no rule */
  readonly role?: iam.IRole;
}
