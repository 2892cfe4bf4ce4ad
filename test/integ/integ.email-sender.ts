// The bundled custom email sender, invoked by Cognito: a sign-up whose code Cognito encrypts with the key the library
// creates (its statement lets cognito-idp.amazonaws.com encrypt), which the sender decrypts with the AWS Encryption
// SDK through KMS and sends through SES to SES's mailbox simulator. The proof is the sender's own log record "sent"
// for the sign-up (it logs neither the code nor the address).
//
// Opt-in: the sender address must belong to an identity verified in SES in the deploy region. npm run integ runs this
// test only when INTEG_SES_FROM_ADDRESS names that address (passed to the app as the context value sesFromAddress);
// its snapshot is synthesized with a stand-in address. INTEG_SES_IDENTITY (the context value sesIdentity) names the
// verified identity when it is the address itself rather than its domain.
import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { ClientKind, CognitoAuth } from '../../lib';
import { DestroyEverything, TEST_PASSWORD, withTestPassword } from './support';

const app = new App();
const fromAddress = app.node.tryGetContext('sesFromAddress');
if (typeof fromAddress !== 'string' || fromAddress === '') {
  throw new Error('integ.email-sender needs the context value sesFromAddress: an address of an identity verified in SES in the deploy region');
}
const stack = new Stack(app, 'cognito-auth-integ-email-sender');
const auth = new CognitoAuth(stack, 'Auth', {
  selfSignUp: true,
  clients: [{ name: 'integ', kind: ClientKind.NATIVE, callbackUrls: ['integtest://callback'], authFlows: { userPassword: true } }],
  // The identity the function may send as: the address's domain (the library's default), or the context value
  // sesIdentity when the verified identity is the address itself.
  triggers: { emailSender: { fromAddress, sesIdentity: app.node.tryGetContext('sesIdentity') } },
});
Aspects.of(stack).add(new DestroyEverything());

const integ = new IntegTest(app, 'EmailSender', { testCases: [stack], stackUpdateWorkflow: true });
const a = integ.assertions;

// SES's mailbox simulator accepts the message (and SES accepts it from an account still in the SES sandbox).
const signUp = withTestPassword(a.awsApiCall('CognitoIdentityProvider', 'signUp', {
  ClientId: auth.client('integ').clientId,
  Username: 'success@simulator.amazonses.com',
  Password: TEST_PASSWORD,
  UserAttributes: [{ Name: 'email', Value: 'success@simulator.amazonses.com' }],
}));
const sender = auth.emailSenderTrigger!.function as lambda.Function;
signUp.next(a.awsApiCall('CloudWatchLogs', 'filterLogEvents', {
  logGroupName: sender.logGroup.logGroupName,
  filterPattern: '{ $.message.message = "sent" }',
})).expect(ExpectedResult.objectLike({
  events: Match.arrayWith([Match.objectLike({ message: Match.stringLikeRegexp('CustomEmailSender_SignUp') })]),
})).waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(20) });
