/**
 * What the migration e2e tests share: an app synthesized with its migration bundle as the template holds it, and
 * cognito-local in a child process with the user migration and post authentication triggers pointed at a Lambda
 * endpoint in this process (harness.ts's). The emulator differs from Cognito in one way corrected here, where the
 * trigger's answer reaches it: cognito-local names a migrated user after `userAttributes.username` (or a random id),
 * where Cognito takes the user name signed in with; the answer gets that name on its way, and nothing else changes.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Stack } from 'aws-cdk-lib';
import { testApp } from '../support/helpers';
import { type AssemblyFunction, LambdaEndpoint, loadBundle, resolveValue } from './harness';

const ROOT = path.join(__dirname, '..', '..');
export const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

type Resource = { Type: string; Properties: any };

/** A synthesized app: its resources by logical id, and the migration function's bundle and environment. */
export interface MigrationApp {
  readonly resources: Record<string, Resource>;
  readonly bundle: AssemblyFunction;
  /** The logical id of the first resource of `type` whose id matches. */
  idOf(type: string, pattern: RegExp): string;
}

/** Synthesizes the app `build` makes in a stack of eu-west-1 into `outdir`. */
export function synthesizeMigration(outdir: string, build: (stack: Stack) => void): MigrationApp {
  const app = testApp({}, outdir);
  const stack = new Stack(app, 'Migration', { env: { account: '123456789012', region: 'eu-west-1' } });
  build(stack);
  const assembly = app.synth();
  const resources = (assembly.getStackByName(stack.stackName).template as { Resources: Record<string, Resource> }).Resources;
  const assets = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stack.stackName}.assets.json`), 'utf8'));
  const [logicalId, fn] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && /migration/.test(r.Properties.Description))!;
  const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  return {
    resources,
    bundle: { logicalId, assetDir: path.join(assembly.directory, assets.files[hash].source.path), environment: fn.Properties.Environment.Variables },
    idOf: (type, pattern) => Object.entries(resources).find(([id, r]) => r.Type === type && pattern.test(id))![0],
  };
}

export interface Emulator {
  readonly work: string;
  readonly endpoint: string;
  readonly cognito: CognitoIdentityProviderClient;
  readonly lambda: LambdaEndpoint;
  /** What the handlers logged (one object per call, as Lambda's JSON log format takes it). */
  readonly logged: unknown[];
  /**
   * Registers the bundle, its Refs resolved by `refs` (logical-id prefix to value), as the user migration and post
   * authentication triggers of `poolId` (the emulator calls them for every pool; events of other pools pass through).
   */
  registerTriggers(app: MigrationApp, refs: Record<string, string>, poolId: string): void;
  stop(): Promise<void>;
}

/**
 * Starts the Lambda endpoint and cognito-local (in a folder of its own under .e2e/), the SDK env pointed at it, with
 * the triggers the app's pool has: the user migration trigger, and the post authentication trigger when it keeps groups.
 */
export async function startEmulator(
  name: string, sdkEnvironment: Record<string, string> = {}, triggers: ('UserMigration' | 'PostAuthentication')[] = ['UserMigration', 'PostAuthentication'],
): Promise<Emulator> {
  const logged: unknown[] = [];
  const record = (...args: unknown[]) => void logged.push(args[0]);
  const spies = (['info', 'warn', 'error'] as const).map((level) => jest.spyOn(console, level).mockImplementation(record));
  fs.mkdirSync(path.join(ROOT, '.e2e'), { recursive: true });
  const work = fs.mkdtempSync(path.join(ROOT, '.e2e', `${name}-`));
  const lambda = new LambdaEndpoint();
  const lambdaUrl = await lambda.start();
  fs.mkdirSync(path.join(work, '.cognito'), { recursive: true });
  fs.writeFileSync(path.join(work, '.cognito', 'config.json'), JSON.stringify({
    LambdaClient: { endpoint: lambdaUrl, region: 'local', credentials: CREDENTIALS },
    TriggerFunctions: Object.fromEntries(triggers.map((t) => [t, t])),
    ServerConfig: { port: 0, hostname: '127.0.0.1', https: false },
  }));
  const child = spawn(process.execPath, [path.join(__dirname, 'cognito-local-server.js')], {
    cwd: work, env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]).port);
    });
    child.once('exit', (code) => reject(new Error(`cognito-local exited with ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const cognito = new CognitoIdentityProviderClient({ endpoint, region: 'local', credentials: CREDENTIALS });
  const environment = {
    AWS_REGION: 'local', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint, ...sdkEnvironment,
  };
  const saved = Object.fromEntries(Object.keys(environment).map((k) => [k, process.env[k]]));
  Object.assign(process.env, environment);
  return {
    work,
    endpoint,
    cognito,
    lambda,
    logged,
    registerTriggers(app, refs, poolId) {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(app.bundle.environment)) env[k] = resolveValue(v, refs);
      lambda.poolId = poolId;
      const handler = () => loadBundle(app.bundle, env);
      lambda.register('UserMigration', () => {
        const migrate = handler();
        return async (event) => {
          const answer = (await migrate(event)) as { userName: string; response: { userAttributes: Record<string, string> } };
          return { ...answer, response: { ...answer.response, userAttributes: { ...answer.response.userAttributes, username: answer.userName } } };
        };
      });
      if (triggers.includes('PostAuthentication')) lambda.register('PostAuthentication', handler);
    },
    async stop() {
      cognito.destroy();
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.stdin!.end();
        child.kill('SIGTERM');
        await exited;
      }
      await lambda.stop();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      spies.forEach((s) => s.mockRestore());
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
