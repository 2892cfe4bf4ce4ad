// The settings every bundled function takes (the public BundledFunctionOptions, by shape): how one function's own
// settings and a construct's settings for all of them combine, their checks, and what they ask of a key and of the
// account's concurrency.
import { ArnFormat, Resource, Stack, Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { ConfigError } from './errors';
import { checkKmsKey } from './key-checks';
import { describeStatements, regionName, warnAtSynth } from './key-policy';

/** BundledFunctionOptions, as lib/private sees it. */
export interface FunctionSettings {
  readonly logRetention?: logs.RetentionDays;
  readonly logGroupEncryptionKey?: kms.IKey;
  readonly tracing?: lambda.Tracing;
  readonly reservedConcurrentExecutions?: number;
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

const VPC_KEYS = ['vpc', 'vpcSubnets', 'securityGroups'] as const;

/**
 * One function's settings: each of its own, else the construct-wide one. The VPC, its subnets and its security groups
 * go together: a function that names any of them takes none of the construct's.
 */
export function mergeFunctionSettings<T extends FunctionSettings>(own: T, wide: FunctionSettings | undefined): T {
  if (wide === undefined) return own;
  const ownVpc = VPC_KEYS.some((k) => own[k] !== undefined);
  return {
    ...own,
    logRetention: own.logRetention ?? wide.logRetention,
    logGroupEncryptionKey: own.logGroupEncryptionKey ?? wide.logGroupEncryptionKey,
    tracing: own.tracing ?? wide.tracing,
    reservedConcurrentExecutions: own.reservedConcurrentExecutions ?? wide.reservedConcurrentExecutions,
    vpc: ownVpc ? own.vpc : wide.vpc,
    vpcSubnets: ownVpc ? own.vpcSubnets : wide.vpcSubnets,
    securityGroups: ownVpc ? own.securityGroups : wide.securityGroups,
  };
}

/** Lambda keeps this much of an account's concurrency in each region unreserved (Lambda developer guide, "reserved concurrency"). */
export const UNRESERVED_CONCURRENCY = 100;
/** Lambda's default concurrency quota per account and region. */
export const DEFAULT_CONCURRENCY_QUOTA = 1000;

const TRACING = Object.entries(lambda.Tracing).map(([name, value]) => `Tracing.${name} ('${value}')`).join(', ');

/** Checks settings given at `prop` (`triggers.preSignUp`, `bundledFunctions`) for a function in `region`. */
export function checkFunctionSettings(prop: string, s: FunctionSettings, region: string): void {
  const reserved = s.reservedConcurrentExecutions;
  if (reserved !== undefined && !Token.isUnresolved(reserved) && (!Number.isInteger(reserved) || reserved < 1)) {
    throw new ConfigError(`${prop}.reservedConcurrentExecutions ${reserved} is invalid: give a whole number from 1 to the region's concurrency ` +
      `quota less the ${UNRESERVED_CONCURRENCY} Lambda keeps unreserved (${DEFAULT_CONCURRENCY_QUOTA - UNRESERVED_CONCURRENCY} with the default ` +
      `quota); a function that reserves 0 is throttled at every invocation, so every request it serves fails`);
  }
  if (s.tracing !== undefined && !(Object.values(lambda.Tracing) as string[]).includes(s.tracing)) {
    throw new ConfigError(`${prop}.tracing is '${s.tracing}': allowed values are ${TRACING}`);
  }
  if (s.vpc === undefined) {
    const orphan = VPC_KEYS.find((k) => s[k] !== undefined);
    if (orphan) throw new ConfigError(`${prop}.${orphan} is set, but ${prop}.vpc is not: give the VPC too`);
  } else {
    const selected = s.vpc.selectSubnets(s.vpcSubnets).subnets;
    if (selected.some((subnet) => s.vpc!.publicSubnets.includes(subnet))) {
      throw new ConfigError(`${prop}.vpcSubnets selects public subnets of '${s.vpc.node.path}': a function there gets no public address, so it ` +
        `reaches nothing outside the VPC; choose private subnets (with a NAT gateway) or isolated ones (with VPC endpoints)`);
    }
  }
  if (s.logGroupEncryptionKey !== undefined) {
    checkKmsKey(`${prop}.logGroupEncryptionKey`, s.logGroupEncryptionKey, {
      service: 'CloudWatch Logs',
      region,
      what: 'the function',
      regionRule: "CloudWatch Logs takes a key of the log group's region",
    });
  }
}

/**
 * What CloudWatch Logs of `scope`'s region needs in a key's policy to encrypt this account's log groups there, after
 * the CloudWatch Logs guide's "Encrypt log data in CloudWatch Logs using AWS KMS" (the service principal of the region,
 * and the encryption context `kms:EncryptionContext:aws:logs:arn`, which names the log group). Every log group of the
 * account and region, not the function's own: the log group names the key, so the key's policy cannot name the log
 * group without a circular dependency. The guide's actions, spelled out.
 */
export function logsKeyStatement(scope: IConstruct): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
      'kms:DescribeKey'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn':
          stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    },
  });
}

/** Keys already given the statement, per stack of the log groups (a key serves several functions). */
const logsKeys = new WeakMap<kms.IKey, Set<Stack>>();

/**
 * Lets CloudWatch Logs of `logGroup`'s region use `key` for this account's log groups: a key of this app gets the
 * statement, an imported key a warning (`cdk-cognito-auth:logsKeyImported`) that names it.
 */
export function allowLogsToUseKey(logGroup: IConstruct, key: kms.IKey, prop: string): void {
  const stack = Stack.of(logGroup);
  const done = logsKeys.get(key) ?? new Set<Stack>();
  if (done.has(stack)) return;
  done.add(stack);
  logsKeys.set(key, done);
  if (Resource.isOwnedResource(key)) {
    key.addToResourcePolicy(logsKeyStatement(logGroup));
    return;
  }
  warnAtSynth(logGroup, 'cdk-cognito-auth:logsKeyImported', () =>
    `${prop}.logGroupEncryptionKey '${key.node.path}' is imported, so this app cannot add to its key policy, which must allow CloudWatch Logs ` +
    `in ${regionName(stack.region)}: ${describeStatements(logGroup, [logsKeyStatement(logGroup)])}. Without it the log group cannot be ` +
    `created; acknowledge this warning once the key allows it.`);
}

/** Reservations of the bundled functions of each stack. */
const reservations = new WeakMap<Stack, { path: string; amount: number }[]>();

/**
 * Records a function's reservation. The first function of a stack that reserves any checks at synth that the stack's
 * reservations fit the default quota, and warns (`cdk-cognito-auth:reservedConcurrencyQuota`) when they do not: the
 * account's quota is not known at synth, and may have been raised.
 */
export function recordReservation(fn: IConstruct, amount: number | undefined): void {
  if (amount === undefined || Token.isUnresolved(amount)) return;
  const stack = Stack.of(fn);
  const list = reservations.get(stack);
  if (list) {
    list.push({ path: fn.node.path, amount });
    return;
  }
  const made = [{ path: fn.node.path, amount }];
  reservations.set(stack, made);
  warnAtSynth(fn, 'cdk-cognito-auth:reservedConcurrencyQuota', () => {
    const total = made.reduce((n, r) => n + r.amount, 0);
    if (total + UNRESERVED_CONCURRENCY <= DEFAULT_CONCURRENCY_QUOTA) return undefined;
    return `the bundled functions of stack '${stack.stackName}' reserve ${total} concurrent executions ` +
      `(${made.map((r) => `'${r.path}' ${r.amount}`).join(', ')}): Lambda keeps ${UNRESERVED_CONCURRENCY} of an account's concurrency unreserved ` +
      `in each region, so the account needs a concurrency quota of at least ${total + UNRESERVED_CONCURRENCY} in ${regionName(stack.region)} (the ` +
      `default is 1,000; new accounts may have less), or the deploy fails. Check "Concurrent executions" in Service Quotas, then acknowledge ` +
      `this warning.`;
  });
}
