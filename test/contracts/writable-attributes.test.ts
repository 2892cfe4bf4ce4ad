import { SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AppClient, ClientKind, CognitoAuth, CognitoAuthProps, IdentityProvider, RoleMapping, RuleMatchType } from '../../lib';
import { testApp, testStack } from '../support/helpers';

/**
 * A signed-in user can call UpdateUserAttributes with their own access token on every attribute their app client
 * may write. So an attribute that becomes a claim, a role-mapping rule or a principal tag (a tenant boundary), and
 * email_verified while account linking trusts it, is never writable by an app client.
 */
const BASE: CognitoAuthProps = {
  customAttributes: {
    plan: new cognito.StringAttribute({ mutable: true }),
    tenant: new cognito.StringAttribute({ mutable: true }),
    tier: new cognito.StringAttribute({ mutable: true }),
    nickname2: new cognito.StringAttribute({ mutable: true }),
  },
  groups: [{ name: 'admin' }],
};
const web = { name: 'web', kind: ClientKind.PUBLIC_WEB };

function writeAttributes(props: CognitoAuthProps): string[] {
  const stack = new Stack(testApp(), 'W');
  new CognitoAuth(stack, 'Auth', { ...BASE, clients: [web], ...props });
  // The imported role of the rule tests: its trust is not what these tests are about.
  Validations.of(stack).acknowledge({ id: 'Annotation::cdk-cognito-auth:identityPoolRoleImported', reason: 'the imported role trusts only this pool' });
  const client = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPoolClient'))[0];
  return client.Properties.WriteAttributes;
}

const role = () => iam.Role.fromRoleArn(new Stack(), 'R', 'arn:aws:iam::123456789012:role/gold');

describe('attributes that feed a claim, a rule or a tag are left out of the default write attributes', () => {
  test('a claim of the pre token generation trigger', () => {
    const written = writeAttributes({ triggers: { preTokenGeneration: { claimsFromAttributes: { plan: 'custom:plan', first: 'given_name' } } } });
    expect(written).not.toContain('custom:plan');
    expect(written).not.toContain('given_name');
    expect(written).toEqual(expect.arrayContaining(['custom:tenant', 'custom:tier', 'email', 'family_name']));
  });

  test('a principal tag of the identity pool', () => {
    const written = writeAttributes({ identityPool: { principalTags: { tenant: 'custom:tenant' } } });
    expect(written).not.toContain('custom:tenant');
    expect(written).toContain('custom:plan');
  });

  test('a claim of a role-mapping rule', () => {
    const rules = RoleMapping.fromRules([{ claim: 'custom:tier', matchType: RuleMatchType.EQUALS, value: 'gold', role: role() }]);
    const written = writeAttributes({ identityPool: { roleMapping: rules } });
    expect(written).not.toContain('custom:tier');
    expect(written).toContain('custom:plan');
  });

  test('email_verified stays out with linking on (it is never in the defaults), and no other attribute is taken away', () => {
    const plain = writeAttributes({});
    expect(writeAttributes({ triggers: { preSignUp: { linkExternalUsers: true } } })).toEqual(plain);
    expect(plain).not.toContain('email_verified');
  });
});

describe('a client that lists such an attribute fails with the client, the attribute and what it feeds', () => {
  test.each<[string, CognitoAuthProps, cognito.ClientAttributes, string]>([
    [
      'a claim',
      { triggers: { preTokenGeneration: { claimsFromAttributes: { plan: 'custom:plan' } } } },
      new cognito.ClientAttributes().withCustomAttributes('plan'),
      "clients['web'].writeAttributes has 'custom:plan', which feeds the claim 'plan' (triggers.preTokenGeneration.claimsFromAttributes): a signed-in user could set it with their own access token (UpdateUserAttributes); leave it out, and set it with an admin call or a trigger",
    ],
    [
      'a principal tag and a claim at once',
      { identityPool: { principalTags: { tenant: 'custom:tenant' } }, triggers: { preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant' } } } },
      new cognito.ClientAttributes().withCustomAttributes('tenant'),
      "clients['web'].writeAttributes has 'custom:tenant', which feeds the claim 'tenant' (triggers.preTokenGeneration.claimsFromAttributes) and the principal tag 'tenant' (identityPool.principalTags): a signed-in user could set it with their own access token (UpdateUserAttributes); leave it out, and set it with an admin call or a trigger",
    ],
    [
      'a role-mapping rule',
      { identityPool: { roleMapping: RoleMapping.fromRules([{ claim: 'custom:tier', matchType: RuleMatchType.EQUALS, value: 'gold', role: role() }]) } },
      new cognito.ClientAttributes().withCustomAttributes('tier'),
      "clients['web'].writeAttributes has 'custom:tier', which feeds role-mapping rule 0 (identityPool.roleMapping): a signed-in user could set it with their own access token (UpdateUserAttributes); leave it out, and set it with an admin call or a trigger",
    ],
    [
      'email_verified while linking is on',
      { triggers: { preSignUp: { linkExternalUsers: true } } },
      new cognito.ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }),
      "clients['web'].writeAttributes has 'email_verified', which feeds account linking (triggers.preSignUp.linkExternalUsers), which trusts email_verified: a signed-in user could set it with their own access token (UpdateUserAttributes); leave it out, and set it with an admin call or a trigger",
    ],
  ])('%s', (_name, props, writeAttrs, message) => {
    expect(() => new CognitoAuth(testStack(), 'Auth', { ...BASE, ...props, clients: [{ ...web, writeAttributes: writeAttrs }] })).toThrow(message);
  });

  test('a client added later is held to the same rule', () => {
    const auth = new CognitoAuth(testStack(), 'Auth', { ...BASE, triggers: { preTokenGeneration: { claimsFromAttributes: { plan: 'custom:plan' } } } });
    expect(() => auth.addClient({ name: 'late', kind: ClientKind.NATIVE, writeAttributes: new cognito.ClientAttributes().withCustomAttributes('plan') })).toThrow(
      "clients['late'].writeAttributes has 'custom:plan', which feeds the claim 'plan'",
    );
  });

  test('a federated provider that maps a claim source: Cognito writes it through the client, so its users could too', () => {
    expect(
      () =>
        new CognitoAuth(testStack(), 'Auth', {
          ...BASE,
          domain: { prefix: 'writable-test' },
          identityProviders: [
            IdentityProvider.google({ clientId: 'g', clientSecret: SecretValue.secretsManager('google', { jsonField: 's' }), attributeMapping: { custom: { plan: cognito.ProviderAttribute.other('hd') } } }),
          ],
          triggers: { preTokenGeneration: { claimsFromAttributes: { plan: 'custom:plan' } } },
          clients: [{ ...web, callbackUrls: ['https://app.example.com/cb'] }],
        }),
    ).toThrow(
      "clients['web'] offers 'Google', which maps 'custom:plan', but 'custom:plan' feeds the claim 'plan' (triggers.preTokenGeneration.claimsFromAttributes): Cognito writes mapped attributes through the client, so its users could write it too; drop the mapping, or stop using the attribute there",
    );
  });

  test('the standalone AppClient takes the same rule through protectedAttributes', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    const client = new AppClient(stack, 'Client', { userPool, name: 'web', kind: ClientKind.PUBLIC_WEB, customAttributeNames: ['plan', 'tier'], protectedAttributes: { 'custom:plan': "the claim 'plan'" } });
    expect(client.writeAttributeNames).toContain('custom:tier');
    expect(client.writeAttributeNames).not.toContain('custom:plan');
  });
});
