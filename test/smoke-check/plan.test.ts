/**
 * `cognito-smoke-check --plan`: the smoke check without AWS, on the example app synthesized into a cloud assembly
 * here (both stages: dev opts in to the smoke check, prod does not). It reads the SmokeCheck output from the
 * template, checks it and the resources it names, and prints the steps the check would run, under the same names
 * the check reports them (lib/smoke-check/check.ts STEP), with exit code 0; 2 for anything wrong with the input.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createExampleApp } from '../../bin/example-app';
import { runCommand } from '../../lib/smoke-check/command';
import { evaluate } from '../../lib/smoke-check/plan';
import { testApp } from '../support/helpers';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smoke-plan-'));
const outdir = path.join(work, 'cdk.out');
const DEV = 'CognitoAuthExample-dev';
const devTemplate = path.join(outdir, `${DEV}.template.json`);

beforeAll(() => {
  // Environment-agnostic stacks, as in CI: the region is AWS::Region in the templates.
  const saved = { region: process.env.CDK_DEFAULT_REGION, account: process.env.CDK_DEFAULT_ACCOUNT };
  delete process.env.CDK_DEFAULT_REGION;
  delete process.env.CDK_DEFAULT_ACCOUNT;
  try {
    const app = testApp({ stage: 'all', nag: false }, outdir);
    createExampleApp(app);
    app.synth();
  } finally {
    if (saved.region !== undefined) process.env.CDK_DEFAULT_REGION = saved.region;
    if (saved.account !== undefined) process.env.CDK_DEFAULT_ACCOUNT = saved.account;
  }
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const load = (id: string) => {
    throw new Error(`--plan loaded ${id}`);
  };
  const status = await runCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l), load });
  return { status, out, err };
}

/** A copy of the dev template with its SmokeCheck output's value changed by `change`, as a file. */
function tampered(change: (value: any) => unknown): string {
  const template = JSON.parse(fs.readFileSync(devTemplate, 'utf8'));
  const key = Object.keys(template.Outputs).find((k) => k.startsWith('AuthSmokeCheck'))!;
  template.Outputs[key].Value = change(template.Outputs[key].Value);
  const file = path.join(work, `tampered-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(template));
  return file;
}

test("the example's dev stack, from the cloud assembly: what it checks, and each step, exit 0", async () => {
  expect(await run('--plan', '--stack', DEV, '--template', outdir, '--region', 'eu-west-1')).toEqual({
    status: 0,
    out: [
      `Plan of the smoke check of ${DEV}, from ${devTemplate} (output AuthSmokeCheck1F68C579); nothing was called.`,
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
      `After the deploy, run the check: cognito-smoke-check --stack ${DEV} --region eu-west-1 --api-url <the API's base URL, ending with />`,
    ],
    err: [],
  });
});

test('a template file, the API URL and an email domain given; without --region the region stays AWS::Region', async () => {
  const { status, out } = await run('--plan', '--stack', DEV, '--template', devTemplate, '--api-url', 'https://abc.example.com/prod/', '--email-domain', 'test.example.org');
  expect(status).toBe(0);
  expect(out[0]).toBe(`Plan of the smoke check of ${DEV}, from ${devTemplate} (output AuthSmokeCheck1F68C579); nothing was called.`);
  expect(out[1]).toBe('user pool      AuthUserPool89DB94DB (AWS::Cognito::UserPool), region <AWS::Region>');
  expect(out[5]).toBe('API route      https://abc.example.com/prod/me');
  expect(out[6]).toMatch(/^1\. create a temporary user: smoke-<random>@test\.example\.org /);
  expect(out[11]).toBe('6. call https://abc.example.com/prod/me: 200 with the ID token (the bare token), 401 without');
  expect(out[out.length - 1]).toBe(`After the deploy, run the check: cognito-smoke-check --stack ${DEV} --email-domain test.example.org --api-url https://abc.example.com/prod/`);
});

test('--template defaults to cdk.out in the current directory', async () => {
  const cwd = process.cwd();
  process.chdir(work);
  try {
    const { status, out } = await run('--plan', '--stack', DEV);
    expect(status).toBe(0);
    expect(out[0]).toBe(`Plan of the smoke check of ${DEV}, from ${path.join('cdk.out', `${DEV}.template.json`)} (output AuthSmokeCheck1F68C579); nothing was called.`);
  } finally {
    process.chdir(cwd);
  }
});

test.each([
  [
    ['--stack', 'CognitoAuthExample-prod', '--template', outdir],
    'stack CognitoAuthExample-prod has no SmokeCheck output: set smokeCheck on its CognitoAuth to opt in to the smoke check',
  ],
  [
    ['--stack', 'Nope', '--template', outdir],
    `no stack 'Nope' in ${outdir}/manifest.json; the stacks are: CognitoAuthExample-dev, CognitoAuthExample-dev-Api, CognitoAuthExample-prod, CognitoAuthExample-prod-Api`,
  ],
  [['--stack', DEV, '--template', path.join(work, 'none')], `--template ${path.join(work, 'none')}: no such file or directory (synthesize the app first: npx cdk synth)`],
  [['--stack', DEV, '--template', path.join(outdir, 'manifest.json')], `the template ${path.join(outdir, 'manifest.json')} is not a CloudFormation template (it has no Resources)`],
  [['--stack', DEV, '--template', outdir, '--output', 'AuthFrontendConfig'], `stack ${DEV} has no output 'AuthFrontendConfig'`],
])('input the plan cannot use: exit 2, with what is wrong (%#)', async (args, message) => {
  expect(await run('--plan', ...args)).toEqual({ status: 2, out: [], err: [`cognito-smoke-check: ${message}`] });
});

test('a SmokeCheck output that names the wrong resources, or no route for --api-url: exit 2', async () => {
  const clientIsPool = tampered((v) => JSON.parse(JSON.stringify(v).replace('"Ref":"AuthClientsmokecheck9FD4A0C8"', '"Ref":"AuthUserPool89DB94DB"')));
  expect((await run('--plan', '--stack', DEV, '--template', clientIsPool)).err).toEqual([
    'cognito-smoke-check: output AuthSmokeCheck1F68C579 of stack CognitoAuthExample-dev: clientId refers to AuthUserPool89DB94DB of type ' +
      'AWS::Cognito::UserPool, where the check needs an AWS::Cognito::UserPoolClient',
  ]);
  const gone = tampered((v) => JSON.parse(JSON.stringify(v).replace('"AuthIdentityPool659E7F64"', '"AuthGonePool"')));
  expect(await run('--plan', '--stack', DEV, '--template', gone)).toEqual({
    status: 2,
    out: [],
    err: ['cognito-smoke-check: output AuthSmokeCheck1F68C579 of stack CognitoAuthExample-dev: identityPoolId refers to AuthGonePool, which is not a resource of the template'],
  });
  const ownApi = tampered(() => JSON.stringify({ version: 1, region: 'eu-west-1', userPoolId: 'eu-west-1_abc', clientId: 'c1', apiUrl: 'https://api.example.com/me' }));
  expect(await run('--plan', '--stack', DEV, '--template', ownApi, '--api-url', 'https://abc.example.com/prod/')).toEqual({
    status: 2,
    out: [],
    err: ["cognito-smoke-check: --api-url is given, but the stack's smoke check names no route of another stack's API (smokeCheck.apiPath without api)"],
  });
  // Written out (an imported pool): shown as it is; no identity pool, no group, the stack's own API.
  const { status, out } = await run('--plan', '--stack', DEV, '--template', ownApi);
  expect(status).toBe(0);
  expect(out.slice(1)).toEqual([
    'user pool      eu-west-1_abc, region eu-west-1',
    'smoke client   c1',
    'group          none: the user joins no group',
    'identity pool  none: no AWS credentials are asked for',
    'API route      https://api.example.com/me',
    '1. create a temporary user: smoke-<random>@example.com (no message is sent), signing in as smoke-<random>, a random 99-character password',
    '2. sign in through the smoke client: ADMIN_USER_PASSWORD_AUTH, with a new TOTP authenticator if the pool requires MFA',
    '3. check the ID token: token_use "id", aud the smoke client, iss https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc, email, exp',
    '4. call https://api.example.com/me: 200 with the ID token (the bare token), 401 without',
    '5. delete the temporary user: AdminDeleteUser, whatever failed before',
    `After the deploy, run the check: cognito-smoke-check --stack ${DEV}`,
  ]);
});

test('template values: Ref, GetAtt, Join, Select of Split, Sub, ImportValue, and AWS::Region when given', () => {
  expect(evaluate({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['Pool', 'ProviderName'] }, '/', { Ref: 'Client' }]] })).toBe('https://<Pool.ProviderName>/<Client>');
  expect(evaluate({ Ref: 'AWS::Region' }, 'eu-west-1')).toBe('eu-west-1');
  expect(evaluate({ Ref: 'AWS::Region' })).toBe('<AWS::Region>');
  expect(evaluate({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Join': ['', ['a/', { Ref: 'B' }, '/c']] }] }] })).toBe('<B>');
  expect(evaluate({ 'Fn::Sub': ['https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}/${!Literal}', { Stage: 'prod' }] }, 'eu-west-1')).toBe(
    'https://<Api>.execute-api.eu-west-1.<AWS::URLSuffix>/prod/${Literal}',
  );
  expect(evaluate({ 'Fn::ImportValue': 'Api:Url' })).toBe('<import Api:Url>');
  expect(evaluate({ 'Fn::GetAtt': 'Role.Arn' })).toBe('<Role.Arn>');
  expect(evaluate({ 'Fn::If': ['Cond', 'a', 'b'] })).toBe('<Fn::If>');
});
