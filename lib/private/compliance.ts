// The findings of cdk-nag's rule packs that the library answers on its own resources by acknowledging them, each with
// its reason: rules that cannot apply to what the resource is (a dead-letter queue for a function that is only ever
// invoked synchronously) or that the library answers another way (inline policies, scoped to one role). The library
// cannot know which packs a user runs, so it acknowledges every pack's id of a rule; an id of a pack that is not run is
// never read.
import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** Every acknowledgement's reason starts with this, so that a report or an audit trail shows who made it. */
export const ACK_REASON_PREFIX = 'cdk-cognito-auth: ';

/** The rules, by what they ask, as each pack that has them names them. */
export const PACK_RULES = {
  /** No inline policy on a role, and no AWS::IAM::Policy. */
  noInlinePolicy: [
    'HIPAA.Security-IAMNoInlinePolicy',
    'NIST.800.53.R4-IAMNoInlinePolicy',
    'NIST.800.53.R5-IAMNoInlinePolicy',
    'PCI.DSS.321-IAMNoInlinePolicy',
  ],
  /** A dead-letter target on every Lambda function. */
  deadLetterQueue: ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ'],
  /** Every Lambda function in a VPC. */
  functionInVpc: ['HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R4-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC',
    'PCI.DSS.321-LambdaInsideVPC'],
  /** Every log group encrypted with a KMS key. */
  logGroupEncrypted: [
    'HIPAA.Security-CloudWatchLogGroupEncrypted',
    'NIST.800.53.R4-CloudWatchLogGroupEncrypted',
    'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    'PCI.DSS.321-CloudWatchLogGroupEncrypted',
  ],
} as const;

export type RuleConcern = keyof typeof PACK_RULES;

/**
 * Acknowledges every pack's rule for `concern` on `resource` (an L1 resource, so that what a user adds beside it, such
 * as a default policy on a role, is not covered), with `reason`.
 *
 * The id is the rule's own (`HIPAA.Security-LambdaDLQ`), which cdk-nag matches on the resource and its parents only.
 * The form cdk-nag's report suggests, with the pack's name before `::` (`HIPAA.Security::HIPAA.Security-LambdaDLQ`),
 * is matched by aws-cdk-lib against every finding of the whole app: a library must never use it.
 */
export function acknowledgeRule(resource: IConstruct, concern: RuleConcern, reason: string): void {
  for (const id of PACK_RULES[concern]) acknowledgeFinding(resource, id, reason);
}

/** Acknowledges one finding (`AwsSolutions-IAM5[Resource::*]`) on `resource` and its children only, with `reason`. */
export function acknowledgeFinding(resource: IConstruct, id: string, reason: string): void {
  Validations.of(resource).acknowledge({ id, reason: `${ACK_REASON_PREFIX}${reason}` });
}

/** A template value as cdk-nag's AwsSolutions-IAM5 names it: a Ref as <Name>, a GetAtt as <Name.Attribute>, a join joined. */
function flatten(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const v = value as Record<string, any>;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(flatten).join(v['Fn::Join'][0]);
  if (v['Fn::Sub']) return flatten(v['Fn::Sub']);
  if (v['Fn::GetAtt']) return `<${flatten(v['Fn::GetAtt'][0])}.${flatten(v['Fn::GetAtt'][1])}>`;
  if (v['Fn::ImportValue']) return flatten(v['Fn::ImportValue']);
  if (v.Ref) return `<${flatten(v.Ref)}>`;
  return JSON.stringify(value);
}

/** A statement whose resources hold a wildcard, and why. */
export interface WildcardStatement {
  readonly statement: iam.PolicyStatement;
  readonly reason: string;
}

/**
 * Acknowledges, on the Lambda function's role `role`, the findings of the wildcards in the resources of `statements`:
 * AwsSolutions-IAM5's for each (`AwsSolutions-IAM5[Resource::*]`), with its statement's reason, and the Serverless
 * pack's LambdaStarPermissions (one per role) for those that are exactly `*`, with their reasons. Only these findings:
 * a wildcard that anyone else adds to the role is still reported by IAM5.
 */
export function acknowledgeWildcards(role: IConstruct, statements: WildcardStatement[]): void {
  const star: string[] = [];
  for (const { statement, reason } of statements) {
    const json = Stack.of(role).resolve(statement.toStatementJson());
    const resources = ([] as unknown[]).concat(json.Resource ?? []).map(flatten);
    for (const r of resources.filter((x) => x.includes('*'))) acknowledgeFinding(role, `AwsSolutions-IAM5[Resource::${r}]`, reason);
    if (resources.includes('*')) star.push(reason);
  }
  if (star.length > 0) acknowledgeFinding(role, 'Serverless-LambdaStarPermissions', star.join(' '));
}
