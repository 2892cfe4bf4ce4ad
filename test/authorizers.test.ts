import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { createExampleApp } from '../bin/example-app';
import { ClientKind, CognitoAuth, CognitoAuthProps, JwtAuthorizerFunction, TokenUse, UserPoolHttpAuthorizer } from '../lib';
import { evaluate, testApp, testStack, validatorOn } from './support/helpers';

// These templates must pass AWS's CloudFormation validator (off by default in unit tests: test/support/setup-env.ts).
validatorOn();

/** A value the API stack reads from the auth stack: an output of it, whose name starts with the given text. */
function fromAuthStack(outputName: string) {
  return { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'CognitoAuthExample-dev', OutputName: Match.stringLikeRegexp(`^${outputName}`) }) };
}

describe('authorizers in the example app: the pool in the auth stack, the APIs and their authorizers in the API stack', () => {
  const [dev] = createExampleApp(testApp({ stage: 'dev', nag: false }));
  const template = Template.fromStack(dev.api);
  const authTemplate = Template.fromStack(dev.auth);
  const pool = fromAuthStack('PublishOutputFnGetAttAuthUserPool[0-9A-F]+Arn');

  test('the API stack depends on the auth stack, never the reverse', () => {
    expect(dev.api.dependencies).toEqual([dev.auth]);
    expect(dev.auth.dependencies).toEqual([]);
    authTemplate.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
    authTemplate.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });

  test('REST: the Cognito authorizer on the Authorization header, for this pool', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [pool],
      IdentitySource: 'method.request.header.Authorization',
    });
  });

  test('REST: /me needs a token; /orders needs the orders/read scope (access tokens only)', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      ResourceId: { Ref: Match.stringLikeRegexp('ApisRestApime') },
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: Match.stringLikeRegexp('^ApisRestAuthorizer') },
      AuthorizationScopes: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      ResourceId: { Ref: Match.stringLikeRegexp('ApisRestApiorders') },
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizationScopes: ['orders/read'],
    });
  });

  test('REST: /admin goes through the bundled Lambda authorizer (TOKEN, 300 s cache)', () => {
    const tokenAuthorizers = Object.values(
      template.findResources('AWS::ApiGateway::Authorizer', {
        Properties: { Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: 300 },
      }),
    );
    expect(tokenAuthorizers).toHaveLength(1);
    // The function is the auth stack's, read through one of its outputs.
    expect(JSON.stringify(tokenAuthorizers[0].Properties.AuthorizerUri)).toMatch(/"OutputName":"PublishOutputFnGetAttAuthAdminAuthorizerHandlerFunction[0-9A-F]+Arn/);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ResourceId: { Ref: Match.stringLikeRegexp('ApisRestApiadmin') },
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: Match.stringLikeRegexp('RestAdminAuthorizer') },
    });
  });

  test('HTTP: the JWT authorizer with this pool as issuer and the clients as audience', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        // every client, in the order of their construct paths (their names), so the order of the clients list
        // changes nothing; the dev stack's smoke client too, whose user calls /me in the post-deploy smoke check
        Audience: [
          fromAuthStack('PublishOutputRefAuthClientmobile'),
          fromAuthStack('PublishOutputRefAuthClientordersservice'),
          fromAuthStack('PublishOutputRefAuthClientsmokecheck'),
          fromAuthStack('PublishOutputRefAuthClientweb'),
        ],
        Issuer: { 'Fn::Join': ['', ['https://', fromAuthStack('PublishOutputFnGetAttAuthUserPool[0-9A-F]+ProviderName')]] },
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /orders', AuthorizationType: 'JWT', AuthorizationScopes: ['orders/read'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /me', AuthorizationType: 'JWT' });
  });

  test('HTTP: /admin goes through the Lambda authorizer with simple responses and payload 2.0', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /admin', AuthorizationType: 'CUSTOM' });
  });

  test('API Gateway may invoke the Lambda authorizer, for each API: the permissions are in the API stack', () => {
    const perms = Object.values(template.findResources('AWS::Lambda::Permission', {
      Properties: { FunctionName: fromAuthStack('PublishOutputFnGetAttAuthAdminAuthorizerHandlerFunction') },
    }));
    expect(perms.map((p) => p.Properties.Principal)).toEqual(['apigateway.amazonaws.com', 'apigateway.amazonaws.com']);
    authTemplate.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'apigateway.amazonaws.com' }, 0);
  });

  test('the Lambda authorizer: config from the pool and the user clients, no permission beyond its logs', () => {
    const [id, fn] = Object.entries(authTemplate.findResources('AWS::Lambda::Function')).find(([k]) => k.startsWith('AuthAdminAuthorizerHandlerFunction'))!;
    expect(id).toBeDefined();
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 5 });
    const config = fn.Properties.Environment.Variables.TRIGGER_CONFIG['Fn::Join'][1];
    const text = config.map((p: unknown) => (typeof p === 'string' ? p : '<token>')).join('');
    expect(JSON.parse(text)).toEqual({
      issuer: 'https://<token>',
      jwksUri: 'https://<token>/.well-known/jwks.json',
      clientIds: ['<token>', '<token>', '<token>'], // web, mobile and the dev stack's smoke client
      tokenUse: 'any',
      requiredGroups: ['admin'],
      groupsMatch: 'any',
      requiredScopes: [],
      contextClaims: ['tenant'],
    });
    const policies = Object.values(authTemplate.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('AdminAuthorizerHandlerRole'),
    );
    expect(policies).toEqual([]);
  });
});

describe('authorizer validation', () => {
  const props: CognitoAuthProps = {
    resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'r' }, { name: 'write', description: 'w' }] }],
    clients: [
      { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'], scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.custom('orders/read')] },
      { name: 'api-only', kind: ClientKind.PUBLIC_WEB },
    ],
    groups: [{ name: 'admin' }],
  };
  const build = () => {
    const stack = testStack();
    return { stack, auth: new CognitoAuth(stack, 'Auth', props) };
  };

  test('a REST scope no client can be granted', () => {
    const { auth } = build();
    expect(() => auth.restApiMethodOptions(auth.restApiAuthorizer(Stack.of(auth), 'R'), ['orders/write'])).toThrow(
      "restApiMethodOptions scopes[0] 'orders/write' is granted to no app client of this pool, so no access token can carry it; grantable: openid, orders/read",
    );
  });

  test('scopes on a REST method behind the Lambda authorizer', () => {
    const { auth } = build();
    const lambdaAuthorizer = auth.jwtAuthorizer('A').forRestApi(Stack.of(auth), 'R');
    expect(() => auth.restApiMethodOptions(lambdaAuthorizer, ['orders/read'])).toThrow(
      'restApiMethodOptions: scopes on a REST method need the Cognito authorizer (restApiAuthorizer()); with the JWT Lambda authorizer use its requiredScopes',
    );
  });

  test('an HTTP route scope no client can be granted; a granted one passes', () => {
    const { auth } = build();
    expect(auth.httpRouteScopes(['orders/read'])).toEqual(['orders/read']);
    expect(() => auth.httpRouteScopes(['admin'])).toThrow("httpRouteScopes scopes[0] 'admin' is granted to no app client of this pool");
  });

  test('a group scope added by the pre token generation trigger (V2) counts as grantable', () => {
    const stack = testStack();
    const auth = new CognitoAuth(stack, 'Auth', { ...props, groups: [{ name: 'admin', scopes: ['orders/write'] }], triggers: { preTokenGeneration: {} } });
    expect(auth.httpRouteScopes(['orders/write'])).toEqual(['orders/write']);
  });

  test('required scopes with ID tokens', () => {
    const { auth } = build();
    expect(() => auth.jwtAuthorizer('A', { requiredScopes: ['orders/read'], tokenUse: TokenUse.ID })).toThrow(
      "jwtAuthorizer('A').requiredScopes need access tokens, but tokenUse is 'id': ID tokens carry no scopes; set tokenUse to TokenUse.ACCESS",
    );
  });

  test('a required group that does not exist (checked at synth)', () => {
    const { stack, auth } = build();
    auth.jwtAuthorizer('A', { requiredGroups: ['admins'] });
    expect(() => Template.fromStack(stack)).toThrow("jwtAuthorizer('A').requiredGroups has 'admins', which is not a group of this pool; groups: admin");
  });

  test('a cache over an hour', () => {
    const { auth } = build();
    expect(() => auth.jwtAuthorizer('A', { resultsCacheTtl: Duration.hours(2) })).toThrow(
      "jwtAuthorizer('A').resultsCacheTtl 2 hours is invalid: API Gateway caches authorizer answers for 0 to 1 hour",
    );
  });

  test('a Lambda authorizer with no client to accept, at synth (a client may still come)', () => {
    const stack = testStack();
    const auth = new CognitoAuth(stack, 'Auth', {});
    auth.jwtAuthorizer('A');
    expect(() => Template.fromStack(stack)).toThrow("jwtAuthorizer('A') accepts no app client: give clients, or add one with addClient");
  });

  test.each(['sub', 'username', 'tokenUse', 'clientId', 'groups', 'scope'])('contextClaims may not replace the context key %s', (claim) => {
    const { auth } = build();
    expect(() => auth.jwtAuthorizer('A', { contextClaims: ['tenant', claim] })).toThrow(
      `jwtAuthorizer('A').contextClaims[1] '${claim}' is a context key the authorizer sets from the token itself (sub, username, tokenUse, clientId, groups, scope): a claim may not replace it`,
    );
  });

  test('scopes on REST methods need a Cognito authorizer; without scopes the Lambda authorizer is CUSTOM', () => {
    const { auth } = build();
    const stack = Stack.of(auth);
    const api = new apigateway.RestApi(stack, 'Api');
    const options = auth.restApiMethodOptions(auth.jwtAuthorizer('A').forRestApi(stack, 'R'));
    api.root.addMethod('GET', new apigateway.MockIntegration(), options);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' });
  });
});

describe('the two-stack layout: the pool in an auth stack, the APIs in another', () => {
  const app = testApp();
  const authStack = new Stack(app, 'Auth');
  const apiStack = new Stack(app, 'Api');
  const auth = new CognitoAuth(authStack, 'Auth', {
    clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] }],
    groups: [{ name: 'admin' }],
  });
  // Every kind of authorizer, created for APIs of the other stack.
  const rest = new apigateway.RestApi(apiStack, 'Rest');
  const lambdaAuthorizer = auth.jwtAuthorizer('Admins', { requiredGroups: ['admin'] });
  rest.root.addResource('me').addMethod('GET', new apigateway.MockIntegration(), auth.restApiMethodOptions(auth.restApiAuthorizer(apiStack, 'Cognito')));
  rest.root.addResource('admin').addMethod('GET', new apigateway.MockIntegration(), { authorizer: lambdaAuthorizer.forRestApi(apiStack, 'Admins') });
  const http = new apigwv2.HttpApi(apiStack, 'Http');
  const httpJwt = auth.httpApiAuthorizer();
  const integration = new integrations.HttpUrlIntegration('Url', 'https://example.com/');
  http.addRoutes({ path: '/me', methods: [apigwv2.HttpMethod.GET], integration, authorizer: httpJwt });
  http.addRoutes({ path: '/admin', methods: [apigwv2.HttpMethod.GET], integration, authorizer: lambdaAuthorizer.forHttpApi('Admins') });
  // A client added after the authorizers: both authorizers that accept every client take it.
  auth.addClient({ name: 'late', kind: ClientKind.NATIVE });
  const assembly = app.synth();
  const api = assembly.getStackByName('Api').template;
  const authTemplate = assembly.getStackByName('Auth').template;

  test('synthesizes with the CloudFormation validator on; the API stack depends on the auth stack only', () => {
    expect(apiStack.dependencies).toEqual([authStack]);
    expect(authStack.dependencies).toEqual([]);
  });

  test('every authorizer and every API Gateway invoke permission is in the API stack', () => {
    const types = (t: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }) => Object.values(t.Resources);
    expect(types(api).filter((r) => r.Type === 'AWS::ApiGateway::Authorizer').map((r) => r.Properties.Type).sort()).toEqual(['COGNITO_USER_POOLS', 'TOKEN']);
    expect(types(api).filter((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer').map((r) => r.Properties.AuthorizerType).sort()).toEqual(['JWT', 'REQUEST']);
    expect(types(authTemplate).filter((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'apigateway.amazonaws.com')).toEqual([]);
    expect(types(api).filter((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'apigateway.amazonaws.com')).toHaveLength(2);
  });

  test('a client added after the authorizers is in the HTTP JWT audience and the Lambda authorizer config', () => {
    const jwt = Object.values(api.Resources as Record<string, any>).find((r) => r.Properties.AuthorizerType === 'JWT');
    expect(JSON.stringify(jwt.Properties.JwtConfiguration.Audience)).toMatch(/PublishOutputRefAuthClientlate.*PublishOutputRefAuthClientweb/);
    expect(jwt.Properties.JwtConfiguration.Audience).toHaveLength(2);
    const fn = Object.entries(authTemplate.Resources as Record<string, any>).find(([id]) => id.startsWith('AuthAdminsHandlerFunction'))![1];
    const config = JSON.stringify(fn.Properties.Environment.Variables.TRIGGER_CONFIG);
    expect(config).toMatch(/clientIds.*AuthClientlate.*AuthClientweb/);
  });

  test('addApiUrl refuses a URL from the API stack (a cycle), naming both stacks', () => {
    expect(() => auth.addApiUrl('rest', rest.url)).toThrow(
      "addApiUrl: the url of 'rest' comes from the stack 'Api', not from 'Auth', which holds this construct's outputs: that stack depends on this one, so the reference back would be a cycle; output the URL in 'Api' instead (the smoke check takes it with --api-url)",
    );
  });
});

describe('a pool imported into a second app, with the standalone authorizers', () => {
  test('the REST TOKEN authorizer and the HTTP JWT authorizer synthesize against an imported pool and client', () => {
    const app = testApp();
    const stack = new Stack(app, 'Other', { env: { account: '123456789012', region: 'eu-west-1' } });
    const userPool = cognito.UserPool.fromUserPoolArn(stack, 'Pool', 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123');
    const client = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Client', '1example23456789');
    const fn = new JwtAuthorizerFunction(stack, 'Authz', { userPool, clients: [client] });
    const rest = new apigateway.RestApi(stack, 'Rest');
    rest.root.addMethod('GET', new apigateway.MockIntegration(), { authorizer: fn.forRestApi(stack, 'Token') });
    const http = new apigwv2.HttpApi(stack, 'Http');
    http.addRoutes({
      path: '/me',
      methods: [apigwv2.HttpMethod.GET],
      integration: new integrations.HttpUrlIntegration('Url', 'https://example.com/'),
      authorizer: new UserPoolHttpAuthorizer({ userPool, clients: [client] }),
    });
    const template = Template.fromStack(stack);
    const jwt = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'JWT' } }))[0];
    expect(jwt.Properties.JwtConfiguration.Audience).toEqual(['1example23456789']);
    expect(evaluate(jwt.Properties.JwtConfiguration.Issuer)).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123');
    const handler = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    const config = JSON.parse(evaluate(handler.Properties.Environment.Variables.TRIGGER_CONFIG));
    expect(config).toMatchObject({ issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123', clientIds: ['1example23456789'] });
  });
});

describe('the HTTP authorizer name', () => {
  const nameOf = (options: Parameters<CognitoAuth['httpApiAuthorizer']>[0]) => {
    const stack = new Stack(testApp(), 'Names');
    const auth = new CognitoAuth(stack, 'Auth', { clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB }] });
    const http = new apigwv2.HttpApi(stack, 'Http');
    http.addRoutes({ path: '/me', integration: new integrations.HttpUrlIntegration('Url', 'https://example.com/'), authorizer: auth.httpApiAuthorizer(options) });
    return Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Authorizer'))[0].Properties.Name;
  };

  test('authorizerName, the deprecated id, or the default', () => {
    expect(nameOf({ authorizerName: 'Users' })).toBe('Users');
    expect(nameOf({ id: 'Legacy' })).toBe('Legacy');
    expect(nameOf({})).toBe('HttpAuthorizer');
  });
});
