import { Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AuthEventsDestination, AuthReplicaRegion, AuthUserPool, CognitoAuth } from '../lib';

/**
 * The pool's encryption key, in the primary region: a multi-Region customer managed key, which replication needs.
 * Its own stack, so that its replica key can exist in the replica region before the pool's stack creates the replica.
 */
export class ExampleKeyStack extends Stack {
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.key = new kms.Key(this, 'PoolKey', {
      description: 'Encrypts the example user pool directory (multi-Region, for its replica)',
      multiRegion: true,
      enableKeyRotation: true,
    });
  }
}

/**
 * The key's replica in the replica region (AWS::KMS::ReplicaKey), which Cognito uses for the pool's replica there. It
 * reads the primary key's ARN from the primary region's stack (a cross-region reference).
 */
export class ExampleKeyReplicaStack extends Stack {
  public readonly replicaKey: kms.CfnReplicaKey;

  constructor(scope: Construct, id: string, props: StackProps & { key: kms.IKey }) {
    super(scope, id, { ...props, crossRegionReferences: true });
    // The account administers the key; Cognito uses it for this account's pools of this region (the replica's), the
    // principals that call Cognito here may use it through Cognito, and log delivery decrypts the replica's exported
    // logs (ExampleReplicaStack exports them, and checks this policy as AuthReplicaRegion's replicaKey).
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] }),
        ...AuthUserPool.keyPolicyStatements(this, { userActivityLogs: true }),
      ],
    });
    this.replicaKey = new kms.CfnReplicaKey(this, 'PoolKeyReplica', {
      primaryKeyArn: props.key.keyArn,
      keyPolicy: policy,
      description: 'Replica of the example user pool key',
    });
  }
}

/**
 * What the pool's replica needs in its own region (AuthReplicaRegion): its triggers, its status, what prod has in the
 * primary that Cognito sets per region (a web ACL and the log export), and the key's replica, whose policy it checks.
 */
export class ExampleReplicaStack extends Stack {
  public readonly replica: AuthReplicaRegion;

  constructor(scope: Construct, id: string, props: StackProps & { auth: CognitoAuth; replicaKey: kms.CfnReplicaKey }) {
    super(scope, id, { ...props, crossRegionReferences: true });
    this.replica = new AuthReplicaRegion(this, 'Replica', {
      auth: props.auth,
      replicaKey: props.replicaKey,
      tags: { app: 'cognito-auth-example', stage: 'prod' },
      firewall: {},
      userActivityLogs: { messageDeliveryErrors: true, authEvents: AuthEventsDestination.cloudWatchLogs() },
    });
  }
}
