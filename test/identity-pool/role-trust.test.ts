import { Fn, Lazy, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ClientKind, CognitoAuth, CognitoAuthProps, GroupRoleIdentityPool, IdentityPoolRole, RoleMapping, RuleMatchType, UserGroup } from '../../lib';
import { ConfigError } from '../../lib/private/errors';
import { identityPoolTrust, testApp, testStack } from '../support/helpers';

/**
 * A role handed out by the identity pool trusts only that pool (`aud`) and only its authenticated identities (`amr`).
 * A role the app can read and that trusts more is refused at synth, never widened beside or patched; an imported
 * role gets a warning naming the conditions; IdentityPoolRole makes the role right.
 */
const BASE: CognitoAuthProps = {
  customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: false }) },
  clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }],
  groups: [{ name: 'admin', precedence: 0 }],
};

const rule = (role: iam.IRole) => RoleMapping.fromRules([{ claim: 'cognito:groups', matchType: RuleMatchType.CONTAINS, value: 'admin', role }]);

const FIX = 'create it with new IdentityPoolRole(scope, id) instead, to which the identity pool adds the trust it needs (this pool, authenticated identities only)';
const NO_AUD = 'without a StringEquals condition on cognito-identity.amazonaws.com:aud naming this identity pool, so the identities of every identity pool can assume it';
const NO_AMR = "without a ForAnyValue:StringLike condition on cognito-identity.amazonaws.com:amr of 'authenticated', so guests (unauthenticated identities) can assume it";
const OTHER_POOL = 'eu-west-1:11111111-2222-3333-4444-555555555555';

/** A stack with a role made by `makeRole`, given as the role of rule 0 of a CognitoAuth's identity pool. */
function withRuleRole(makeRole: (stack: Stack) => iam.IRole, after?: (role: iam.IRole, auth: CognitoAuth) => void) {
  const stack = testStack();
  const role = makeRole(stack);
  const auth = new CognitoAuth(stack, 'Auth', { ...BASE, identityPool: { roleMapping: rule(role) } });
  after?.(role, auth);
  return { stack, role, auth };
}

function statementsOf(stack: Stack, logicalIdPrefix: string): unknown[] {
  const [, role] = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Role')).find(([id]) => id.startsWith(logicalIdPrefix))!;
  return role.Properties.AssumeRolePolicyDocument.Statement;
}

describe('a role of yours that lets cognito-identity.amazonaws.com assume it without this pool and authenticated identities is refused', () => {
  test('the obvious role, assumedBy new FederatedPrincipal(cognito-identity.amazonaws.com): refused with the fix, not widened beside', () => {
    const { stack } = withRuleRole((s) => new iam.Role(s, 'AdminRole', { assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com') }));
    expect(() => Template.fromStack(stack)).toThrow(
      `[Test/Auth/IdentityPool] identityPool.roleMapping rule 0 role 'Test/AdminRole' lets cognito-identity.amazonaws.com assume it ${NO_AUD}: ${FIX}`,
    );
  });

  test.each<[string, (scope: Construct) => iam.IPrincipal]>([
    ['WebIdentityPrincipal (sts:AssumeRoleWithWebIdentity)', () => new iam.WebIdentityPrincipal('cognito-identity.amazonaws.com')],
    ['any action (*)', () => new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {}, '*')],
    ['sts:*', () => new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {}, 'sts:*')],
    ['a Federated principal that is a token', () => new iam.FederatedPrincipal(Fn.join('', ['cognito-identity.', 'amazonaws.com']), {}, 'sts:AssumeRoleWithWebIdentity')],
    ['every principal (AnyPrincipal)', () => new iam.AnyPrincipal()],
    ['Principal * (StarPrincipal)', () => new iam.StarPrincipal()],
    [
      'an amr condition without an aud condition',
      () => new iam.FederatedPrincipal('cognito-identity.amazonaws.com', { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }, 'sts:AssumeRoleWithWebIdentity'),
    ],
    [
      'an aud condition that is StringLike *',
      () => new iam.FederatedPrincipal('cognito-identity.amazonaws.com', { StringLike: { 'cognito-identity.amazonaws.com:aud': '*' } }, 'sts:AssumeRoleWithWebIdentity'),
    ],
  ])('%s', (_name, principal) => {
    const { stack } = withRuleRole((s) => new iam.Role(s, 'AdminRole', { assumedBy: principal(s) }));
    expect(() => Template.fromStack(stack)).toThrow(`identityPool.roleMapping rule 0 role 'Test/AdminRole' lets cognito-identity.amazonaws.com assume it ${NO_AUD}: ${FIX}`);
  });

  test('a statement added after the role was given to the pool is seen too', () => {
    const { stack } = withRuleRole(
      (s) => new iam.Role(s, 'AdminRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }),
      (role) => (role as iam.Role).assumeRolePolicy!.addStatements(new iam.PolicyStatement({ actions: ['sts:AssumeRoleWithWebIdentity'], principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com')] })),
    );
    expect(() => Template.fromStack(stack)).toThrow(`identityPool.roleMapping rule 0 role 'Test/AdminRole' lets cognito-identity.amazonaws.com assume it ${NO_AUD}: ${FIX}`);
  });

  test('a role that trusts another identity pool', () => {
    const { stack } = withRuleRole(
      (s) =>
        new iam.Role(s, 'OtherRole', {
          assumedBy: new iam.FederatedPrincipal(
            'cognito-identity.amazonaws.com',
            { 'StringEquals': { 'cognito-identity.amazonaws.com:aud': OTHER_POOL }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
            'sts:AssumeRoleWithWebIdentity',
          ),
        }),
    );
    expect(() => Template.fromStack(stack)).toThrow(
      `[Test/Auth/IdentityPool] identityPool.roleMapping rule 0 role 'Test/OtherRole' lets cognito-identity.amazonaws.com assume it for cognito-identity.amazonaws.com:aud '${OTHER_POOL}', not this identity pool alone, so the identities of another identity pool can assume it: ${FIX}`,
    );
  });

  test('a role that trusts this pool and another one', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const ids = new GroupRoleIdentityPool(stack, 'Ids', { userPool });
    const role = new iam.Role(stack, 'Both', {
      assumedBy: new iam.FederatedPrincipal(
        'cognito-identity.amazonaws.com',
        { 'StringEquals': { 'cognito-identity.amazonaws.com:aud': [ids.identityPoolId, OTHER_POOL] }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    ids.trustRole(role);
    const poolId = stack.getLogicalId(ids.cfnIdentityPool);
    expect(() => Template.fromStack(stack)).toThrow(
      `[Test/Ids] role 'Test/Both' lets cognito-identity.amazonaws.com assume it for cognito-identity.amazonaws.com:aud {"Ref":"${poolId}"}, '${OTHER_POOL}', not this identity pool alone, so the identities of another identity pool can assume it: ${FIX}`,
    );
  });

  test('a role that trusts this pool without the amr condition (guests too), given as a group role', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const ids = new GroupRoleIdentityPool(stack, 'Ids', { userPool });
    const role = new iam.Role(stack, 'AdminRole', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', { StringEquals: { 'cognito-identity.amazonaws.com:aud': ids.identityPoolId } }, 'sts:AssumeRoleWithWebIdentity'),
    });
    new UserGroup(stack, 'Admin', { userPool, name: 'admin', role, identityPool: ids });
    expect(() => Template.fromStack(stack)).toThrow(`[Test/Ids] groups['admin'].role 'Test/AdminRole' lets cognito-identity.amazonaws.com assume it ${NO_AMR}: ${FIX}`);
  });

  test("a statement added to the library's own role", () => {
    const { stack } = withRuleRole(
      (s) => new IdentityPoolRole(s, 'AdminRole'),
      (_role, auth) => auth.identityPool!.authenticatedRole.assumeRolePolicy!.addStatements(
        new iam.PolicyStatement({ actions: ['sts:AssumeRoleWithWebIdentity'], principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com')] }),
      ),
    );
    expect(() => Template.fromStack(stack)).toThrow(
      `[Test/Auth/IdentityPool] role 'Test/Auth/IdentityPool/AuthenticatedRole' lets cognito-identity.amazonaws.com assume it ${NO_AUD}: remove the statement added to it`,
    );
  });
});

describe('what passes', () => {
  test('a role that trusts something else (a service, an account) gets this pool\'s statement beside', () => {
    const { stack } = withRuleRole((s) => new iam.Role(s, 'AdminRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    expect(statementsOf(stack, 'AdminRole')).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      identityPoolTrust(/^AuthIdentityPool/, 'authenticated'),
    ]);
  });

  test('a Deny statement for cognito-identity.amazonaws.com is not an open trust', () => {
    const { stack } = withRuleRole((s) => {
      const role = new IdentityPoolRole(s, 'AdminRole');
      role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['sts:AssumeRoleWithWebIdentity'], principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com')] }));
      return role;
    });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('tokens: an aud and an amr that resolve to this pool and authenticated pass; nothing crashes', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const ids = new GroupRoleIdentityPool(stack, 'Ids', { userPool });
    const role = new iam.Role(stack, 'Lazy', {
      assumedBy: new iam.FederatedPrincipal(
        'cognito-identity.amazonaws.com',
        {
          'StringEquals': { 'cognito-identity.amazonaws.com:aud': Lazy.string({ produce: () => ids.identityPoolId }) },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': Lazy.string({ produce: () => 'authenticated' }) },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    ids.trustRole(role);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('an aud condition that is a token for another pool is refused with the token as it resolves', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const ids = new GroupRoleIdentityPool(stack, 'Ids', { userPool });
    const other = new cognito.CfnIdentityPool(stack, 'Other', { allowUnauthenticatedIdentities: false });
    const role = new iam.Role(stack, 'Wrong', {
      assumedBy: new iam.FederatedPrincipal(
        'cognito-identity.amazonaws.com',
        { 'StringEquals': { 'cognito-identity.amazonaws.com:aud': other.ref }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    ids.trustRole(role, 'rules[0].role');
    expect(() => Template.fromStack(stack)).toThrow(
      `[Test/Ids] rules[0].role 'Test/Wrong' lets cognito-identity.amazonaws.com assume it for cognito-identity.amazonaws.com:aud {"Ref":"Other"}, not this identity pool alone, so the identities of another identity pool can assume it: ${FIX}`,
    );
  });
});

describe('IdentityPoolRole', () => {
  test('its trust is exactly the statement the identity pool adds: this pool, authenticated identities only', () => {
    const { stack } = withRuleRole((s) => new IdentityPoolRole(s, 'AdminRole', { description: 'Administrators' }));
    expect(statementsOf(stack, 'AdminRole')).toEqual([identityPoolTrust(/^AuthIdentityPool/, 'authenticated')]);
  });

  test('with principal tags on, sts:TagSession too; as a group role too', () => {
    const stack = testStack();
    const role = new IdentityPoolRole(stack, 'AdminRole');
    new CognitoAuth(stack, 'Auth', { ...BASE, groups: [{ name: 'admin', precedence: 0, role }], identityPool: { principalTags: { tenant: 'custom:tenant_id' } } });
    expect(statementsOf(stack, 'AdminRole')).toEqual([identityPoolTrust(/^AuthIdentityPool/, 'authenticated', true)]);
  });

  test('given to no identity pool: a synth error (IAM refuses a role without a trust policy)', () => {
    const stack = testStack();
    new IdentityPoolRole(stack, 'AdminRole');
    expect(() => Template.fromStack(stack)).toThrow(
      '[Test/AdminRole] IdentityPoolRole was given to no identity pool, so it trusts no one and IAM would refuse it: use it as the role of a RoleMapping.fromRules rule or of a group (groups[].role) of an identity pool, or pass it to GroupRoleIdentityPool.trustRole',
    );
  });

  test('given to two identity pools: refused by each', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const shared = new IdentityPoolRole(stack, 'Shared');
    const a = new GroupRoleIdentityPool(stack, 'A', { userPool, roleMapping: rule(shared) });
    const b = new GroupRoleIdentityPool(stack, 'B', { userPool, roleMapping: rule(shared) });
    // each pool's error also says that the rule's group is not one of its groups (a pool's checks report together)
    const message = (pool: GroupRoleIdentityPool, other: GroupRoleIdentityPool) =>
      `[${pool.node.path}] identityPool.roleMapping rule 0 names the group 'admin', which is not a group of this pool; groups: (none)\n` +
      `[${pool.node.path}] identityPool.roleMapping rule 0 role 'Test/Shared' lets cognito-identity.amazonaws.com assume it for cognito-identity.amazonaws.com:aud {"Ref":"${stack.getLogicalId(other.cfnIdentityPool)}"}, not this identity pool alone, so the identities of another identity pool can assume it: give each identity pool its own role`;
    // synth stops at the first pool's error; the second pool's own check refuses the role too
    expect(() => Template.fromStack(stack)).toThrow(new ConfigError(message(a, b)));
    expect(() => b.node.validate()).toThrow(new ConfigError(message(b, a)));
  });

  test("the README's RoleMapping.fromRules example synthesizes", () => {
    const app = testStack().node.root;
    class AuthStack extends Stack {
      constructor(scope: Construct, id: string) {
        super(scope, id);
        // README: ### Groups and the identity pool, the RoleMapping.fromRules example
        const adminRole = new IdentityPoolRole(this, 'AdminRole', { description: 'Administrators' });
        const acmeRole = new IdentityPoolRole(this, 'AcmeRole', { description: 'Users of tenant acme' });
        new CognitoAuth(this, 'Auth', {
          customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: false }) },
          clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/callback'] }],
          groups: [{ name: 'admin', precedence: 0 }],
          identityPool: {
            roleMapping: RoleMapping.fromRules([
              { claim: 'cognito:groups', matchType: RuleMatchType.CONTAINS, value: 'admin', role: adminRole },
              { claim: 'custom:tenant_id', matchType: RuleMatchType.EQUALS, value: 'acme', role: acmeRole },
            ]),
          },
        });
      }
    }
    const stack = new AuthStack(app, 'Example');
    expect(statementsOf(stack, 'AdminRole')).toEqual([identityPoolTrust(/^AuthIdentityPool/, 'authenticated')]);
    expect(statementsOf(stack, 'AcmeRole')).toEqual([identityPoolTrust(/^AuthIdentityPool/, 'authenticated')]);
  });
});

describe('an imported role, whose trust policy this app cannot read', () => {
  const WARNING =
    "WARNING identityPool.roleMapping rule 0 role 'Test/Imported' is imported (arn:aws:iam::123456789012:role/gold), so this app cannot read its trust policy: it must let cognito-identity.amazonaws.com assume it (sts:AssumeRoleWithWebIdentity) only with the conditions StringEquals cognito-identity.amazonaws.com:aud = the id of the identity pool 'Test/Auth/IdentityPool' and ForAnyValue:StringLike cognito-identity.amazonaws.com:amr = 'authenticated', or the identities of other identity pools can assume it";

  test('warns with the conditions its trust policy must carry; the warning can be acknowledged', () => {
    const { stack, auth } = withRuleRole((s) => iam.Role.fromRoleArn(s, 'Imported', 'arn:aws:iam::123456789012:role/gold'));
    expect(() => Template.fromStack(stack)).toThrow(WARNING);
    expect(() => Template.fromStack(stack)).toThrow("Acknowledge with 'Annotation::cdk-cognito-auth:identityPoolRoleImported'");
    Validations.of(auth).acknowledge({ id: 'Annotation::cdk-cognito-auth:identityPoolRoleImported', reason: 'the role trusts only this pool' });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('with principal tags on, it names sts:TagSession; an ARN that is a token is left out', () => {
    const stack = testStack();
    const role = iam.Role.fromRoleArn(stack, 'Imported', Fn.importValue('GoldRoleArn'));
    new CognitoAuth(stack, 'Auth', { ...BASE, groups: [{ name: 'admin', precedence: 0, role }], identityPool: { principalTags: { tenant: 'custom:tenant_id' } } });
    expect(() => Template.fromStack(stack)).toThrow(
      "WARNING groups['admin'].role 'Test/Imported' is imported, so this app cannot read its trust policy: it must let cognito-identity.amazonaws.com assume it (sts:AssumeRoleWithWebIdentity and sts:TagSession, as principal tags are on) only with the conditions StringEquals cognito-identity.amazonaws.com:aud = the id of the identity pool 'Test/Auth/IdentityPool' and ForAnyValue:StringLike cognito-identity.amazonaws.com:amr = 'authenticated', or the identities of other identity pools can assume it",
    );
  });
});

test('a group added to a standalone pool has its role checked too: an open trust is refused', () => {
  const s = new Stack(testApp(), 'Standalone');
  const pool = new GroupRoleIdentityPool(s, 'Pool', { userPool: new cognito.UserPool(s, 'UserPool') });
  const open = new iam.Role(s, 'AdminRole', { assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com') });
  pool.addGroup({ name: 'admin', role: open });
  expect(() => Template.fromStack(s)).toThrow(
    "groups['admin'].role 'Standalone/AdminRole' lets cognito-identity.amazonaws.com assume it without a StringEquals condition on cognito-identity.amazonaws.com:aud naming this identity pool",
  );
});
