// Multi-Region: the pool replicated into a second region, and a user created in the primary signing in at the
// replica's endpoint. Deploys a multi-Region key (primary region) and its replica (replica region) first, then the pool
// with its replica, then the replica region's stack (AuthReplicaRegion: its pre token generation trigger).
//
// Opt-in: npm run integ runs it only when INTEG_REPLICA_REGION names the second region (the context value
// replicaRegion), for an account whose pools may be replicated; the primary is the deploy region (AWS_REGION, the
// context value primaryRegion). Its snapshot is synthesized for us-east-1 and us-west-2.
import { App, Aspects, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { AuthReplicaRegion, AuthUserPool, ClientKind, CognitoAuth } from '../../lib';
import { DestroyEverything, probeFunction, signedInUser, TEST_PASSWORD, withTestPassword } from './support';

const app = new App();
const primaryRegion = app.node.tryGetContext('primaryRegion');
const replicaRegion = app.node.tryGetContext('replicaRegion');
if (typeof primaryRegion !== 'string' || typeof replicaRegion !== 'string') {
  throw new Error('integ.replica needs the context values primaryRegion and replicaRegion: the deploy region and the region of the replica');
}
const primary = { region: primaryRegion };
const second = { region: replicaRegion };

const keyStack = new Stack(app, 'cognito-auth-integ-replica-key', { env: primary });
const key = new kms.Key(keyStack, 'PoolKey', { multiRegion: true, enableKeyRotation: true, description: 'cdk-cognito-auth integration test' });
const keyReplicaStack = new Stack(app, 'cognito-auth-integ-replica-key-replica', { env: second, crossRegionReferences: true });
const replicaKeyPolicy = new iam.PolicyDocument({
  statements: [new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] })],
});
for (const statement of AuthUserPool.keyPolicyStatements(keyReplicaStack, {})) replicaKeyPolicy.addStatements(statement);
const replicaKey = new kms.CfnReplicaKey(keyReplicaStack, 'PoolKeyReplica', { primaryKeyArn: key.keyArn, keyPolicy: replicaKeyPolicy });

const authStack = new Stack(app, 'cognito-auth-integ-replica-auth', { env: primary });
authStack.addStackDependency(keyReplicaStack);
const auth = new CognitoAuth(authStack, 'Auth', {
  replicas: [{ region: replicaRegion }],
  encryptionKey: key,
  groups: [{ name: 'member', precedence: 10 }],
  clients: [{ name: 'integ', kind: ClientKind.NATIVE, callbackUrls: ['integtest://callback'], authFlows: { adminUserPassword: true, userPassword: true } }],
  triggers: { preTokenGeneration: {} },
});
Validations.of(auth).acknowledge({ id: 'Annotation::cdk-cognito-auth:replicaTotp', reason: 'The test users sign in with a password only' });

const replicaStack = new Stack(app, 'cognito-auth-integ-replica-region', { env: second, crossRegionReferences: true });
new AuthReplicaRegion(replicaStack, 'Replica', { auth, replicaKey });

const stacks = [keyStack, keyReplicaStack, authStack, replicaStack];
for (const stack of stacks) Aspects.of(stack).add(new DestroyEverything());

// The assertions run in the primary region, in a stack of that region (the test stacks name their regions).
const assertionStack = new Stack(app, 'cognito-auth-integ-replica-assertions', { env: primary });
const integ = new IntegTest(app, 'Replica', { testCases: stacks, assertionStack, stackUpdateWorkflow: true });
const userPoolId = auth.userPool.userPoolId;
const clientId = auth.client('integ').clientId;

// A user created in the primary, then a sign-in at the replica region's endpoint: the replica serves it once the user
// has been replicated (retried for up to ten minutes).
const created = signedInUser(integ, { userPoolId, username: 'replicated@example.com' }, clientId);
// The probe signs in at the replica region's endpoint and answers with the token type only: the tokens themselves
// would pass the 4,096 bytes CloudFormation takes of a custom resource's answer.
const probe = probeFunction(assertionStack, 'Probe');
Aspects.of(assertionStack).add(new DestroyEverything());
const atReplica = withTestPassword(integ.assertions.invokeFunction({
  functionName: probe.functionName,
  payload: JSON.stringify({ action: 'signIn', region: replicaRegion, clientId, username: 'replicated@example.com', password: TEST_PASSWORD }),
}));
created.next(atReplica);
atReplica.expect(ExpectedResult.objectLike({ Payload: Match.serializedJson({ tokenType: 'Bearer' }) }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });
