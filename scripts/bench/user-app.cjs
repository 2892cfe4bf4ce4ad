// A user's CDK app, outside this repository: a folder of its own with a package.json that depends on this package
// through its `npm pack` tarball (the way test/consumer/ builds one), with aws-cdk-lib, constructs, TypeScript,
// ts-node and cdk-nag at this repository's versions, installed from the npm cache when it has them (so it works
// offline once they have been installed here). Run by user-app.mjs, each mode in a fresh process; prints one JSON line.
//
//   node user-app.cjs setup <workdir>                   packs, writes the app, installs, compiles it to build/
//   node user-app.cjs phases <appDir> <on|off> <on|off>  one `node`-run synth, timed by phase; the first on|off is
//                                                       the CloudFormation validator, the second cdk-nag's AwsSolutions
//   node user-app.cjs unit <appDir> <on|off> <tests>    a jest-style test module: Template.fromStack on the auth stack
//                                                       alone, <tests> times, each in a fresh App
//
// The app is the README's usual layout at quick-start size: an auth stack with CognitoAuth (a user pool, a web client,
// a Cognito domain, two groups, post confirmation with a default group, an identity pool) and an API stack with a REST
// API behind the Cognito authorizer. bin/app.ts is what `cdk synth` runs; the `phases` mode builds the same app from
// the compiled lib/ to time each phase. The validator is turned off the only way aws-cdk-lib has: CDK_VALIDATION=false
// in the environment, read at each synth (no context key or feature flag turns it off).
const t0 = performance.now();
const { execFileSync } = require('child_process');
const fs = require('fs');
const { createRequire } = require('module');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const [mode] = process.argv.slice(2);

/** The context a fresh `cdk init app` of the CLI in node_modules writes to cdk.json: the CLI's recommended flags. */
function freshAppFlags() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-cdk', 'lib', 'init-templates', '.recommended-feature-flags.json'), 'utf8'));
}

const AUTH_STACK = `import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClientKind, CognitoAuth } from 'cdk-cognito-auth';

export class AuthStack extends Stack {
  public readonly auth: CognitoAuth;
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.auth = new CognitoAuth(this, 'Auth', {
      selfSignUp: true,
      clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/callback'] }],
      domain: { prefix: 'user-app-login' },
      groups: [{ name: 'admin', precedence: 0 }, { name: 'member', precedence: 10 }],
      triggers: { postConfirmation: { defaultGroups: ['member'] } },
      identityPool: {},
    });
  }
}
`;

const API_STACK = `import { Stack, StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { CognitoAuth } from 'cdk-cognito-auth';

export interface ApiStackProps extends StackProps {
  readonly auth: CognitoAuth;
}

export class ApiStack extends Stack {
  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const api = new apigateway.RestApi(this, 'Orders');
    const users = props.auth.restApiAuthorizer(this, 'Users');
    api.root.addResource('orders').addMethod('GET', new apigateway.MockIntegration(), props.auth.restApiMethodOptions(users));
  }
}
`;

/** cdk-nag's findings on this small app, acknowledged as an app would (they are not what is measured). */
const NAG = `import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

export function addNag(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  for (const [id, reason] of [
    ['COG8', 'the Essentials plan is enough for this app'],
    ['APIG1', 'a benchmark app: no access logs'],
    ['APIG2', 'a mock integration: no request to validate'],
    ['APIG6', 'a benchmark app: no execution logs'],
  ]) {
    Validations.of(app).acknowledge({ id: 'AwsSolutions::AwsSolutions-' + id, reason });
  }
}
`;

const NO_NAG = `import { App } from 'aws-cdk-lib';

export function addNag(_app: App): void {
  throw new Error('cdk-nag is not installed');
}
`;

const BIN_APP = `#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { ApiStack } from '../lib/api-stack';
import { AuthStack } from '../lib/auth-stack';
import { addNag } from '../lib/nag';

const app = new App();
const { auth } = new AuthStack(app, 'Auth');
new ApiStack(app, 'Api', { auth });
if (app.node.tryGetContext('nag') === true) addNag(app);
`;

// The fresh app's compiler options (cdk init's tsconfig.json), with an outDir for the compiled variant and no jest types.
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['es2022'], declaration: true, strict: true,
    noImplicitAny: true, strictNullChecks: true, noImplicitThis: true, alwaysStrict: true, noImplicitReturns: true,
    inlineSourceMap: true, inlineSources: true, experimentalDecorators: true, strictPropertyInitialization: false,
    skipLibCheck: true, types: ['node'], outDir: 'build',
  },
  exclude: ['node_modules', 'cdk.out', 'build'],
};

function setup(workdir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  const npm = (args, cwd) => execFileSync('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', workdir], ROOT))[0];
  const tarball = path.join(workdir, packed.filename);
  const appDir = path.join(workdir, 'user-app');
  for (const dir of ['bin', 'lib']) fs.mkdirSync(path.join(appDir, dir), { recursive: true });
  const dev = pkg.devDependencies;
  // cdk-nag's checks are measured when this repository has it installed (and so the npm cache has it)
  const nag = Boolean(dev['cdk-nag']) && fs.existsSync(path.join(ROOT, 'node_modules', 'cdk-nag', 'package.json'));
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({
    name: 'user-app',
    private: true,
    dependencies: { 'cdk-cognito-auth': `file:${tarball}`, 'aws-cdk-lib': dev['aws-cdk-lib'], 'constructs': dev.constructs },
    devDependencies: {
      'typescript': dev.typescript, 'ts-node': dev['ts-node'], '@types/node': dev['@types/node'], ...(nag ? { 'cdk-nag': dev['cdk-nag'] } : {}),
    },
  }, null, 2));
  fs.writeFileSync(path.join(appDir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  fs.writeFileSync(path.join(appDir, 'bin', 'app.ts'), BIN_APP);
  fs.writeFileSync(path.join(appDir, 'lib', 'auth-stack.ts'), AUTH_STACK);
  fs.writeFileSync(path.join(appDir, 'lib', 'api-stack.ts'), API_STACK);
  fs.writeFileSync(path.join(appDir, 'lib', 'nag.ts'), nag ? NAG : NO_NAG);
  // What the CLI runs, with the fresh app's context; kept offline like this repository's cdk.json.
  fs.writeFileSync(path.join(appDir, 'cdk.json'), JSON.stringify({
    app: 'node build/bin/app.js',
    notices: false,
    context: { ...freshAppFlags(), 'cli-telemetry': false },
  }, null, 2));
  const installStart = performance.now();
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], appDir);
  const installMs = performance.now() - installStart;
  execFileSync(process.execPath, [path.join(appDir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] });
  return { appDir, tarballBytes: packed.size, installMs, nag };
}

const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bench-user-app-out-'));
const rm = (dir) => fs.rmSync(dir, { recursive: true, force: true });

/** One synth of the whole app (both stacks) as `node build/bin/app.js` does it, timed by phase. */
function phases(appDir, validator, nag) {
  if (validator === 'off') process.env.CDK_VALIDATION = 'false';
  const appRequire = createRequire(path.join(appDir, 'package.json'));
  const started = performance.now();
  const cdk = appRequire('aws-cdk-lib');
  const cdkLoaded = performance.now();
  appRequire('cdk-cognito-auth');
  const libraryLoaded = performance.now();
  const { AuthStack } = appRequire('./build/lib/auth-stack.js');
  const { ApiStack } = appRequire('./build/lib/api-stack.js');
  const out = outdir();
  const app = new cdk.App({ outdir: out, context: { ...freshAppFlags(), nag: nag === 'on' } });
  const { auth } = new AuthStack(app, 'Auth');
  new ApiStack(app, 'Api', { auth });
  if (nag === 'on') appRequire('./build/lib/nag.js').addNag(app);
  const constructed = performance.now();
  app.synth();
  const synthesized = performance.now();
  const templateBytes = ['Auth', 'Api'].map((s) => fs.statSync(path.join(out, `${s}.template.json`)).size);
  rm(out);
  return {
    // performance.now() counts from the process's start: what Node does before this script's first line
    startMs: t0,
    requireCdkMs: cdkLoaded - started,
    requireLibraryMs: libraryLoaded - cdkLoaded,
    constructMs: constructed - libraryLoaded,
    synthMs: synthesized - constructed,
    authTemplateBytes: templateBytes[0],
    apiTemplateBytes: templateBytes[1],
  };
}

/**
 * One jest test module, the way a fresh app's test/ writes it: each test a fresh `new App()` (no cdk.json context:
 * jest does not read it), the auth stack alone, `Template.fromStack`, one assertion. Jest gives each test file its
 * own module registry, so each file loads aws-cdk-lib and starts the validator's engine again: one process here.
 */
function unit(appDir, validator, tests) {
  process.env.NODE_ENV = 'test';
  if (validator === 'off') process.env.CDK_VALIDATION = 'false';
  const appRequire = createRequire(path.join(appDir, 'package.json'));
  const started = performance.now();
  const cdk = appRequire('aws-cdk-lib');
  const { Template } = appRequire('aws-cdk-lib/assertions');
  const { AuthStack } = appRequire('./build/lib/auth-stack.js');
  const loaded = performance.now();
  const each = [];
  for (let i = 0; i < tests; i++) {
    const start = performance.now();
    const app = new cdk.App();
    const stack = new AuthStack(app, 'Auth');
    Template.fromStack(stack).resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    each.push(performance.now() - start);
    rm(app.outdir);
  }
  const rest = each.slice(1).sort((a, b) => a - b);
  return { startMs: t0, loadMs: loaded - started, firstMs: each[0], nextMedianMs: rest[Math.floor(rest.length / 2)], eachMs: each };
}

let result;
if (mode === 'setup') result = setup(process.argv[3]);
else if (mode === 'phases') result = phases(process.argv[3], process.argv[4], process.argv[5]);
else if (mode === 'unit') result = unit(process.argv[3], process.argv[4], Number(process.argv[5] ?? 5));
else throw new Error(`unknown mode ${mode}: setup, phases or unit`);
process.stdout.write(JSON.stringify(result) + '\n');
