// Shared by the integration tests (test/integ/integ.*.ts): what each of them needs to sign a user in through the
// Cognito API, and to keep every stack of a test destroyable. Not an integration test itself (integ-runner runs only
// files named integ.*.ts).
import { CfnResource, Duration, IAspect, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IntegTest, IApiCall } from '@aws-cdk/integ-tests-alpha';
import { IConstruct } from 'constructs';

/** The password every test user gets: it meets the library's default policy. Test users live in test pools only. */
export const TEST_PASSWORD = 'Integ-Test-Passw0rd!';

/**
 * Every resource of an integration test's stacks is deleted with the stack: a test leaves nothing behind, the user
 * pools included (the library retains pools and protects them from deletion by default).
 */
export class DestroyEverything implements IAspect {
  public visit(node: IConstruct): void {
    if (CfnResource.isCfnResource(node)) {
      node.applyRemovalPolicy(RemovalPolicy.DESTROY);
      if (node.cfnResourceType === 'AWS::Cognito::UserPool') {
        node.addPropertyOverride('DeletionProtection', 'INACTIVE');
      }
    }
  }
}

/** A user created by an administrator with a permanent password, in the given groups. */
export interface TestUser {
  readonly userPoolId: string;
  readonly username: string;
  readonly groups?: string[];
  /** Attributes besides the email address, which is the user name, verified. */
  readonly attributes?: Record<string, string>;
}

/**
 * Creates the user (no invitation is sent), sets the permanent password, adds the groups, and signs in with
 * ADMIN_USER_PASSWORD_AUTH through the given client. Returns the last call, whose ID and access tokens
 * `tokens(call)` reads.
 */
export function signedInUser(integ: IntegTest, user: TestUser, clientId: string, first?: IApiCall): IApiCall {
  const a = integ.assertions;
  const create = a.awsApiCall('CognitoIdentityProvider', 'adminCreateUser', {
    UserPoolId: user.userPoolId,
    Username: user.username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: user.username },
      { Name: 'email_verified', Value: 'true' },
      ...Object.entries(user.attributes ?? {}).map(([Name, Value]) => ({ Name, Value })),
    ],
  }, ['User.Username']);
  let last = first ? first.next(create) : create;
  const setPassword = a.awsApiCall('CognitoIdentityProvider', 'adminSetUserPassword', {
    UserPoolId: user.userPoolId,
    Username: user.username,
    Password: TEST_PASSWORD,
    Permanent: true,
  });
  withTestPassword(setPassword);
  last = last.next(setPassword);
  for (const group of user.groups ?? []) {
    last = last.next(a.awsApiCall('CognitoIdentityProvider', 'adminAddUserToGroup', {
      UserPoolId: user.userPoolId,
      Username: user.username,
      GroupName: group,
    }));
  }
  const signIn = a.awsApiCall('CognitoIdentityProvider', 'adminInitiateAuth', {
    UserPoolId: user.userPoolId,
    ClientId: clientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: user.username, PASSWORD: TEST_PASSWORD },
  // Only the two tokens leave the custom resource: CloudFormation takes at most 4,096 bytes of its answer, which the
  // three tokens together pass.
  }, ['AuthenticationResult.IdToken', 'AuthenticationResult.AccessToken']);
  last.next(signIn);
  return signIn;
}

/** Acknowledges the test password in a call's parameters: a test user's, in a pool the test deletes with its stacks. */
export function withTestPassword<T extends IApiCall>(call: T): T {
  Validations.of(call).acknowledge({
    id: 'CloudFormation-Validate::W2501',
    reason: 'The password of a test user in a test pool, which the test deletes with its stacks.',
  });
  return call;
}

/** The ID and access tokens of a sign-in call (only these two leave the custom resource: its answer is small). */
export function tokens(signIn: IApiCall): { idToken: string; accessToken: string } {
  return {
    idToken: signIn.getAttString('AuthenticationResult.IdToken'),
    accessToken: signIn.getAttString('AuthenticationResult.AccessToken'),
  };
}

/**
 * A function the assertions invoke where an API call alone cannot answer: `claims` decodes a token's payload (a
 * token straight from Cognito's AdminInitiateAuth; the signature is API Gateway's business, proven in the two-stack
 * test), `signIn` signs in with USER_PASSWORD_AUTH at a region's endpoint and answers with the token type only (the
 * tokens themselves would pass CloudFormation's 4,096 bytes), `signUp` calls SignUp and answers with the outcome or
 * the error's name and message (an API call that fails would fail the assertion stack instead of being asserted). It
 * needs no permission: SignUp and InitiateAuth are public calls.
 */
export function probeFunction(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    timeout: Duration.seconds(30),
    code: lambda.Code.fromInline([
      "const idp = require('@aws-sdk/client-cognito-identity-provider');",
      'exports.handler = async (event) => {',
      "  if (event.action === 'claims') return JSON.parse(Buffer.from(event.token.split('.')[1], 'base64url').toString('utf8'));",
      '  try {',
      "    if (event.action === 'signIn') {",
      '      const out = await new idp.CognitoIdentityProviderClient({ region: event.region }).send(new idp.InitiateAuthCommand({',
      "        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: event.clientId,",
      '        AuthParameters: { USERNAME: event.username, PASSWORD: event.password } }));',
      '      return { tokenType: out.AuthenticationResult && out.AuthenticationResult.TokenType };',
      '    }',
      '    const out = await new idp.CognitoIdentityProviderClient({}).send(new idp.SignUpCommand({',
      '      ClientId: event.clientId, Username: event.username, Password: event.password,',
      "      UserAttributes: [{ Name: 'email', Value: event.username }] }));",
      '    return { confirmed: out.UserConfirmed };',
      '  } catch (e) {',
      '    return { error: e.name, message: e.message };',
      '  }',
      '};',
    ].join('\n')),
  });
}

/** The claims of a token, decoded by the probe function. */
export function claimsOf(integ: IntegTest, probe: lambda.IFunction, token: string): IApiCall {
  return integ.assertions.invokeFunction({ functionName: probe.functionName, payload: JSON.stringify({ action: 'claims', token }) });
}
