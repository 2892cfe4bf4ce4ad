import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { createExampleApp } from '../bin/example-app';
import { ClientKind, CognitoAuth, CognitoAuthProps, TokenUse } from '../lib';
import { testApp, testStack } from './helpers';

describe('authorizers in the example stack', () => {
  const [dev] = createExampleApp(testApp({ stage: 'dev', nag: false }));
  const template = Template.fromStack(dev);
  const pool = { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthUserPool'), 'Arn'] };

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
      AuthorizerId: { Ref: Match.stringLikeRegexp('AuthRestAuthorizer') },
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
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('AuthAdminAuthorizerHandlerFunction'), 'Arn'] }])] }),
    });
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
        Audience: [
          { Ref: Match.stringLikeRegexp('^AuthClientweb') },
          { Ref: Match.stringLikeRegexp('^AuthClientmobile') },
          { Ref: Match.stringLikeRegexp('^AuthClientordersservice') },
          // the dev stack's smoke client, whose user calls /me in the post-deploy smoke check
          { Ref: Match.stringLikeRegexp('^AuthClientsmokecheck') },
        ],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: Match.stringLikeRegexp('^AuthUserPool') }]] },
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

  test('API Gateway may invoke the Lambda authorizer, for each API', () => {
    const perms = Object.values(template.findResources('AWS::Lambda::Permission', {
      Properties: { FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthAdminAuthorizerHandlerFunction'), 'Arn'] } },
    }));
    expect(perms.map((p) => p.Properties.Principal)).toEqual(['apigateway.amazonaws.com', 'apigateway.amazonaws.com']);
  });

  test('the Lambda authorizer: config from the pool and the user clients, no permission beyond its logs', () => {
    const [id, fn] = Object.entries(template.findResources('AWS::Lambda::Function')).find(([k]) => k.startsWith('AuthAdminAuthorizerHandlerFunction'))!;
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
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
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
    expect(() => auth.restApiMethodOptions(auth.restApiAuthorizer(), ['orders/write'])).toThrow(
      "restApiMethodOptions scopes[0] 'orders/write' is granted to no app client of this pool, so no access token can carry it; grantable: openid, orders/read",
    );
  });

  test('scopes on a REST method behind the Lambda authorizer', () => {
    const { auth } = build();
    const lambdaAuthorizer = auth.jwtAuthorizer('A').forRestApi('R');
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

  test('a cache over an hour; cache options that do not apply; clients that do not apply', () => {
    const { auth } = build();
    expect(() => auth.jwtAuthorizer('A', { resultsCacheTtl: Duration.hours(2) })).toThrow(
      "jwtAuthorizer('A').resultsCacheTtl 2 hours is invalid: API Gateway caches authorizer answers for 0 to 1 hour",
    );
    expect(() => auth.httpApiAuthorizer({ resultsCacheTtl: Duration.minutes(1) })).toThrow(
      'httpApiAuthorizer: resultsCacheTtl does not apply; HTTP API JWT authorizers do not cache (use jwtAuthorizer for a cached Lambda authorizer)',
    );
    expect(() => auth.restApiAuthorizer({ clients: ['web'] })).toThrow(
      'restApiAuthorizer: clients cannot be chosen; the REST Cognito authorizer accepts tokens of every client of the pool (use jwtAuthorizer to limit clients)',
    );
  });

  test('a Lambda authorizer with no client to accept', () => {
    const stack = testStack();
    const auth = new CognitoAuth(stack, 'Auth', {});
    expect(() => auth.jwtAuthorizer('A')).toThrow("jwtAuthorizer('A').clients is empty: name at least one app client whose tokens are accepted");
  });

  test('scopes on REST methods need a Cognito authorizer; without scopes the Lambda authorizer is CUSTOM', () => {
    const { auth } = build();
    const stack = Stack.of(auth);
    const api = new apigateway.RestApi(stack, 'Api');
    const options = auth.restApiMethodOptions(auth.jwtAuthorizer('A').forRestApi('R'));
    api.root.addMethod('GET', new apigateway.MockIntegration(), options);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' });
  });
});
