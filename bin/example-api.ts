import { CfnOutput, CfnResource, Duration, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AuthWebAcl, CognitoAuth, FirewallTarget, GroupsMatch } from '../lib';

/** The example's API stack: the APIs of one stage, in a stack of their own beside the auth stack. */
export class ExampleApiStack extends Stack {
  public readonly apis: ExampleApis;

  constructor(scope: Construct, id: string, props: StackProps & { auth: CognitoAuth; removalPolicy: RemovalPolicy }) {
    super(scope, id, props);
    this.apis = new ExampleApis(this, 'Apis', { auth: props.auth, removalPolicy: props.removalPolicy });
  }
}

/**
 * The example's APIs: a REST API and an HTTP API, each with a route for signed-in users (the built-in Cognito
 * authorizer), a route that needs the orders/read scope, and a route for the admin group (the bundled JWT Lambda
 * authorizer). Every route answers with the caller's claims.
 */
export class ExampleApis extends Construct {
  public readonly restApi: apigateway.RestApi;
  public readonly httpApi: apigwv2.HttpApi;

  constructor(scope: Construct, id: string, props: { auth: CognitoAuth; removalPolicy: RemovalPolicy }) {
    super(scope, id);
    const { auth } = props;

    // The function behind every route: it returns what the authorizer passed on about the caller.
    const claimsLogs = new logs.LogGroup(this, 'ClaimsLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy });
    const claimsRole = new iam.Role(this, 'ClaimsRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [claimsLogs.logGroupArn] })],
        }),
      },
    });
    const claims = new lambda.Function(this, 'Claims', {
      description: 'Returns the caller claims that the authorizer passed on',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      role: claimsRole,
      logGroup: claimsLogs,
      timeout: Duration.seconds(5),
      code: lambda.Code.fromInline(
        [
          'exports.handler = async (event) => {',
          '  const a = event.requestContext.authorizer || {};',
          '  const claims = a.claims || (a.jwt && a.jwt.claims) || a.lambda || a;',
          "  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ claims }) };",
          '};',
        ].join('\n'),
      ),
    });

    const adminOnly = auth.jwtAuthorizer('AdminAuthorizer', {
      requiredGroups: ['admin'],
      groupsMatch: GroupsMatch.ANY_OF,
      contextClaims: ['tenant'],
    });

    // REST API
    const restLogs = new logs.LogGroup(this, 'RestAccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy });
    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      description: 'Example REST API behind Cognito',
      cloudWatchRole: false,
      deployOptions: {
        accessLogDestination: new apigateway.LogGroupLogDestination(restLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: 50,
        throttlingBurstLimit: 100,
      },
    });
    Validations.of(this.restApi.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason: 'Execution logging needs the account-wide API Gateway CloudWatch role, which an example should not change; access logs are on.',
    });
    // A web ACL in front of the REST API: AWS's managed rule groups and a per-IP rate limit on every request. (The HTTP
    // API cannot take one: API Gateway offers AWS WAF for REST APIs only.)
    new AuthWebAcl(this, 'RestApiFirewall', { target: FirewallTarget.REST_API }).associate('RestApiStage', this.restApi.deploymentStage.stageArn);
    const validator = this.restApi.addRequestValidator('Validator', { validateRequestParameters: true, validateRequestBody: true });
    // Authorizers are created here, in the API's stack: the pool's stack never depends on this one. A multi-Region pool
    // has the updated issuer, which API Gateway's Cognito authorizer does not take: the bundled JWT authorizer verifies
    // it instead, the scope included.
    const integration = new apigateway.LambdaIntegration(claims);
    const updatedIssuer = auth.authUserPool.updatedIssuer;
    const restAuthorizer = updatedIssuer ? undefined : auth.restApiAuthorizer(this, 'RestAuthorizer');
    const jwtRoute = (resource: apigateway.Resource, authorizerId: string, requiredScopes?: string[]) => {
      const authorizer = auth.jwtAuthorizer(authorizerId, { requiredScopes }).forRestApi(this, `Rest${authorizerId}`);
      (authorizer.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['E1022'] } });
      const method = resource.addMethod('GET', integration, { authorizer, requestValidator: validator });
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: "Authorized by the bundled JWT Lambda authorizer, which verifies the pool's updated issuer (API Gateway's Cognito authorizer does " +
          "not take it).",
      });
    };
    const me = this.restApi.root.addResource('me');
    if (restAuthorizer) me.addMethod('GET', integration, { ...auth.restApiMethodOptions(restAuthorizer), requestValidator: validator });
    else jwtRoute(me, 'SignedInAuthorizer');
    const orders = this.restApi.root.addResource('orders');
    if (restAuthorizer) {
      orders.addMethod('GET', integration, { ...auth.restApiMethodOptions(restAuthorizer, ['orders/read']), requestValidator: validator });
    } else {
      jwtRoute(orders, 'OrdersReadAuthorizer', ['orders/read']);
    }
    const admin = this.restApi.root.addResource('admin');
    const restAdminAuthorizer = adminOnly.forRestApi(this, 'RestAdminAuthorizer');
    // cfn-lint (1.58) takes the Fn::GetStackOutput inside aws-cdk-lib's Fn::Split of the function ARN for a value that is
    // not a string (E1022); CloudFormation's own validator accepts the template. Only this resource skips that rule.
    (restAdminAuthorizer.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['E1022'] } });
    const adminMethod = admin.addMethod('GET', integration, { authorizer: restAdminAuthorizer, requestValidator: validator });
    Validations.of(adminMethod).acknowledge({
      id: 'AwsSolutions-COG4',
      reason: 'Authorized by the bundled JWT Lambda authorizer, which verifies tokens of the same user pool and requires the admin group.',
    });

    // HTTP API
    const httpLogs = new logs.LogGroup(this, 'HttpAccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy });
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', { description: 'Example HTTP API behind Cognito', createDefaultStage: false });
    this.httpApi.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(httpLogs) },
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    const httpIntegration = new integrations.HttpLambdaIntegration('Claims', claims);
    const httpAuthorizer = auth.httpApiAuthorizer();
    this.httpApi.addRoutes({ path: '/me', methods: [apigwv2.HttpMethod.GET], integration: httpIntegration, authorizer: httpAuthorizer });
    this.httpApi.addRoutes({
      path: '/orders',
      methods: [apigwv2.HttpMethod.GET],
      integration: httpIntegration,
      authorizer: httpAuthorizer,
      authorizationScopes: auth.httpRouteScopes(['orders/read']),
    });
    this.httpApi.addRoutes({
      path: '/admin',
      methods: [apigwv2.HttpMethod.GET],
      integration: httpIntegration,
      authorizer: adminOnly.forHttpApi('HttpAdminAuthorizer'),
    });

    // The API URLs are outputs of this stack: the auth stack's outputs cannot hold them, since this stack depends
    // on that one. The smoke check takes the REST API's URL with --api-url.
    new CfnOutput(this, 'RestApiUrl', { value: this.restApi.url, description: 'REST API base URL' });
    new CfnOutput(this, 'HttpApiUrl', { value: `${this.httpApi.apiEndpoint}/`, description: 'HTTP API base URL' });
  }
}
