import { Resource, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { IssuerForm, UserPoolReplicaOptions } from '../multi-region-options';
import { cognitoStatements, describeStatements, keyStatements, keyUsesOf, regionName, warnAtSynth } from '../../private/key-policy';
import { markUpdatedIssuer } from '../../private/issuer';
import { checkReplicaSignIn, ReplicaSignInSettings } from './replica-sign-in';
import { ConfigError } from '../../private/errors';
import { checkKmsKey } from '../../private/key-checks';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** Cognito keeps at most one secondary replica per user pool (developer guide, multi-Region replication, limitations). */
export const MAX_REPLICAS = 1;

export interface MultiRegionProps {
  readonly issuer?: IssuerForm;
  readonly encryptionKey?: kms.IKey;
  readonly replicas?: UserPoolReplicaOptions[];
  readonly featurePlan: cognito.FeaturePlan;
  /** The pool's MFA and sign-in, which the replicas' regions must be able to serve (their regions are added here). */
  readonly signIn: Omit<ReplicaSignInSettings, 'primaryRegion' | 'replicaRegions'>;
}

/** What the pool's multi-Region settings come to. */
export interface MultiRegion {
  readonly updatedIssuer: boolean;
  readonly replicaRegions: string[];
  readonly replicas: cognito.CfnUserPoolReplica[];
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
    throw new ConfigError(`replicas has ${replicas.length} regions (${replicas.map((r) => r.region).join(', ')}): Cognito keeps at most ` +
      `${MAX_REPLICAS} secondary replica per user pool`);
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
      throw new ConfigError("replicas need featurePlan ESSENTIALS or PLUS (multi-Region replication is an add-on of those plans), but featurePlan " +
        "is 'LITE'");
    }
    if (props.issuer === IssuerForm.ORIGINAL) {
      throw new ConfigError("replicas need the updated issuer (Cognito's guide: for token validation that holds across regions), but issuer is " +
        "'ORIGINAL': leave issuer out or set IssuerForm.UPDATED");
    }
    if (!props.encryptionKey) {
      throw new ConfigError('replicas need encryptionKey: a multi-Region customer managed KMS key, with a replica key in every replica region, ' +
        'which Cognito encrypts the replicated directory with');
    }
    if (isMultiRegionKey(props.encryptionKey) === false) {
      throw new ConfigError(`replicas need a multi-Region encryptionKey, but '${props.encryptionKey.node.path}' is a single-region key: create it ` +
        `with multiRegion: true (a key's multiRegion cannot change later)`);
    }
    checkReplicaSignIn(scope, { ...props.signIn, primaryRegion: stack.region, replicaRegions: replicas.map((r) => r.region) });
  }
  const key = props.encryptionKey;
  if (key) {
    checkKmsKey('encryptionKey', key, {
      service: 'Cognito',
      region: stack.region,
      what: 'the pool',
      regionRule: "Cognito takes a key of the pool's region (for replicas, the primary of a multi-Region key)",
    });
  }

  const cfn = pool.node.defaultChild as cognito.CfnUserPool;
  const updatedIssuer = props.issuer === IssuerForm.UPDATED || (props.issuer === undefined && replicas.length > 0);
  // Written only when set, so that a pool without these props keeps the template it had.
  if (props.issuer !== undefined || updatedIssuer) cfn.issuerConfiguration = { type: updatedIssuer ? 'UPDATED' : 'ORIGINAL' };
  if (updatedIssuer) markUpdatedIssuer(pool);
  if (key) {
    cfn.keyConfiguration = { keyType: 'CUSTOMER_MANAGED_KEY', kmsKeyArn: key.keyArn };
    if (Resource.isOwnedResource(key)) {
      // Cognito, and the principals that call it (the bundled triggers' roles among them); the log export adds its own.
      for (const statement of cognitoStatements(key)) key.addToResourcePolicy(statement);
    } else {
      // Written at synth, so that it lists what the parts added after the pool (the log export) need too.
      warnAtSynth(scope, 'cdk-cognito-auth:poolKeyImported', () => {
        const uses = keyUsesOf(scope);
        return `encryptionKey '${key.node.path}' is imported, so this app cannot add to its key policy, which must allow in ` +
          `${regionName(stack.region)}: ${describeStatements(scope, keyStatements(scope, uses))}. ` +
          `AuthUserPool.keyPolicyStatements(scope${uses.userActivityLogs ? ', { userActivityLogs: true }' : ''}) returns these. Without (1) and ` +
          `(2) the pool cannot be created; (3) and (4) let the roles that call Cognito's admin APIs use the key through Cognito (the bundled ` +
          `triggers' roles have the IAM side)` +
          `${uses.userActivityLogs ? '; without (5) and (6) the exported logs are not delivered' : ''}` +
          `${replicas.length > 0 ? `. Each replica key needs the statements of its own region: AuthReplicaRegion's keyPolicyStatements()` : ''}`;
      });
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
