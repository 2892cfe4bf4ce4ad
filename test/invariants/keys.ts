/**
 * Invariant: every KMS key of the app allows every service principal that a feature uses it for in its region.
 *
 * Read from the app (which key a pool, a replica or a log export uses) and from the synthesized templates (what each
 * key policy allows), independently of the library's own statement builders: each use is a request (who, which
 * action, and the request's condition keys: source account and ARN, encryption context, kms:ViaService, all of the
 * key's region), and some Allow statement of the key policy must match it, conditions included. So a statement left
 * out, or written for another region's pools or log deliveries, is caught. Keys that are not in the app (imported by
 * ARN) are not checked: the library warns for those.
 *
 * What a feature needs, after the Cognito guide's "Data protection in Amazon Cognito" (customer managed key policy,
 * with and without log export) and the KMS guide's "AWS KMS condition keys" (kms:ViaService):
 * - a pool's key in each region that serves the pool (the primary key, or its replica key in a replica region):
 *   Cognito and the identity store, and any principal through Cognito of that region (the admin APIs' callers);
 * - a log export in a region of an encrypted pool: Cognito (to encrypt) and log delivery (to decrypt) on that key;
 * - a log export to an S3 bucket encrypted with a key of the app: log delivery on the bucket's key (the request
 *   modelled with the source account and ARN that the library's statement names);
 * - a log group encrypted with a key of the app (a bundled function's, with `logGroupEncryptionKey`): CloudWatch Logs
 *   of the log group's region, for that log group (the CloudWatch Logs guide's "Encrypt log data in CloudWatch Logs
 *   using AWS KMS": the regional service principal, the encryption context `kms:EncryptionContext:aws:logs:arn`).
 */
import { Stack, Stage } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';

/** Who must be allowed: a service principal, or any principal whose request comes through a service (kms:ViaService). */
type Who = { readonly service: string } | { readonly via: string };

/** A request a feature makes to the key: who, which actions, and the request's condition context. */
interface Need {
  readonly who: Who;
  readonly actions: string[];
  readonly feature: string;
  /** The condition keys of the request (the encryption context is left out for DescribeKey, which has none). */
  readonly context: Record<string, string>;
}

type KeyResource = kms.CfnKey | kms.CfnReplicaKey;

/** Where a key is: its region, account and partition, as the requests made to it carry them. */
interface Place {
  readonly region: string;
  readonly account: string;
  readonly partition: string;
}

const POOL_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'];

/** A pool of this account in the key's region, as Cognito names it in its requests. */
const poolArn = (at: Place) => `arn:${at.partition}:cognito-idp:${at.region}:${at.account}:userpool/${at.region}_Example`;
/** A log delivery of this account in the key's region. */
const deliveryArn = (at: Place) => `arn:${at.partition}:logs:${at.region}:${at.account}:delivery-source:example`;

const poolNeeds = (at: Place): Need[] => {
  const service = { 'aws:SourceAccount': at.account, 'aws:SourceArn': poolArn(at), 'kms:EncryptionContext:aws:cognito-idp:userpool-arn': poolArn(at) };
  return [
    { who: { service: 'cognito-idp.amazonaws.com' }, actions: POOL_ACTIONS, feature: 'the user pool', context: service },
    { who: { service: 'identitystore.amazonaws.com' }, actions: POOL_ACTIONS, feature: 'the user pool', context: service },
    {
      who: { via: `cognito-idp.${at.region}.amazonaws.com` },
      actions: POOL_ACTIONS,
      feature: "the principals that call Cognito's admin APIs (the triggers' roles)",
      context: {
        'kms:ViaService': `cognito-idp.${at.region}.amazonaws.com`,
        'kms:CallerAccount': at.account,
        'aws:PrincipalAccount': at.account,
        'kms:EncryptionContext:aws:cognito-idp:userpool-arn': poolArn(at),
      },
    },
  ];
};

const logNeeds = (at: Place): Need[] => {
  const context = { 'aws:SourceAccount': at.account, 'aws:SourceArn': deliveryArn(at), 'kms:EncryptionContext:SourceArn': deliveryArn(at) };
  return [
    { who: { service: 'cognito-idp.amazonaws.com' }, actions: ['kms:GenerateDataKey', 'kms:Encrypt'], feature: 'the log export', context },
    { who: { service: 'delivery.logs.amazonaws.com' }, actions: ['kms:GenerateDataKey', 'kms:Decrypt'], feature: 'the log export', context },
  ];
};

const bucketNeeds = (at: Place): Need[] => [
  {
    who: { service: 'delivery.logs.amazonaws.com' },
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    feature: 'the log export to S3',
    context: { 'aws:SourceAccount': at.account, 'aws:SourceArn': deliveryArn(at) },
  },
];

/** A log group encrypted with the key: CloudWatch Logs of its region, for that log group (CloudWatch Logs guide, "Encrypt log data"). */
const logGroupNeeds = (at: Place): Need[] => [
  {
    who: { service: `logs.${at.region}.amazonaws.com` },
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
    feature: 'a log group encrypted with it',
    context: { 'kms:EncryptionContext:aws:logs:arn': `arn:${at.partition}:logs:${at.region}:${at.account}:log-group:example-group` },
  },
];

const whoText = (who: Who) => ('service' in who ? who.service : `any principal through ${who.via}`);

/** The value of a template value, with the pseudo parameters of the key's place filled in; other intrinsics stay objects. */
function evaluate(value: unknown, at: Place): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, at));
  if (!value || typeof value !== 'object') return value;
  const v = value as Record<string, any>;
  if (typeof v.Ref === 'string' && v.Ref.startsWith('AWS::')) {
    const pseudo: Record<string, string> = {
      'AWS::Partition': at.partition,
      'AWS::Region': at.region,
      'AWS::AccountId': at.account,
      'AWS::URLSuffix': at.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    };
    return pseudo[v.Ref] ?? `<${v.Ref}>`;
  }
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'];
    return (evaluate(parts, at) as unknown[]).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(separator);
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evaluate(x, at)]));
}

const list = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Whether a pattern with * and ? matches a value. */
function like(pattern: string, value: string, ignoreCase = false): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'i' : '');
  return re.test(value);
}

/**
 * Whether every condition of a statement holds for a request with this context (IAM's rules for the operators key
 * policies use; a key the request lacks fails, except with ...IfExists; an operator not known here fails).
 */
function holds(condition: Record<string, Record<string, unknown>> | undefined, context: Record<string, string>): boolean {
  const lookup = (key: string) => Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    const ifExists = operator.endsWith('IfExists');
    const base = operator.replace(/IfExists$/, '');
    for (const [key, value] of Object.entries(entries ?? {})) {
      const actual = lookup(key);
      if (actual === undefined) {
        if (ifExists) continue;
        return false;
      }
      const wanted = list(value).map(String);
      const test: Record<string, (w: string) => boolean> = {
        StringEquals: (w) => w === actual,
        ArnEquals: (w) => w === actual,
        StringEqualsIgnoreCase: (w) => w.toLowerCase() === actual.toLowerCase(),
        StringLike: (w) => like(w, actual),
        ArnLike: (w) => like(w, actual),
      };
      if (!test[base] || !wanted.some(test[base])) return false;
    }
  }
  return true;
}

/**
 * Whether a statement of the policy allows the request. Principals through a service need a statement for any
 * principal: the account's own statement (`kms:*` for the account root) leaves them to IAM, and Cognito's documented
 * policy allows them in the key policy itself.
 */
function allows(statements: any[], need: Need, action: string): boolean {
  const context = action === 'kms:DescribeKey' ? Object.fromEntries(Object.entries(need.context).filter(([k]) => !k.startsWith('kms:EncryptionContext:'))) : need.context;
  return statements.some((s) => {
    if (s.Effect !== 'Allow') return false;
    const p = s.Principal;
    const anyone = p === '*' || list(p?.AWS).includes('*');
    const principal = anyone || ('service' in need.who && list(p?.Service).includes(need.who.service));
    return principal && list(s.Action).some((a) => like(String(a), action, true)) && holds(s.Condition, context);
  });
}

/** The key resource (L1) of a key of this app whose ARN is `arn`, if any. */
function keyOfArn(all: IConstruct[], arn: string): kms.CfnKey | undefined {
  for (const c of all) {
    if (c instanceof kms.Key && c.keyArn === arn) return c.node.defaultChild as kms.CfnKey;
    if (c instanceof kms.CfnKey && c.attrArn === arn) return c;
  }
  return undefined;
}

/** Where a key is, for the requests made to it: the region given, its stack's account, the region's partition. */
function placeOf(key: IConstruct | undefined, region: string): Place {
  const account = key ? String(Stack.of(key).account) : '<account>';
  return { region, account, partition: region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws' };
}

/**
 * Every key of `app` (synthesized here if it was not) against what the features of its region use it for. Returns one
 * line per service and action a key does not allow; empty when the invariant holds.
 */
export function keysAllowTheirServices(app: Stage): string[] {
  app.synth();
  const all = app.node.findAll();
  const needs = new Map<KeyResource, Need[]>();
  const need = (key: KeyResource | undefined, ...add: Need[]) => {
    if (key) needs.set(key, [...(needs.get(key) ?? []), ...add]);
  };
  const replicaKeyOf = (primaryArn: string, region: string) =>
    all.find((c): c is kms.CfnReplicaKey => c instanceof kms.CfnReplicaKey && c.primaryKeyArn === primaryArn && Stack.of(c).region === region);

  const logConfigs = all.filter((c): c is cognito.CfnLogDeliveryConfiguration => c instanceof cognito.CfnLogDeliveryConfiguration);
  for (const pool of all.filter((c): c is cognito.CfnUserPool => c instanceof cognito.CfnUserPool)) {
    const config = pool.keyConfiguration as cognito.CfnUserPool.KeyConfigurationProperty | undefined;
    if (config?.keyType !== 'CUSTOMER_MANAGED_KEY' || config.kmsKeyArn === undefined) continue;
    const arn = config.kmsKeyArn;
    const primaryRegion = Stack.of(pool).region;
    const keyIn = new Map<string, KeyResource | undefined>([[primaryRegion, keyOfArn(all, arn)]]);
    for (const replica of all.filter((c): c is cognito.CfnUserPoolReplica => c instanceof cognito.CfnUserPoolReplica && c.userPoolId === pool.ref)) {
      keyIn.set(replica.regionName, replicaKeyOf(arn, replica.regionName));
    }
    for (const [region, key] of keyIn) need(key, ...poolNeeds(placeOf(key, region)));
    for (const logs of logConfigs) {
      const region = Stack.of(logs).region;
      // The pool's own log export names it; a replica region's names the pool by an id read from its ARN there.
      if (logs.userPoolId === pool.ref || (region !== primaryRegion && keyIn.has(region))) {
        need(keyIn.get(region), ...logNeeds(placeOf(keyIn.get(region), region)));
      }
    }
  }
  for (const logs of logConfigs) {
    for (const c of list(logs.logConfigurations) as cognito.CfnLogDeliveryConfiguration.LogConfigurationProperty[]) {
      const bucketArn = (c.s3Configuration as cognito.CfnLogDeliveryConfiguration.S3ConfigurationProperty | undefined)?.bucketArn;
      const bucket = all.find((b): b is s3.Bucket => b instanceof s3.Bucket && b.bucketArn === bucketArn);
      const key = bucket?.encryptionKey;
      if (key instanceof kms.Key) need(key.node.defaultChild as kms.CfnKey, ...bucketNeeds(placeOf(key, Stack.of(key).region)));
    }
  }

  for (const group of all.filter((c): c is logs.CfnLogGroup => c instanceof logs.CfnLogGroup && c.kmsKeyId !== undefined)) {
    const key = keyOfArn(all, group.kmsKeyId!);
    need(key, ...logGroupNeeds(placeOf(key, Stack.of(group).region)));
  }

  const violations: string[] = [];
  for (const [key, keyNeeds] of needs) {
    const stack = Stack.of(key);
    const at = placeOf(key, stack.region);
    const template = app.synth().getStackArtifact(stack.artifactId).template;
    const policy = evaluate(template.Resources[stack.resolve(key.logicalId)].Properties.KeyPolicy, at) as { Statement?: unknown };
    const statements = list(policy?.Statement);
    const seen = new Set<string>();
    for (const n of keyNeeds) {
      for (const action of n.actions) {
        const line = `${key.node.path} (${at.region}): ${whoText(n.who)} may not ${action}, which ${n.feature} needs`;
        if (!seen.has(line) && !allows(statements, n, action)) violations.push(line);
        seen.add(line);
      }
    }
  }
  return violations;
}
