/**
 * UserImportRole: the role a user import job writes its results to CloudWatch Logs with. Its trust and its inline
 * policy as the Amazon Cognito Developer Guide's "Creating the CloudWatch Logs IAM role" gives them, limited to the
 * pool's own log groups; cdk-nag's AwsSolutions pack finds nothing unacknowledged.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CognitoAuth, UserImportRole } from '../../lib';
import { testApp } from '../support/helpers';

function synth(build: (stack: Stack) => void): Template {
  const stack = new Stack(testApp(), 'Auth', { env: { account: '123456789012', region: 'eu-west-1' } });
  build(stack);
  return Template.fromStack(stack);
}

const LOGS_ACTIONS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'];

describe('UserImportRole', () => {
  test('trusts cognito-idp.amazonaws.com, and may write the pool\'s own import logs only, in an inline policy', () => {
    const template = synth((stack) => {
      const auth = new CognitoAuth(stack, 'Auth', {});
      new UserImportRole(stack, 'Import', { userPool: auth.userPool });
    });
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    const [role] = Object.values(template.findResources('AWS::IAM::Role'));
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'cognito-idp.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const poolId = Object.keys(template.findResources('AWS::Cognito::UserPool'))[0];
    expect(role.Properties.Policies).toEqual([
      {
        PolicyName: 'ImportJobLogs',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: LOGS_ACTIONS,
              Resource: { 'Fn::Join': ['', ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cognito/userpools/', { Ref: poolId }, '/*']] },
            },
          ],
        },
      },
    ]);
  });

  test('a role name, and an imported pool: the pool\'s id, region and account in the resource', () => {
    const template = synth((stack) => {
      const pool = cognito.UserPool.fromUserPoolArn(stack, 'Pool', 'arn:aws:cognito-idp:us-east-2:210987654321:userpool/us-east-2_Abc123');
      new UserImportRole(stack, 'Import', { userPool: pool, roleName: 'cognito-user-import' });
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'cognito-user-import',
      Policies: [
        {
          PolicyName: 'ImportJobLogs',
          PolicyDocument: {
            Statement: [
              {
                Action: LOGS_ACTIONS,
                Resource: 'arn:aws:logs:us-east-2:210987654321:log-group:/aws/cognito/userpools/us-east-2_Abc123/*',
              },
            ],
          },
        },
      ],
    });
  });

  test('the role ARN for --role-arn, and the log groups it may write', () => {
    const stack = new Stack(testApp(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
    const pool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_Abc123');
    const role = new UserImportRole(stack, 'Import', { userPool: pool });
    expect(stack.resolve(role.roleArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ImportRole[0-9A-F]{8}$/), 'Arn'] });
    expect(stack.resolve(role.logGroupsArn)).toBe('arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cognito/userpools/eu-west-1_Abc123/*');
  });

  test('cdk-nag\'s AwsSolutions pack: nothing found on the role but the pool-scoped wildcard, acknowledged with its reason', () => {
    // an environment-agnostic stack, so the resource holds Refs; the pool's own findings (plan, MFA) are not this test's
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'user-import-nag-'));
    const app = testApp({}, dir);
    const stack = new Stack(app, 'Auth');
    const auth = new CognitoAuth(stack, 'Auth', {});
    new UserImportRole(stack, 'Import', { userPool: auth.userPool });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-COG8/);
    const [report] = JSON.parse(fs.readFileSync(path.join(dir, 'validation-report.json'), 'utf8')).pluginReports;
    const on = (violations: any[]) => violations.filter((v) => v.violatingConstructs.some((c: any) => c.constructPath.startsWith('Auth/Import/')));
    expect(on(report.violations)).toEqual([]);
    expect(on(report.suppressedViolations).map((v: any) => [v.ruleName, v.reason])).toEqual([
      [
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/cognito/userpools/<AuthUserPool89DB94DB>/*]',
        'Cognito names the import log group after the pool and each stream after its job: the wildcard stays under this pool\'s /aws/cognito/userpools/<pool id>/ prefix.',
      ],
    ]);
  });
});
