/**
 * Offline end-to-end harness. Real parts: cognito-local (a Cognito user-pool API emulator) in this process, the AWS
 * SDK v3 talking to it, dynalite (a DynamoDB emulator) for the profile table, and the handler bundles exactly as the
 * synthesized cloud assembly of the example app holds them, with the template's environment. A small Lambda-Invoke
 * endpoint on 127.0.0.1 runs those bundles when cognito-local calls a trigger.
 *
 * Where the emulator differs from Cognito, the harness sends the handlers what Cognito would send:
 * - pre token generation events get the user's groups in groupConfiguration (cognito-local sends none);
 * - app clients are created with ALLOW_USER_PASSWORD_AUTH added, standing in for the SRP flow they deploy with
 *   (cognito-local has no SRP). Nothing else is added: the emulator ignores a client's flows, so a test asks
 *   `allowsFlow` before it uses one, and never exercises a flow the deployed client refuses (ALLOW_REFRESH_TOKEN_AUTH
 *   on a client that rotates refresh tokens, above all);
 * - cognito-local calls the configured triggers for every pool, Cognito only for the pool they belong to: events of
 *   other pools (a test's second pool) are answered unchanged.
 * Everything else comes from the template as synthesized.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createExampleApp } from '../../bin/example-app';
import { evaluate, testApp } from '../support/helpers';

const ROOT = path.join(__dirname, '..', '..');
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const ISSUER_DOMAIN = 'http://cognito-local.test';

type Resource = { Type: string; Properties: any; DependsOn?: unknown };
type Template = { Resources: Record<string, Resource> };

/** A function of the template: its staged bundle and its environment. */
export interface AssemblyFunction {
  readonly logicalId: string;
  readonly assetDir: string;
  readonly environment: Record<string, string>;
}

/** The example app's dev stack, synthesized into a folder of its own. */
export function synthesizeExample(outdir: string): { template: Template; functions: Map<string, AssemblyFunction> } {
  const app = testApp({ stage: 'dev', nag: false }, outdir);
  const [{ auth: stack }] = createExampleApp(app);
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const template = artifact.template as Template;
  const assets = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stack.stackName}.assets.json`), 'utf8'));
  const functions = new Map<string, AssemblyFunction>();
  for (const [logicalId, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function' || !r.Properties.Code?.S3Key) continue;
    const hash = String(r.Properties.Code.S3Key).replace(/\.zip$/, '');
    const source = assets.files[hash]?.source?.path;
    if (!source) continue;
    functions.set(logicalId, { logicalId, assetDir: path.join(assembly.directory, source), environment: r.Properties.Environment?.Variables ?? {} });
  }
  return { template, functions };
}

/** Resolves a template value whose Refs (to other resources) all have a value here, by logical-id prefix. */
export function resolveValue(value: unknown, refs: Record<string, string>): string {
  return evaluate(value, (ref) => {
    const hit = Object.entries(refs).find(([prefix]) => ref.startsWith(prefix));
    if (!hit) throw new Error(`no value for Ref ${ref}`);
    return hit[1];
  });
}

/** The logical id of the function a user-pool trigger points at. */
export function triggerFunctionId(template: Template, trigger: 'PreSignUp' | 'PostConfirmation' | 'PreTokenGenerationConfig' | 'CustomMessage'): string {
  const pool = Object.values(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPool')!;
  const ref = pool.Properties.LambdaConfig[trigger];
  return (trigger === 'PreTokenGenerationConfig' ? ref.LambdaArn : ref)['Fn::GetAtt'][0];
}

type Handler = (event: unknown) => Promise<unknown>;

/** Loads a bundle as Lambda would: its environment set while the module loads (its config is read at cold start). */
export function loadBundle(fn: AssemblyFunction, environment: Record<string, string>): Handler {
  const saved = { ...process.env };
  Object.assign(process.env, environment);
  try {
    const file = path.join(fn.assetDir, 'index.js');
    delete require.cache[require.resolve(file)];
    return require(file).handler as Handler;
  } finally {
    for (const key of Object.keys(environment)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

export interface Invocation {
  readonly name: string;
  readonly triggerSource: string;
  readonly userName?: string;
  readonly error?: string;
  /** What the handler answered (its event with the response). */
  readonly result?: any;
}

/** The Lambda Invoke API (POST /2015-03-31/functions/<name>/invocations), enough for cognito-local's SDK v2 client. */
export class LambdaEndpoint {
  public readonly invocations: Invocation[] = [];
  private readonly server: http.Server;
  private readonly handlers = new Map<string, () => Handler>();
  private readonly loaded = new Map<string, Handler>();
  /**
   * The pool whose triggers these are. cognito-local calls the same triggers for every pool; Cognito calls a pool's
   * own, so events of other pools are answered unchanged, as a pool without triggers would be.
   */
  public poolId?: string;
  /** Adjusts an event before the handler sees it (the harness's corrections, listed at the top of this file). */
  public adjust: (name: string, event: any) => Promise<void> = async () => undefined;
  public port = 0;

  constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  /** Registers a handler, loaded on its first invocation (a cold start). */
  public register(name: string, load: () => Handler): void {
    this.handlers.set(name, load);
  }

  public async start(): Promise<string> {
    this.port = await listen(this.server);
    return `http://127.0.0.1:${this.port}`;
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const name = decodeURIComponent(/\/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1] ?? '');
    const load = this.handlers.get(name);
    if (!load) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `Function not found: ${name}` }));
      return;
    }
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (this.poolId !== undefined && event.userPoolId !== this.poolId) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(event));
      return;
    }
    try {
      await this.adjust(name, event);
      if (!this.loaded.has(name)) this.loaded.set(name, load());
      const result = await this.loaded.get(name)!(event);
      this.invocations.push({ name, triggerSource: event.triggerSource, userName: event.userName, result });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (err) {
      const e = err as Error;
      this.invocations.push({ name, triggerSource: event.triggerSource, userName: event.userName, error: e.message });
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
        .end(JSON.stringify({ errorType: e.name, errorMessage: e.message }));
    }
  }
}

/** One message as cognito-local delivered it (to its log, in place of SES or SNS). */
export interface DeliveredMessage {
  readonly destination?: string;
  readonly code?: string;
  readonly emailSubject?: string;
  readonly emailMessage?: string;
  readonly smsMessage?: string;
}

/** The messages in the emulator's log: each a boxed "Confirmation Code Delivery" with a field a line. */
function readDeliveredMessages(file: string): DeliveredMessage[] {
  if (!fs.existsSync(file)) return [];
  const fields: Record<string, keyof DeliveredMessage> = {
    'Destination': 'destination', 'Code': 'code', 'Email Subject': 'emailSubject', 'Email Message': 'emailMessage', 'SMS Message': 'smsMessage',
  };
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).msg).filter((msg): msg is string =>
    typeof msg === 'string' && msg.includes('Confirmation Code Delivery')).map((msg) => {
    const message: Record<string, string> = {};
    for (const [label, key] of Object.entries(fields)) {
      const found = new RegExp(`│\\s*${label}:\\s+(.*?)\\s*│`).exec(msg);
      if (found) message[key] = found[1];
    }
    return message as DeliveredMessage;
  });
}

/** Everything the e2e tests use. */
export interface Harness {
  readonly cognito: CognitoIdentityProviderClient;
  readonly dynamo: DynamoDBClient;
  readonly lambda: LambdaEndpoint;
  readonly template: Template;
  readonly functions: Map<string, AssemblyFunction>;
  readonly cognitoUrl: string;
  readonly userPoolId: string;
  readonly clientIds: Record<string, string>;
  readonly profileTable: string;
  /** The messages the emulator delivered so far (it writes each to its log), oldest first. */
  deliveredMessages(): DeliveredMessage[];
  /**
   * Whether the deployed client (its template) allows an auth flow: ExplicitAuthFlows, and never
   * ALLOW_REFRESH_TOKEN_AUTH with refresh-token rotation (Cognito refuses REFRESH_TOKEN_AUTH on a rotating client).
   * USER_PASSWORD_AUTH counts as allowed where the client deploys with SRP (the emulator's stand-in for it).
   */
  allowsFlow(client: string, flow: string): boolean;
  stop(): Promise<void>;
}

/**
 * Starts dynalite, the Lambda endpoint and cognito-local (port 0, 127.0.0.1, data in a temporary folder), and
 * creates the example's user pool, clients and groups in the emulator from the synthesized template.
 */
export async function startHarness(): Promise<Harness> {
  fs.mkdirSync(path.join(ROOT, '.e2e'), { recursive: true });
  const work = fs.mkdtempSync(path.join(ROOT, '.e2e', 'run-'));
  const { template, functions } = synthesizeExample(path.join(work, 'cdk.out'));

  // dynalite: the profile table
  const dynalite = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamoPort = await listen(dynalite);
  const dynamoUrl = `http://127.0.0.1:${dynamoPort}`;
  const dynamo = new DynamoDBClient({ endpoint: dynamoUrl, region: 'local', credentials: CREDENTIALS });
  const profileTable = 'e2e-profiles';
  const table = Object.values(template.Resources).find((r) => r.Type === 'AWS::DynamoDB::Table')!;
  await dynamo.send(
    new CreateTableCommand({
      TableName: profileTable,
      KeySchema: table.Properties.KeySchema,
      AttributeDefinitions: table.Properties.AttributeDefinitions,
      BillingMode: table.Properties.BillingMode,
    }),
  );

  // the Lambda endpoint (handlers load lazily, once cognito-local's address is known)
  const lambda = new LambdaEndpoint();
  const lambdaUrl = await lambda.start();

  // cognito-local, in a child process run in `work` (it keeps its config and data under the current folder)
  const emulatorLog = path.join(work, 'cognito-local.log');
  fs.mkdirSync(path.join(work, '.cognito'), { recursive: true });
  fs.writeFileSync(
    path.join(work, '.cognito', 'config.json'),
    JSON.stringify({
      LambdaClient: { endpoint: lambdaUrl, region: 'local', credentials: CREDENTIALS },
      TriggerFunctions: { PreSignUp: 'PreSignUp', PostConfirmation: 'PostConfirmation', PreTokenGeneration: 'PreTokenGeneration', CustomMessage: 'CustomMessage' },
      TokenConfig: { IssuerDomain: ISSUER_DOMAIN },
      ServerConfig: { port: 0, hostname: '127.0.0.1', https: false },
    }),
  );
  const child = spawn(process.execPath, [path.join(__dirname, 'cognito-local-server.js')], {
    cwd: work,
    // COLUMNS: the emulator boxes each delivered message for a terminal; wide enough, no line of a message is wrapped.
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', COGNITO_LOCAL_LOG: emulatorLog, COLUMNS: '4000' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const killChild = () => child.kill('SIGTERM');
  process.once('exit', killChild);
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line).port);
    });
    child.once('exit', (code) => reject(new Error(`cognito-local exited with ${code}`)));
  });
  const cognitoUrl = `http://127.0.0.1:${port}`;
  const cognito = new CognitoIdentityProviderClient({ endpoint: cognitoUrl, region: 'local', credentials: CREDENTIALS });

  // the user pool, clients and groups, from the template
  const poolProps = Object.values(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPool')!.Properties;
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'example-dev',
      Schema: poolProps.Schema.map((a: SchemaAttributeType) => ({ ...a, AttributeDataType: a.AttributeDataType ?? 'String' })),
      UsernameAttributes: poolProps.UsernameAttributes,
      AutoVerifiedAttributes: poolProps.AutoVerifiedAttributes,
      UsernameConfiguration: poolProps.UsernameConfiguration,
      Policies: poolProps.Policies,
      MfaConfiguration: 'OFF',
    }),
  );
  const userPoolId = UserPool!.Id!;
  lambda.poolId = userPoolId;
  const clientIds: Record<string, string> = {};
  for (const r of Object.values(template.Resources).filter((x) => x.Type === 'AWS::Cognito::UserPoolClient')) {
    const p = r.Properties;
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: p.ClientName,
        ExplicitAuthFlows: [...new Set([...(p.ExplicitAuthFlows ?? []), 'ALLOW_USER_PASSWORD_AUTH'])],
        AccessTokenValidity: p.AccessTokenValidity,
        IdTokenValidity: p.IdTokenValidity,
        RefreshTokenValidity: p.RefreshTokenValidity,
        TokenValidityUnits: p.TokenValidityUnits,
        PreventUserExistenceErrors: p.PreventUserExistenceErrors,
        ReadAttributes: p.ReadAttributes,
        WriteAttributes: p.WriteAttributes,
      }),
    );
    clientIds[p.ClientName] = UserPoolClient!.ClientId!;
  }
  for (const r of Object.values(template.Resources).filter((x) => x.Type === 'AWS::Cognito::UserPoolGroup')) {
    await cognito.send(
      new CreateGroupCommand({
        UserPoolId: userPoolId,
        GroupName: r.Properties.GroupName,
        Precedence: r.Properties.Precedence,
        Description: r.Properties.Description,
      }),
    );
  }

  // the trigger bundles from the assembly, with the template's environment (the table's Ref resolved); the SDK in
  // them is pointed at the emulators for the whole run (it reads region and credentials lazily, at the first call)
  const sdkEnvironment: Record<string, string> = {
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoUrl,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
  };
  const savedEnvironment = Object.fromEntries(Object.keys(sdkEnvironment).map((k) => [k, process.env[k]]));
  Object.assign(process.env, sdkEnvironment);
  const tableId = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::DynamoDB::Table')![0];
  for (const trigger of ['PreSignUp', 'PostConfirmation', 'PreTokenGeneration', 'CustomMessage'] as const) {
    const fn = functions.get(triggerFunctionId(template, trigger === 'PreTokenGeneration' ? 'PreTokenGenerationConfig' : trigger))!;
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(fn.environment)) environment[k] = resolveValue(v, { [tableId]: profileTable });
    lambda.register(trigger, () => loadBundle(fn, environment));
  }
  lambda.adjust = async (name, event) => {
    if (name === 'PreTokenGeneration') {
      const { Groups } = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: event.userPoolId, Username: event.userName }));
      event.request.groupConfiguration = { groupsToOverride: (Groups ?? []).map((g) => g.GroupName), iamRolesToOverride: [], preferredRole: null };
    }
  };

  return {
    cognito,
    dynamo,
    lambda,
    template,
    functions,
    cognitoUrl,
    userPoolId,
    clientIds,
    profileTable,
    deliveredMessages: () => readDeliveredMessages(emulatorLog),
    allowsFlow(client: string, flow: string): boolean {
      const p = Object.values(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPoolClient' && r.Properties.ClientName === client)?.Properties;
      if (!p) throw new Error(`no client '${client}' in the template`);
      const flows: string[] = p.ExplicitAuthFlows ?? [];
      if (flow === 'ALLOW_USER_PASSWORD_AUTH') return flows.includes(flow) || flows.includes('ALLOW_USER_SRP_AUTH');
      if (flow === 'ALLOW_REFRESH_TOKEN_AUTH' && p.RefreshTokenRotation?.Feature === 'ENABLED') return false;
      return flows.includes(flow);
    },
    async stop() {
      cognito.destroy();
      dynamo.destroy();
      const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      child.stdin!.end();
      killChild();
      await exited;
      process.removeListener('exit', killChild);
      await new Promise<void>((resolve) => dynalite.close(() => resolve()));
      await lambda.stop();
      for (const [k, v] of Object.entries(savedEnvironment)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
