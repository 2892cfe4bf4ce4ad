// A bundled function in a VPC: the permissions Lambda needs for the function's network interfaces, and a check at
// synth that the function can reach the AWS services it calls from the subnets it was given.
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { warnAtSynth } from './key-policy';

/** The AWS services a bundled function calls over the network, by their endpoint prefix. */
export type AwsService = 'cognito-idp' | 'dynamodb' | 'kms' | 'email' | 'sns' | 'secretsmanager';

const SERVICE_NAMES: Record<AwsService, string> = {
  'cognito-idp': 'Cognito (cognito-idp)', 'dynamodb': 'DynamoDB', 'kms': 'KMS', 'email': 'SES (email)', 'sns': 'SNS',
  'secretsmanager': 'Secrets Manager',
};

/** A statement of the function's role, with why its resources hold a wildcard, if they do. */
export interface ReasonedStatement {
  readonly statement: iam.PolicyStatement;
  readonly wildcardReason?: string;
}

/**
 * What Lambda needs in the execution role to attach a function to a VPC (Lambda developer guide, "Giving Lambda
 * functions access to resources in an Amazon VPC", execution role permissions; the actions of the AWS managed policy
 * AWSLambdaVPCAccessExecutionRole), as narrow as EC2 allows: the Describe actions take no resource; network
 * interfaces are created in the chosen subnets with the chosen security groups only (by id: in a shared VPC they
 * belong to the owner's account), and Lambda manages the network interfaces of this account and region.
 */
export function vpcStatements(scope: IConstruct, subnets: ec2.ISubnet[], securityGroups: ec2.ISecurityGroup[]): ReasonedStatement[] {
  const stack = Stack.of(scope);
  const arn = (resource: string, resourceName: string, account?: string) =>
    stack.formatArn({ service: 'ec2', resource, resourceName, account, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  const interfaces = arn('network-interface', '*');
  return [
    {
      statement: new iam.PolicyStatement({ actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], resources: ['*'] }),
      wildcardReason: "EC2's Describe actions take no resource (Service Authorization Reference); Lambda needs them to attach the function " +
        'to its subnets.',
    },
    {
      statement: new iam.PolicyStatement({
        actions: ['ec2:CreateNetworkInterface'],
        resources: [
          interfaces,
          ...subnets.map((s) => arn('subnet', s.subnetId, '*')),
          ...securityGroups.map((g) => arn('security-group', g.securityGroupId, '*')),
        ],
      }),
      wildcardReason: 'Lambda names the network interfaces it creates, so their ids are not known before; they are created only in the ' +
        "function's subnets, with its security groups, named by id (any account: a shared VPC's subnets belong to its owner).",
    },
    {
      statement: new iam.PolicyStatement({
        actions: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: [interfaces],
      }),
      wildcardReason: "Lambda names the function's network interfaces, so their ids are not known before; this account and region only.",
    },
  ];
}

/** Whether a user pool of this app has a domain (a prefix or custom domain in its stack). */
function hasDomain(userPool: cognito.IUserPool): boolean {
  const stack = Stack.of(userPool);
  const pool = JSON.stringify(stack.resolve(userPool.userPoolId));
  return stack.node.findAll().some((c) => c instanceof cognito.CfnUserPoolDomain && JSON.stringify(stack.resolve(c.userPoolId)) === pool);
}

/** Whether a VPC of this app has an endpoint for the service (gateway or interface); undefined for a VPC from elsewhere. */
function hasEndpoint(vpc: ec2.IVpc, service: AwsService): boolean | undefined {
  if (!(vpc.node.defaultChild instanceof ec2.CfnVPC)) return undefined;
  const stack = Stack.of(vpc);
  const id = JSON.stringify(stack.resolve(vpc.vpcId));
  return stack.node.findAll().some((c) => c instanceof ec2.CfnVPCEndpoint && JSON.stringify(stack.resolve(c.vpcId)) === id &&
    JSON.stringify(stack.resolve(c.serviceName)).includes(`.${service}`));
}

/**
 * Warns at synth (`cdk-cognito-auth:functionNetworkReach`) when a function in isolated subnets (no NAT gateway) calls a
 * service it cannot reach from there: Cognito of a pool with a domain, which takes no request through a VPC endpoint
 * (Cognito developer guide, "Access Amazon Cognito using an interface endpoint (AWS PrivateLink)"), or a service the
 * VPC, when it is of this app, has no endpoint for. Read at synth: endpoints and domains may be added later.
 */
export function warnOnNetworkReach(fn: IConstruct, vpc: ec2.IVpc, subnets: ec2.ISubnet[], calls: AwsService[], userPool?: cognito.IUserPool): void {
  if (calls.length === 0 || subnets.length === 0 || !subnets.every((s) => vpc.isolatedSubnets.includes(s))) return;
  warnAtSynth(fn, 'cdk-cognito-auth:functionNetworkReach', () => {
    const problems = calls.flatMap((service) => {
      if (service === 'cognito-idp' && userPool !== undefined && hasDomain(userPool)) {
        return [`${SERVICE_NAMES[service]}, which takes no request through a VPC endpoint for a user pool with a domain`];
      }
      return hasEndpoint(vpc, service) === false ? [`${SERVICE_NAMES[service]}, and the VPC has no endpoint for it`] : [];
    });
    if (problems.length === 0) return undefined;
    return `the function '${fn.node.path}' runs in isolated subnets of '${vpc.node.path}' (no NAT gateway) and calls ${problems.join('; and ')}: ` +
      'select subnets with a NAT gateway (SubnetType.PRIVATE_WITH_EGRESS), or add the VPC endpoints it needs, then acknowledge this warning if ' +
      'another route serves it.';
  });
}
