import * as fs from 'fs';
import * as path from 'path';
import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CONFIG_ENV } from './handler-config';
import { acknowledgeRule, acknowledgeWildcards, WildcardStatement } from './compliance';
import { AwsService, vpcStatements, warnOnNetworkReach } from './function-network';
import { allowLogsToUseKey, checkFunctionSettings, FunctionSettings, recordReservation } from './function-settings';
import { cognitoCallerStatements, poolKeyArn } from './key-policy';
import { checkAtSynth, ConfigError, located } from './errors';
import { LIMITS } from './limits';

/** The handlers this package bundles (folders of lambda/ and assets/). */
export type HandlerName =
  'pre-signup' | 'post-confirmation' | 'pre-token-generation' | 'jwt-authorizer' | 'custom-message' | 'custom-email-sender' | 'custom-sms-sender'
  | 'inbound-federation' | 'migrate-from-pool' | 'migrate-from-http' | 'migrate-from-hashes';


/**
 * The newest Node.js runtime aws-cdk-lib knows, named exactly (not NODEJS_LATEST, which may move under a
 * library upgrade). scripts/bundle.mjs targets the same version; a test keeps the two in step.
 */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Cognito waits at most 5 seconds for a trigger. */
export const TRIGGER_TIMEOUT = Duration.seconds(5);

/** Where a handler's bundle is, from lib/private (TypeScript) or dist/private (compiled) alike. */
export function bundlePath(name: HandlerName): string {
  const dir = path.join(__dirname, '..', '..', 'assets', name);
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new ConfigError(`the bundled handler '${name}' is missing at ${dir}: run npm run build`);
  }
  return dir;
}

/**
 * The pool a bundled trigger is attached to, as the aws-cdk-lib `UserPool` that can take it: Cognito runs the triggers
 * of a pool's LambdaConfig, which only `UserPool.addTrigger` writes (with the invoke permission), so the pool must be
 * defined in this app. `prop` names the prop that gave it.
 */
export function triggerUserPool(prop: string, userPool: cognito.IUserPool): cognito.UserPool {
  if (userPool instanceof cognito.UserPool) return userPool;
  throw new ConfigError(
    `${prop} '${userPool.node.path}' is not a cognito.UserPool of this app (an imported pool, for example): ` +
      "a trigger is attached with UserPool.addTrigger, which writes the pool's LambdaConfig, so only a pool defined in this app can take it; " +
      'create the trigger in the app that defines the pool',
  );
}

/** Marks bundled functions, so that two copies of this package recognise each other's. */
const BUNDLED_FUNCTION = Symbol.for('cdk-cognito-auth.BundledFunction');

/** Bytes that Lambda counts for an environment: every key and value. */
export function environmentBytes(environment: { [key: string]: string }): number {
  return Object.entries(environment).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

export interface BundledFunctionProps {
  readonly handler: HandlerName;
  readonly description: string;
  /**
   * Produces the handler's config, serialized into one environment variable at synth, so that parts added
   * after the function (a group's permissions) still reach it.
   */
  readonly config: () => object;
  /** The prop path the config and the settings come from, for error messages. */
  readonly configProp: string;
  /** What the 4 KB error adds, where the user can shrink the config. */
  readonly configHint?: string;
  /**
   * The function's settings (the public BundledFunctionOptions), checked here as given at `configProp`.
   * @default - none: logs kept one month, no key, no tracing, no reservation, no VPC
   */
  readonly settings?: FunctionSettings;
  /** The AWS services the function calls over the network with this config (none: it only answers its event). */
  readonly calls: AwsService[];
  /**
   * Who invokes the function, when only ever synchronously (`Cognito`, `API Gateway`): a dead-letter target, which
   * only asynchronous invocations reach, then cannot apply, and is acknowledged as such.
   * @default - not only synchronously: no acknowledgement
   */
  readonly synchronousCaller?: string;
  /**
   * Megabytes of memory (Lambda gives CPU in proportion): more for a handler that computes password hashes.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * The user pool the function serves, whose domain decides whether Cognito can be reached through a VPC endpoint.
   * @default - none
   */
  readonly userPool?: cognito.IUserPool;
}

/** Why the bundled roles' policies are inline, for the packs that ask for none. */
const INLINE_REASON = "a least-privilege policy written for this function's role alone: it names the function's own log group, pool, table " +
  'or key, is created and deleted with the role, and cannot be attached to another principal (a customer managed policy would be a separate ' +
  'resource that anyone may attach).';

/**
 * One bundled handler: the function (arm64, 5 s, JSON logs), its own log group with bounded retention, and a role
 * whose only permissions are writing to that log group plus what `grant` adds. No managed policies.
 */
export class BundledFunction extends Construct {
  /** Whether a construct is a bundled function of this package (for the snapshot kit). */
  public static isBundledFunction(x: unknown): x is BundledFunction {
    return typeof x === 'object' && x !== null && BUNDLED_FUNCTION in x;
  }

  /** Which bundled handler it runs. */
  public readonly handlerName: HandlerName;
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    try {
      Object.defineProperty(this, BUNDLED_FUNCTION, { value: true });
      this.handlerName = props.handler;
      const environment = {
        [CONFIG_ENV]: Lazy.string({ produce: () => JSON.stringify(props.config()) }),
        NODE_OPTIONS: '--enable-source-maps',
      };
      checkAtSynth(this, () => {
        const bytes = environmentBytes({ ...environment, [CONFIG_ENV]: JSON.stringify(props.config()) });
        return bytes > LIMITS.lambdaEnvironmentBytes
          ? [`${props.configProp} makes a ${bytes}-byte environment: Lambda allows at most ${LIMITS.lambdaEnvironmentBytes} bytes of environment ` +
            `variables${props.configHint ? `; ${props.configHint}` : ''}`]
          : [];
      });

      const settings = props.settings ?? {};
      checkFunctionSettings(props.configProp, settings, Stack.of(this).region);
      const key = settings.logGroupEncryptionKey;
      this.logGroup = new logs.LogGroup(this, 'Logs', {
        retention: settings.logRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
        encryptionKey: key,
      });
      if (key) allowLogsToUseKey(this.logGroup, key, props.configProp);
      const tracing = settings.tracing !== undefined && settings.tracing !== lambda.Tracing.DISABLED ? settings.tracing : undefined;
      // X-Ray's actions take no resource; in an inline policy of their own, not the function's default policy.
      const traceStatement = new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] });
      // Filled once the function's subnets and security groups are known; the role carries it, so the function
      // (which needs it when it is created) depends on it.
      const network = settings.vpc ? new iam.PolicyDocument() : undefined;
      this.role = new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: props.description,
        inlinePolicies: {
          logs: new iam.PolicyDocument({
            statements: [
              new iam.PolicyStatement({
                actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                resources: [this.logGroup.logGroupArn],
              }),
            ],
          }),
          ...(tracing ? { tracing: new iam.PolicyDocument({ statements: [traceStatement] }) } : {}),
          ...(network ? { vpc: network } : {}),
        },
      });
      this.function = new lambda.Function(this, 'Function', {
        description: props.description,
        code: lambda.Code.fromAsset(bundlePath(props.handler)),
        handler: 'index.handler',
        runtime: HANDLER_RUNTIME,
        architecture: lambda.Architecture.ARM_64,
        timeout: TRIGGER_TIMEOUT,
        memorySize: props.memorySize ?? 256,
        role: this.role,
        logGroup: this.logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
        systemLogLevelV2: lambda.SystemLogLevel.WARN,
        environment,
        reservedConcurrentExecutions: settings.reservedConcurrentExecutions,
        vpc: settings.vpc,
        vpcSubnets: settings.vpcSubnets,
        securityGroups: settings.securityGroups,
      });
      const cfnFunction = this.function.node.defaultChild as lambda.CfnFunction;
      // aws-cdk-lib's `tracing` prop would put the X-Ray permissions into a default policy beside the role's own.
      if (tracing) cfnFunction.tracingConfig = { mode: tracing };
      recordReservation(this.function, settings.reservedConcurrentExecutions);

      this.completeNetworkAndFindings(settings, network, tracing ? traceStatement : undefined, props);
    } catch (err) {
      throw located(this, err);
    }
  }

  /**
   * Fills the role's vpc policy (once the function's subnets and security groups are known), checks that the function
   * can reach what it calls, and acknowledges the packs' findings that the library answers by a reason instead of a
   * setting: the inline policies, the wildcards no narrower resource can replace, the VPC of a function that makes no
   * network call, and the dead-letter target of a function that is only invoked synchronously.
   */
  private completeNetworkAndFindings(
    settings: FunctionSettings,
    network: iam.PolicyDocument | undefined,
    traceStatement: iam.PolicyStatement | undefined,
    props: BundledFunctionProps,
  ): void {
    const cfnRole = this.role.node.defaultChild as iam.CfnRole;
    const cfnFunction = this.function.node.defaultChild as lambda.CfnFunction;
    acknowledgeRule(cfnRole, 'noInlinePolicy', INLINE_REASON);
    const wildcards: WildcardStatement[] = [];
    if (traceStatement) {
      wildcards.push({ statement: traceStatement, reason: "X-Ray's PutTraceSegments and PutTelemetryRecords take no resource (Service " +
        'Authorization Reference).' });
    }
    if (network && settings.vpc) {
      const subnets = settings.vpc.selectSubnets(settings.vpcSubnets).subnets;
      for (const { statement, wildcardReason } of vpcStatements(this, subnets, this.function.connections.securityGroups)) {
        network.addStatements(statement);
        if (wildcardReason) wildcards.push({ statement, reason: wildcardReason });
      }
      warnOnNetworkReach(this.function, settings.vpc, subnets, props.calls, props.userPool);
    }
    acknowledgeWildcards(cfnRole, wildcards);
    if (settings.vpc === undefined && props.calls.length === 0) {
      acknowledgeRule(cfnFunction, 'functionInVpc', 'this function makes no network call with its configuration (no AWS API, no HTTP): it ' +
        'reads the event it is given and answers, so a VPC would have no traffic of it to isolate. Give it `vpc` to run it in one anyway.');
    }
    if (props.synchronousCaller) {
      acknowledgeRule(cfnFunction, 'deadLetterQueue', `${props.synchronousCaller} invokes this function synchronously and waits for its ` +
        'answer, and Lambda sends only events of asynchronous invocations to a dead-letter target, so one would never receive an event: a ' +
        "failed invocation fails the request it serves, and counts in the function's Errors metric (which `monitoring` alarms on).");
    }
  }

  /**
   * Allows the function these actions on the user pool, through a policy of its own: the pool references the
   * function (as its trigger), so the function's default policy must not reference the pool. On a pool encrypted with
   * a customer managed key, the same policy lets the role use that key through Cognito of the pool's region, for this
   * pool only: the KMS guide's "AWS KMS condition keys" page (kms:ViaService) says the principal a service acts for must
   * be allowed to use the key, and the Cognito guide's "Data protection in Amazon Cognito" lists what principals that
   * call Cognito use it for. The key's own policy allows the same through its "access through Amazon Cognito"
   * statements (`AuthUserPool.keyPolicyStatements`).
   */
  public grantOnPool(userPool: cognito.IUserPool, actions: string[]): iam.Policy {
    const keyArn = poolKeyArn(userPool);
    const statements = [new iam.PolicyStatement({ actions, resources: [userPool.userPoolArn] })];
    if (keyArn !== undefined) statements.push(...cognitoCallerStatements(Stack.of(userPool).region, keyArn, userPool.userPoolArn));
    // The key is read when the permission is given: a key set on the pool later would leave the role without it.
    checkAtSynth(this, () =>
      poolKeyArn(userPool) === keyArn
        ? []
        : [`the pool '${userPool.node.path}' got its customer managed key after this function was given its permissions: set the pool's key ` +
          `configuration before adding the trigger, so that its role may use the key through Cognito`]);
    return this.addPolicy(this, 'PoolPolicy', statements);
  }

  /**
   * A policy of its own on the function's role, created in `scope` with `id` (an AWS::IAM::Policy: for statements that
   * name what references the function, or that are added after it), acknowledged as the role's inline policies are.
   */
  public addPolicy(scope: Construct, id: string, statements: iam.PolicyStatement[]): iam.Policy {
    const policy = new iam.Policy(scope, id, { roles: [this.role], statements });
    acknowledgeRule(policy.node.defaultChild as iam.CfnPolicy, 'noInlinePolicy', INLINE_REASON);
    return policy;
  }
}

