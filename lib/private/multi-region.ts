import { Annotations, ArnFormat, Resource, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { IssuerForm, UserPoolReplicaOptions } from '../multi-region-options';
import { markUpdatedIssuer } from './outputs';
import { ConfigError } from './validate';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** Cognito keeps at most one secondary replica per user pool (developer guide, multi-Region replication, limitations). */
export const MAX_REPLICAS = 1;

export interface MultiRegionProps {
  readonly issuer?: IssuerForm;
  readonly encryptionKey?: kms.IKey;
  readonly replicas?: UserPoolReplicaOptions[];
  readonly featurePlan: cognito.FeaturePlan;
  readonly totpMfa: boolean;
}

/** What the pool's multi-Region settings come to. */
export interface MultiRegion {
  readonly updatedIssuer: boolean;
  readonly replicaRegions: string[];
  readonly replicas: cognito.CfnUserPoolReplica[];
}

/** The key's region, when known: an in-app key's stack, or an imported key's ARN. */
function keyRegion(key: kms.IKey): string | undefined {
  const region = (key as unknown as Resource).env?.region;
  return region && !Token.isUnresolved(region) ? region : undefined;
}

/**
 * The key-policy statements Cognito needs on a user pool's customer managed key (developer guide, data protection,
 * "customer managed key policy"): Cognito and the identity store may encrypt and decrypt for this account's user pools
 * of the key's region (the pool cannot be named: it names the key), and describe the key.
 */
export function poolKeyStatements(scope: Construct): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const pools = stack.formatArn({ service: 'cognito-idp', resource: 'userpool', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  const principals = [new iam.ServicePrincipal('cognito-idp.amazonaws.com'), new iam.ServicePrincipal('identitystore.amazonaws.com')];
  return [
    new iam.PolicyStatement({
      principals,
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKeyWithoutPlaintext'],
      resources: ['*'],
      conditions: {
        'StringEquals': { 'aws:SourceAccount': stack.account },
        'ArnLike': { 'aws:SourceArn': pools },
        'StringLike': { 'kms:EncryptionContext:aws:cognito-idp:userpool-arn': pools },
      },
    }),
    new iam.PolicyStatement({ principals, actions: ['kms:DescribeKey'], resources: ['*'], conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
  ];
}

/** Whether a key is multi-Region: a key of this app says so; an imported key's id starts with `mrk-`. */
function isMultiRegionKey(key: kms.IKey): boolean | undefined {
  const cfn = key.node.defaultChild;
  if (cfn instanceof kms.CfnKey) return cfn.multiRegion === true;
  if (Token.isUnresolved(key.keyArn)) return undefined;
  return /:key\/mrk-[0-9a-f]+$/.test(key.keyArn);
}

/**
 * Checks and writes the pool's issuer, key and replicas (the pool's own stack: AWS::Cognito::UserPoolReplica is created
 * from the primary region). Cognito's requirements are checked first, each with the prop, the value and the rule.
 */
export function applyMultiRegion(scope: Construct, pool: cognito.UserPool, props: MultiRegionProps): MultiRegion {
  const stack = Stack.of(scope);
  const replicas = props.replicas ?? [];
  if (replicas.length > MAX_REPLICAS) {
    throw new ConfigError(`replicas has ${replicas.length} regions (${replicas.map((r) => r.region).join(', ')}): Cognito keeps at most ${MAX_REPLICAS} secondary replica per user pool`);
  }
  replicas.forEach((replica, i) => {
    if (!Token.isUnresolved(replica.region) && !REGION.test(replica.region)) {
      throw new ConfigError(`replicas[${i}].region '${replica.region}' is not a region name like eu-west-1`);
    }
    if (!Token.isUnresolved(replica.region) && !Token.isUnresolved(stack.region) && replica.region === stack.region) {
      throw new ConfigError(`replicas[${i}].region '${replica.region}' is the pool's own region: a replica goes into a second region`);
    }
  });
  if (replicas.length > 0) {
    if (props.featurePlan === cognito.FeaturePlan.LITE) {
      throw new ConfigError("replicas need featurePlan ESSENTIALS or PLUS (multi-Region replication is an add-on of those plans), but featurePlan is 'LITE'");
    }
    if (props.issuer === IssuerForm.ORIGINAL) {
      throw new ConfigError("replicas need the updated issuer (Cognito's guide: for token validation that holds across regions), but issuer is 'ORIGINAL': leave issuer out or set IssuerForm.UPDATED");
    }
    if (!props.encryptionKey) {
      throw new ConfigError('replicas need encryptionKey: a multi-Region customer managed KMS key, with a replica key in every replica region, which Cognito encrypts the replicated directory with');
    }
    if (isMultiRegionKey(props.encryptionKey) === false) {
      throw new ConfigError(`replicas need a multi-Region encryptionKey, but '${props.encryptionKey.node.path}' is a single-region key: create it with multiRegion: true (a key's multiRegion cannot change later)`);
    }
    if (props.totpMfa) {
      Annotations.of(scope).addWarningV2(
        'cdk-cognito-auth:replicaTotp',
        'TOTP MFA is on, and Cognito replicas do not take TOTP: users with an authenticator app can sign in only while the primary region serves requests',
      );
    }
  }
  const key = props.encryptionKey;
  if (key) {
    if ('aliasName' in key || (!Token.isUnresolved(key.keyArn) && key.keyArn.includes(':alias/'))) {
      throw new ConfigError(`encryptionKey '${key.node.path}' is an alias: Cognito takes a key ARN, not an alias; give the key itself`);
    }
    const cfnKey = key.node.defaultChild;
    if (cfnKey instanceof kms.CfnKey && ((cfnKey.keySpec ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT' || (cfnKey.keyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT')) {
      throw new ConfigError(
        `encryptionKey '${key.node.path}' is a ${cfnKey.keySpec ?? 'SYMMETRIC_DEFAULT'} key for ${cfnKey.keyUsage ?? 'ENCRYPT_DECRYPT'}: Cognito takes symmetric encryption keys only (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)`,
      );
    }
    const region = keyRegion(key);
    if (region && !Token.isUnresolved(stack.region) && region !== stack.region) {
      throw new ConfigError(`encryptionKey '${key.node.path}' is in ${region}, but the pool is in ${stack.region}: Cognito takes a key of the pool's region (for replicas, the primary of a multi-Region key)`);
    }
  }

  const cfn = pool.node.defaultChild as cognito.CfnUserPool;
  const updatedIssuer = props.issuer === IssuerForm.UPDATED || (props.issuer === undefined && replicas.length > 0);
  // Written only when set, so that a pool without these props keeps the template it had.
  if (props.issuer !== undefined || updatedIssuer) cfn.issuerConfiguration = { type: updatedIssuer ? 'UPDATED' : 'ORIGINAL' };
  if (updatedIssuer) markUpdatedIssuer(pool);
  if (key) {
    cfn.keyConfiguration = { keyType: 'CUSTOMER_MANAGED_KEY', kmsKeyArn: key.keyArn };
    if (Resource.isOwnedResource(key)) {
      for (const statement of poolKeyStatements(key)) key.addToResourcePolicy(statement);
    } else {
      Annotations.of(scope).addWarningV2(
        'cdk-cognito-auth:poolKeyImported',
        `encryptionKey '${key.node.path}' is imported, so this app cannot add to its key policy: give Cognito the statements of AuthUserPool.keyPolicyStatements (and its replicas theirs), or the pool cannot be created`,
      );
    }
  }
  const created = replicas.map(
    (replica) =>
      new cognito.CfnUserPoolReplica(scope, `Replica-${replica.region}`, {
        userPoolId: pool.userPoolId,
        regionName: replica.region,
        userPoolTagsAtCreate: replica.tags,
      }),
  );
  return { updatedIssuer, replicaRegions: replicas.map((r) => r.region), replicas: created };
}
