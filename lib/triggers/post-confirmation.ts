import { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BundledFunction, triggerUserPool } from '../private/bundled-function';
import type { PostConfirmationConfig } from '../private/handler-config';
import { ConfigError, located } from '../private/errors';
import { checkProps } from '../private/props-check';
import type { PostConfirmationOptions } from './triggers-options';

/** Props for a standalone `PostConfirmationTrigger`. */
export interface PostConfirmationTriggerProps extends PostConfirmationOptions {
  /**
   * The user pool to attach the trigger to: a `cognito.UserPool` defined in this app, since a trigger is attached with
   * `UserPool.addTrigger` (an imported pool is refused).
   */
  readonly userPool: cognito.IUserPool;
  /**
   * Whether a pre token generation trigger adds missing default groups at sign-in (its `defaultGroups`): then a
   * failed group write does not fail the confirmation, since the next sign-in completes it.
   * @default false
   */
  readonly groupsAtSignIn?: boolean;
}

/**
 * The bundled post confirmation trigger: default groups and a profile record, safe to run twice. Its role may
 * call only AdminAddUserToGroup on this pool (when there are default groups) and PutItem on the profile table.
 */
export class PostConfirmationTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;
  /** The profile table, when there is one. */
  public readonly profileTable?: dynamodb.ITable;

  constructor(scope: Construct, id: string, props: PostConfirmationTriggerProps) {
    super(scope, id);
    try {
      checkProps('PostConfirmationTriggerProps', props, 'triggers.postConfirmation');
      const userPool = triggerUserPool('userPool', props.userPool);
      const prop = 'triggers.postConfirmation';
      if (props.profileTable && props.createProfileTable) {
        throw new ConfigError(`${prop}: give profileTable or createProfileTable, not both`);
      }
      const partitionKey = props.profileTablePartitionKey ?? 'userId';
      this.profileTable =
        props.profileTable ??
        (props.createProfileTable
          ? new dynamodb.Table(this, 'Profiles', {
            partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
            billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
            pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
            removalPolicy: RemovalPolicy.RETAIN,
          })
          : undefined);

      const defaultGroups = props.defaultGroups ?? [];
      const config: PostConfirmationConfig = {
        defaultGroups,
        groupsAtSignIn: props.groupsAtSignIn ?? false,
        ...(this.profileTable ? { profileTable: { tableName: this.profileTable.tableName, partitionKey } } : {}),
      };
      const fn = new BundledFunction(this, 'Handler', {
        handler: 'post-confirmation',
        description: 'Cognito post confirmation trigger (cdk-cognito-auth)',
        config: () => config,
        configProp: prop,
        settings: props,
        calls: [...(defaultGroups.length > 0 ? ['cognito-idp' as const] : []), ...(this.profileTable ? ['dynamodb' as const] : [])],
        synchronousCaller: 'Cognito',
        userPool,
      });
      if (defaultGroups.length > 0) fn.grantOnPool(userPool, ['cognito-idp:AdminAddUserToGroup']);
      if (this.profileTable) {
        fn.addPolicy(this, 'TablePolicy', [new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [this.profileTable.tableArn] })]);
      }
      this.function = fn.function;
      userPool.addTrigger(cognito.UserPoolOperation.POST_CONFIRMATION, fn.function);
    } catch (err) {
      throw located(this, err);
    }
  }
}
