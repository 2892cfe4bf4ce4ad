import { Arn, ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { located } from '../private/errors';
import { checkProps } from '../private/props-check';

/** Props of UserImportRole. */
export interface UserImportRoleProps {
  /** The user pool whose import jobs use the role: the role may write only that pool's import logs. */
  readonly userPool: cognito.IUserPool;

  /**
   * The role's name.
   *
   * @default a name CloudFormation generates
   */
  readonly roleName?: string;
}

/**
 * The IAM role a user import job of a pool needs (CreateUserImportJob's CloudWatchLogsRoleArn): Cognito assumes it to
 * write each job's results to CloudWatch Logs. As the Amazon Cognito Developer Guide's "Creating the CloudWatch Logs
 * IAM role" gives it, the role trusts `cognito-idp.amazonaws.com` and may call logs:CreateLogGroup,
 * logs:CreateLogStream, logs:DescribeLogStreams and logs:PutLogEvents, in an inline policy; where the guide allows
 * every log group under `/aws/cognito/`, this role is limited to the pool's own, `/aws/cognito/userpools/<pool id>/`
 * ("Viewing the user pool import results": the group is named `/aws/cognito/userpools/<pool id>/<pool name>`), in the
 * pool's region and account. The `cognito-user-import` command of this package takes its ARN with `--role-arn`.
 */
export class UserImportRole extends Construct {
  /** The role. */
  public readonly role: iam.IRole;

  /** The role's ARN: give it to `cognito-user-import --role-arn`. */
  public readonly roleArn: string;

  /** The log groups the role may write: the pool's import logs. */
  public readonly logGroupsArn: string;

  constructor(scope: Construct, id: string, props: UserImportRoleProps) {
    super(scope, id);
    try {
      checkProps('UserImportRoleProps', props);
      const pool = props.userPool;
      this.logGroupsArn = Arn.format(
        {
          service: 'logs',
          region: pool.env.region,
          account: pool.env.account,
          resource: 'log-group',
          resourceName: `/aws/cognito/userpools/${pool.userPoolId}/*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        },
        Stack.of(pool),
      );
      const role = new iam.Role(this, 'Role', {
        roleName: props.roleName,
        description: 'Writes the results of the user pool\'s import jobs to CloudWatch Logs (CreateUserImportJob CloudWatchLogsRoleArn)',
        assumedBy: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
        inlinePolicies: {
          ImportJobLogs: new iam.PolicyDocument({
            statements: [
              new iam.PolicyStatement({
                actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
                resources: [this.logGroupsArn],
              }),
            ],
          }),
        },
      });
      this.role = role;
      this.roleArn = role.roleArn;
      // The log group is named after the pool and each stream after a job, so the resource ends in a wildcard under the
      // pool's own prefix: acknowledge exactly that finding of cdk-nag's AwsSolutions pack, for this role only.
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagText(Stack.of(this).resolve(this.logGroupsArn))}]`,
        reason:
          'Cognito names the import log group after the pool and each stream after its job: ' +
          'the wildcard stays under this pool\'s /aws/cognito/userpools/<pool id>/ prefix.',
      });
    } catch (err) {
      throw located(this, err);
    }
  }
}

/** A resolved value as cdk-nag writes it in a finding: a Ref as <Name>, a GetAtt as <Name.Attribute>, joins joined. */
function nagText(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.Ref !== undefined) return `<${value.Ref}>`;
  if (value?.['Fn::GetAtt'] !== undefined) return `<${[].concat(value['Fn::GetAtt']).join('.')}>`;
  if (value?.['Fn::Join'] !== undefined) return (value['Fn::Join'][1] as any[]).map(nagText).join(value['Fn::Join'][0]);
  return JSON.stringify(value);
}
