import { App, ArnFormat, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import {
  AuthEventsDestination, AuthWebAcl, ClientKind, CognitoAuth, CognitoAuthProps, FederationRule, FirewallTarget, IdentityProvider, MigrationSource,
  RiskAction, RoleMapping,
} from '../../lib';
import { testApp } from './helpers';
import { PACKS, PackName } from './nag';

// A production-style consumer of the library, as a regulated team builds it: the Plus plan with enforced threat
// protection and its rules, MFA required, a customer managed key for the pool, every bundled part on (the three
// triggers with their options, the custom email and SMS senders, the inbound federation trigger, the user migration
// trigger, the JWT-verifying Lambda authorizer, user activity logs, the firewall, monitoring, the identity pool), in an
// auth stack, and the team's own REST API in a stack of its own. cdk-nag's packs (./nag.ts) run on it in test/contracts/compliance.test.ts.
// Tests of new bundled parts extend it through `extend`.

export interface ProductionConsumerOptions {
  /** The packs to run at synth. @default every pack of PACKS */
  readonly packs?: PackName[];
  /**
   * Whether the bundled functions get what the packs ask of functions (a log key, tracing, reserved concurrency, a VPC).
   * @default true
   */
  readonly functionSettings?: boolean;
  /** Changes to the props of `CognitoAuth`, given the stack and the pool's key (new parts are added here). */
  readonly extend?: (props: CognitoAuthProps, stack: Stack, key: kms.IKey) => CognitoAuthProps;
}

export interface ProductionConsumer {
  readonly app: App;
  readonly auth: CognitoAuth;
  readonly authStack: Stack;
  readonly apiStack: Stack;
  readonly key: kms.Key;
}

/** The network team's VPC, imported: two private subnets with a NAT gateway (a pool with a domain takes no VPC endpoint). */
export function importedVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0a1b2c3d4e5f67890',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
    privateSubnetRouteTableIds: ['rtb-0a1b2c3d4e5f60001', 'rtb-0a1b2c3d4e5f60002'],
  });
}

/** The pool the team used before this one, which its users move from. */
const PREVIOUS_POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Previous1';

/** The auth stack's props: every bundled part on, with the options a production pool takes. */
export function productionAuthProps(stack: Stack, key: kms.IKey, functionSettings = true): CognitoAuthProps {
  // The alarms go to the team's own topic, encrypted with its key, which CloudWatch may use to publish to it.
  const alarmTopic = new sns.Topic(stack, 'Alarms', { masterKey: key, enforceSSL: true });
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
  return {
    // Off while users move in from the previous pool: a sign-up could take the name of a user not yet migrated.
    selfSignUp: false,
    featurePlan: cognito.FeaturePlan.PLUS,
    threatProtection: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    encryptionKey: key,
    customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: false }) },
    clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/callback'] }],
    domain: { prefix: 'regulated-auth-example' },
    identityProviders: [
      IdentityProvider.google({ clientId: 'example.apps.googleusercontent.com', clientSecret: SecretValue.secretsManager('google-client-secret') }),
    ],
    groups: [
      { name: 'admin', precedence: 0, permissions: ['records:write'] },
      { name: 'member', precedence: 10, permissions: ['records:read'] },
    ],
    triggers: {
      // Pre token generation runs at every sign-in and token refresh: it gets the most.
      preSignUp: { linkExternalUsers: true, ...(functionSettings ? { reservedConcurrentExecutions: 10 } : {}) },
      postConfirmation: { defaultGroups: ['member'], createProfileTable: true, ...(functionSettings ? { reservedConcurrentExecutions: 10 } : {}) },
      preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant_id' }, ...(functionSettings ? { reservedConcurrentExecutions: 50 } : {}) },
      // Every message through the bundled senders: codes decrypted in the function, sent through SES and SNS.
      emailSender: { fromAddress: 'no-reply@example.com', ...(functionSettings ? { reservedConcurrentExecutions: 10 } : {}) },
      smsSender: { ...(functionSettings ? { reservedConcurrentExecutions: 10 } : {}) },
      // Addresses as the providers send them, in lower case (linking matches them; the verification signal is untouched).
      inboundFederation: { rules: [FederationRule.lowercase('email')], ...(functionSettings ? { reservedConcurrentExecutions: 10 } : {}) },
      // Users of the team's previous pool move in at their first sign-in, with their attributes and groups.
      migration: {
        source: MigrationSource.fromUserPool({ userPool: cognito.UserPool.fromUserPoolArn(stack, 'PreviousPool', PREVIOUS_POOL_ARN) }),
        ...(functionSettings ? { reservedConcurrentExecutions: 10 } : {}),
      },
    },
    threatProtectionRules: {
      compromisedCredentials: {},
      accountTakeover: { mediumRisk: { action: RiskAction.MFA_REQUIRED }, highRisk: { action: RiskAction.BLOCK } },
    },
    bundledFunctions: functionSettings
      ? { logGroupEncryptionKey: key, tracing: lambda.Tracing.ACTIVE, reservedConcurrentExecutions: 20, vpc: importedVpc(stack) }
      : undefined,
    identityPool: { roleMapping: RoleMapping.fromGroups() },
    userActivityLogs: { messageDeliveryErrors: true, authEvents: AuthEventsDestination.cloudWatchLogs() },
    firewall: {},
    monitoring: { alarmTopic },
  };
}

/** WAF logs of a web ACL into a log group of `stack` encrypted with `key` (WAF takes log groups named aws-waf-logs-*). */
function logWebAcl(stack: Stack, id: string, webAclArn: string, key: kms.IKey): void {
  const group = new logs.LogGroup(stack, `${id}Logs`, {
    logGroupName: `aws-waf-logs-${stack.stackName.toLowerCase()}-${id.toLowerCase()}`,
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  new wafv2.CfnLoggingConfiguration(stack, `${id}Logging`, {
    resourceArn: webAclArn,
    logDestinationConfigs: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: group.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    // Hosted-UI requests carry session cookies; API calls carry tokens in the body, which WAF does not log.
    redactedFields: [{ singleHeader: { Name: 'cookie' } }, { singleHeader: { Name: 'authorization' } }],
  });
}

/**
 * Builds the consumer in a test app (the project's context, AWS's CloudFormation validator switch as the test module
 * sets it) with the chosen cdk-nag packs; `synthReport` synthesizes it and returns what each pack found.
 */
export function productionConsumer(options: ProductionConsumerOptions = {}): ProductionConsumer {
  const app = testApp();
  for (const pack of options.packs ?? (Object.keys(PACKS) as PackName[])) Validations.of(app).addPlugins(PACKS[pack]());
  const env = { account: '123456789012', region: 'eu-west-1' };
  const authStack = new Stack(app, 'RegulatedAuth', { env });
  const key = new kms.Key(authStack, 'PoolKey', { enableKeyRotation: true, description: 'The user pool, its logs and its alarms' });
  const base = productionAuthProps(authStack, key, options.functionSettings ?? true);
  const auth = new CognitoAuth(authStack, 'Auth', options.extend ? options.extend(base, authStack, key) : base);
  const admins = auth.jwtAuthorizer('Admins', { requiredGroups: ['admin'], reservedConcurrentExecutions: options.functionSettings ?? true ? 50 : undefined });
  // The team's backups and WAF logs: its own parts, beside the library's.
  const plan = backup.BackupPlan.daily35DayRetention(authStack, 'Backups', new backup.BackupVault(authStack, 'Vault', { encryptionKey: key }));
  const selection = plan.addSelection('Profiles', { resources: [backup.BackupResource.fromDynamoDbTable(auth.postConfirmationTrigger!.profileTable!)] });
  Validations.of(selection.node.findChild('Role')).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    reason: "AWS Backup's own service role policy, which AWS Backup documents for the role that takes the backups.",
  });
  logWebAcl(authStack, 'SignInFirewall', auth.webAcl!.webAclArn, key);

  // The team's own API, in its own stack: access logs, a web ACL, a request validator, the bundled authorizer.
  const apiStack = new Stack(app, 'RegulatedApi', { env });
  const accessLogs = new logs.LogGroup(apiStack, 'AccessLogs', {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const api = new apigateway.RestApi(apiStack, 'Api', {
    cloudWatchRole: false,
    deployOptions: {
      accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
      accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
      tracingEnabled: true,
      cachingEnabled: true,
      cacheDataEncrypted: true,
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
    },
  });
  const apiFirewall = new AuthWebAcl(apiStack, 'ApiFirewall', { target: FirewallTarget.REST_API });
  apiFirewall.associate('Stage', api.deploymentStage.stageArn);
  logWebAcl(apiStack, 'ApiFirewall', apiFirewall.webAclArn, key);
  const validator = api.addRequestValidator('Validator', { validateRequestParameters: true, validateRequestBody: true });
  const method = auth.addRestApiMethod(api.root.addResource('records'), 'GET', new apigateway.MockIntegration(), {
    authorizer: admins.forRestApi(apiStack, 'AdminsAuthorizer'),
    methodOptions: { requestValidator: validator },
  });
  acknowledgeConsumerFindings(api, method);
  return { app, auth, authStack, apiStack, key };
}

/**
 * The consumer's own acknowledgements, on its own resources (the rule's own id, without the pack's name before `::`,
 * which would acknowledge the rule in the whole app), each with its reason.
 */
function acknowledgeConsumerFindings(api: apigateway.RestApi, method: apigateway.Method): void {
  const stage = api.deploymentStage.node.defaultChild!;
  const execution = 'Execution logging needs the account-wide API Gateway CloudWatch role, which this stack does not change; access logs are on.';
  for (const id of ['AwsSolutions-APIG6', 'HIPAA.Security-APIGWExecutionLoggingEnabled', 'NIST.800.53.R5-APIGWExecutionLoggingEnabled',
    'PCI.DSS.321-APIGWExecutionLoggingEnabled']) Validations.of(stage).acknowledge({ id, reason: execution });
  const certificate = 'The integration is a mock: there is no back end for API Gateway to authenticate to with a client certificate.';
  for (const id of ['HIPAA.Security-APIGWSSLEnabled', 'NIST.800.53.R5-APIGWSSLEnabled', 'PCI.DSS.321-APIGWSSLEnabled']) {
    Validations.of(stage).acknowledge({ id, reason: certificate });
  }
  Validations.of(method).acknowledge({
    id: 'AwsSolutions-COG4',
    reason: 'Authorized by the bundled JWT Lambda authorizer, which verifies tokens of the same user pool and requires the admin group.',
  });
}
