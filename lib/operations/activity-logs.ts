import { Annotations, ArnFormat, RemovalPolicy, Resource, Stack, Tags } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { located } from '../private/errors';
import { checkProps } from '../private/props-check';
import { validateUserActivityLogs } from './private/checks';

/** The kinds of destination Cognito delivers authentication events to. */
export enum AuthEventsDestinationKind {
  /** A CloudWatch Logs log group. */
  CLOUDWATCH_LOGS = 'CloudWatchLogs',
  /** An S3 bucket. */
  S3 = 'S3',
  /** An Amazon Data Firehose stream. */
  FIREHOSE = 'Firehose',
}

/** Where the pool's authentication events go: a CloudWatch log group, an S3 bucket or a Firehose stream. */
export class AuthEventsDestination {
  /**
   * A CloudWatch Logs log group: by default one the library creates (with `retention`), or your own, which must be
   * in the pool's account and region and must not be encrypted with KMS (Cognito refuses such log groups).
   */
  public static cloudWatchLogs(logGroup?: logs.ILogGroup): AuthEventsDestination {
    return new AuthEventsDestination(AuthEventsDestinationKind.CLOUDWATCH_LOGS, logGroup, undefined, undefined);
  }

  /**
   * An S3 bucket in the pool's region, unencrypted or encrypted with S3-managed keys or a customer managed KMS key
   * (not the AWS managed key `aws/s3`, which log delivery cannot use). A bucket of this app gets the bucket policy log
   * delivery needs, and its key of this app the key policy; for an imported bucket AWS adds the bucket policy at
   * deploy, if the deploying role may, and an imported key's policy is yours to change (a warning says so).
   */
  public static s3(bucket: s3.IBucket): AuthEventsDestination {
    return new AuthEventsDestination(AuthEventsDestinationKind.S3, undefined, bucket, undefined);
  }

  /**
   * An Amazon Data Firehose stream in the pool's region. A stream of this app is tagged `LogDeliveryEnabled=true`,
   * which the log delivery service-linked role requires.
   */
  public static firehose(deliveryStream: firehose.IDeliveryStream): AuthEventsDestination {
    return new AuthEventsDestination(AuthEventsDestinationKind.FIREHOSE, undefined, undefined, deliveryStream);
  }

  /** The kind of destination. */
  public readonly kind: AuthEventsDestinationKind;
  /** Your log group, when given. */
  public readonly logGroup?: logs.ILogGroup;
  /** The bucket, for S3. */
  public readonly bucket?: s3.IBucket;
  /** The stream, for Firehose. */
  public readonly deliveryStream?: firehose.IDeliveryStream;

  protected constructor(kind: AuthEventsDestinationKind, logGroup?: logs.ILogGroup, bucket?: s3.IBucket, deliveryStream?: firehose.IDeliveryStream) {
    this.kind = kind;
    this.logGroup = logGroup;
    this.bucket = bucket;
    this.deliveryStream = deliveryStream;
  }
}

/** The pool's user activity logs: which ones Cognito exports, and where. */
export interface UserActivityLogsOptions {
  /**
   * Export message-delivery errors (email and SMS messages Cognito failed to send, with the reason) to a CloudWatch
   * log group the library creates. Any feature plan. Cognito exports these at the ERROR level only, and to
   * CloudWatch Logs only.
   * @default false
   */
  readonly messageDeliveryErrors?: boolean;
  /**
   * Export authentication events (every sign-in, sign-up and password change, with its risk assessment) at the INFO
   * level. Needs the Plus plan with threat protection in audit-only or full-function mode.
   * @default - not exported
   */
  readonly authEvents?: AuthEventsDestination;
  /**
   * How long the log groups the library creates keep events.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly retention?: logs.RetentionDays;
  /**
   * What happens to the log groups the library creates when they leave the stack.
   * @default RemovalPolicy.RETAIN (like the pool: the record outlives the stack)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Props for `UserActivityLogs`. */
export interface UserActivityLogsProps extends UserActivityLogsOptions {
  /** The user pool whose logs these are. */
  readonly userPool: cognito.IUserPool;
}

/** Where log delivery writes from: the service principal, limited to this account's log deliveries in this region. */
function deliveryStatement(stack: Stack, props: Omit<iam.PolicyStatementProps, 'principals' | 'conditions'>): iam.PolicyStatement {
  return new iam.PolicyStatement({
    ...props,
    principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
    },
  });
}

/**
 * A user pool's log export (`AWS::Cognito::LogDeliveryConfiguration`): message-delivery errors to CloudWatch Logs,
 * authentication events to CloudWatch Logs, S3 or Firehose. Log groups it creates have bounded retention, and the
 * delivery service may write to them through a resource policy limited to those log groups, this account and region.
 * Cognito takes one log delivery configuration per pool.
 */
export class UserActivityLogs extends Construct {
  /** The log group of message-delivery errors, when exported. */
  public readonly messageDeliveryLogGroup?: logs.ILogGroup;
  /** The log group of authentication events, when they go to CloudWatch Logs. */
  public readonly authEventsLogGroup?: logs.ILogGroup;
  /** The log delivery configuration. */
  public readonly configuration: cognito.CfnLogDeliveryConfiguration;

  constructor(scope: Construct, id: string, props: UserActivityLogsProps) {
    super(scope, id);
    try {
      checkProps('UserActivityLogsProps', props);
      const stack = Stack.of(this);
      validateUserActivityLogs('', props, stack);
      const created: logs.LogGroup[] = [];
      const newLogGroup = (name: string, kind: string): logs.LogGroup => {
        const group = new logs.LogGroup(this, name, {
          logGroupName: `/aws/vendedlogs/cognito/${props.userPool.userPoolId}/${kind}`,
          retention: props.retention ?? logs.RetentionDays.THREE_MONTHS,
          removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        });
        created.push(group);
        return group;
      };
      // The ARN without the trailing ':*' that LogGroup.logGroupArn has: Cognito's pattern refuses it.
      const arnOf = (group: logs.ILogGroup) =>
        stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: group.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

      const configurations: cognito.CfnLogDeliveryConfiguration.LogConfigurationProperty[] = [];
      const dependencies: IConstruct[] = [];
      // Every log group log delivery writes to, in one resource policy: CloudWatch Logs allows 10 per account and region.
      const writable: logs.ILogGroup[] = created;
      if (props.messageDeliveryErrors) {
        this.messageDeliveryLogGroup = newLogGroup('MessageDeliveryLogs', 'message-delivery');
        configurations.push({ eventSource: 'userNotification', logLevel: 'ERROR', cloudWatchLogsConfiguration: { logGroupArn: arnOf(this.messageDeliveryLogGroup) } });
      }
      const destination = props.authEvents;
      if (destination?.kind === AuthEventsDestinationKind.CLOUDWATCH_LOGS) {
        const group = destination.logGroup ?? newLogGroup('AuthEventsLogs', 'auth-events');
        this.authEventsLogGroup = group;
        configurations.push({ eventSource: 'userAuthEvents', logLevel: 'INFO', cloudWatchLogsConfiguration: { logGroupArn: arnOf(group) } });
        if (destination.logGroup) writable.push(destination.logGroup);
      } else if (destination?.kind === AuthEventsDestinationKind.S3) {
        const bucket = destination.bucket!;
        configurations.push({ eventSource: 'userAuthEvents', logLevel: 'INFO', s3Configuration: { bucketArn: bucket.bucketArn } });
        const result = bucket.addToResourcePolicy(
          deliveryStatement(stack, { actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucket.bucketArn] }),
        );
        bucket.addToResourcePolicy(
          deliveryStatement(stack, { actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`AWSLogs/${stack.account}/*`)] }).copy({
            conditions: {
              StringEquals: { 'aws:SourceAccount': stack.account, 's3:x-amz-acl': 'bucket-owner-full-control' },
              ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
            },
          }),
        );
        if (result.policyDependable) dependencies.push(result.policyDependable as IConstruct);
        const key = bucket.encryptionKey;
        if (key && Resource.isOwnedResource(key)) {
          key.addToResourcePolicy(
            deliveryStatement(stack, { actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], resources: ['*'] }),
          );
        } else if (key) {
          Annotations.of(this).addWarningV2(
            'cdk-cognito-auth:logBucketKeyImported',
            `the bucket '${bucket.node.path}' is encrypted with an imported KMS key, whose key policy this app cannot change: allow delivery.logs.amazonaws.com kms:GenerateDataKey* and kms:Decrypt on it, or Cognito's log delivery fails`,
          );
        }
      } else if (destination?.kind === AuthEventsDestinationKind.FIREHOSE) {
        const stream = destination.deliveryStream!;
        configurations.push({ eventSource: 'userAuthEvents', logLevel: 'INFO', firehoseConfiguration: { streamArn: stream.deliveryStreamArn } });
        // An imported stream is tagged by AWS at deploy, when the deploying role may.
        if (Resource.isOwnedResource(stream)) Tags.of(stream).add('LogDeliveryEnabled', 'true', { includeResourceTypes: ['AWS::KinesisFirehose::DeliveryStream'] });
      }
      if (writable.length > 0) dependencies.push(this.grantLogGroups(writable));

      this.configuration = new cognito.CfnLogDeliveryConfiguration(this, 'Resource', {
        userPoolId: props.userPool.userPoolId,
        logConfigurations: configurations,
      });
      dependencies.forEach((d) => this.configuration.node.addDependency(d));
    } catch (err) {
      throw located(this, err);
    }
  }

  /** A CloudWatch Logs resource policy that lets log delivery write to these log groups only. */
  private grantLogGroups(groups: logs.ILogGroup[]): IConstruct {
    const stack = Stack.of(this);
    return new logs.ResourcePolicy(this, 'DeliveryPolicy', {
      policyStatements: [
        deliveryStatement(stack, {
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: groups.map((g) =>
            stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `${g.logGroupName}:log-stream:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          ),
        }),
      ],
    });
  }
}
