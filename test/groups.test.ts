import { Template, Match } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { GroupRoleIdentityPool, IGroupRoleIdentityPool, MappedGroup, UserGroup } from '../lib';
import { identityPoolTrust, testStack } from './support/helpers';

describe('UserGroup and GroupRoleIdentityPool', () => {
  // GIVEN a pool, a client, an identity pool and three groups: created role, given role, no identity pool
  const stack = testStack();
  const userPool = new cognito.UserPool(stack, 'Pool');
  const client = userPool.addClient('Web');
  const identityPool = new GroupRoleIdentityPool(stack, 'Ids', { userPool });
  identityPool.addClient('web', client);
  const admin = new UserGroup(stack, 'Admin', { userPool, name: 'admin', description: 'Admins', precedence: 0, identityPool });
  const givenRole = new iam.Role(stack, 'Given', { assumedBy: new iam.AccountRootPrincipal() });
  const auditors = new UserGroup(stack, 'Auditors', { userPool, name: 'auditors', precedence: 5, role: givenRole, identityPool });
  const plain = new UserGroup(stack, 'Plain', { userPool, name: 'plain' });
  const template = Template.fromStack(stack);

  test('groups with name, description and precedence', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin', Description: 'Admins', Precedence: 0 });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'plain', Precedence: Match.absent(), RoleArn: Match.absent() });
    expect(plain.role).toBeUndefined();
  });

  test('a created role trusts only this identity pool, only for authenticated identities', () => {
    const created = Object.values(template.findResources('AWS::IAM::Role', {
      Properties: { Description: "Members of the Cognito group 'admin', through the identity pool" },
    }));
    expect(created.map((r) => r.Properties.AssumeRolePolicyDocument.Statement)).toEqual([[identityPoolTrust(/^Ids/, 'authenticated')]]);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'admin',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AdminRole'), 'Arn'] },
    });
    expect(admin.role).toBeDefined();
  });

  test('a given role is used as is', () => {
    expect(auditors.role).toBe(givenRole);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'auditors',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Given'), 'Arn'] },
    });
  });

  test('created roles have no permissions', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const roles = template.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles)) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
  });

  test('identity pool: enhanced flow only, no guests, server-side token check', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [
        {
          ProviderName: { 'Fn::GetAtt': [Match.stringLikeRegexp('Pool'), 'ProviderName'] },
          ClientId: { Ref: Match.stringLikeRegexp('PoolWeb') },
          ServerSideTokenCheck: true,
        },
      ],
    });
  });

  test('by default, one rule per group with a role, in precedence order: cognito:groups contains the name', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      Roles: { authenticated: { 'Fn::GetAtt': [Match.stringLikeRegexp('IdsAuthenticatedRole'), 'Arn'] } },
      RoleMappings: {
        web: {
          Type: 'Rules',
          AmbiguousRoleResolution: 'AuthenticatedRole',
          IdentityProvider: {
            'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Pool'), 'ProviderName'] }, ':', { Ref: Match.stringLikeRegexp('PoolWeb') }]],
          },
          RulesConfiguration: {
            Rules: [
              { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admin', RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('AdminRole'), 'Arn'] } },
              { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'auditors', RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('Given'), 'Arn'] } },
            ],
          },
        },
      },
    });
  });

  test('a given role is made to trust the identity pool too', () => {
    const given = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('Given'))![1];
    expect(given.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { AWS: expect.anything() } }),
      identityPoolTrust(/^Ids/, 'authenticated'),
    ]);
  });
});

describe('UserGroup takes the identity pool by its interface', () => {
  test('an IGroupRoleIdentityPool of your own (here one that records the groups and passes them on) is used like the L3', () => {
    // GIVEN an identity pool behind an IGroupRoleIdentityPool of the user's own
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const inner = new GroupRoleIdentityPool(stack, 'Ids', { userPool });
    inner.addClient('web', userPool.addClient('Web'));
    const seen: string[] = [];
    const wrapper: IGroupRoleIdentityPool = {
      node: inner.node,
      with: (...mixins) => inner.with(...mixins),
      identityPoolId: inner.identityPoolId,
      createRole: (scope, id, description) => inner.createRole(scope, id, description),
      trustRole: (role, usedAs) => inner.trustRole(role, usedAs),
      addGroup: (group: MappedGroup) => {
        seen.push(group.name);
        inner.addGroup(group);
      },
    };
    // WHEN a group is made with it
    const group = new UserGroup(stack, 'Admin', { userPool, name: 'admin', precedence: 0, identityPool: wrapper });
    // THEN the group got a role trusted by the pool, and joined the pool's role mapping
    expect(seen).toEqual(['admin']);
    expect(group.role).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      RoleMappings: { web: { RulesConfiguration: { Rules: [Match.objectLike({ Value: 'admin', RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('AdminRole'), 'Arn'] } })] } } },
    });
  });

  test('from plain JavaScript, an object that lacks what the interface declares is refused, naming what it lacks', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    expect(() => new UserGroup(stack, 'G', { userPool, name: 'ops', identityPool: { identityPoolId: 'x' } } as never)).toThrow(
      "[Test/G] groups['ops'].identityPool is a plain object: expected an IGroupRoleIdentityPool (it lacks addGroup(), createRole(), trustRole())",
    );
  });
});

describe('UserGroup validation', () => {
  test('a name with white space', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    expect(() => new UserGroup(stack, 'G', { userPool, name: 'power users' })).toThrow(
      "groups[].name 'power users' is invalid: a group name is 1 to 128 letters, digits, symbols or punctuation, with no white space",
    );
  });

  test('a negative precedence', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    expect(() => new UserGroup(stack, 'G', { userPool, name: 'ops', precedence: -1 })).toThrow(
      "groups['ops'].precedence -1 is invalid: precedence is a whole number from 0 to 2147483647",
    );
  });
});
