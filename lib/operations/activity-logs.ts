import { Annotations, ArnFormat, RemovalPolicy, Resource, Stack, Tags } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeRule } from '../private/compliance';
import { located } from '../private/errors';
import { checkProps } from '../private/props-check';
import { AuthEventsDestinationKind, UserActivityLogsOptions } from './activity-logs-options';
import { validateUserActivityLogs } from './private/checks';

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
        acknowledgeRule(group.node.defaultChild as logs.CfnLogGroup, 'logGroupEncrypted', 'Cognito delivers user activity logs only to a log ' +
          'group that is not encrypted with AWS KMS (CloudFormation reference, AWS::Cognito::LogDeliveryConfiguration ' +
          'CloudWatchLogsConfiguration: "must not be encrypted with AWS Key Management Service"); CloudWatch Logs encrypts it at rest with ' +
          'keys of its own.');
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
        configurations.push({
          eventSource: 'userNotification',
          logLevel: 'ERROR',
          cloudWatchLogsConfiguration: { logGroupArn: arnOf(this.messageDeliveryLogGroup) },
        });
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
            deliveryStatement(stack, {
              actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
              resources: ['*'],
            }),
          );
        } else if (key) {
          Annotations.of(this).addWarningV2(
            'cdk-cognito-auth:logBucketKeyImported',
            `the bucket '${bucket.node.path}' is encrypted with an imported KMS key, whose key policy this app cannot change: allow ` +
              `delivery.logs.amazonaws.com kms:GenerateDataKey* and kms:Decrypt on it, or Cognito's log delivery fails`,
          );
        }
      } else if (destination?.kind === AuthEventsDestinationKind.FIREHOSE) {
        const stream = destination.deliveryStream!;
        configurations.push({ eventSource: 'userAuthEvents', logLevel: 'INFO', firehoseConfiguration: { streamArn: stream.deliveryStreamArn } });
        // An imported stream is tagged by AWS at deploy, when the deploying role may.
        if (Resource.isOwnedResource(stream)) {
          Tags.of(stream).add('LogDeliveryEnabled', 'true', { includeResourceTypes: ['AWS::KinesisFirehose::DeliveryStream'] });
        }
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
            stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: `${g.logGroupName}:log-stream:*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ),
        }),
      ],
    });
  }
}
