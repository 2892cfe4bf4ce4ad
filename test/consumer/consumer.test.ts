/**
 * The packed package, used as a consumer would: `npm pack`, then a fresh TypeScript CDK app in a temporary folder
 * installs the tarball with aws-cdk-lib and constructs (from the npm cache when it has them), compiles with its own
 * TypeScript and synthesizes a stack with CognitoAuth, the three triggers and the JWT authorizer. That synth has no
 * esbuild installed and runs no bundling: the handlers come prebuilt in the package. The package's two commands run
 * from node_modules/.bin: cognito-upgrade-check, and cognito-smoke-check (--plan on a third stack that opts in to the
 * smoke check; against AWS, without the AWS SDK clients the package does not install), and cognito-user-import (the
 * offline dry run of a CSV file against the synthesized pool; against AWS, without the AWS SDK clients).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { USAGE as SMOKE_USAGE } from '../../lib/smoke-check/command';
import { USAGE as IMPORT_USAGE } from '../../lib/user-import/command';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, stdio: 'pipe', env: { ...process.env, npm_config_update_notifier: 'false' } }).toString();

const APP = `
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AuthSnapshot, ClientKind, CognitoAuth } from 'cdk-cognito-auth';

const app = new App({ outdir: 'cdk.out', context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
const stack = new Stack(app, 'Consumer');
const auth = new CognitoAuth(stack, 'Auth', {
  selfSignUp: true,
  customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: false }) },
  clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/callback'] }],
  domain: { prefix: 'consumer-login' },
  groups: [{ name: 'admin', precedence: 0, permissions: ['all'] }, { name: 'member', precedence: 10 }],
  identityPool: {},
  triggers: {
    preSignUp: { allowedEmailDomains: ['example.com'] },
    postConfirmation: { defaultGroups: ['member'] },
    preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant_id' } },
  },
});
const admins = auth.jwtAuthorizer('Admins', { requiredGroups: ['admin'] });
auth.addApiUrl('orders', 'https://api.example.com/');
// The most common layout: the API in a stack of its own, its authorizers created there.
const apiStack = new Stack(app, 'Api');
const api = new apigateway.RestApi(apiStack, 'Orders');
api.root.addResource('me').addMethod('GET', new apigateway.MockIntegration(), auth.restApiMethodOptions(auth.restApiAuthorizer(apiStack, 'Users')));
api.root.addResource('admin').addMethod('GET', new apigateway.MockIntegration(), { authorizer: admins.forRestApi(apiStack, 'Admins') });
// A stack that opts in to the post-deploy smoke check: cognito-smoke-check --plan reads its SmokeCheck output.
const smokeStack = new Stack(app, 'Smoke');
new CognitoAuth(smokeStack, 'Auth', { groups: [{ name: 'member' }], identityPool: {}, smokeCheck: { group: 'member', apiPath: 'me' } });
app.synth();
console.log(JSON.stringify(AuthSnapshot.fromStack(stack)));
`;

/** A front-end file: it imports only the config's type, from a module with no imports. */
const FRONTEND = `
import type { FrontendConfig } from 'cdk-cognito-auth/frontend-config';
export function clientIdOf(config: FrontendConfig, name: string): string {
  return config.clients[name].clientId;
}
`;

describe('the packed package in a fresh CDK app', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
  let template: any;
  let snapshot: any;
  let outdir: string;

  beforeAll(() => {
    // the build has run (npm ci runs it through `prepare`); pack what it made
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    const tarball = path.join(work, JSON.parse(packed)[0].filename);
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'consumer-app',
        private: true,
        dependencies: {
          'cdk-cognito-auth': `file:${tarball}`,
          'aws-cdk-lib': pkg.devDependencies['aws-cdk-lib'],
          'constructs': pkg.devDependencies.constructs,
          'typescript': pkg.devDependencies.typescript,
        },
      }),
    );
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true } }),
    );
    fs.writeFileSync(path.join(app, 'app.ts'), APP);
    fs.mkdirSync(path.join(app, 'frontend'));
    fs.writeFileSync(path.join(app, 'frontend', 'config.ts'), FRONTEND);
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
    execFileSync(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: app, stdio: 'pipe' });
    snapshot = JSON.parse(execFileSync(process.execPath, ['app.js'], { cwd: app, stdio: 'pipe' }).toString());
    outdir = path.join(app, 'cdk.out');
    template = JSON.parse(fs.readFileSync(path.join(outdir, 'Consumer.template.json'), 'utf8'));
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the front-end config output, and the snapshot kit masking the bundles', () => {
    const outputs = Object.keys(template.Outputs);
    expect(outputs.some((k) => k.startsWith('AuthFrontendConfig'))).toBe(true);
    const keys = Object.values(snapshot.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Lambda::Function').map((r) => r.Properties.Code.S3Key);
    expect(keys.sort()).toEqual(['jwt-authorizer', 'post-confirmation', 'pre-signup', 'pre-token-generation'].map((n) => `cdk-cognito-auth:${n}.zip`));
  });

  test('a front end compiles against the FrontendConfig type alone (its declaration imports nothing), and its JavaScript requires nothing', () => {
    const app = path.join(work, 'app');
    const tsc = path.join(app, 'node_modules', 'typescript', 'bin', 'tsc');
    // no skipLibCheck: a declaration file that needed aws-cdk-lib (or anything else) would fail the compile
    execFileSync(process.execPath, [tsc, '--strict', '--outDir', 'frontend-out', path.join('frontend', 'config.ts')], { cwd: app, stdio: 'pipe' });
    expect(fs.readFileSync(path.join(app, 'frontend-out', 'config.js'), 'utf8')).not.toMatch(/require\(/);
  });

  test('the package as users import it: its exports map serves the root and frontend-config, and nothing else of dist/', () => {
    const app = path.join(work, 'app');
    const resolve = (specifier: string) =>
      execFileSync(process.execPath, ['-e', `console.log(require.resolve(${JSON.stringify(specifier)}))`], { cwd: app, stdio: 'pipe' }).toString().trim();
    expect(resolve('cdk-cognito-auth')).toMatch(/cdk-cognito-auth[\\/]dist[\\/]index\.js$/);
    expect(resolve('cdk-cognito-auth/frontend-config')).toMatch(/cdk-cognito-auth[\\/]dist[\\/]frontend-config\.js$/);
    expect(() => resolve('cdk-cognito-auth/dist/cognito-auth')).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/);
    expect(fs.existsSync(path.join(app, 'node_modules', 'cdk-cognito-auth', 'LICENSE'))).toBe(true);
  });

  test('the consumer has no esbuild: nothing was bundled at its synth', () => {
    expect(fs.existsSync(path.join(work, 'app', 'node_modules', 'esbuild'))).toBe(false);
    expect(fs.existsSync(path.join(work, 'app', 'node_modules', 'cdk-cognito-auth', 'assets', 'pre-signup', 'index.js'))).toBe(true);
  });

  test('the template has the pool, client, domain, groups, identity pool, triggers and authorizer function', () => {
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    for (const type of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolDomain', 'AWS::Cognito::IdentityPool']) {
      expect(types).toContain(type);
    }
    expect(types.filter((t) => t === 'AWS::Cognito::UserPoolGroup')).toHaveLength(2);
    expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(4);
    const pool = Object.values(template.Resources as Record<string, any>).find((r) => r.Type === 'AWS::Cognito::UserPool');
    expect(Object.keys(pool.Properties.LambdaConfig).sort()).toEqual(['PostConfirmation', 'PreSignUp', 'PreTokenGenerationConfig']);
  });

  test('the two-stack layout: the REST authorizers are in the API stack, which depends on the auth stack', () => {
    const api = JSON.parse(fs.readFileSync(path.join(outdir, 'Api.template.json'), 'utf8'));
    const types = Object.values(api.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::ApiGateway::Authorizer').map((r) => r.Properties.Type);
    expect(types.sort()).toEqual(['COGNITO_USER_POOLS', 'TOKEN']);
    expect(Object.values(template.Resources as Record<string, any>).some((r) => r.Type === 'AWS::ApiGateway::Authorizer')).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts.Api.dependencies).toContain('Consumer');
    expect(manifest.artifacts.Consumer.dependencies ?? []).not.toContain('Api');
  });

  test('the cognito-upgrade-check command is installed, runs on the bundled cloudformation-diff, and exits 0 or 1', () => {
    const app = path.join(work, 'app');
    const bin = path.join(app, 'node_modules', '.bin', 'cognito-upgrade-check');
    const run = (...args: string[]) => {
      try {
        return { status: 0, out: execFileSync(bin, args, { cwd: app, stdio: 'pipe' }).toString() };
      } catch (err: any) {
        return { status: err.status as number, out: String(err.stdout) };
      }
    };
    // bundled with the package (jsii packages bundle what is not a jsii module), so it resolves from inside it
    const inside = path.join(app, 'node_modules', 'cdk-cognito-auth');
    expect(require.resolve('@aws-cdk/cloudformation-diff', { paths: [inside] }).startsWith(path.join(inside, 'node_modules'))).toBe(true);
    expect(run('--before', path.join(outdir, 'Consumer.template.json'), '--after-app', outdir, '--stack', 'Consumer')).toEqual({ status: 0, out: 'safe: nothing lost or refused\n' });
    const gone = { ...template, Resources: Object.fromEntries(Object.entries(template.Resources).filter(([, r]: [string, any]) => r.Type !== 'AWS::Cognito::UserPoolClient')) };
    fs.writeFileSync(path.join(work, 'gone.json'), JSON.stringify(gone));
    const result = run('--before', path.join(outdir, 'Consumer.template.json'), '--after', path.join(work, 'gone.json'));
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/^REMOVED AWS::Cognito::UserPoolClient AuthClientweb\w+: the app client leaves the stack and is deleted/);
  });

  test('the cognito-smoke-check command is installed: --help, bad usage, --plan on the synthesized app, and without the AWS SDK the missing clients', () => {
    const app = path.join(work, 'app');
    const bin = path.join(app, 'node_modules', '.bin', 'cognito-smoke-check');
    const run = (...args: string[]) => {
      const r = spawnSync(bin, args, { cwd: app, encoding: 'utf8', env: { ...process.env, AWS_REGION: 'eu-west-1' } });
      return { status: r.status, out: r.stdout, err: r.stderr };
    };
    expect(run('--help')).toEqual({ status: 0, out: `${SMOKE_USAGE}\n`, err: '' });
    expect(run('--stak', 'x')).toEqual({ status: 2, out: '', err: `cognito-smoke-check: unknown argument '--stak'\n\n${SMOKE_USAGE}\n` });
    expect(run()).toEqual({ status: 2, out: '', err: `cognito-smoke-check: --stack <name> is required\n\n${SMOKE_USAGE}\n` });

    // offline, from the app's cdk.out (the default of --template)
    const plan = run('--plan', '--stack', 'Smoke', '--region', 'eu-west-1');
    expect(plan.err).toBe('');
    expect(plan.status).toBe(0);
    expect(plan.out.split('\n')).toEqual([
      `Plan of the smoke check of Smoke, from ${path.join('cdk.out', 'Smoke.template.json')} (output AuthSmokeCheck1F68C579); nothing was called.`,
      'user pool      AuthUserPool89DB94DB (AWS::Cognito::UserPool), region eu-west-1',
      'smoke client   AuthClientsmokecheck9FD4A0C8 (AWS::Cognito::UserPoolClient)',
      'group          member (AWS::Cognito::UserPoolGroup AuthGroupmember2271B693)',
      'identity pool  AuthIdentityPool659E7F64 (AWS::Cognito::IdentityPool), expected role AuthGroupmemberRoleAE01C2E7 (AWS::IAM::Role)',
      'API route      me of an API in another stack, whose base URL --api-url gives',
      '1. create a temporary user: smoke-<random>@example.com (no message is sent), signing in with that address, a random 99-character password',
      "2. join the group 'member': AdminAddUserToGroup",
      '3. sign in through the smoke client: ADMIN_USER_PASSWORD_AUTH, with a new TOTP authenticator if the pool requires MFA',
      "4. check the ID token: token_use \"id\", aud the smoke client, iss https://<AuthUserPool89DB94DB.ProviderName>, email, exp, cognito:groups has 'member'",
      '5. get AWS credentials from the identity pool: GetId and GetCredentialsForIdentity with the ID token, then STS GetCallerIdentity; ' +
        'the role must be AuthGroupmemberRoleAE01C2E7',
      '6. call <--api-url>me: 200 with the ID token (the bare token), 401 without',
      '7. delete the identity: DeleteIdentities, whatever failed before',
      '8. delete the temporary user: AdminDeleteUser, whatever failed before',
      "After the deploy, run the check: cognito-smoke-check --stack Smoke --region eu-west-1 --api-url <the API's base URL, ending with />",
      '',
    ]);
    expect(run('--plan', '--stack', 'Consumer')).toEqual({
      status: 2,
      out: '',
      err: 'cognito-smoke-check: stack Consumer has no SmokeCheck output: set smokeCheck on its CognitoAuth to opt in to the smoke check\n',
    });

    // against AWS: the package brings none of the AWS SDK clients, and says which to install before it calls anything
    const clients = ['@aws-sdk/client-cloudformation', '@aws-sdk/client-cognito-identity-provider', '@aws-sdk/client-cognito-identity', '@aws-sdk/client-sts'];
    const inside = path.join(app, 'node_modules', 'cdk-cognito-auth');
    expect(clients.filter((c) => fs.existsSync(path.join(app, 'node_modules', c)) || fs.existsSync(path.join(inside, 'node_modules', c)))).toEqual([]);
    expect(run('--stack', 'Smoke', '--api-url', 'https://api.example.com/prod/')).toEqual({
      status: 2,
      out: '',
      err:
        `cognito-smoke-check: the check against AWS needs the AWS SDK for JavaScript v3 clients ${clients.join(', ')}, which cdk-cognito-auth does not install. ` +
        `Install them in your project: npm install ${clients.join(' ')} (--plan and --help need none)\n`,
    });
  });

  test('the cognito-user-import command is installed: --help, the offline dry run against the synthesized pool, and without the AWS SDK the missing clients', () => {
    const app = path.join(work, 'app');
    const bin = path.join(app, 'node_modules', '.bin', 'cognito-user-import');
    const run = (...args: string[]) => {
      const r = spawnSync(bin, args, { cwd: app, encoding: 'utf8', env: { ...process.env, AWS_REGION: 'eu-west-1' } });
      return { status: r.status, out: r.stdout, err: r.stderr };
    };
    expect(run('--help')).toEqual({ status: 0, out: `${IMPORT_USAGE}\n`, err: '' });
    expect(run('--csv', 'users.csv')).toEqual({ status: 2, out: '', err: `cognito-user-import: give exactly one of --pool-id <id> and --template <file>\n\n${IMPORT_USAGE}\n` });

    // the Consumer stack's pool: email sign-in and verification, a custom tenant_id; its header as GetCSVHeader would answer it
    const header = [
      'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'email',
      'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified', 'address', 'updated_at',
      'custom:tenant_id', 'cognito:mfa_enabled', 'cognito:username',
    ];
    const line = (values: Record<string, string>) => header.map((c) => values[c] ?? '').join(',');
    const good = { 'email': 'ana@example.com', 'email_verified': 'true', 'custom:tenant_id': 't1', 'cognito:mfa_enabled': 'false', 'cognito:username': 'ana' };
    fs.writeFileSync(path.join(app, 'users.csv'), `${header.join(',')}\n${line(good)}\n${line({ ...good, 'cognito:username': 'bo', 'email': 'bo at example.com' })}\n`);
    const templateFile = path.join('cdk.out', 'Consumer.template.json');
    const pool = Object.keys(template.Resources).find((k) => template.Resources[k].Type === 'AWS::Cognito::UserPool');
    const head = `users.csv against the user pool ${pool} of ${templateFile} (offline: the header derived from its schema; nothing was called)`;
    expect(run('--dry-run', '--template', templateFile, '--csv', 'users.csv')).toEqual({
      status: 1,
      out: `${head}\ncolumn email, line 3: not an email address\n1 problem in 2 users: nothing was imported\n`,
      err: '',
    });
    fs.writeFileSync(path.join(app, 'users.csv'), `${header.join(',')}\n${line(good)}\n`);
    expect(run('--dry-run', '--template', templateFile, '--csv', 'users.csv')).toEqual({
      status: 0,
      out: `${head}\n1 user, no problem (dry run: nothing was imported)\n`,
      err: '',
    });

    // against AWS: the package brings neither client, and says which to install before it calls anything
    const clients = ['@aws-sdk/client-cognito-identity-provider', '@aws-sdk/client-cloudwatch-logs'];
    expect(run('--pool-id', 'eu-west-1_AbC123', '--csv', 'users.csv', '--role-arn', 'arn:aws:iam::123456789012:role/import')).toEqual({
      status: 2,
      out: '',
      err:
        `cognito-user-import: a run against AWS needs the AWS SDK for JavaScript v3 clients ${clients.join(', ')}, which cdk-cognito-auth does not install. ` +
        `Install them in your project: npm install ${clients.join(' ')} (--dry-run --template and --help need none)\n`,
    });
  });

  test('each function asset is the package bundle, byte for byte', () => {
    const hash = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const shipped = new Set(
      ['pre-signup', 'post-confirmation', 'pre-token-generation', 'jwt-authorizer'].map((n) => hash(path.join(ROOT, 'assets', n, 'index.js'))),
    );
    const functions = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Lambda::Function');
    const staged = functions.map((f) => hash(path.join(outdir, `asset.${String(f.Properties.Code.S3Key).replace(/\.zip$/, '')}`, 'index.js')));
    expect(new Set(staged)).toEqual(shipped);
  });
});
