import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ClientKind, CognitoAuth, CognitoAuthProps, UpgradeCheck, UpgradeFindingKind } from '../../lib';
import { runCommand, USAGE } from '../../lib/upgrade-check/command';
import { testApp } from '../support/helpers';

/** The template of a stack holding one CognitoAuth with these props (construct id `Auth` unless given). */
function templateOf(props: CognitoAuthProps, id = 'Auth'): any {
  const stack = new Stack(testApp(), 'Upgrade', { env: { account: '123456789012', region: 'eu-west-1' } });
  new CognitoAuth(stack, id, props);
  return Template.fromStack(stack).toJSON();
}

const BASE: CognitoAuthProps = {
  selfSignUp: true,
  customAttributes: {
    tenant_id: new cognito.StringAttribute({ mutable: false, minLen: 1, maxLen: 64 }),
    seats: new cognito.NumberAttribute({ mutable: true, min: 1, max: 500 }),
  },
  clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] }],
  domain: { prefix: 'upgrade-demo' },
  groups: [{ name: 'admin' }],
  identityPool: {},
};
const before = templateOf(BASE);
const logicalId = (template: any, type: string, match: (r: any) => boolean = () => true) =>
  Object.entries<any>(template.Resources).find(([, r]) => r.Type === type && match(r))![0];
const poolId = logicalId(before, 'AWS::Cognito::UserPool');
const findings = (after: any) => UpgradeCheck.compare(before, after).findings.map((f) => [f.kind, f.resourceType, f.logicalId, f.property]);

describe('the upgrade check on synthesized templates', () => {
  test('the same props: safe', () => {
    expect(UpgradeCheck.compare(before, templateOf(BASE))).toEqual({ findings: [], acknowledged: [], safe: true });
  });

  test('safe changes: a new custom attribute, a new client, a new group, another callback URL, a token validity', () => {
    const after = templateOf({
      ...BASE,
      customAttributes: { ...BASE.customAttributes, plan: new cognito.StringAttribute({ mutable: true }) },
      clients: [{ ...BASE.clients![0], callbackUrls: ['https://app.example.com/cb', 'https://app.example.com/cb2'] }, { name: 'ios', kind: ClientKind.NATIVE }],
      groups: [{ name: 'admin' }, { name: 'member' }],
    });
    expect(findings(after)).toEqual([]);
  });

  test('a client renamed: the old one removed, with its id lost, and the way to keep its logical id', () => {
    const after = templateOf({ ...BASE, clients: [{ ...BASE.clients![0], name: 'webapp' }] });
    const web = logicalId(before, 'AWS::Cognito::UserPoolClient');
    const webapp = logicalId(after, 'AWS::Cognito::UserPoolClient');
    const result = UpgradeCheck.compare(before, after);
    expect(result.safe).toBe(false);
    expect(result.findings).toEqual([
      {
        logicalId: web,
        resourceType: 'AWS::Cognito::UserPoolClient',
        kind: UpgradeFindingKind.REMOVED,
        message: 'the app client leaves the stack and is deleted, and with it its client id (and secret), which every front end and back end holds',
        suggestion: `an app client '${webapp}' is added in the same change: if a construct id was renamed, keep the old logical id ((node.defaultChild as CfnResource).overrideLogicalId('${web}'))`,
      },
    ]);
  });

  test('a public client turned into a server client: replaced, since its secret changes', () => {
    const after = templateOf({ ...BASE, clients: [{ ...BASE.clients![0], kind: ClientKind.SERVER }] });
    const [finding] = UpgradeCheck.compare(before, after).findings;
    expect(finding).toMatchObject({ kind: 'REPLACED', resourceType: 'AWS::Cognito::UserPoolClient', property: 'GenerateSecret' });
    expect(finding.message).toBe('the app client is replaced (GenerateSecret changed), and with it its client id (and secret), which every front end and back end holds');
  });

  test('another domain prefix: the domain replaced', () => {
    expect(findings(templateOf({ ...BASE, domain: { prefix: 'upgrade-demo-2' } }))).toEqual([['REPLACED', 'AWS::Cognito::UserPoolDomain', logicalId(before, 'AWS::Cognito::UserPoolDomain'), 'Domain']]);
  });

  test('the identity pool and a group taken out: removed', () => {
    const after = templateOf({ ...BASE, identityPool: undefined, groups: [] });
    expect(findings(after)).toEqual(
      expect.arrayContaining([
        ['REMOVED', 'AWS::Cognito::IdentityPool', logicalId(before, 'AWS::Cognito::IdentityPool'), undefined],
        ['REMOVED', 'AWS::Cognito::UserPoolGroup', logicalId(before, 'AWS::Cognito::UserPoolGroup'), undefined],
      ]),
    );
  });

  test('the construct renamed: the retained pool is orphaned, everything else removed, each with the new twin named', () => {
    const after = templateOf(BASE, 'Authentication');
    const result = UpgradeCheck.compare(before, after);
    const pool = result.findings.find((f) => f.logicalId === poolId)!;
    expect(pool.kind).toBe(UpgradeFindingKind.ORPHANED);
    expect(pool.message).toBe('the user pool leaves the stack but is retained: it stays in the account, outside the stack, which no longer manages it');
    expect(pool.suggestion).toContain(`overrideLogicalId('${poolId}')`);
    expect(result.findings.map((f) => f.resourceType).sort()).toEqual([
      'AWS::Cognito::IdentityPool',
      'AWS::Cognito::UserPool',
      'AWS::Cognito::UserPoolClient',
      'AWS::Cognito::UserPoolDomain',
      'AWS::Cognito::UserPoolGroup',
    ]);
  });

  test('sign-in by phone instead of email, and case-sensitive names: the update fails', () => {
    const after = templateOf({ ...BASE, signIn: { phone: true }, signInCaseSensitive: true });
    const result = UpgradeCheck.compare(before, after);
    expect(result.findings.map((f) => [f.kind, f.property])).toEqual([
      ['CREATE_ONLY_CHANGED', 'UsernameAttributes'],
      ['CREATE_ONLY_CHANGED', 'UsernameConfiguration.CaseSensitive'],
    ]);
    expect(result.findings[0].message).toBe(
      'UsernameAttributes changes from ["email"] to ["phone_number"]: Cognito cannot change how users sign in on an existing pool ("This user pool property cannot be updated"): CloudFormation tries an update, and it fails',
    );
    expect(result.findings[1].message).toBe(
      'UsernameConfiguration.CaseSensitive changes from false to true: Cognito cannot change case sensitivity on an existing pool ("To change case sensitivity, create a new user pool"): CloudFormation tries an update, and it fails',
    );
    // Each points to the way forward: a new pool beside the old, its users moved over by the bundled migration trigger.
    expect(result.findings[0].suggestion).toBe(
      'keep UsernameAttributes as deployed; for the new setting, a new pool beside this one, with triggers.migration: ' +
        'MigrationSource.fromUserPool(<this pool>), moves users over at their first sign-in (README: "A new pool for a change Cognito refuses")',
    );
    expect(result.findings[1].suggestion).toMatch(/^keep UsernameConfiguration.CaseSensitive as deployed; for the new setting, a new pool beside this one/);
  });

  test('custom attributes removed or changed, a standard attribute made required: the update fails', () => {
    const after = templateOf({
      ...BASE,
      standardAttributes: { email: { required: true, mutable: true }, givenName: { required: true, mutable: true } },
      customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: false, minLen: 1, maxLen: 128 }) },
    });
    const result = UpgradeCheck.compare(before, after);
    expect(result.findings.map((f) => [f.kind, f.property, f.message])).toEqual([
      ['ATTRIBUTE_CHANGED', 'Schema[tenant_id]', "the custom attribute 'tenant_id' changes its StringAttributeConstraints: Cognito cannot change an existing attribute, so the update fails"],
      ['ATTRIBUTE_CHANGED', 'Schema[seats]', "the custom attribute 'seats' is removed: Cognito cannot remove a custom attribute from a pool, so the update fails"],
      ['ATTRIBUTE_CHANGED', 'Schema[given_name]', "the standard attribute 'given_name' becomes required: Cognito fixes required attributes when the pool is created, so the update fails"],
    ]);
    expect(result.findings.map((f) => f.suggestion)).toEqual([
      "keep 'tenant_id' as deployed; for other rules, add a new custom attribute beside it",
      "keep 'seats' in customAttributes (stop using it instead)",
      "leave 'given_name' optional, and require it in your sign-up form; to have Cognito require it, a new pool beside this one, with " +
        'triggers.migration: MigrationSource.fromUserPool(<this pool>), moves users over at their first sign-in (README: "A new pool for a change ' +
        'Cognito refuses")',
    ]);
  });

  test('a custom attribute made mutable: the update fails', () => {
    const tenantId = new cognito.StringAttribute({ mutable: true, minLen: 1, maxLen: 64 });
    const after = templateOf({ ...BASE, customAttributes: { ...BASE.customAttributes, tenant_id: tenantId } });
    expect(findings(after)).toEqual([['ATTRIBUTE_CHANGED', 'AWS::Cognito::UserPool', poolId, 'Schema[tenant_id]']]);
  });

  test('passkeys moved from the prefix domain to a custom domain: passkeys reset, and the domain replaced', () => {
    const passkeys: CognitoAuthProps = { ...BASE, signInMethods: { passkey: true } };
    const was = templateOf(passkeys);
    const stack = new Stack(testApp(), 'Upgrade', { env: { account: '123456789012', region: 'eu-west-1' } });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    new CognitoAuth(stack, 'Auth', { ...passkeys, domain: { customDomain: { domainName: 'auth.example.com', certificate } } });
    const result = UpgradeCheck.compare(was, Template.fromStack(stack).toJSON());
    expect(result.findings.map((f) => [f.kind, f.property])).toEqual([
      ['PASSKEYS_RESET', 'WebAuthnRelyingPartyID'],
      ['REPLACED', 'Domain'],
    ]);
    expect(result.findings[0].message).toBe(
      'the passkey relying party changes from "upgrade-demo.auth.eu-west-1.amazoncognito.com" to "auth.example.com": every passkey registered so far stops working, and users must register again',
    );
  });

  test('a replaced resource that is retained on replacement says so', () => {
    const client = (secret: boolean) => ({
      Resources: { Client: { Type: 'AWS::Cognito::UserPoolClient', UpdateReplacePolicy: 'Retain', Properties: { UserPoolId: 'eu-west-1_abc', GenerateSecret: secret } } },
    });
    expect(UpgradeCheck.compare(client(false), client(true)).findings[0].message).toBe(
      'the app client is replaced (GenerateSecret changed), and with it its client id (and secret), which every front end and back end holds; the old one is retained outside the stack (UpdateReplacePolicy Retain), beside the new, empty one the stack uses',
    );
  });

  test('a relying party built with the region: the same intrinsic, or the literal a stack with an env writes, is no change', () => {
    const pool = (rp: unknown) => ({ Resources: { Pool: { Type: 'AWS::Cognito::UserPool', Properties: { WebAuthnRelyingPartyID: rp } } } });
    const joined = { 'Fn::Join': ['', ['a.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com']] };
    expect(UpgradeCheck.compare(pool(joined), pool(joined)).safe).toBe(true);
    expect(UpgradeCheck.compare(pool(joined), pool('a.auth.eu-west-1.amazoncognito.com')).safe).toBe(true);
    expect(UpgradeCheck.compare(pool('a.auth.eu-west-1.amazoncognito.com'), pool(joined)).safe).toBe(true);
    expect(UpgradeCheck.compare(pool(joined), pool('a.example.com')).findings.map((f) => f.kind)).toEqual(['PASSKEYS_RESET']);
  });

  test('an identity provider or a resource server renamed: removed, with the new one named', () => {
    const provider = (name: string) => ({
      Resources: { [`Idp${name}`]: { Type: 'AWS::Cognito::UserPoolIdentityProvider', Properties: { UserPoolId: 'eu-west-1_abc', ProviderName: name, ProviderType: 'OIDC' } } },
    });
    const [removed] = UpgradeCheck.compare(provider('Okta'), provider('OktaProd')).findings;
    expect(removed).toMatchObject({ kind: 'REMOVED', logicalId: 'IdpOkta' });
    expect(removed.message).toBe(
      "the identity provider leaves the stack and is deleted, and with it its users' links: Cognito names a federated user <provider name>_<id>, so they sign in as new users, without their groups, attributes or linked accounts",
    );
    expect(removed.suggestion).toMatch(/^an identity provider 'IdpOktaProd' is added in the same change/);
    const server = templateOf({ ...BASE, resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'r' }] }] });
    const renamed = templateOf({ ...BASE, resourceServers: [{ identifier: 'orders-api', scopes: [{ name: 'read', description: 'r' }] }] });
    expect(UpgradeCheck.compare(server, renamed).findings.map((f) => [f.kind, f.resourceType])).toEqual([['REMOVED', 'AWS::Cognito::UserPoolResourceServer']]);
  });

  test('a provider whose name changes in place is replaced', () => {
    const provider = (name: string) => ({ Resources: { Idp: { Type: 'AWS::Cognito::UserPoolIdentityProvider', Properties: { UserPoolId: 'eu-west-1_abc', ProviderName: name, ProviderType: 'OIDC' } } } });
    expect(UpgradeCheck.compare(provider('Okta'), provider('Okta2')).findings.map((f) => [f.kind, f.property])).toEqual([['REPLACED', 'ProviderName']]);
  });

  test('a required or immutable standard attribute left out, an immutable one added, "true" as a string: the update fails', () => {
    const pool = (schema: unknown[]) => ({ Resources: { Pool: { Type: 'AWS::Cognito::UserPool', Properties: { Schema: schema } } } });
    const email = { Name: 'email', Required: true, Mutable: true };
    expect(UpgradeCheck.compare(pool([email]), pool([])).findings.map((f) => f.message)).toEqual([
      "the standard attribute 'email' is left out, but it was required: Cognito keeps that for the life of the pool, so the update fails",
    ]);
    expect(UpgradeCheck.compare(pool([email]), pool([email, { Name: 'given_name', Mutable: false }])).findings.map((f) => f.message)).toEqual([
      "the standard attribute 'given_name' becomes immutable: Cognito fixes that when the pool is created, so the update fails",
    ]);
    expect(UpgradeCheck.compare(pool([email]), pool([email, { Name: 'phone_number', Required: 'true' }])).findings.map((f) => f.property)).toEqual(['Schema[phone_number]']);
    // an optional, mutable standard attribute may come and go; Cognito's own types count as written
    expect(UpgradeCheck.compare(pool([email, { Name: 'given_name', Mutable: true }]), pool([email])).safe).toBe(true);
    expect(UpgradeCheck.compare(pool([{ Name: 'updated_at', Mutable: true }]), pool([{ Name: 'updated_at', Mutable: true, AttributeDataType: 'Number' }])).safe).toBe(true);
  });

  test('the pool loses its protection: a retained pool made destroyable, deletion protection turned off', () => {
    const after = templateOf({ ...BASE, removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    expect(UpgradeCheck.compare(before, after).findings.map((f) => [f.kind, f.property, f.message])).toEqual([
      ['PROTECTION_REMOVED', 'DeletionPolicy', "the user pool's DeletionPolicy changes from Retain to Delete: once it leaves the stack, it is deleted with every user"],
      ['PROTECTION_REMOVED', 'DeletionProtection', "the user pool's deletion protection is turned off: nothing then stops a delete of the pool and its users"],
    ]);
  });

  test('a destroyable pool with deletion protection, removed: the delete is refused and the pool stays outside the stack', () => {
    const destroyable = templateOf({ ...BASE, removalPolicy: RemovalPolicy.DESTROY });
    const [pool] = UpgradeCheck.compare(destroyable, templateOf(BASE, 'Other')).findings.filter((f) => f.resourceType === 'AWS::Cognito::UserPool');
    expect(pool.kind).toBe('REMOVED');
    expect(pool.message).toBe(
      'the user pool leaves the stack and CloudFormation deletes it, which its deletion protection refuses: the update ends in a failed cleanup, and the pool with every user stays in the account, outside the stack',
    );
  });

  test('what is not a template is refused, with a hint for get-template\'s whole answer', () => {
    expect(() => UpgradeCheck.compare({ TemplateBody: before, StagesAvailable: ['Original'] }, before)).toThrow(
      "the template before is not a CloudFormation template: it has no Resources object (get-template's whole answer: take its TemplateBody, e.g. with --query TemplateBody)",
    );
    expect(() => UpgradeCheck.compare(before, 'text' as any)).toThrow('the template after is not a CloudFormation template: it has no Resources object');
  });
});

describe('the library\'s own state: tables, buckets, keys, log groups, streams, and whatever a template keeps', () => {
  const PROFILES: CognitoAuthProps = {
    ...BASE,
    triggers: { postConfirmation: { createProfileTable: true } },
    userActivityLogs: { messageDeliveryErrors: true },
  };
  const withProfiles = templateOf(PROFILES);
  const table = logicalId(withProfiles, 'AWS::DynamoDB::Table');
  const deliveryLogs = logicalId(withProfiles, 'AWS::Logs::LogGroup', (r) => r.DeletionPolicy === 'Retain');
  const changes = (after: any) => UpgradeCheck.compare(withProfiles, after).findings.map((f) => [f.kind, f.resourceType, f.logicalId, f.property]);

  test('a new profileTablePartitionKey: the profile table replaced, the old one retained beside an empty one', () => {
    const after = templateOf({ ...PROFILES, triggers: { postConfirmation: { createProfileTable: true, profileTablePartitionKey: 'sub' } } });
    const result = UpgradeCheck.compare(withProfiles, after);
    expect(result.safe).toBe(false);
    expect(result.findings).toEqual([
      {
        logicalId: table,
        resourceType: 'AWS::DynamoDB::Table',
        kind: UpgradeFindingKind.REPLACED,
        property: 'KeySchema',
        message:
          'the DynamoDB table is replaced (KeySchema changed), and with it every item in it; the old one is retained outside the stack (UpdateReplacePolicy Retain), beside the new, empty one the stack uses',
        suggestion: 'keep KeySchema as deployed; for a new DynamoDB table, add one beside the old and move over before removing the old',
      },
    ]);
  });

  test('the profile table dropped: orphaned, since it is retained', () => {
    const after = templateOf({ ...PROFILES, triggers: { postConfirmation: {} } });
    const result = UpgradeCheck.compare(withProfiles, after);
    expect(result.findings.map((f) => [f.kind, f.resourceType, f.logicalId])).toEqual([['ORPHANED', 'AWS::DynamoDB::Table', table]]);
    expect(result.findings[0].message).toBe('the DynamoDB table leaves the stack but is retained: it stays in the account, outside the stack, which no longer manages it');
  });

  test('the log export taken out: its retained log group orphaned', () => {
    const after = templateOf({ ...PROFILES, userActivityLogs: undefined });
    expect(changes(after)).toEqual([['ORPHANED', 'AWS::Logs::LogGroup', deliveryLogs, undefined]]);
  });

  test('a trigger taken out: its log group deleted, with its logs', () => {
    const after = templateOf({ ...PROFILES, triggers: undefined });
    const found = UpgradeCheck.compare(withProfiles, after).findings;
    expect(found.map((f) => [f.kind, f.resourceType])).toEqual([
      ['ORPHANED', 'AWS::DynamoDB::Table'],
      ['REMOVED', 'AWS::Logs::LogGroup'],
    ]);
    expect(found[1].message).toBe('the log group leaves the stack and is deleted, and with it its log events (sign-in activity, delivery errors, trigger logs)');
  });

  test('harmless changes: another log retention, for the export and the trigger; a new group', () => {
    const after = templateOf({
      ...PROFILES,
      groups: [{ name: 'admin' }, { name: 'member' }],
      triggers: { postConfirmation: { createProfileTable: true, logRetention: logs.RetentionDays.ONE_YEAR } },
      userActivityLogs: { messageDeliveryErrors: true, retention: logs.RetentionDays.ONE_YEAR },
    });
    expect(Object.values<any>(after.Resources).filter((r) => r.Type === 'AWS::Logs::LogGroup').map((r) => r.Properties.RetentionInDays)).toEqual([365, 365]);
    expect(UpgradeCheck.compare(withProfiles, after)).toEqual({ findings: [], acknowledged: [], safe: true });
  });

  test('a bucket replaced or removed, a key removed, a stream replaced: each reported with what it holds', () => {
    const bucket = (name: string) => ({ Type: 'AWS::S3::Bucket', Properties: { BucketName: name } });
    const key = { Type: 'AWS::KMS::Key', DeletionPolicy: 'Delete', Properties: { KeyPolicy: {} } };
    const stream = (name: string) => ({ Type: 'AWS::Kinesis::Stream', Properties: { Name: name, ShardCount: 1 } });
    const before = { Resources: { Files: bucket('files-a'), Key: key, Events: stream('events-a') } };
    const after = { Resources: { Files: bucket('files-b'), Events: stream('events-b') } };
    const result = UpgradeCheck.compare(before, after);
    expect(result.findings.map((f) => [f.kind, f.resourceType, f.logicalId, f.property, f.message])).toEqual([
      [
        'REPLACED',
        'AWS::S3::Bucket',
        'Files',
        'BucketName',
        'the S3 bucket is replaced (BucketName changed), and with it every object in it (a bucket that still holds objects cannot be deleted: the delete fails and the bucket stays outside the stack)',
      ],
      [
        'REMOVED',
        'AWS::KMS::Key',
        'Key',
        undefined,
        "the KMS key leaves the stack and is deleted, and with it everything encrypted under it (a user pool's directory, log exports): once a deleted key's waiting period ends, none of it can be decrypted",
      ],
      ['REPLACED', 'AWS::Kinesis::Stream', 'Events', 'Name', "the Kinesis data stream is replaced (Name changed), and with it every record it holds, and every consumer's position in it"],
    ]);
    expect(UpgradeCheck.compare({ Resources: { Files: bucket('files-a') } }, { Resources: {} }).findings.map((f) => [f.kind, f.logicalId])).toEqual([['REMOVED', 'Files']]);
  });

  test('any resource its template keeps (Retain, Snapshot), replaced or removed, is reported, whatever its type', () => {
    const parameter = (name: string, policies: object) => ({ Type: 'AWS::SSM::Parameter', ...policies, Properties: { Name: name, Type: 'String', Value: 'v' } });
    const retained = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
    const check = (before: object, after: object) =>
      UpgradeCheck.compare({ Resources: before }, { Resources: after }).findings.map((f) => [f.kind, f.resourceType, f.property, f.message]);
    expect(check({ P: parameter('/a', retained) }, { P: parameter('/b', retained) })).toEqual([
      [
        'REPLACED',
        'AWS::SSM::Parameter',
        'Name',
        'the AWS::SSM::Parameter is replaced (Name changed): a new one takes its place; the old one is retained outside the stack (UpdateReplacePolicy Retain), beside the new one the stack uses',
      ],
    ]);
    expect(check({ P: parameter('/a', retained) }, {})).toEqual([
      ['ORPHANED', 'AWS::SSM::Parameter', undefined, 'the AWS::SSM::Parameter leaves the stack but is retained (DeletionPolicy Retain): it stays in the account, outside the stack, which no longer manages it'],
    ]);
    expect(check({ P: parameter('/a', { DeletionPolicy: 'Retain' }) }, { P: parameter('/b', { DeletionPolicy: 'Retain' }) })[0][3]).toBe(
      'the AWS::SSM::Parameter is replaced (Name changed): a new one takes its place; the old one is deleted (UpdateReplacePolicy Delete, unset), though its DeletionPolicy Retain marks it as one to keep',
    );
    const cluster = (id: string) => ({ Type: 'AWS::RDS::DBCluster', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot', Properties: { DBClusterIdentifier: id, Engine: 'aurora-postgresql' } });
    expect(check({ C: cluster('a') }, {})).toEqual([
      ['REMOVED', 'AWS::RDS::DBCluster', undefined, 'the AWS::RDS::DBCluster leaves the stack and is deleted; CloudFormation keeps a snapshot of it (DeletionPolicy Snapshot), outside the stack'],
    ]);
    expect(check({ C: cluster('a') }, { C: cluster('b') })[0][3]).toBe(
      'the AWS::RDS::DBCluster is replaced (DBClusterIdentifier changed): a new one takes its place; the old one is deleted, and a snapshot of it kept outside the stack (UpdateReplacePolicy Snapshot)',
    );
    // a resource nothing keeps and no list names comes and goes freely
    expect(check({ P: parameter('/a', {}) }, {})).toEqual([]);
    expect(check({ P: parameter('/a', {}) }, { P: parameter('/b', {}) })).toEqual([]);
  });

  test('a renamed retained resource of any type names its twin', () => {
    const kept = { Type: 'AWS::SSM::Parameter', DeletionPolicy: 'Retain', Properties: { Type: 'String', Value: 'v' } };
    const [finding] = UpgradeCheck.compare({ Resources: { Old: kept } }, { Resources: { New: kept } }).findings;
    expect(finding.suggestion).toBe("an AWS::SSM::Parameter 'New' is added in the same change: if a construct id was renamed, keep the old logical id ((node.defaultChild as CfnResource).overrideLogicalId('Old'))");
  });
});

describe('acknowledgements', () => {
  const after = templateOf({ ...BASE, domain: { prefix: 'upgrade-demo-2' } });
  const domain = logicalId(before, 'AWS::Cognito::UserPoolDomain');

  test('an acknowledged finding moves to `acknowledged`, with its reason; the change is safe', () => {
    const result = UpgradeCheck.compare(before, after, { acknowledgements: [{ logicalId: domain, kind: UpgradeFindingKind.REPLACED, reason: 'dev stack: the domain may move' }] });
    expect(result.safe).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.acknowledged.map((f) => [f.logicalId, f.acknowledgedReason])).toEqual([[domain, 'dev stack: the domain may move']]);
    expect(UpgradeCheck.formatFinding(result.acknowledged[0])).toMatch(/^REPLACED AWS::Cognito::UserPoolDomain \S+ Domain: .*; way out: .* \[acknowledged: dev stack: the domain may move\]$/);
  });

  test('an acknowledgement of another kind or another resource covers nothing', () => {
    expect(UpgradeCheck.compare(before, after, { acknowledgements: [{ logicalId: domain, kind: UpgradeFindingKind.REMOVED, reason: 'r' }] }).safe).toBe(false);
    expect(UpgradeCheck.compare(before, after, { acknowledgements: [{ logicalId: poolId, reason: 'r' }] }).safe).toBe(false);
  });

  test.each<[unknown, string]>([
    [{ reason: 'r' }, 'acknowledgements[0] has no logicalId: each acknowledgement names the resource\'s logical id'],
    [{ logicalId: 'X', reason: ' ' }, "acknowledgements[0] ('X') has no reason: say why the finding is fine, for whoever reads the file next"],
    [{ logicalId: 'X', reason: 'r', kind: 'GONE' }, "acknowledgements[0] ('X') has kind 'GONE': use one of REPLACED, REMOVED, ORPHANED, ATTRIBUTE_CHANGED, CREATE_ONLY_CHANGED, PASSKEYS_RESET, PROTECTION_REMOVED, ISSUER_CHANGED, or leave kind out"],
  ])('a bad acknowledgement is refused: %j', (ack, message) => {
    expect(() => UpgradeCheck.compare(before, after, { acknowledgements: [ack as any] })).toThrow(message);
  });
});

describe('the cognito-upgrade-check command', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-check-'));
  const file = (name: string, content: unknown) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
    return p;
  };
  const beforeFile = file('before.json', before);
  const sameFile = file('same.json', templateOf(BASE));
  const changedFile = file('changed.json', templateOf({ ...BASE, domain: { prefix: 'upgrade-demo-2' } }));
  const domain = logicalId(before, 'AWS::Cognito::UserPoolDomain');

  async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l), fetchDeployed: async (name) => (name === 'Deployed' ? JSON.stringify(before) : 'Resources: {}') });
    return { status, out: out.join('\n'), err: err.join('\n') };
  }

  test('safe: exit 0 and one line', async () => {
    expect(await run('--before', beforeFile, '--after', sameFile)).toEqual({ status: 0, out: 'safe: nothing lost or refused', err: '' });
  });

  test('a finding: exit 1, one line per finding', async () => {
    const { status, out } = await run('--before', beforeFile, '--after', changedFile);
    expect(status).toBe(1);
    expect(out.split('\n')).toEqual([expect.stringMatching(new RegExp(`^REPLACED AWS::Cognito::UserPoolDomain ${domain} Domain: the domain is replaced`)), 'unsafe: 1 finding not acknowledged']);
  });

  test('--json prints the result; an acknowledgement file makes it safe', async () => {
    const json = await run('--before', beforeFile, '--after', changedFile, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ safe: false, findings: [{ kind: 'REPLACED', logicalId: domain }] });
    const acks = file('acks.json', { acknowledgements: [{ logicalId: domain, reason: 'dev: the prefix may change' }] });
    const acked = await run('--before', beforeFile, '--after', changedFile, '--acknowledgements', acks);
    expect(acked.status).toBe(0);
    expect(acked.out).toMatch(/\[acknowledged: dev: the prefix may change\]\nsafe: nothing lost or refused \(1 acknowledged\)$/);
  });

  test('--after-app reads the stack from a cloud assembly; --deployed fetches the deployed template', async () => {
    const out = path.join(dir, 'cdk.out');
    const app = testApp({}, out);
    new CognitoAuth(new Stack(app, 'Upgrade', { env: { account: '123456789012', region: 'eu-west-1' } }), 'Auth', BASE);
    app.synth();
    expect((await run('--before', beforeFile, '--after-app', out, '--stack', 'Upgrade')).status).toBe(0);
    expect((await run('--deployed', 'Deployed', '--after', changedFile)).status).toBe(1);
    const missing = await run('--before', beforeFile, '--after-app', out, '--stack', 'Nope');
    expect(missing).toMatchObject({ status: 2, err: `cognito-upgrade-check: no stack 'Nope' in ${out}/manifest.json; the stacks are: Upgrade` });
  });

  test('--name=value works too; a stack in a stage is found by its display name or stack name', async () => {
    const out = path.join(dir, 'staged.out');
    const app = testApp({}, out);
    const stage = new Stage(app, 'Prod', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CognitoAuth(new Stack(stage, 'Auth'), 'Auth', BASE);
    app.synth();
    // logical ids are the stack's own, so the same construct in a stage is the same template
    expect(await run(`--before=${beforeFile}`, `--after-app=${out}`, '--stack=Prod/Auth')).toEqual({ status: 0, out: 'safe: nothing lost or refused', err: '' });
    expect((await run('--before', beforeFile, '--after-app', out, '--stack', 'Prod-Auth')).status).toBe(0);
    expect((await run('--before', beforeFile, `--after-app=${out}`, '--stack', 'Prod/Auth', '--after', sameFile)).status).toBe(2);
    expect((await run('--before', beforeFile, '--after-app', out, '--stack', 'Nope')).err).toBe(`cognito-upgrade-check: no stack 'Nope' in ${out}/manifest.json; the stacks are: Prod/Auth`);
  });

  test('--help prints the usage and exits 0', async () => {
    expect(await run('--help')).toEqual({ status: 0, out: USAGE, err: '' });
  });

  test.each<[string[], string]>([
    [[], 'give exactly one of --before and --deployed'],
    [['--before', 'a', '--deployed', 'b', '--after', 'c'], 'give exactly one of --before and --deployed'],
    [['--before', 'a'], 'give exactly one of --after and --after-app'],
    [['--before', 'a', '--after-app', 'out'], '--after-app and --stack go together'],
    [['--before'], '--before needs a value'],
    [['--before', 'a', '--before', 'b'], '--before is given twice'],
    [['--frobnicate'], "unknown argument '--frobnicate'"],
    [['--json=yes'], '--json takes no value'],
    [['--before=', '--after', 'b'], '--before needs a value'],
  ])('bad usage exits 2: %j', async (argv, message) => {
    const { status, err } = await run(...argv);
    expect(status).toBe(2);
    expect(err).toBe(`${message}\n\n${USAGE}`);
  });

  test.each<[() => string[], string]>([
    [() => ['--before', path.join(dir, 'nothing.json'), '--after', sameFile], `cognito-upgrade-check: cannot read the template ${path.join(dir, 'nothing.json')}: ENOENT`],
    [() => ['--before', file('bad.json', '{ not json'), '--after', sameFile], `cognito-upgrade-check: the template ${path.join(dir, 'bad.json')} is not JSON`],
    [() => ['--deployed', 'Yaml', '--after', sameFile], 'cognito-upgrade-check: the deployed template of Yaml is not JSON (a YAML template?): save it as JSON and give it with --before'],
    [() => ['--before', file('whole.json', { TemplateBody: before }), '--after', sameFile], "cognito-upgrade-check: the template before is not a CloudFormation template: it has no Resources object (get-template's whole answer: take its TemplateBody, e.g. with --query TemplateBody)"],
    [() => ['--before', beforeFile, '--after', sameFile, '--acknowledgements', file('acks-bad.json', { acknowledgements: [{ logicalId: 'X' }] })], `cognito-upgrade-check: ${path.join(dir, 'acks-bad.json')}: acknowledgements[0] ('X') has no reason: say why the finding is fine, for whoever reads the file next`],
  ])('unreadable input exits 2 with the reason', async (argv, message) => {
    expect(await run(...argv())).toEqual({ status: 2, out: '', err: message });
  });
});
