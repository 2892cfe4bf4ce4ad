import * as fs from 'fs';
import * as path from 'path';
import { SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { createExampleApp } from '../../bin/example-app';
import { ClientKind, CognitoAuth, CognitoAuthProps, IdentityProvider, UpgradeCheck } from '../../lib';
import { testApp } from '../support/helpers';


/**
 * A logical id is a contract: it comes from a name the user chose, never from a position in a list. Reordering any
 * list prop must leave every logical id (and every resource) as it was; otherwise an upgrade replaces resources, and
 * two resource servers of one pool cannot share an identifier even for a moment.
 */
const server = (identifier: string) => ({ identifier, scopes: [{ name: 'read', description: `Read ${identifier}` }] });
const PROPS: CognitoAuthProps = {
  customAttributes: { tenant: new cognito.StringAttribute({ mutable: false }) },
  resourceServers: [server('orders'), server('https://api.example.com/billing'), server('inventory')],
  clients: [
    { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] },
    { name: 'mobile', kind: ClientKind.NATIVE, callbackUrls: ['myapp://cb'] },
    { name: 'svc', kind: ClientKind.SERVER, clientCredentials: true, scopes: [cognito.OAuthScope.custom('orders/read')] },
  ],
  domain: { prefix: 'upgrade-test' },
  identityProviders: [
    IdentityProvider.google({ clientId: 'g', clientSecret: SecretValue.secretsManager('google', { jsonField: 'secret' }) }),
    IdentityProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: SecretValue.secretsManager('okta', { jsonField: 'secret' }), issuerUrl: 'https://example.okta.com' }),
    IdentityProvider.saml({ name: 'Corporate', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/metadata') }),
  ],
  groups: [{ name: 'admin', precedence: 0 }, { name: 'member', precedence: 10 }, { name: 'auditor', precedence: 5 }],
  identityPool: {},
};

/**
 * The template's resources and output names. The one order that stays is a client's SupportedIdentityProviders,
 * which follows the identityProviders list (the order the user gave): a change of it updates the client in place,
 * never replaces it, so it is compared as a set.
 */
function resources(props: CognitoAuthProps): Record<string, unknown> {
  const stack = new Stack(testApp(), 'Upgrade', { env: { account: '123456789012', region: 'eu-west-1' } });
  new CognitoAuth(stack, 'Auth', props);
  const template = Template.fromStack(stack).toJSON();
  for (const r of Object.values<any>(template.Resources)) {
    if (r.Type === 'AWS::Cognito::UserPoolClient' && Array.isArray(r.Properties.SupportedIdentityProviders)) r.Properties.SupportedIdentityProviders.sort();
    if (Array.isArray(r.DependsOn)) r.DependsOn.sort();
  }
  return { resources: template.Resources, outputs: Object.keys(template.Outputs ?? {}).sort() };
}

describe('reordering list props changes no logical id and no resource', () => {
  const before = resources(PROPS);
  const reversed = <T>(list: T[] | undefined) => [...(list ?? [])].reverse();

  test.each<[string, CognitoAuthProps]>([
    ['resourceServers', { ...PROPS, resourceServers: reversed(PROPS.resourceServers) }],
    ['clients', { ...PROPS, clients: reversed(PROPS.clients) }],
    ['groups', { ...PROPS, groups: reversed(PROPS.groups) }],
    ['identityProviders', { ...PROPS, identityProviders: reversed(PROPS.identityProviders) }],
  ])('%s reversed: the same template', (_list, props) => {
    const after = resources(props);
    expect(Object.keys((after as any).resources).sort()).toEqual(Object.keys((before as any).resources).sort());
    expect(after).toEqual(before);
  });

  test('removing the first resource server leaves the others where they were (nothing inherits its identifier)', () => {
    const after = resources({ ...PROPS, resourceServers: PROPS.resourceServers!.slice(1), clients: PROPS.clients!.filter((c) => c.name !== 'svc') }) as any;
    const servers = (r: Record<string, any>) =>
      Object.fromEntries(Object.entries(r).filter(([, x]) => x.Type === 'AWS::Cognito::UserPoolResourceServer').map(([id, x]) => [id, x.Properties.Identifier]));
    const was = servers((before as any).resources);
    const now = servers(after.resources);
    for (const [id, identifier] of Object.entries(now)) expect(was[id]).toBe(identifier);
    expect(Object.values(now).sort()).toEqual(['https://api.example.com/billing', 'inventory']);
  });
});

/**
 * The example app's logical ids and types, committed in test/contracts/inventory/example-logical-ids.json: any change to them
 * (a renamed construct id, a resource that moved, one added or removed) fails here until the file is updated on
 * purpose, with `UPDATE_INVENTORY=1 npx jest test/contracts/logical-ids.test.ts`, and reviewed.
 */
describe('the example app\'s logical ids', () => {
  const file = path.join(__dirname, 'inventory', 'example-logical-ids.json');
  const app = testApp({ stage: 'all', nag: false });
  const stages = createExampleApp(app);
  const assembly = app.synth();
  const inventory: Record<string, Record<string, string>> = {};
  for (const stack of stages.flatMap((s) => [s.auth, s.api])) {
    const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string }> };
    inventory[stack.stackName] = Object.fromEntries(
      Object.entries(template.Resources)
        .filter(([, r]) => r.Type !== 'AWS::CDK::Metadata')
        .map(([id, r]) => [id, r.Type])
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  }

  test('are the committed inventory', () => {
    if (process.env.UPDATE_INVENTORY === '1') {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(inventory, null, 2)}\n`);
    }
    expect(inventory).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
  });

  test('the stateful resources keep the logical ids of the first version (0.1.0): an upgrade replaces none of them', () => {
    // Read from the 0.1.0 example's synthesized templates.
    const first = {
      AccessLogs8B620ECA: 'AWS::S3::Bucket',
      AuthClientmobile9A480413: 'AWS::Cognito::UserPoolClient',
      AuthClientordersserviceE2F0213C: 'AWS::Cognito::UserPoolClient',
      AuthClientweb04790E14: 'AWS::Cognito::UserPoolClient',
      AuthDomain31A9F1F4: 'AWS::Cognito::UserPoolDomain',
      AuthGroupadminA8D24FCA: 'AWS::Cognito::UserPoolGroup',
      AuthGroupmember2271B693: 'AWS::Cognito::UserPoolGroup',
      AuthIdentityPool659E7F64: 'AWS::Cognito::IdentityPool',
      AuthPostConfirmationProfiles58B132ED: 'AWS::DynamoDB::Table',
      AuthUserPool89DB94DB: 'AWS::Cognito::UserPool',
      UserFiles1D9B9D84: 'AWS::S3::Bucket',
    };
    for (const stage of ['dev', 'prod']) expect(inventory[`CognitoAuthExample-${stage}`]).toMatchObject(first);
    expect(inventory['CognitoAuthExample-dev']).toMatchObject({ AuthClientsmokecheck9FD4A0C8: 'AWS::Cognito::UserPoolClient' });
  });

  /**
   * The library's own upgrade check, on the example: test/upgrade-baseline/ holds the example's templates as last
   * released (refresh them after a release: npx cdk synth -q && cp cdk.out/CognitoAuthExample-*.template.json
   * test/upgrade-baseline/), and a fresh synth may lose nothing against them unless acknowledged in
   * test/upgrade-baseline/acknowledgements.json. CI runs the same check with the cognito-upgrade-check command.
   */
  test.each(['CognitoAuthExample-dev', 'CognitoAuthExample-prod', 'CognitoAuthExample-dev-Api', 'CognitoAuthExample-prod-Api'])(
    '%s loses nothing against the released templates',
    (name) => {
      const baseline = path.join(__dirname, '..', 'upgrade-baseline');
      const acknowledgements = UpgradeCheck.readAcknowledgements(path.join(baseline, 'acknowledgements.json'));
      const released = JSON.parse(fs.readFileSync(path.join(baseline, `${name}.template.json`), 'utf8'));
      const result = UpgradeCheck.compare(released, assembly.getStackByName(name).template, { acknowledgements });
      expect(result.findings.map(UpgradeCheck.formatFinding)).toEqual([]);
    },
  );
});
