import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CognitoAuth, CognitoAuthProps, ClientKind, GroupRoleIdentityPool, RoleMapping, RuleMatchType, UnmatchedUsers } from '../../lib';
import { ConfigError } from '../../lib/private/errors';
import { identityPoolTrust, testApp, testStack } from '../support/helpers';
import { synthReport } from '../support/nag';

const BASE: CognitoAuthProps = {
  customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: false }) },
  clients: [
    { name: 'web', kind: ClientKind.PUBLIC_WEB },
    { name: 'mobile', kind: ClientKind.NATIVE },
  ],
  groups: [
    { name: 'member', precedence: 10 },
    { name: 'admin', precedence: 0 },
    { name: 'support' },
    { name: 'editor', precedence: 5 },
  ],
};

function synth(props: CognitoAuthProps, extra?: (auth: CognitoAuth) => void) {
  const stack = testStack();
  const auth = new CognitoAuth(stack, 'Auth', props);
  extra?.(auth);
  return { auth, template: Template.fromStack(stack), stack };
}

const providerName = (client: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthUserPool'), 'ProviderName'] }, ':', { Ref: Match.stringLikeRegexp(`^AuthClient${client}`) }]],
});
const roleArn = (pattern: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(pattern), 'Arn'] });

describe('role mapping from groups (the default)', () => {
  const { template } = synth({ ...BASE, identityPool: {} });

  test('one Rules mapping per client, keyed by the provider name Cognito expects (<ProviderName>:<clientId>)', () => {
    const attachment = Object.values(template.findResources('AWS::Cognito::IdentityPoolRoleAttachment'))[0];
    expect(Object.keys(attachment.Properties.RoleMappings)).toEqual(['web', 'mobile']);
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      RoleMappings: {
        web: Match.objectLike({ Type: 'Rules', IdentityProvider: providerName('web') }),
        mobile: Match.objectLike({ Type: 'Rules', IdentityProvider: providerName('mobile') }),
      },
    });
  });

  test('rules in precedence order (lowest first, groups without precedence last), users in no group get the default role', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      RoleMappings: {
        web: {
          Type: 'Rules',
          AmbiguousRoleResolution: 'AuthenticatedRole',
          IdentityProvider: Match.anyValue(),
          RulesConfiguration: {
            Rules: ['admin', 'editor', 'member', 'support'].map((g) => ({
              Claim: 'cognito:groups',
              MatchType: 'Contains',
              Value: g,
              RoleARN: roleArn(`^AuthGroup${g}Role`),
            })),
          },
        },
      },
    });
  });

  test('every role trusts only this pool and only authenticated identities, without session tags', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(5);
    for (const role of roles) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([identityPoolTrust(/^AuthIdentityPool/, 'authenticated')]);
    }
  });

  test('no guests, no guest role', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPool', { AllowUnauthenticatedIdentities: false, AllowClassicFlow: false });
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      Roles: { authenticated: roleArn('^AuthIdentityPoolAuthenticatedRole'), unauthenticated: Match.absent() },
    });
  });
});

describe('explicit rules', () => {
  test('rules in the given order with each match type; unmatched users denied by default; rule roles get the trust', () => {
    const stack = testStack();
    const tenantRole = new iam.Role(stack, 'TenantRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const staffRole = new iam.Role(stack, 'StaffRole', { assumedBy: new iam.AccountRootPrincipal() });
    new CognitoAuth(stack, 'Auth', {
      ...BASE,
      identityPool: {
        roleMapping: RoleMapping.fromRules([
          { claim: 'cognito:groups', matchType: RuleMatchType.CONTAINS, value: 'admin', role: staffRole },
          { claim: 'custom:tenant_id', matchType: RuleMatchType.EQUALS, value: 'acme', role: tenantRole },
          { claim: 'email', matchType: RuleMatchType.STARTS_WITH, value: 'ops-', role: staffRole },
          { claim: 'custom:tenant_id', matchType: RuleMatchType.NOT_EQUAL, value: 'blocked', role: tenantRole },
        ]),
      },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      RoleMappings: {
        web: {
          Type: 'Rules',
          AmbiguousRoleResolution: 'Deny',
          IdentityProvider: providerName('web'),
          RulesConfiguration: {
            Rules: [
              { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admin', RoleARN: roleArn('^StaffRole') },
              { Claim: 'custom:tenant_id', MatchType: 'Equals', Value: 'acme', RoleARN: roleArn('^TenantRole') },
              { Claim: 'email', MatchType: 'StartsWith', Value: 'ops-', RoleARN: roleArn('^StaffRole') },
              { Claim: 'custom:tenant_id', MatchType: 'NotEqual', Value: 'blocked', RoleARN: roleArn('^TenantRole') },
            ],
          },
        },
      },
    });
    const tenant = Object.entries(t.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('TenantRole'))![1];
    expect(tenant.Properties.AssumeRolePolicyDocument.Statement[1]).toEqual(identityPoolTrust(/^AuthIdentityPool/, 'authenticated'));
  });

  test('unmatched users can get the default role instead', () => {
    const stack = testStack();
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    new CognitoAuth(stack, 'Auth', {
      ...BASE,
      identityPool: { roleMapping: RoleMapping.fromRules([{ claim: 'cognito:groups', matchType: RuleMatchType.CONTAINS, value: 'admin', role }], UnmatchedUsers.DEFAULT_ROLE) },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      RoleMappings: { web: Match.objectLike({ AmbiguousRoleResolution: 'AuthenticatedRole' }) },
    });
  });
});

describe('role from the token', () => {
  test('Token mappings; the groups carry their roles for cognito:preferred_role; deny when asked', () => {
    const { template } = synth({ ...BASE, identityPool: { roleMapping: RoleMapping.fromToken(UnmatchedUsers.DENY) } });
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      RoleMappings: {
        web: { Type: 'Token', AmbiguousRoleResolution: 'Deny', IdentityProvider: providerName('web') },
        mobile: { Type: 'Token', AmbiguousRoleResolution: 'Deny', IdentityProvider: providerName('mobile') },
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin', Precedence: 0, RoleArn: roleArn('^AuthGroupadminRole') });
  });
});

describe('guests, principal tags, other providers, grants', () => {
  const stack = testStack();
  const bucket = new s3.Bucket(stack, 'Files');
  const auth = new CognitoAuth(stack, 'Auth', {
    ...BASE,
    identityPool: {
      allowGuests: true,
      principalTags: { tenant: 'custom:tenant_id', client: 'aud' },
      externalProviders: { google: '123.apps.googleusercontent.com', samlProviderArns: ['arn:aws:iam::123456789012:saml-provider/Corp'] },
    },
  });
  const userFolder = auth.identityPool!.grantUserFolder(auth.group('member').role!, bucket);
  const tenantFolder = auth.identityPool!.grantTenantFolder(auth.group('editor').role!, bucket);
  const template = Template.fromStack(stack);

  test('the folder grants return their iam.Grant: both statements (objects, and the listing of the folder)', () => {
    for (const grant of [userFolder, tenantFolder]) {
      expect(grant).toBeInstanceOf(iam.Grant);
      expect(grant.success).toBe(true);
      expect(grant.principalStatements.map((st) => st.actions)).toEqual([['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], ['s3:ListBucket']]);
    }
  });

  test('guests: a guest role trusted only for unauthenticated identities, no permissions, cdk-nag finding acknowledged', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPool', { AllowUnauthenticatedIdentities: true });
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      Roles: { authenticated: roleArn('^AuthIdentityPoolAuthenticatedRole'), unauthenticated: roleArn('^AuthIdentityPoolGuestRole') },
    });
    const guest = Object.values(template.findResources('AWS::IAM::Role', {
      Properties: { Description: 'Guests (unauthenticated identities) of the identity pool' },
    }));
    expect(guest.map((r) => r.Properties.AssumeRolePolicyDocument.Statement)).toEqual([[identityPoolTrust(/^AuthIdentityPool/, 'unauthenticated', true)]]);
    expect(guest[0].Properties.Policies).toBeUndefined();
    const pool = auth.identityPool!.cfnIdentityPool;
    const acks = pool.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules' || Object.keys(m.data ?? {}).some((k) => k.includes('COG7')));
    expect(JSON.stringify(acks)).toContain('AwsSolutions-COG7');
  });

  test("guests: the acknowledgement covers this identity pool only; another one of the app that allows guests is still reported", () => {
    const app = testApp();
    Validations.of(app).addPlugins(new AwsSolutionsChecks());
    const stack = new Stack(app, 'Guests');
    new CognitoAuth(stack, 'Auth', { ...BASE, identityPool: { roleMapping: RoleMapping.fromGroups(), allowGuests: true } });
    new cognito.CfnIdentityPool(stack, 'Other', { allowUnauthenticatedIdentities: true });
    expect(synthReport(app).filter((f) => f.rule === 'AwsSolutions-COG7').map((f) => f.path)).toEqual(['Guests/Other']);
  });

  test('principal tags from claims, and sts:TagSession in every trust policy', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPoolPrincipalTag', {
      IdentityPoolId: { Ref: Match.stringLikeRegexp('^AuthIdentityPool') },
      IdentityProviderName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthUserPool'), 'ProviderName'] },
      PrincipalTags: { tenant: 'custom:tenant_id', client: 'aud' },
      UseDefaults: false,
    });
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      const amr = role.Properties.Description?.startsWith('Guests') ? 'unauthenticated' : 'authenticated';
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([identityPoolTrust(/^AuthIdentityPool/, amr, true)]);
    }
  });

  test('other providers the identity pool accepts directly', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      SupportedLoginProviders: { 'accounts.google.com': '123.apps.googleusercontent.com' },
      SamlProviderARNs: ['arn:aws:iam::123456789012:saml-provider/Corp'],
    });
  });

  test('per-user and per-tenant folders, keyed by the identity id and the tenant tag', () => {
    const objects = (folder: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Files'), 'Arn'] }, `/${folder}/*`]],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AuthGroupmemberRole') }],
      PolicyDocument: {
        Statement: [
          { Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], Effect: 'Allow', Resource: objects('private/${cognito-identity.amazonaws.com:sub}') },
          {
            Action: 's3:ListBucket',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Files'), 'Arn'] },
            Condition: { StringLike: { 's3:prefix': ['private/${cognito-identity.amazonaws.com:sub}/*'] } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AuthGroupeditorRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: objects('tenants/${aws:PrincipalTag/tenant}') })]) },
    });
  });
});

describe('identity pool validation', () => {
  test('26 groups with roles: more rules than Cognito allows', () => {
    const groups = Array.from({ length: 26 }, (_, i) => ({ name: `g${i}`, precedence: i }));
    expect(() => synth({ clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }], groups, identityPool: {} })).toThrow(
      "identityPool.roleMapping has 26 rules for the identity provider of client 'web': Cognito allows at most 25 per identity provider (one per group with a role)",
    );
  });

  test('25 groups with roles pass', () => {
    const groups = Array.from({ length: 25 }, (_, i) => ({ name: `g${i}`, precedence: i }));
    expect(() => synth({ clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }], groups, identityPool: {} })).not.toThrow();
  });

  test('26 explicit rules: refused by the identity pool that gets them, with its path', () => {
    const stack = testStack();
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    const rules = Array.from({ length: 26 }, (_, i) => ({ claim: 'custom:tenant_id', matchType: RuleMatchType.EQUALS, value: `t${i}`, role }));
    const roleMapping = RoleMapping.fromRules(rules);
    expect(() => new CognitoAuth(stack, 'Auth', { ...BASE, identityPool: { roleMapping } })).toThrow(new ConfigError(
      '[Test/Auth/IdentityPool] RoleMapping.fromRules() has 26 rules: Cognito takes 1 to 25 rules per identity provider (for no rules, use ' +
        'RoleMapping.fromGroups() or leave roleMapping out)',
    ));
    const userPool = new cognito.UserPool(stack, 'Pool');
    expect(() => new GroupRoleIdentityPool(stack, 'Ids', { userPool, roleMapping })).toThrow(new ConfigError(
      '[Test/Ids] RoleMapping.fromRules() has 26 rules: Cognito takes 1 to 25 rules per identity provider (for no rules, use ' +
        'RoleMapping.fromGroups() or leave roleMapping out)',
    ));
  });

  test('an empty rule list (Cognito refuses it at deploy; the CloudFormation schema lets it through)', () => {
    const stack = testStack();
    expect(() => new GroupRoleIdentityPool(stack, 'Ids', { userPool: new cognito.UserPool(stack, 'Pool'), roleMapping: RoleMapping.fromRules([]) })).toThrow(
      new ConfigError(
        '[Test/Ids] RoleMapping.fromRules() has 0 rules: Cognito takes 1 to 25 rules per identity provider (for no rules, use ' +
          'RoleMapping.fromGroups() or leave roleMapping out)',
      ),
    );
  });

  test('25 explicit rules pass', () => {
    const stack = testStack();
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    const rules = Array.from({ length: 25 }, (_, i) => ({ claim: 'custom:tenant_id', matchType: RuleMatchType.EQUALS, value: `t${i}`, role }));
    expect(() => new GroupRoleIdentityPool(stack, 'Ids', { userPool: new cognito.UserPool(stack, 'Pool'), roleMapping: RoleMapping.fromRules(rules) })).not.toThrow();
  });

  test('a rule on a group that does not exist', () => {
    const stack = testStack();
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    new CognitoAuth(stack, 'Auth', {
      ...BASE,
      identityPool: { roleMapping: RoleMapping.fromRules([{ claim: 'cognito:groups', matchType: RuleMatchType.CONTAINS, value: 'admins', role }]) },
    });
    expect(() => Template.fromStack(stack)).toThrow(
      "identityPool.roleMapping rule 0 names the group 'admins', which is not a group of this pool; groups: member, admin, support, editor",
    );
  });

  test('a principal tag on an unknown attribute', () => {
    expect(() => synth({ ...BASE, identityPool: { principalTags: { tenant: 'custom:tenant' } } })).toThrow(
      "identityPool.principalTags['tenant'] 'custom:tenant' is not a custom attribute of this user pool; declared: custom:tenant_id",
    );
  });

  test('token mapping with a group that has no role', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    const ids = new GroupRoleIdentityPool(stack, 'Ids', { userPool: pool, roleMapping: RoleMapping.fromToken() });
    ids.addClient('web', pool.addClient('Web'));
    ids.addGroup({ name: 'roleless' });
    expect(() => Template.fromStack(stack)).toThrow(
      "identityPool.roleMapping is fromToken(), but the group 'roleless' has no role: give it one, or map from groups",
    );
  });

  test('a tenant grant without principal tags', () => {
    expect(() =>
      synth({ ...BASE, identityPool: {} }, (auth) => auth.identityPool!.grantTenantFolder(auth.group('admin').role!, new s3.Bucket(auth, 'B'))),
    ).toThrow("grantTenantFolder needs the principal tag 'tenant': set identityPool.principalTags");
  });
});
