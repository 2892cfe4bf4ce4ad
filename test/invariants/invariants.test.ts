/**
 * Each cross-feature invariant, proven able to fail: a synthesized app that holds it, and the same templates with one
 * violation planted, which it must report. The props-space test and the pairwise matrix rely on these functions.
 */
import { BASE_DRAW, buildDraw, type Draw } from '../props-space/draw';
import { noUserWritableFeedAttribute } from './attributes';
import { handlersReadTheirConfig } from './handlers';
import { identityPoolRolesTrustOnlyTheirPool } from './roles';
import { statefulResourcesWatched } from './stateful';
import { resourcesOf, templatesOf, type Resource, type Templates } from './templates';

/** One app with every feature these invariants read: claims, principal tags, rules, linking, groups' roles, triggers. */
const DRAW: Draw = {
  ...BASE_DRAW,
  domain: 'prefix',
  clients: ['web', 'native'],
  groups: [{ name: 'member', permissions: true, scopes: false }],
  identityPool: 'groups',
  principalTags: true,
  allowGuests: true,
  preSignUp: 'link',
  providers: ['google'],
  postConfirmation: 'groups-and-table',
  preTokenGeneration: 'claims-from-tenant',
};

function synthesized(): Templates {
  const built = buildDraw(DRAW);
  return templatesOf(built.app, built.stacks);
}

const templates = synthesized();

/** A deep copy of the templates, with `change` applied to the first resource of a type that `pick` accepts. */
function planted(type: string, change: (r: Resource) => void, pick: (r: Resource) => boolean = () => true): Templates {
  const copy: Templates = JSON.parse(JSON.stringify(templates));
  const found = [...resourcesOf(copy)].find((r) => r.resource.Type === type && pick(r.resource));
  if (!found) throw new Error(`no ${type} to plant a violation in`);
  change(found.resource);
  return copy;
}

describe('the invariants hold on a synthesized app', () => {
  test.each([
    ['handlersReadTheirConfig', handlersReadTheirConfig],
    ['noUserWritableFeedAttribute', noUserWritableFeedAttribute],
    ['identityPoolRolesTrustOnlyTheirPool', identityPoolRolesTrustOnlyTheirPool],
    ['statefulResourcesWatched', statefulResourcesWatched],
  ])('%s', (_name, invariant) => {
    expect(invariant(templates)).toEqual([]);
  });
});

describe('each invariant reports a planted violation', () => {
  test('handlersReadTheirConfig: a config its handler cannot parse, and a bundled function no parser claims', () => {
    const broken = planted(
      'AWS::Lambda::Function',
      (r) => {
        r.Properties!.Environment.Variables.TRIGGER_CONFIG = JSON.stringify({ allowedDomains: 'example.com' });
      },
      (r) => r.Properties?.Description?.startsWith('Cognito pre sign-up trigger'),
    );
    expect(handlersReadTheirConfig(broken)).toEqual([expect.stringMatching(/^Primary\/AuthPreSignUpHandler\w+: its handler cannot read its config: TRIGGER_CONFIG\.allowedDomains must be a list of strings$/)]);
    const unknown = planted(
      'AWS::Lambda::Function',
      (r) => {
        r.Properties!.Description = 'A new trigger (cdk-cognito-auth)';
      },
      (r) => r.Properties?.Description?.startsWith('Cognito post confirmation trigger'),
    );
    expect(handlersReadTheirConfig(unknown)).toEqual([expect.stringContaining("the bundled function 'A new trigger (cdk-cognito-auth)' has no parser")]);
  });

  test('noUserWritableFeedAttribute: a client that writes a claim source, email_verified while linking, or writes everything', () => {
    const claim = planted('AWS::Cognito::UserPoolClient', (r) => r.Properties!.WriteAttributes.push('custom:tenant_id'));
    expect(noUserWritableFeedAttribute(claim)).toEqual([
      expect.stringMatching(/can write 'custom:tenant_id', which feeds the claim 'tenant' and the principal tag 'tenant'$/),
    ]);
    const verified = planted('AWS::Cognito::UserPoolClient', (r) => r.Properties!.WriteAttributes.push('email_verified'));
    expect(noUserWritableFeedAttribute(verified)).toEqual([expect.stringMatching(/can write 'email_verified', which feeds account linking$/)]);
    const all = planted('AWS::Cognito::UserPoolClient', (r) => delete r.Properties!.WriteAttributes);
    expect(noUserWritableFeedAttribute(all)).toEqual([expect.stringMatching(/has no WriteAttributes .* so users can write 'email_verified', which feeds account linking$/)]);
  });

  test('identityPoolRolesTrustOnlyTheirPool: a role trusting any pool, another pool, or the wrong kind of identity', () => {
    const isMember = (r: Resource) => JSON.stringify(r.Properties?.AssumeRolePolicyDocument ?? {}).includes('cognito-identity') && !JSON.stringify(r).includes('unauthenticated');
    const trust = (r: Resource) => r.Properties!.AssumeRolePolicyDocument.Statement;
    const open = planted('AWS::IAM::Role', (r) => trust(r).push({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'cognito-identity.amazonaws.com' } }), isMember);
    expect(identityPoolRolesTrustOnlyTheirPool(open)).toEqual(
      expect.arrayContaining([expect.stringMatching(/trust statement 1 lets identities of any identity pool assume it/)]),
    );
    const other = planted('AWS::IAM::Role', (r) => (trust(r)[0].Condition.StringEquals['cognito-identity.amazonaws.com:aud'] = 'us-east-1:other-pool'), isMember);
    expect(identityPoolRolesTrustOnlyTheirPool(other)).toEqual([expect.stringMatching(/trust statement 0 lets identities of the pool "us-east-1:other-pool" assume it/)]);
    const guest = planted('AWS::IAM::Role', (r) => (trust(r)[0].Condition['ForAnyValue:StringLike']['cognito-identity.amazonaws.com:amr'] = 'unauthenticated'), isMember);
    expect(identityPoolRolesTrustOnlyTheirPool(guest)).toEqual([expect.stringMatching(/trust statement 0 is for amr "unauthenticated", but the role is for authenticated identities/)]);
  });

  test('statefulResourcesWatched: a retained resource, or a stateful one, of a type the upgrade check does not list', () => {
    const copy: Templates = JSON.parse(JSON.stringify(templates));
    copy.Primary.Resources!.Queue = { Type: 'AWS::SQS::Queue', Properties: {} };
    copy.Primary.Resources!.Kept = { Type: 'AWS::SNS::Topic', Properties: {}, DeletionPolicy: 'Retain' };
    expect(statefulResourcesWatched(copy)).toEqual([
      "Primary/Queue (AWS::SQS::Queue: stateful in AWS's resource database)",
      'Primary/Kept (AWS::SNS::Topic: DeletionPolicy Retain)',
    ]);
  });
});
