// A pool whose user directory Cognito encrypts with a customer managed KMS key, and the bundled triggers' admin calls
// on it: post confirmation adds a self-signed-up user to the default group (AdminAddUserToGroup), and the pre token
// generation trigger adds an admin-created user to it at the first sign-in. Both roles get the key's use through
// Cognito from the library; this test is what shows Cognito accepts the calls.
//
// Opt-in: npm run integ runs it only when INTEG_CUSTOMER_KEY is set (to any value), for an account and region where
// Cognito takes a customer managed key for a user pool. Its snapshot needs nothing of the account.
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { ClientKind, CognitoAuth } from '../../lib';
import { claimsOf, DestroyEverything, probeFunction, signedInUser, TEST_PASSWORD, tokens, withTestPassword } from './support';

const app = new App();
const stack = new Stack(app, 'cognito-auth-integ-customer-key');
const auth = new CognitoAuth(stack, 'Auth', {
  selfSignUp: true,
  encryptionKey: new kms.Key(stack, 'PoolKey', { description: 'cdk-cognito-auth integration test: the user directory', enableKeyRotation: true }),
  groups: [{ name: 'member', precedence: 10 }],
  clients: [{ name: 'integ', kind: ClientKind.NATIVE, callbackUrls: ['integtest://callback'], authFlows: { adminUserPassword: true } }],
  triggers: {
    preSignUp: { autoConfirmEmailDomains: ['example.com'] },
    postConfirmation: { defaultGroups: ['member'] },
    preTokenGeneration: {},
  },
});
const probe = probeFunction(stack, 'Probe');
Aspects.of(stack).add(new DestroyEverything());

const integ = new IntegTest(app, 'CustomerKey', { testCases: [stack], stackUpdateWorkflow: true });
const a = integ.assertions;
const userPoolId = auth.userPool.userPoolId;
const clientId = auth.client('integ').clientId;
const inMember = ExpectedResult.objectLike({ Groups: Match.arrayWith([Match.objectLike({ GroupName: 'member' })]) });

// Post confirmation's AdminAddUserToGroup, for a user who signs up.
const username = 'signed-up@example.com';
withTestPassword(a.awsApiCall('CognitoIdentityProvider', 'signUp', {
  ClientId: clientId,
  Username: username,
  Password: TEST_PASSWORD,
  UserAttributes: [{ Name: 'email', Value: username }],
})).next(a.awsApiCall('CognitoIdentityProvider', 'adminListGroupsForUser', { UserPoolId: userPoolId, Username: username })).expect(inMember);

// The pre token generation trigger's AdminAddUserToGroup, for a user an administrator created.
const created = 'admin-created@example.com';
const signIn = signedInUser(integ, { userPoolId, username: created }, clientId);
claimsOf(integ, probe, tokens(signIn).idToken)
  .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ 'cognito:groups': ['member'] })) }));
signIn.next(a.awsApiCall('CognitoIdentityProvider', 'adminListGroupsForUser', { UserPoolId: userPoolId, Username: created })).expect(inMember);
