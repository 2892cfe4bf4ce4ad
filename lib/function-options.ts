// What every function the library bundles takes (the triggers' and the JWT authorizer's): retention and encryption
// of its logs, tracing, reserved concurrency and a VPC. The triggers' and the authorizer's options extend it, and
// `CognitoAuth` takes it once for all of them (`bundledFunctions`).
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';

/** Settings every bundled function takes: the triggers' and the JWT authorizer's. */
export interface BundledFunctionOptions {
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * A customer managed KMS key (symmetric, in the function's region) that encrypts the function's log group. Give the
   * pool's `encryptionKey` to keep one key for the pool and its logs. A key of this app gets the key-policy statement
   * CloudWatch Logs needs (`logs.<region>.amazonaws.com`, for this account's log groups of the region, by the
   * encryption context `kms:EncryptionContext:aws:logs:arn`); an imported key gets a warning that names it.
   * @default - none: CloudWatch Logs encrypts the log group with keys of its own
   */
  readonly logGroupEncryptionKey?: kms.IKey;

  /**
   * AWS X-Ray tracing. `Tracing.ACTIVE` traces every invocation; `Tracing.PASS_THROUGH` only those a caller sampled.
   * Either way the role gets `xray:PutTraceSegments` and `xray:PutTelemetryRecords`, on every resource (X-Ray's
   * actions take no resource), in an inline policy of its own.
   * @default - no tracing (Lambda's PassThrough default, with no X-Ray permission: nothing is sent)
   */
  readonly tracing?: lambda.Tracing;

  /**
   * Concurrent executions reserved for the function: at most this many run at once, and no other function can take
   * them. An invocation past it is throttled, and Cognito fails the sign-up or sign-in it was for, so size it for
   * the peak (requests per second times the seconds an invocation takes). Lambda keeps 100 of the account's
   * concurrency in each region unreserved, so the functions of an account may reserve at most its quota minus 100 (900
   * with the default quota of 1,000; new accounts may have a lower quota): more is a warning at synth.
   * @default - none: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * A VPC to run the function in. Its role gets the network-interface permissions Lambda needs (inline, scoped to the
   * chosen subnets and security groups where EC2 allows it). A function that calls AWS (Cognito, DynamoDB) needs a way
   * out from its subnets: a NAT gateway, or VPC endpoints for those services; Cognito takes no request through a VPC
   * endpoint for a user pool that has a domain. The JWT authorizer fetches the pool's signing keys from Cognito over
   * HTTPS.
   * @default - not in a VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Which subnets of `vpc` the function runs in (not public ones: a function there gets no public address).
   * @default - the VPC's private subnets, as aws-cdk-lib chooses them
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the function in `vpc`.
   * @default - a security group of its own per function, with no inbound rule and every outbound connection allowed
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}
