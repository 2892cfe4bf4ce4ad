// The usual layout, deployed: the pool in an auth stack, the APIs in another (the example app's APIs), and what a
// signed-in user gets from each. Proves in an account: the REST API's Cognito authorizer, the HTTP API's JWT
// authorizer and the bundled JWT Lambda authorizer answering a token, no token and a user outside the required
// group; the identity pool handing out the group's role; the user-folder grant allowing the user's own prefix and
// denying another's.
import { App, Aspects, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { ExampleApis } from '../../bin/example-api';
import { ClientKind, CognitoAuth, RoleMapping } from '../../lib';
import { DestroyEverything, signedInUser, tokens } from './support';

const app = new App();
const authStack = new Stack(app, 'cognito-auth-integ-two-stacks-auth');
const auth = new CognitoAuth(authStack, 'Auth', {
  // The example's APIs have an /orders route that needs the orders/read scope (not called here: only the hosted
  // sign-in's OAuth flows put custom scopes into access tokens).
  resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'Read orders' }] }],
  groups: [
    { name: 'admin', precedence: 0 },
    { name: 'member', precedence: 10 },
  ],
  // The test's own client: the assertions sign users in through the Cognito API (ADMIN_USER_PASSWORD_AUTH).
  clients: [{ name: 'integ', kind: ClientKind.NATIVE, callbackUrls: ['integtest://callback'],
    scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.custom('orders/read')], authFlows: { adminUserPassword: true } }],
  identityPool: { roleMapping: RoleMapping.fromGroups() },
});
const files = new s3.Bucket(authStack, 'UserFiles', {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  autoDeleteObjects: true,
  removalPolicy: RemovalPolicy.DESTROY,
});
auth.identityPool!.grantUserFolder(auth.group('member').role!, files);

// The folder probe: signs in to the identity pool with an ID token, and with the credentials it gets asks STS who it
// is and writes into the user's own folder and into another identity's folder. It answers with the role's name and
// each write's outcome: the credentials never leave the function.
const probe = new lambda.Function(authStack, 'FolderProbe', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  timeout: Duration.seconds(30),
  environment: {
    IDENTITY_POOL_ID: auth.identityPool!.identityPoolId,
    LOGIN_PROVIDER: auth.userPool.userPoolProviderName,
    BUCKET: files.bucketName,
  },
  code: lambda.Code.fromInline([
    "const ci = require('@aws-sdk/client-cognito-identity');",
    "const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');",
    "const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');",
    'exports.handler = async (event) => {',
    '  const env = process.env;',
    '  const client = new ci.CognitoIdentityClient({});',
    '  const Logins = { [env.LOGIN_PROVIDER]: event.idToken };',
    '  const { IdentityId } = await client.send(new ci.GetIdCommand({ IdentityPoolId: env.IDENTITY_POOL_ID, Logins }));',
    '  const { Credentials: c } = await client.send(new ci.GetCredentialsForIdentityCommand({ IdentityId, Logins }));',
    '  const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken };',
    '  const { Arn } = await new STSClient({ credentials }).send(new GetCallerIdentityCommand({}));',
    '  const s3 = new S3Client({ credentials });',
    '  const put = (Key) => s3.send(new PutObjectCommand({ Bucket: env.BUCKET, Key, Body: "probe" })).then(() => "allowed", (e) => e.name);',
    "  const other = IdentityId.split(':')[0] + ':00000000-0000-0000-0000-000000000000';",
    "  return { role: Arn.split('/')[1], ownFolder: await put('private/' + IdentityId + '/probe.txt'),",
    "    otherFolder: await put('private/' + other + '/probe.txt') };",
    '};',
  ].join('\n')),
});

const apiStack = new Stack(app, 'cognito-auth-integ-two-stacks-api');
const apis = new ExampleApis(apiStack, 'Apis', { auth, removalPolicy: RemovalPolicy.DESTROY });

for (const stack of [authStack, apiStack]) Aspects.of(stack).add(new DestroyEverything());

const integ = new IntegTest(app, 'TwoStacks', {
  testCases: [authStack, apiStack],
  // The update workflow deploys the snapshot of the branch this one started from first, then this version over it.
  stackUpdateWorkflow: true,
});

const userPoolId = auth.userPool.userPoolId;
const clientId = auth.client('integ').clientId;
const member = tokens(signedInUser(integ, { userPoolId, username: 'member@example.com', groups: ['member'] }, clientId));
const admin = tokens(signedInUser(integ, { userPoolId, username: 'admin@example.com', groups: ['admin'] }, clientId));

const restUrl = apis.restApi.url; // ends with a slash
const httpUrl = `${apis.httpApi.apiEndpoint}/`;
const get = (url: string, token?: string) =>
  integ.assertions.httpApiCall(url, token ? { headers: { Authorization: token } } : undefined);
const status = (code: number) => ExpectedResult.objectLike({ status: code });

// REST API, /me: API Gateway's Cognito authorizer takes the ID token as it is.
get(`${restUrl}me`, member.idToken).expect(ExpectedResult.objectLike({ status: 200, body: { claims: { email: 'member@example.com' } } }));
get(`${restUrl}me`).expect(status(401));
// REST API, /admin: the bundled JWT Lambda authorizer (a Bearer access token), which requires the admin group: a
// member is authenticated but denied (403), no token is unauthenticated (401).
get(`${restUrl}admin`, `Bearer ${admin.accessToken}`).expect(status(200));
get(`${restUrl}admin`, `Bearer ${member.accessToken}`).expect(status(403));
get(`${restUrl}admin`).expect(status(401));
// HTTP API, /me: API Gateway's JWT authorizer (Bearer token).
get(`${httpUrl}me`, `Bearer ${member.accessToken}`).expect(status(200));
get(`${httpUrl}me`).expect(status(401));
// HTTP API, /admin: the bundled JWT Lambda authorizer (simple responses: isAuthorized false is a 403).
get(`${httpUrl}admin`, `Bearer ${admin.accessToken}`).expect(status(200));
get(`${httpUrl}admin`, `Bearer ${member.accessToken}`).expect(status(403));

// The identity pool: a member gets the member group's role, may write into its own folder and not into another's.
integ.assertions.invokeFunction({ functionName: probe.functionName, payload: JSON.stringify({ idToken: member.idToken }) })
  .expect(ExpectedResult.objectLike({
    StatusCode: 200,
    Payload: Match.serializedJson({ role: auth.group('member').role!.roleName, ownFolder: 'allowed', otherFolder: 'AccessDenied' }),
  }));
