import { Annotations, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ICognitoAuth } from './cognito-auth-interface';
import type { AuthWebAcl, UserActivityLogs, UserActivityLogsOptions, UserPoolFirewallOptions } from '../operations';
import { describeStatements, keyStatements, missingStatements } from '../private/key-policy';
import { wireRegionalOperations } from '../operations/pool-operations';
import { ConfigError, located } from '../private/errors';
import { checkProps } from '../private/props-check';
import type { SignInTriggerFunctions } from '../triggers/triggers-options';

/**
 * The pool's own triggers (not the bundled ones) that Cognito runs where a sign-in is served, so a replica region
 * needs a function of its own for each: the key is the trigger's name in `triggers`.
 */
const RUN_IN_REPLICA = [
  'customMessage',
  'preAuthentication',
  'postAuthentication',
  'defineAuthChallenge',
  'createAuthChallenge',
  'verifyAuthChallengeResponse',
];
/** Own triggers this construct does not wire in a replica region (they need the pool's KMS key there). */
const NOT_WIRED = ['customEmailSender', 'customSmsSender'];

/** Props for `AuthReplicaRegion`. */
export interface AuthReplicaRegionProps {
  /** The `CognitoAuth` whose pool has a replica in this construct's region (`replicas`). */
  readonly auth: ICognitoAuth;
  /**
   * Whether the replica serves users (ACTIVE) or only administrators (INACTIVE). A replica serves sign-ins only when
   * active; Cognito creates it inactive.
   * @default true
   */
  readonly active?: boolean;
  /**
   * Functions of this region for the pool's own triggers that run where a sign-in is served (custom message, pre and
   * post authentication, the custom challenge triggers). Each such trigger of the pool needs one.
   * @default - none
   */
  readonly functions?: SignInTriggerFunctions;
  /**
   * Tags of the replica.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * A web ACL for the replica (Cognito associates web ACLs per region): your own regional ACL of this region, or one
   * created here with the rule props, as `CognitoAuth`'s `firewall`.
   * @default - none: a warning when the primary has one and the replica is active
   */
  readonly firewall?: UserPoolFirewallOptions;
  /**
   * The replica's log export (Cognito exports logs per region), as `CognitoAuth`'s `userActivityLogs`, to destinations
   * of this region.
   * @default - none: a warning when the primary exports logs and the replica is active
   */
  readonly userActivityLogs?: UserActivityLogsOptions;
  /**
   * The pool key's replica in this region (AWS::KMS::ReplicaKey, whose `primaryKeyArn` is the pool's `encryptionKey`),
   * which Cognito encrypts the replica and its exported logs with. When its key policy is an `iam.PolicyDocument`, it
   * gets the statements of `keyPolicyStatements()` (those it has already are not repeated); a policy written as
   * plain JSON is checked, with a warning that lists what it lacks.
   * @default - not checked: a warning when the replica exports logs, listing what the replica key's policy must allow
   */
  readonly replicaKey?: kms.CfnReplicaKey;
}

/**
 * What a user pool replica needs in its own region, built in a stack of that region (the stack needs an explicit
 * region and `crossRegionReferences: true`, since it reads the pool's id from the primary's stack): the bundled pre
 * token generation trigger again (a missing default group goes into the token only: replicas take no writes), a
 * function of this region for each of the pool's own sign-in triggers, Cognito's permission to invoke each, limited to
 * the replica, and the replica's regional configuration (AWS::Cognito::UserPoolRegionalConfigurationAttachment):
 * its triggers, tags and status. Pre sign-up, post confirmation and user migration never run in a replica: users are
 * created in the primary only.
 */
export class AuthReplicaRegion extends Construct {
  /** The regional configuration. */
  public readonly attachment: cognito.CfnUserPoolRegionalConfigurationAttachment;
  /** The functions Cognito invokes in this region, by trigger name. */
  public readonly triggerFunctions: { [trigger: string]: lambda.IFunction };
  /** The replica's ARN: the pool's id in this region. */
  public readonly replicaArn: string;
  /** The web ACL created for the replica, when `firewall` was given without `webAclArn`. */
  public readonly webAcl?: AuthWebAcl;
  /** The replica's log export, when `userActivityLogs` was given. */
  public readonly userActivityLogs?: UserActivityLogs;
  /** The pool key's replica in this region, when given. */
  public readonly replicaKey?: kms.CfnReplicaKey;

  constructor(scope: Construct, id: string, props: AuthReplicaRegionProps) {
    super(scope, id);
    try {
      // A trigger a replica never runs gets its own message, ahead of the check of unknown props.
      for (const [trigger, fn] of Object.entries(props.functions ?? {})) {
        if (fn !== undefined && !RUN_IN_REPLICA.includes(trigger)) {
          throw new ConfigError(
            `functions has '${trigger}', which is not a trigger a replica runs: give functions for ${RUN_IN_REPLICA.join(', ')} (pre sign-up, post ` +
              `confirmation and user migration create users, which only the primary does)`,
          );
        }
      }
      checkProps('AuthReplicaRegionProps', props);
      const stack = Stack.of(this);
      const pool = props.auth.authUserPool;
      const poolStack = Stack.of(pool);
      if (Token.isUnresolved(stack.region) || Token.isUnresolved(poolStack.region)) {
        throw new ConfigError(
          `AuthReplicaRegion needs stacks with explicit regions (env.region), this one '${stack.stackName}' and the pool's ` +
            `'${poolStack.stackName}': the replica's region is part of its configuration`,
        );
      }
      if (!pool.replicaRegions.includes(stack.region)) {
        throw new ConfigError(
          `AuthReplicaRegion is in ${stack.region}, but the pool has no replica there (replicas: ${pool.replicaRegions.join(', ') || '(none)'}): ` +
            `add { region: '${stack.region}' } to the pool's replicas, or put this construct in a stack of the replica's region`,
        );
      }
      const functions = (props.functions ?? {}) as { [trigger: string]: lambda.IFunction | undefined };
      const own = new Map<string, lambda.IFunction>();
      for (const [trigger, fn] of Object.entries(functions)) {
        if (fn !== undefined) own.set(trigger, fn);
      }
      if (props.auth.triggerFunction(operation('inboundFederation')) !== undefined) {
        throw new ConfigError(
          'the pool has an inboundFederation trigger, which AuthReplicaRegion does not wire: a federated sign-in served in this region would skip ' +
            "its rules; write the replica's regional configuration yourself (CfnUserPoolRegionalConfigurationAttachment) instead of " +
            'AuthReplicaRegion',
        );
      }
      for (const trigger of [...RUN_IN_REPLICA, ...NOT_WIRED]) {
        const onPool = props.auth.triggerFunction(operation(trigger)) !== undefined;
        if (NOT_WIRED.includes(trigger) && onPool) {
          throw new ConfigError(
            `the pool has a ${trigger} trigger, which AuthReplicaRegion does not wire (it needs the sender's KMS key in this region): write the ` +
              `replica's regional configuration yourself (CfnUserPoolRegionalConfigurationAttachment) instead of AuthReplicaRegion`,
          );
        }
        if (trigger === 'customMessage' && props.auth.customMessageTrigger !== undefined) {
          if (own.has(trigger)) {
            throw new ConfigError("functions has 'customMessage', but the pool's custom message trigger is the bundled one, which this construct " +
              'creates in this region from the same templates: leave functions.customMessage out');
          }
          continue;
        }
        if (!NOT_WIRED.includes(trigger) && onPool && !own.has(trigger)) {
          throw new ConfigError(`the pool has a ${trigger} trigger, which Cognito runs in every region that serves sign-ins: give a function of ` +
            `${stack.region} as functions['${trigger}']`);
        }
        if (!NOT_WIRED.includes(trigger) && !onPool && own.has(trigger)) {
          throw new ConfigError(`functions has '${trigger}', but the pool has no ${trigger} trigger: a replica runs the triggers of its pool only`);
        }
      }

      this.replicaArn = stack.formatArn({
        service: 'cognito-idp',
        resource: 'userpool',
        resourceName: pool.userPool.userPoolId,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
      const lambdaConfig: { [key: string]: unknown } = {};
      const wired: { [trigger: string]: lambda.IFunction } = {};
      const preToken = props.auth.preTokenGenerationTrigger;
      if (preToken) {
        const fn = preToken.functionForReplica(this, 'PreTokenGeneration');
        wired.preTokenGeneration = fn;
        lambdaConfig.preTokenGenerationConfig = { lambdaArn: fn.functionArn, lambdaVersion: preToken.eventVersion };
      }
      const messages = props.auth.customMessageTrigger;
      if (messages) {
        const fn = messages.functionForReplica(this, 'CustomMessage');
        wired.customMessage = fn;
        lambdaConfig.customMessage = fn.functionArn;
      }
      for (const [trigger, fn] of own) {
        wired[trigger] = fn;
        lambdaConfig[trigger] = fn.functionArn;
      }
      for (const [trigger, fn] of Object.entries(wired)) {
        fn.addPermission(`Cognito-${trigger}`, {
          principal: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
          sourceArn: this.replicaArn,
          sourceAccount: stack.account,
        });
      }
      this.triggerFunctions = wired;

      // Cognito sets the web ACL and the log export per region.
      const ops = wireRegionalOperations(this, { userActivityLogs: props.userActivityLogs, firewall: props.firewall }, pool, this.replicaArn);
      this.webAcl = ops.webAcl;
      this.userActivityLogs = ops.activityLogs;
      this.replicaKey = props.replicaKey;
      this.coverReplicaKey(props.replicaKey, pool.encryptionKey?.keyArn);
      const missing = [
        props.auth.webAcl && !props.firewall ? 'the web ACL (firewall)' : undefined,
        props.auth.userActivityLogs && !props.userActivityLogs ? 'the log export (userActivityLogs)' : undefined,
      ].filter((x): x is string => x !== undefined);
      if ((props.active ?? true) && missing.length > 0) {
        Annotations.of(this).addWarningV2(
          'cdk-cognito-auth:replicaRegionalSettings',
          `the replica in ${stack.region} serves sign-ins without ${missing.join(' and ')} of the primary: Cognito sets them per region; give them ` +
            `to AuthReplicaRegion`,
        );
      }
      this.attachment = new cognito.CfnUserPoolRegionalConfigurationAttachment(this, 'Resource', {
        userPoolId: pool.userPool.userPoolId,
        status: props.active ?? true ? 'ACTIVE' : 'INACTIVE',
        lambdaConfig: Object.keys(lambdaConfig).length > 0 ? lambdaConfig : undefined,
        userPoolTags: props.tags,
      });
    } catch (err) {
      throw located(this, err);
    }
  }

  /**
   * Every key-policy statement the pool key's replica in this region needs, for what uses it here (as
   * `AuthUserPool.keyPolicyStatements`): Cognito and the identity store for this account's pools of this region, the
   * principals that call Cognito here, and, when this replica exports logs, Cognito and log delivery for them. Built
   * for this construct's stack: give them to a replica key of this region and account.
   */
  public keyPolicyStatements(): iam.PolicyStatement[] {
    return keyStatements(this, { userActivityLogs: this.userActivityLogs !== undefined });
  }

  /** Gives the replica key what this region's features need, or checks it; warns when it cannot be checked and logs depend on it. */
  private coverReplicaKey(replicaKey: kms.CfnReplicaKey | undefined, primary: string | undefined): void {
    const region = Stack.of(this).region;
    const uses = { userActivityLogs: this.userActivityLogs !== undefined };
    if (replicaKey === undefined) {
      if (uses.userActivityLogs) {
        Annotations.of(this).addWarningV2(
          'cdk-cognito-auth:replicaKeyUnchecked',
          `the replica in ${region} exports logs, which Cognito encrypts with the pool key's replica in ${region}, and this construct cannot check ` +
            `that key: give it as replicaKey, or make sure its key policy allows ${describeStatements(this, keyStatements(this, uses))}. ` +
              `keyPolicyStatements() returns these; without (5) and (6) the replica's logs are not delivered`,
        );
      }
      return;
    }
    const keyRegion = Stack.of(replicaKey).region;
    if (!Token.isUnresolved(keyRegion) && keyRegion !== region) {
      throw new ConfigError(`replicaKey '${replicaKey.node.path}' is in ${keyRegion}, but this replica region is ${region}: give the pool key's ` +
        `replica of ${region}`);
    }
    if (
      primary !== undefined &&
      !Token.isUnresolved(primary) &&
      !Token.isUnresolved(replicaKey.primaryKeyArn) &&
      primary !== replicaKey.primaryKeyArn
    ) {
      throw new ConfigError(`replicaKey '${replicaKey.node.path}' replicates ${replicaKey.primaryKeyArn}, but the pool's encryptionKey is ` +
        `${primary}: give the replica of the pool's key`);
    }
    const required = keyStatements(replicaKey, uses);
    const policy = replicaKey.keyPolicy as { addStatements?: (...s: iam.PolicyStatement[]) => void } | undefined;
    if (policy !== undefined && typeof policy.addStatements === 'function') {
      // A statement the policy has already appears once in the template (aws-cdk-lib removes duplicates).
      policy.addStatements(...required);
      return;
    }
    const missing = missingStatements(replicaKey, replicaKey.keyPolicy, required);
    if (missing.length > 0) {
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:replicaKeyPolicy',
        `replicaKey '${replicaKey.node.path}' has a key policy written as JSON, which this construct cannot add to, and it lacks ` +
          `${describeStatements(replicaKey, missing)}. Add them (keyPolicyStatements() returns every statement it needs), or acknowledge this ` +
            `warning if the policy allows the same in another form`,
      );
    }
  }
}

/** The aws-cdk-lib operation of a trigger name. */
function operation(trigger: string): cognito.UserPoolOperation {
  return cognito.UserPoolOperation.of(trigger);
}
