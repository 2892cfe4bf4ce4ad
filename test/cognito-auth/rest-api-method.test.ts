import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ClientKind, CognitoAuth, CognitoAuthProps } from '../../lib';
import { ConfigError } from '../../lib/private/errors';
import { testApp, testStack } from '../support/helpers';

/**
 * `addRestApiMethod`: the REST method behind an authorizer, added by the library, the form every jsii language can
 * call (Python takes `addMethod`'s options as keyword arguments, so it cannot pass what `restApiMethodOptions`
 * returns). The same checks as `restApiMethodOptions`, and `methodOptions` for everything but the authorization.
 */
const props: CognitoAuthProps = {
  resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'r' }, { name: 'write', description: 'w' }] }],
  clients: [
    { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'], scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.custom('orders/read')] },
  ],
  groups: [{ name: 'admin' }],
};

function build() {
  const stack = testStack();
  const auth = new CognitoAuth(stack, 'Auth', props);
  const api = new apigateway.RestApi(stack, 'Api');
  // Made when a test takes it: an authorizer that no method uses fails synth.
  let users: apigateway.CognitoUserPoolsAuthorizer | undefined;
  return { stack, auth, api, integration: new apigateway.MockIntegration(), get users() { return (users ??= auth.restApiAuthorizer(stack, 'Users')); } };
}

/** The one method of the template on the resource whose logical id starts with `Api<pathPart>`. */
function methodOn(stack: Stack, pathPart: string): Record<string, unknown> {
  const methods = Template.fromStack(stack).findResources('AWS::ApiGateway::Method', {
    Properties: { ResourceId: { Ref: Match.stringLikeRegexp(`^Api${pathPart}`) } },
  });
  expect(Object.keys(methods)).toHaveLength(1);
  return Object.values(methods)[0].Properties;
}

describe('the method it adds', () => {
  test('behind the Cognito authorizer without scopes: COGNITO_USER_POOLS, no scopes; the Method is returned', () => {
    const { stack, auth, api, users, integration } = build();
    const method = auth.addRestApiMethod(api.root.addResource('me'), 'get', integration, { authorizer: users });
    expect(method).toBeInstanceOf(apigateway.Method);
    expect(method.httpMethod).toBe('GET');
    expect(methodOn(stack, 'me')).toEqual(expect.objectContaining({
      HttpMethod: 'GET',
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: expect.stringMatching(/^Users/) },
    }));
    expect(methodOn(stack, 'me').AuthorizationScopes).toBeUndefined();
  });

  test('with scopes: the scopes on the method (access tokens only)', () => {
    const { stack, auth, api, users, integration } = build();
    auth.addRestApiMethod(api.root.addResource('orders'), 'GET', integration, { authorizer: users, scopes: ['orders/read'] });
    expect(methodOn(stack, 'orders')).toEqual(expect.objectContaining({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizationScopes: ['orders/read'] }));
  });

  test('behind the bundled Lambda authorizer (forRestApi) without scopes: CUSTOM', () => {
    const { stack, auth, api, integration } = build();
    const admins = auth.jwtAuthorizer('Admins', { requiredGroups: ['admin'] }).forRestApi(stack, 'RestAdmins');
    auth.addRestApiMethod(api.root.addResource('admin'), 'GET', integration, { authorizer: admins });
    expect(methodOn(stack, 'admin')).toEqual(expect.objectContaining({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: expect.stringMatching(/^RestAdmins/) } }));
  });

  test('methodOptions gives the rest: validator, parameters, operation name, responses', () => {
    const { stack, auth, api, users, integration } = build();
    const requestValidator = api.addRequestValidator('Params', { validateRequestParameters: true });
    auth.addRestApiMethod(api.root.addResource('orders'), 'GET', integration, {
      authorizer: users,
      scopes: ['orders/read'],
      methodOptions: {
        requestValidator,
        requestParameters: { 'method.request.querystring.status': true },
        operationName: 'ListOrders',
        methodResponses: [{ statusCode: '200' }],
      },
    });
    expect(methodOn(stack, 'orders')).toEqual(expect.objectContaining({
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizationScopes: ['orders/read'],
      RequestValidatorId: { Ref: expect.stringMatching(/^ApiParams/) },
      RequestParameters: { 'method.request.querystring.status': true },
      OperationName: 'ListOrders',
      MethodResponses: [{ StatusCode: '200' }],
    }));
  });

  test('the same method as addMethod with restApiMethodOptions', () => {
    const viaOptions = build();
    viaOptions.api.root.addResource('orders').addMethod('GET', viaOptions.integration, viaOptions.auth.restApiMethodOptions(viaOptions.users, ['orders/read']));
    const viaAdd = build();
    viaAdd.auth.addRestApiMethod(viaAdd.api.root.addResource('orders'), 'GET', viaAdd.integration, { authorizer: viaAdd.users, scopes: ['orders/read'] });
    expect(methodOn(viaAdd.stack, 'orders')).toEqual(methodOn(viaOptions.stack, 'orders'));
  });

  test('the API in another stack than the pool: the method and its authorizer are in the API stack', () => {
    const app = testApp();
    const authStack = new Stack(app, 'Auth');
    const apiStack = new Stack(app, 'Api');
    const auth = new CognitoAuth(authStack, 'Auth', props);
    const api = new apigateway.RestApi(apiStack, 'Api');
    const users = auth.restApiAuthorizer(apiStack, 'Users');
    auth.addRestApiMethod(api.root.addResource('orders'), 'GET', new apigateway.MockIntegration(), { authorizer: users, scopes: ['orders/read'] });
    expect(methodOn(apiStack, 'orders')).toEqual(expect.objectContaining({ AuthorizationScopes: ['orders/read'] }));
    Template.fromStack(authStack).resourceCountIs('AWS::ApiGateway::Method', 0);
    expect(apiStack.dependencies).toEqual([authStack]);
  });
});

describe('exact messages', () => {
  test('scopes behind the bundled Lambda authorizer (forRestApi)', () => {
    const { stack, auth, api, integration } = build();
    const admins = auth.jwtAuthorizer('Admins', { requiredGroups: ['admin'] }).forRestApi(stack, 'RestAdmins');
    expect(() => auth.addRestApiMethod(api.root.addResource('admin'), 'GET', integration, { authorizer: admins, scopes: ['orders/read'] })).toThrow(
      "[Test/Auth] addRestApiMethod('GET /admin'): scopes on a REST method need the Cognito authorizer (restApiAuthorizer()); with the JWT Lambda " +
        'authorizer use its requiredScopes',
    );
  });

  test('a scope no app client can be granted', () => {
    const { auth, api, users, integration } = build();
    expect(() => auth.addRestApiMethod(api.root.addResource('orders'), 'POST', integration, { authorizer: users, scopes: ['orders/read', 'orders/write'] })).toThrow(
      "[Test/Auth] addRestApiMethod('POST /orders') scopes[1] 'orders/write' is granted to no app client of this pool, so no access token can carry " +
        'it; grantable: openid, orders/read',
    );
  });

  test('the path of a nested resource names the method', () => {
    const { auth, api, users, integration } = build();
    const item = api.root.addResource('orders').addResource('{id}');
    expect(() => auth.addRestApiMethod(item, 'DELETE', integration, { authorizer: users, scopes: ['admin'] })).toThrow(
      "[Test/Auth] addRestApiMethod('DELETE /orders/{id}') scopes[0] 'admin' is granted to no app client of this pool",
    );
  });

  const allowed = 'methodOptions takes every other MethodOptions prop (authorizer, authorizationType and authorizationScopes are set by addRestApiMethod)';

  test('methodOptions.authorizer', () => {
    const { auth, api, users, integration } = build();
    expect(() => auth.addRestApiMethod(api.root.addResource('me'), 'GET', integration, { authorizer: users, methodOptions: { authorizer: users } })).toThrow(
      `[Test/Auth] addRestApiMethod('GET /me').methodOptions.authorizer is the authorizer Test/Users: give the authorizer as authorizer, beside ` +
        `methodOptions; ${allowed}`,
    );
  });

  test('methodOptions.authorizationType', () => {
    const { auth, api, users, integration } = build();
    const methodOptions = { authorizationType: apigateway.AuthorizationType.NONE };
    expect(() => auth.addRestApiMethod(api.root.addResource('me'), 'GET', integration, { authorizer: users, methodOptions })).toThrow(
      "[Test/Auth] addRestApiMethod('GET /me').methodOptions.authorizationType is 'NONE': it follows from authorizer (COGNITO_USER_POOLS with " +
        `restApiAuthorizer(), CUSTOM with a Lambda authorizer); ${allowed}`,
    );
  });

  test('methodOptions.authorizationScopes', () => {
    const { auth, api, users, integration } = build();
    const methodOptions = { authorizationScopes: ['orders/read', 'openid'] };
    expect(() => auth.addRestApiMethod(api.root.addResource('me'), 'GET', integration, { authorizer: users, methodOptions })).toThrow(
      "[Test/Auth] addRestApiMethod('GET /me').methodOptions.authorizationScopes is ['orders/read', 'openid']: give the scopes as scopes, beside " +
        `methodOptions, where they are checked against this pool's clients; ${allowed}`,
    );
  });

  test('an unknown prop and a missing authorizer (plain JavaScript)', () => {
    const { auth, api, users, integration } = build();
    expect(() => auth.addRestApiMethod(api.root.addResource('orders'), 'GET', integration, { authorizer: users, scope: ['orders/read'] } as any)).toThrow(
      "[Test/Auth] addRestApiMethod('GET /orders') has an unknown prop 'scope': did you mean 'scopes'?",
    );
    expect(() => auth.addRestApiMethod(api.root.addResource('me'), 'GET', integration, { scopes: ['orders/read'] } as any)).toThrow(
      "[Test/Auth] addRestApiMethod('GET /me').authorizer is missing: expected an IAuthorizer (from aws-cdk-lib/aws-apigateway)",
    );
  });

  test('errors are ConfigErrors, and nothing is added when one is thrown', () => {
    const { stack, auth, api, users, integration } = build();
    const orders = api.root.addResource('orders');
    expect(() => auth.addRestApiMethod(orders, 'GET', integration, { authorizer: users, methodOptions: { authorizer: users } })).toThrow(ConfigError);
    expect(() => auth.addRestApiMethod(orders, 'GET', integration, { authorizer: users, scopes: ['orders/write'] })).toThrow(ConfigError);
    auth.addRestApiMethod(api.root.addResource('me'), 'GET', integration, { authorizer: users });
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::Method', 1);
  });
});

describe('restApiMethodOptions keeps its checks and messages', () => {
  test('scopes behind the Lambda authorizer, and a scope no client can be granted', () => {
    const { stack, auth, users } = build();
    const admins = auth.jwtAuthorizer('Admins', { requiredGroups: ['admin'] }).forRestApi(stack, 'RestAdmins');
    expect(() => auth.restApiMethodOptions(admins, ['orders/read'])).toThrow(
      '[Test/Auth] restApiMethodOptions: scopes on a REST method need the Cognito authorizer (restApiAuthorizer()); with the JWT Lambda authorizer ' +
        'use its requiredScopes',
    );
    expect(() => auth.restApiMethodOptions(users, ['orders/write'])).toThrow(
      "[Test/Auth] restApiMethodOptions scopes[0] 'orders/write' is granted to no app client of this pool, so no access token can carry it; " +
        'grantable: openid, orders/read',
    );
    expect(auth.restApiMethodOptions(admins)).toEqual({ authorizer: admins, authorizationType: apigateway.AuthorizationType.CUSTOM });
    expect(auth.restApiMethodOptions(users, ['orders/read'])).toEqual({
      authorizer: users,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: ['orders/read'],
    });
  });
});
