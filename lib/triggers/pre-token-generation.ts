import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BundledFunction, triggerUserPool } from '../private/bundled-function';
import type { FunctionSettings } from '../private/function-settings';
import type { PreTokenGenerationConfig } from '../private/handler-config';
import { ConfigError, located } from '../private/errors';
import { validateAttributeName, validateClaimName } from '../private/validators';
import { checkProps } from '../private/props-check';
import type { PreTokenGenerationOptions } from './triggers-options';

/** Props for a standalone `PreTokenGenerationTrigger`. */
export interface PreTokenGenerationTriggerProps extends PreTokenGenerationOptions {
  /**
   * The user pool to attach the trigger to: a `cognito.UserPool` defined in this app, since a trigger is attached with
   * `UserPool.addTrigger` (an imported pool is refused).
   */
  readonly userPool: cognito.IUserPool;
  /**
   * The pool's feature plan, which decides the default event version.
   * @default FeaturePlan.ESSENTIALS
   */
  readonly featurePlan?: cognito.FeaturePlan;
  /**
   * The pool's custom attribute names (without `custom:`), to check `claimsFromAttributes`.
   * @default - none
   */
  readonly customAttributeNames?: string[];
  /**
   * Group name to the permissions its members get. More can be added with `addGroup`.
   * @default - none
   */
  readonly groupPermissions?: { [group: string]: string[] };
  /**
   * Group name to the OAuth scopes added to its members' access tokens (V2 and V3 events). More can be added
   * with `addGroup`.
   * @default - none
   */
  readonly groupScopes?: { [group: string]: string[] };
  /**
   * Groups every user who signs in must be in: a missing one is added once (AdminAddUserToGroup, which the
   * function's role may then call on this pool) and is in the token being issued; later tokens find the user in it
   * and make no call. This covers users that post confirmation never sees (AdminCreateUser). A user an
   * administrator removes from such a group rejoins it at the next sign-in.
   * @default - none
   */
  readonly defaultGroups?: string[];
}

/**
 * The bundled pre token generation trigger: claims from attributes and groups, claims suppressed, scopes per
 * group, default groups for every user. Without default groups it makes no AWS call, and its role has no
 * permission beyond its own logs; with them, AdminAddUserToGroup on this pool.
 */
export class PreTokenGenerationTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;
  /** The event version Cognito sends. */
  public readonly eventVersion: cognito.LambdaVersion;

  private readonly groupPermissions: { [group: string]: string[] };
  private readonly config: () => PreTokenGenerationConfig;
  /** The settings a replica region's function takes too: not the VPC or the log key, which belong to this region. */
  private readonly replicaSettings: FunctionSettings;
  private readonly groupScopes: { [group: string]: string[] };

  constructor(scope: Construct, id: string, props: PreTokenGenerationTriggerProps) {
    super(scope, id);
    try {
      checkProps('PreTokenGenerationTriggerProps', props, 'triggers.preTokenGeneration');
      const userPool = triggerUserPool('userPool', props.userPool);
      const prop = 'triggers.preTokenGeneration';
      const plan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;
      this.eventVersion = props.eventVersion ?? (plan === cognito.FeaturePlan.LITE ? cognito.LambdaVersion.V1_0 : cognito.LambdaVersion.V2_0);
      if (this.eventVersion !== cognito.LambdaVersion.V1_0 && plan === cognito.FeaturePlan.LITE) {
        throw new ConfigError(`${prop}.eventVersion '${this.eventVersion}' needs featurePlan ESSENTIALS or PLUS, but featurePlan is 'LITE'`);
      }

      const claims = props.claimsFromAttributes ?? {};
      for (const [claim, attribute] of Object.entries(claims)) {
        validateClaimName(`${prop}.claimsFromAttributes key`, claim);
        validateAttributeName(`${prop}.claimsFromAttributes['${claim}']`, attribute, props.customAttributeNames ?? []);
      }
      const permissionsClaim = props.permissionsClaim ?? 'permissions';
      validateClaimName(`${prop}.permissionsClaim`, permissionsClaim);
      if (permissionsClaim in claims) {
        throw new ConfigError(`${prop}.permissionsClaim '${permissionsClaim}' is also a key of claimsFromAttributes`);
      }
      const suppressClaims = props.suppressClaims ?? [];
      suppressClaims.forEach((c, i) => validateClaimName(`${prop}.suppressClaims[${i}]`, c));
      const maxClaimBytes = props.maxClaimBytes ?? 2048;
      if (!Number.isInteger(maxClaimBytes) || maxClaimBytes < 2) {
        throw new ConfigError(`${prop}.maxClaimBytes ${maxClaimBytes} is invalid: give a whole number of bytes, at least 2`);
      }

      const defaultGroups = [...(props.defaultGroups ?? [])];
      this.groupPermissions = { ...props.groupPermissions };
      this.groupScopes = { ...props.groupScopes };
      const config = (this.config = (): PreTokenGenerationConfig => ({
        claimsFromAttributes: claims,
        permissionsClaim,
        groupPermissions: this.groupPermissions,
        groupScopes: this.groupScopes,
        suppressClaims,
        accessTokenClaims: props.accessTokenClaims ?? true,
        maxClaimBytes,
        defaultGroups,
      }));
      this.replicaSettings = {
        logRetention: props.logRetention,
        tracing: props.tracing,
        reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      };
      const fn = new BundledFunction(this, 'Handler', {
        handler: 'pre-token-generation',
        description: 'Cognito pre token generation trigger (cdk-cognito-auth)',
        config,
        configProp: prop,
        settings: props,
        calls: defaultGroups.length > 0 ? ['cognito-idp'] : [],
        synchronousCaller: 'Cognito',
        userPool,
      });
      if (defaultGroups.length > 0) fn.grantOnPool(userPool, ['cognito-idp:AdminAddUserToGroup']);
      this.function = fn.function;
      userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn.function, this.eventVersion);
    } catch (err) {
      throw located(this, err);
    }
  }

  /**
   * The same trigger for a replica region, in `scope` (a stack of that region): the same claims, permissions and
   * scopes (read at synth, so groups added later reach it), except that a missing default group goes into the token
   * only, since a replica takes no writes. `AuthReplicaRegion` calls it.
   * @param scope where the function is created: a construct in a stack of the replica's region
   * @param id a construct id, unique in `scope`
   */
  public functionForReplica(scope: Construct, id: string): lambda.IFunction {
    return new BundledFunction(scope, id, {
      handler: 'pre-token-generation',
      description: 'Cognito pre token generation trigger, replica region (cdk-cognito-auth)',
      config: () => ({ ...this.config(), joinDefaultGroups: false }),
      configProp: 'triggers.preTokenGeneration',
      settings: this.replicaSettings,
      // The replica's function joins no group (joinDefaultGroups: false): it makes no call.
      calls: [],
      synchronousCaller: 'Cognito',
    }).function;
  }

  /**
   * Gives a group's members permissions (in the permissions claim) and access-token scopes.
   * `CognitoAuth` calls this for every group with `permissions` or `scopes`.
   */
  public addGroup(groupName: string, permissions: string[] = [], scopes: string[] = []): void {
    if (permissions.length > 0) this.groupPermissions[groupName] = [...permissions];
    if (scopes.length > 0) this.groupScopes[groupName] = [...scopes];
  }
}
