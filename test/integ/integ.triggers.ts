// The bundled triggers, invoked by Cognito: a sign-up from an allowed domain (auto-confirmed by pre sign-up, so no
// message is sent) and one from a blocked domain (refused with the trigger's message); post confirmation's default
// group and profile row; the pre token generation trigger's claim from an attribute; and the default group of a user
// an administrator created (post confirmation never runs for one: the pre token generation trigger adds the group,
// and Cognito applies its groupOverrideDetails to the first token).
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { ClientKind, CognitoAuth } from '../../lib';
import { claimsOf, DestroyEverything, probeFunction, signedInUser, TEST_PASSWORD, tokens, withTestPassword } from './support';

const app = new App();
const stack = new Stack(app, 'cognito-auth-integ-triggers');
const auth = new CognitoAuth(stack, 'Auth', {
  selfSignUp: true,
  customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: true, maxLen: 64 }) },
  groups: [{ name: 'member', precedence: 10 }],
  clients: [{ name: 'integ', kind: ClientKind.NATIVE, callbackUrls: ['integtest://callback'], authFlows: { adminUserPassword: true } }],
  triggers: {
    preSignUp: { blockedEmailDomains: ['blocked.example.com'], autoConfirmEmailDomains: ['example.com'] },
    postConfirmation: { defaultGroups: ['member'], createProfileTable: true },
    preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant_id' } },
  },
});
const probe = probeFunction(stack, 'Probe');
Aspects.of(stack).add(new DestroyEverything());

const integ = new IntegTest(app, 'Triggers', { testCases: [stack], stackUpdateWorkflow: true });
const a = integ.assertions;
const userPoolId = auth.userPool.userPoolId;
const clientId = auth.client('integ').clientId;

// A sign-up from a blocked domain: Cognito answers UserLambdaValidationException with the trigger's message.
a.invokeFunction({
  functionName: probe.functionName,
  payload: JSON.stringify({ action: 'signUp', clientId, username: 'someone@blocked.example.com', password: TEST_PASSWORD }),
}).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson({
    error: 'UserLambdaValidationException',
    message: Match.stringLikeRegexp('Sign-up is not allowed for this email address'),
  }),
}));

// A sign-up from an allowed domain: confirmed by pre sign-up, then post confirmation adds the default group and
// writes the profile item keyed by the user's sub.
const username = 'signed-up@example.com';
const signUp = withTestPassword(a.awsApiCall('CognitoIdentityProvider', 'signUp', {
  ClientId: clientId,
  Username: username,
  Password: TEST_PASSWORD,
  UserAttributes: [{ Name: 'email', Value: username }],
}));
const sub = signUp.getAttString('UserSub');
signUp.next(a.awsApiCall('CognitoIdentityProvider', 'adminGetUser', { UserPoolId: userPoolId, Username: username }))
  .expect(ExpectedResult.objectLike({ UserStatus: 'CONFIRMED', UserAttributes: Match.arrayWith([{ Name: 'email_verified', Value: 'true' }]) }));
signUp.next(a.awsApiCall('CognitoIdentityProvider', 'adminListGroupsForUser', { UserPoolId: userPoolId, Username: username }))
  .expect(ExpectedResult.objectLike({ Groups: Match.arrayWith([Match.objectLike({ GroupName: 'member' })]) }));
signUp.next(a.awsApiCall('DynamoDB', 'getItem', {
  TableName: auth.postConfirmationTrigger!.profileTable!.tableName,
  Key: { userId: { S: sub } },
  ConsistentRead: true,
})).expect(ExpectedResult.objectLike({ Item: { userId: { S: sub } } }));

// The pre token generation trigger: an attribute set by an administrator becomes the tenant claim, beside the group.
const setTenant = signUp.next(a.awsApiCall('CognitoIdentityProvider', 'adminUpdateUserAttributes', {
  UserPoolId: userPoolId,
  Username: username,
  UserAttributes: [{ Name: 'custom:tenant_id', Value: 'acme' }],
}));
const signIn = a.awsApiCall('CognitoIdentityProvider', 'adminInitiateAuth', {
  UserPoolId: userPoolId,
  ClientId: clientId,
  AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
  AuthParameters: { USERNAME: username, PASSWORD: TEST_PASSWORD },
});
setTenant.next(signIn);
claimsOf(integ, probe, tokens(signIn).idToken)
  .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ 'tenant': 'acme', 'cognito:groups': ['member'] })) }));

// An admin-created user: no post confirmation, yet the first token already carries the default group, and the user
// is in it afterwards.
const created = 'admin-created@example.com';
const createdSignIn = signedInUser(integ, { userPoolId, username: created }, clientId);
claimsOf(integ, probe, tokens(createdSignIn).idToken)
  .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ 'cognito:groups': ['member'] })) }));
createdSignIn.next(a.awsApiCall('CognitoIdentityProvider', 'adminListGroupsForUser', { UserPoolId: userPoolId, Username: created }))
  .expect(ExpectedResult.objectLike({ Groups: Match.arrayWith([Match.objectLike({ GroupName: 'member' })]) }));
