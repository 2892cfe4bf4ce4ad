// The user activity logs' options: where authentication events go, and what `CognitoAuth` and `UserActivityLogs` take.
import type { RemovalPolicy } from 'aws-cdk-lib';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';

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
