import { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BundledFunction } from '../private/bundled-function';
import type { PostConfirmationConfig } from '../private/handler-config';
import { ConfigError, located } from '../private/errors';
import { checkProps } from '../private/props-check';
import type { TriggerFunctionOptions } from './triggers-options';

/** The post confirmation trigger's settings. */
export interface PostConfirmationOptions extends TriggerFunctionOptions {
  /**
   * Groups every user joins. Cognito runs post confirmation only for users who sign themselves up, never for users
   * created with AdminCreateUser; in `CognitoAuth`, the pre token generation trigger (when configured) adds missing
   * default groups at each sign-in, so they hold for admin-created users too. Without it, `CognitoAuth` refuses
   * default groups on a pool without self sign-up and warns on one with it.
   * @default - none
   */
  readonly defaultGroups?: string[];

  /**
   * A DynamoDB table for one profile item per user (keyed by the user's `sub`), written once.
   * @default - no profile table, unless `createProfileTable` is true
   */
  readonly profileTable?: dynamodb.ITable;

  /**
   * Create the profile table: on-demand, point-in-time recovery on, retained on stack deletion.
   * @default false
   */
  readonly createProfileTable?: boolean;

  /**
   * The profile table's partition key (a string attribute holding the user's `sub`).
   * @default 'userId'
   */
  readonly profileTablePartitionKey?: string;
}

/** Props for a standalone `PostConfirmationTrigger`. */
export interface PostConfirmationTriggerProps extends PostConfirmationOptions {
  /** The user pool to attach the trigger to. */
  readonly userPool: cognito.UserPool;
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
        logRetention: props.logRetention,
      });
      if (defaultGroups.length > 0) fn.grantOnPool(props.userPool, ['cognito-idp:AdminAddUserToGroup']);
      if (this.profileTable) {
        fn.role.attachInlinePolicy(
          new iam.Policy(this, 'TablePolicy', {
            statements: [new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [this.profileTable.tableArn] })],
          }),
        );
      }
      this.function = fn.function;
      props.userPool.addTrigger(cognito.UserPoolOperation.POST_CONFIRMATION, fn.function);
    } catch (err) {
      throw located(this, err);
    }
  }
}
