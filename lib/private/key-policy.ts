// The statements a user pool's customer managed key needs in one region, after the Cognito developer guide's page
// "Data protection in Amazon Cognito" (section "Encryption at rest": "Set customer managed key policy", and "Set
// customer managed key policy with permissions for encryption of exported logs"), and the IAM side of the principals
// that call Cognito, after the KMS developer guide's "AWS KMS condition keys" (kms:ViaService). Every key the library
// creates or is given gets these for its own region; an imported key gets a warning that lists them.
import { Annotations, ArnFormat, Aspects, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/** What, besides Cognito and the principals that call it, uses a pool's key in one region. */
export interface KeyUses {
  /** Whether the pool exports user activity logs in that region. */
  readonly userActivityLogs?: boolean;
}

/**
 * The `kms:ViaService` value of Cognito user pools in a region. The KMS guide's "AWS KMS condition keys" page
 * (kms:ViaService) names services with the `.amazonaws.com` suffix in every partition.
 */
export function cognitoViaService(region: string): string {
  return `cognito-idp.${region}.amazonaws.com`;
}

/** This account's user pools in the region of `scope`'s stack (a key cannot name its pool: the pool names the key). */
function poolsOf(stack: Stack): string {
  return stack.formatArn({ service: 'cognito-idp', resource: 'userpool', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

const CRYPTO = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKeyWithoutPlaintext'];
const POOL_CONTEXT = 'kms:EncryptionContext:aws:cognito-idp:userpool-arn';

/**
 * Cognito and the identity store may encrypt and decrypt for this account's pools of the region ("Allow Amazon Cognito
 * service access") and describe the key; then every principal of this account that may call Cognito may use the key
 * through Cognito of this region, and only for this account's pools ("Allow access through Amazon Cognito for all
 * principals in account that are authorized to use Amazon Cognito"): that is what a principal calling the admin APIs
 * (ListUsers, AdminAddUserToGroup, AdminLinkProviderForUser) on an encrypted pool needs. The guide's statement names
 * no account; `kms:CallerAccount` keeps it to this one, as the KMS guide's "Allow access through ... for all
 * principals in the account" statements do.
 */
export function cognitoStatements(scope: IConstruct): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const pools = poolsOf(stack);
  const services = [new iam.ServicePrincipal('cognito-idp.amazonaws.com'), new iam.ServicePrincipal('identitystore.amazonaws.com')];
  const through = { 'kms:ViaService': cognitoViaService(stack.region), 'kms:CallerAccount': stack.account };
  return [
    new iam.PolicyStatement({
      principals: services,
      actions: CRYPTO,
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': pools },
        StringLike: { [POOL_CONTEXT]: pools },
      },
    }),
    new iam.PolicyStatement({
      principals: services,
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': pools } },
    }),
    new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: through },
    }),
    new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: CRYPTO,
      resources: ['*'],
      conditions: { StringEquals: through, StringLike: { [POOL_CONTEXT]: pools } },
    }),
  ];
}

/**
 * Log export of a pool encrypted with a customer managed key: Cognito encrypts the logs with the key, and log delivery
 * decrypts them before it writes them, each for this account's log deliveries of the region (same page, "Set customer
 * managed key policy with permissions for encryption of exported logs").
 */
export function logDeliveryStatements(scope: IConstruct): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const context = {
    StringLike: { 'kms:EncryptionContext:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
  };
  return [
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cognito-idp.amazonaws.com')],
      actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
      resources: ['*'],
      conditions: context,
    }),
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: context,
    }),
  ];
}

/** Every statement a pool's key needs in the region of `scope`'s stack, for what uses it there. */
export function keyStatements(scope: IConstruct, uses: KeyUses = {}): iam.PolicyStatement[] {
  return [...cognitoStatements(scope), ...(uses.userActivityLogs ? logDeliveryStatements(scope) : [])];
}

/**
 * What a role that calls Cognito's admin APIs on a pool encrypted with a customer managed key needs in IAM: the KMS
 * guide's "AWS KMS condition keys" page (kms:ViaService) says the principal on whose behalf a service uses a key must
 * itself be allowed to use the key. The same actions as Cognito's documented "access through Amazon Cognito" statement,
 * on this key only, through Cognito of the pool's region only, for this pool only. Explicit ReEncrypt actions, not a
 * wildcard.
 */
export function cognitoCallerStatements(region: string, keyArn: string, poolArn: string): iam.PolicyStatement[] {
  const via = { 'kms:ViaService': cognitoViaService(region) };
  return [
    new iam.PolicyStatement({ actions: ['kms:DescribeKey'], resources: [keyArn], conditions: { StringEquals: via } }),
    new iam.PolicyStatement({
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext'],
      resources: [keyArn],
      conditions: { StringEquals: via, StringLike: { [POOL_CONTEXT]: poolArn } },
    }),
  ];
}

/** The ARN of the customer managed key that encrypts a pool of this app, from its L1 (undefined: AWS owned, or unknown). */
export function poolKeyArn(userPool: IConstruct): string | undefined {
  const cfn = userPool.node.defaultChild;
  if (!(cfn instanceof cognito.CfnUserPool)) return undefined;
  const config = cfn.keyConfiguration;
  if (config === undefined || Tokenization.isResolvable(config)) return undefined;
  const plain = config as cognito.CfnUserPool.KeyConfigurationProperty;
  return plain.keyType === 'CUSTOMER_MANAGED_KEY' && plain.kmsKeyArn !== undefined ? plain.kmsKeyArn : undefined;
}

/** A template value as text: plain strings as they are, a Ref as <name>, a join joined. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(text).join(' or ');
  const v = value as Record<string, any>;
  if (v?.Ref) return `<${String(v.Ref).replace(/^AWS::/, '')}>`;
  if (v?.['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(text).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** Statements as a numbered list a person can compare with a key policy: who, which actions, under which conditions. */
export function describeStatements(scope: IConstruct, statements: iam.PolicyStatement[]): string {
  const stack = Stack.of(scope);
  return statements
    .map((statement, i) => {
      const json = stack.resolve(statement.toStatementJson());
      const principal =
        json.Principal === '*' || json.Principal?.AWS === '*'
          ? 'any principal'
          : [json.Principal?.Service ?? json.Principal?.AWS].flat().join(', ');
      const conditions = Object.entries<Record<string, unknown>>(json.Condition ?? {}).flatMap(([operator, entries]) =>
        Object.entries(entries).map(([key, value]) => `${key} ${operator} ${text(value)}`),
      );
      return `(${i + 1}) ${principal}: ${[json.Action].flat().join(', ')}${conditions.length > 0 ? ` if ${conditions.join(' and ')}` : ''}`;
    })
    .join('; ');
}

/** The statements of `required` that `policy` (a key policy as written, resolved in the key's stack) does not hold as they are. */
export function missingStatements(scope: IConstruct, policy: unknown, required: iam.PolicyStatement[]): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const resolved = stack.resolve(policy);
  const held = new Set<string>(([] as unknown[]).concat(resolved?.Statement ?? []).map((s) => canonical(s)));
  return required.filter((s) => !held.has(canonical(stack.resolve(s.toStatementJson()))));
}

/** JSON with sorted keys, lists sorted and a list of one taken as its item, without Sid: equal statements compare equal. */
function canonical(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(norm);
      return items.length === 1 ? items[0] : items.map((x) => JSON.stringify(x)).sort();
    }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).filter((k) => k !== 'Sid').sort().map((k) => [k, norm(o[k])]));
    }
    return v;
  };
  return JSON.stringify(norm(value));
}

/** What uses each pool's key in the pool's own region, recorded by the parts that use it (the log export). */
const USES = new WeakMap<IConstruct, { userActivityLogs?: boolean }>();

/** Records that the pool exports logs in its own region. */
export function recordLogExport(pool: IConstruct): void {
  USES.set(pool, { ...USES.get(pool), userActivityLogs: true });
}

/** What uses the pool's key in its own region, as recorded so far. */
export function keyUsesOf(pool: IConstruct): KeyUses {
  return { ...USES.get(pool) };
}

/**
 * A warning whose text is made at synth, when every part that uses what it is about has been added (a log export
 * added after the pool, for example). No text, no warning.
 */
export function warnAtSynth(scope: IConstruct, id: string, message: () => string | undefined): void {
  Aspects.of(scope).add({
    visit: (node) => {
      if (node !== scope) return;
      const text = message();
      if (text !== undefined) Annotations.of(scope).addWarningV2(id, text);
    },
  });
}

/** A region for a message: the name, or "the stack's region" when it is not known at synth. */
export function regionName(region: string): string {
  return Token.isUnresolved(region) ? "the stack's region" : region;
}
