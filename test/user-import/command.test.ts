/**
 * The cognito-user-import command (lib/user-import/command.ts): its command line, the offline dry run against a
 * synthesized pool, and the run against AWS with stand-ins for the AWS SDK packages (the real SDK's commands, fake
 * clients), passed in through the command's loader as the smoke check's tests do: no module mocking.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CognitoAuth } from '../../lib';
import { defaultJobName, parseArgs, runCommand, USAGE } from '../../lib/user-import/command';
import { csvHeaderOf, poolSchemaFromTemplate } from '../../lib/user-import/pool-schema';
import { testApp } from '../support/helpers';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'user-import-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The library's default pool, synthesized: email sign-in, email verified, MFA optional with TOTP. */
const template = Template.fromStack((() => {
  const stack = new Stack(testApp(), 'Auth');
  new CognitoAuth(stack, 'Auth', {});
  return stack;
})()).toJSON();
const TEMPLATE = path.join(work, 'Auth.template.json');
fs.writeFileSync(TEMPLATE, JSON.stringify(template));
const { logicalId: POOL, schema } = poolSchemaFromTemplate(template);
const HEADER = csvHeaderOf(schema);

const POOL_ID = 'eu-west-1_AbC123';
const ROLE = 'arn:aws:iam::123456789012:role/user-import';
const users = (list: Record<string, string>[]) => `${[HEADER.join(','), ...list.map((u) => HEADER.map((c) => u[c] ?? '').join(','))].join('\n')}\n`;
const user = (n: number, extra: Record<string, string> = {}) => ({
  'cognito:username': `user-${n}`, 'email': `user-${n}@example.com`, 'email_verified': 'true', 'cognito:mfa_enabled': 'false', ...extra,
});
const csv = (name: string, text: string) => {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
};
const GOOD = csv('good.csv', users([user(1), user(2), user(3)]));
const BAD = csv('bad.csv', users([user(1), user(2, { email: 'user-2.example.com' }), user(1, { 'cognito:mfa_enabled': '' })]));

/** What DescribeUserImportJob answers, in turn. */
interface JobState {
  Status: string;
  ImportedUsers?: number;
  SkippedUsers?: number;
  FailedUsers?: number;
  CompletionMessage?: string;
}

/** A fake user pool at the SDK edge: it records each call and answers the job's statuses in turn. */
class FakeUserPool {
  public readonly calls: { name: string; input: any }[] = [];
  constructor(
    private readonly statuses: JobState[] = [],
    private readonly failOn?: string,
  ) {}

  async send(command: any): Promise<any> {
    const name = command.constructor.name.replace(/Command$/, '');
    this.calls.push({ name, input: command.input });
    if (name === this.failOn) throw Object.assign(new Error(`User pool ${POOL_ID} does not exist.`), { name: 'ResourceNotFoundException' });
    const job = (extra: object) => ({ UserImportJob: { JobId: 'import-Xyz789', JobName: command.input.JobName ?? 'users', ...extra } });
    switch (name) {
      case 'GetCSVHeader':
        return { UserPoolId: POOL_ID, CSVHeader: HEADER };
      case 'DescribeUserPool':
        return {
          UserPool: {
            Id: POOL_ID,
            Name: 'example-users',
            SchemaAttributes: [
              { Name: 'sub', AttributeDataType: 'String', Required: true },
              { Name: 'email', AttributeDataType: 'String', Required: true, StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' } },
              { Name: 'email_verified', AttributeDataType: 'Boolean' },
            ],
            UsernameAttributes: ['email'],
            AutoVerifiedAttributes: ['email'],
            MfaConfiguration: 'OPTIONAL',
            UsernameConfiguration: { CaseSensitive: false },
          },
        };
      case 'GetUserPoolMfaConfig':
        return { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } };
      case 'CreateUserImportJob':
        return job({ Status: 'Created', PreSignedUrl: 'https://uploads.example.com/import?X-Amz-Signature=secret' });
      case 'StartUserImportJob':
        return job({ Status: 'Pending' });
      case 'DescribeUserImportJob':
        return job(this.statuses.length > 1 ? this.statuses.shift()! : this.statuses[0]);
      default:
        throw new Error(`the fake user pool does not serve ${name}`);
    }
  }
}

/** The job's log: Cognito's lines for two failed rows, one skipped, and a line of another form (never printed). */
class FakeLogs {
  public readonly calls: any[] = [];
  constructor(private readonly fail = false) {}
  async send(command: any): Promise<any> {
    this.calls.push(command.input);
    if (this.fail) throw Object.assign(new Error('User is not authorized to perform: logs:FilterLogEvents'), { name: 'AccessDeniedException' });
    return {
      events: [
        { message: '[FAILED] Line Number 3 - The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).' },
        { message: '[FAILED] Line Number 4 - The user data does not match the schema.' },
        { message: '[FAILED] something else: user-3@example.com' },
      ],
    };
  }
}

const real = (id: string) => require(id);
const ALL = ['@aws-sdk/client-cognito-identity-provider', '@aws-sdk/client-cloudwatch-logs'];

/** Runs the command with the fakes; time passes only in sleep. */
async function run(argv: string[], options: { pool?: FakeUserPool; logs?: FakeLogs; missing?: string[]; upload?: number } = {}) {
  const pool = options.pool ?? new FakeUserPool([{ Status: 'Succeeded', ImportedUsers: 3 }]);
  const logs = options.logs ?? new FakeLogs();
  const loaded: string[] = [];
  const regions: unknown[] = [];
  const load = (id: string) => {
    loaded.push(id);
    if (options.missing?.includes(id)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    if (id === ALL[0]) {
      return { ...real(id), CognitoIdentityProviderClient: class {
        constructor(config: { region?: string }) {
          regions.push(config.region);
        }
        send = (c: any) => pool.send(c);
      } };
    }
    return { ...real(id), CloudWatchLogsClient: class {
      send = (c: any) => logs.send(c);
    } };
  };
  const puts: { url: string; headers: Record<string, string>; bytes: number }[] = [];
  let clock = Date.UTC(2026, 11, 8, 9, 30, 0);
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCommand(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    load,
    fetch: async (url, init) => {
      puts.push({ url, headers: init.headers, bytes: init.body.length });
      return { status: options.upload ?? 200 };
    },
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
  });
  return { status, out, err, pool, logs, loaded, regions, puts };
}

describe('the command line', () => {
  test('arguments and defaults', () => {
    expect(parseArgs(['--pool-id', POOL_ID, '--csv', 'u.csv', '--role-arn', ROLE])).toEqual({
      csv: 'u.csv', dryRun: false, poolId: POOL_ID, template: undefined, pool: undefined, roleArn: ROLE, jobName: undefined, region: undefined,
      intervalSeconds: 10, timeoutSeconds: 3600,
    });
    expect(parseArgs(['--dry-run', '--template=t.json', '--pool', 'P', '--csv', 'u.csv'])).toMatchObject({ dryRun: true, template: 't.json', pool: 'P' });
    expect(parseArgs(['--dry-run', '--pool-id', POOL_ID, '--csv', 'u.csv', '--region', 'eu-west-1', '--interval', '1', '--timeout', '60']))
      .toMatchObject({ region: 'eu-west-1', intervalSeconds: 1, timeoutSeconds: 60, roleArn: undefined });
    expect(parseArgs(['--csv', 'x', '-h'])).toBeUndefined();
    expect(defaultJobName(Date.UTC(2026, 11, 8, 9, 30, 5, 120))).toBe('user-import-20261208-093005');
  });

  test.each([
    [[], '--csv <file> is required'],
    [['--csv', 'u.csv'], 'give exactly one of --pool-id <id> and --template <file>'],
    [['--csv', 'u.csv', '--pool-id', POOL_ID, '--template', 't.json', '--dry-run'], 'give exactly one of --pool-id <id> and --template <file>'],
    [['--csv', 'u.csv', '--template', 't.json'], '--template goes with --dry-run (an import needs the pool itself: --pool-id)'],
    [['--csv', 'u.csv', '--pool-id', POOL_ID, '--pool', 'P', '--dry-run'], '--pool goes with --template'],
    [['--csv', 'u.csv', '--template', 't.json', '--dry-run', '--region', 'eu-west-1'], '--region goes with --pool-id (--template reads no AWS region)'],
    [['--csv', 'u.csv', '--pool-id', 'pool', '--dry-run'], "--pool-id 'pool' is not a user pool id (like eu-west-1_AbC123)"],
    [['--csv', 'u.csv', '--pool-id', POOL_ID], "--role-arn <arn> is required for an import (the role Cognito writes the job's log with)"],
    [['--csv', 'u.csv', '--pool-id', POOL_ID, '--role-arn', 'user-import'], "--role-arn 'user-import' is not an IAM role ARN (like arn:aws:iam::123456789012:role/name)"],
    [['--csv', 'u.csv', '--pool-id', POOL_ID, '--role-arn', ROLE, '--job-name', 'a/b'], "--job-name 'a/b' is not a job name: 1 to 128 letters, digits, spaces and + = , . @ - _"],
    [['--csv', 'u.csv', '--pool-id', POOL_ID, '--role-arn', ROLE, '--job-name', 'j'.repeat(129)],
      `--job-name '${'j'.repeat(129)}' is not a job name: 1 to 128 letters, digits, spaces and + = , . @ - _`],
    [['--csv', 'u.csv', '--pool-id', POOL_ID, '--dry-run', '--interval', '0'], "--interval '0' is not a whole number of seconds from 1 to 3600"],
    [['--csv', 'u.csv', '--pool-id', POOL_ID, '--dry-run', '--timeout', '1.5'], "--timeout '1.5' is not a whole number of seconds from 1 to 604800"],
    [['--csv'], '--csv needs a value'],
    [['--csv', '--dry-run'], '--csv needs a value'],
    [['--csv', 'a', '--csv', 'b'], '--csv is given twice'],
    [['--dry-run=yes'], '--dry-run takes no value'],
    [['--pool-ID', POOL_ID], "unknown argument '--pool-ID'"],
    [['users.csv'], "unknown argument 'users.csv'"],
  ])('bad usage %#: %j', async (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
    const result = await run(argv, { missing: ALL });
    expect({ status: result.status, out: result.out, err: result.err }).toEqual({ status: 2, out: [], err: [`cognito-user-import: ${message}\n\n${USAGE}`] });
    expect(result.loaded).toEqual([]);
  });

  test('--help: the usage, exit 0, no SDK loaded', async () => {
    const result = await run(['--help'], { missing: ALL });
    const seen = { status: result.status, out: result.out, err: result.err, loaded: result.loaded };
    expect(seen).toEqual({ status: 0, out: [USAGE], err: [], loaded: [] });
    expect(USAGE.split('\n')[0]).toBe(
      'Usage: cognito-user-import --pool-id <id> --csv <file> --role-arn <arn> [--job-name <name>] [--region <region>]',
    );
  });

  test('npm run user-import runs the built command: --help exits 0; bad usage exits 2 with the usage', () => {
    const npm = (args: string[]) => spawnSync('npm', ['run', '--silent', 'user-import', '--', ...args], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' });
    const help = npm(['--help']);
    expect({ status: help.status, stdout: help.stdout, stderr: help.stderr }).toEqual({ status: 0, stdout: `${USAGE}\n`, stderr: '' });
    const bad = npm(['--csv', 'u.csv', '--pool-id', 'x']);
    expect({ status: bad.status, stdout: bad.stdout, stderr: bad.stderr }).toEqual({
      status: 2, stdout: '', stderr: `cognito-user-import: --pool-id 'x' is not a user pool id (like eu-west-1_AbC123)\n\n${USAGE}\n`,
    });
  });
});

describe('the offline dry run: --template, the synthesized pool\'s schema', () => {
  const head = `${GOOD} against the user pool ${POOL} of ${TEMPLATE} (offline: the header derived from its schema; nothing was called)`;

  test('a valid file: exit 0, no SDK loaded', async () => {
    const result = await run(['--dry-run', '--template', TEMPLATE, '--csv', GOOD], { missing: ALL });
    expect({ status: result.status, out: result.out, err: result.err, loaded: result.loaded }).toEqual({
      status: 0, out: [head, '3 users, no problem (dry run: nothing was imported)'], err: [], loaded: [],
    });
  });

  test('bad rows: one line each, by line and column, no value; exit 1', async () => {
    const result = await run(['--dry-run', '--template', TEMPLATE, '--csv', BAD], { missing: ALL });
    expect({ status: result.status, out: result.out, err: result.err }).toEqual({
      status: 1,
      out: [
        head.replace(GOOD, BAD),
        'column email, line 3: not an email address',
        'column cognito:username, line 4: the same user name as line 2 (user names ignore case in this pool)',
        'column cognito:mfa_enabled, line 4: empty (true or false)',
        '3 problems in 3 users: nothing was imported',
      ],
      err: [],
    });
    expect(result.out.join('\n')).not.toMatch(/example\.com/);
  });

  test.each([
    [['--template', path.join(work, 'none.json')], `cognito-user-import: cannot read the template ${path.join(work, 'none.json')}: ENOENT`],
    [['--template', GOOD], `cognito-user-import: the template ${GOOD} is not JSON`],
    [['--template', TEMPLATE, '--pool', 'Other'], `cognito-user-import: the template ${TEMPLATE} has no AWS::Cognito::UserPool 'Other'; its user pools: ${POOL}`],
  ])('an unreadable template, or no such pool: exit 2 (%#)', async (args, message) => {
    const result = await run(['--dry-run', '--csv', GOOD, ...args], { missing: ALL });
    expect({ status: result.status, out: result.out, err: result.err }).toEqual({ status: 2, out: [], err: [message] });
  });

  test('an unreadable CSV file: exit 2', async () => {
    const missing = path.join(work, 'missing.csv');
    const result = await run(['--dry-run', '--template', TEMPLATE, '--csv', missing], { missing: ALL });
    expect({ status: result.status, err: result.err }).toEqual({ status: 2, err: [`cognito-user-import: cannot read the CSV file ${missing}: ENOENT`] });
  });
});

describe('against AWS, with stand-ins for the AWS SDK packages', () => {
  const IMPORT = ['--pool-id', POOL_ID, '--csv', GOOD, '--role-arn', ROLE, '--job-name', 'users', '--region', 'eu-west-1', '--interval', '5'];
  const head = `${GOOD} against the user pool ${POOL_ID} (the header from GetCSVHeader, the schema from DescribeUserPool)`;

  test('a dry run reads the header and the schema, and creates nothing', async () => {
    const result = await run(['--dry-run', '--pool-id', POOL_ID, '--csv', GOOD, '--region', 'eu-west-1'], { missing: [ALL[1]] });
    expect({ status: result.status, out: result.out, err: result.err }).toEqual({ status: 0, out: [head, '3 users, no problem (dry run: nothing was imported)'], err: [] });
    expect(result.pool.calls.map((c) => c.name)).toEqual(['GetCSVHeader', 'DescribeUserPool', 'GetUserPoolMfaConfig']);
    expect(result.pool.calls.every((c) => c.input.UserPoolId === POOL_ID)).toBe(true);
    expect(result.regions).toEqual(['eu-west-1']);
  });

  test('bad rows: no job is created; exit 1', async () => {
    const result = await run([...IMPORT.slice(0, 2), '--csv', BAD, ...IMPORT.slice(4)]);
    expect(result.status).toBe(1);
    expect(result.out[result.out.length - 1]).toBe('3 problems in 3 users: nothing was imported');
    expect(result.pool.calls.map((c) => c.name)).toEqual(['GetCSVHeader', 'DescribeUserPool', 'GetUserPoolMfaConfig']);
    expect(result.puts).toEqual([]);
  });

  test('the job succeeds: created with the role, the file PUT with the KMS header, started, followed; exit 0', async () => {
    const pool = new FakeUserPool([{ Status: 'Pending' }, { Status: 'InProgress', ImportedUsers: 1 }, { Status: 'InProgress', ImportedUsers: 1 }, { Status: 'Succeeded', ImportedUsers: 2, SkippedUsers: 1 }]);
    const result = await run(IMPORT, { pool });
    expect({ status: result.status, out: result.out, err: result.err }).toEqual({
      status: 0,
      out: [
        head,
        '3 users, no problem',
        'created the import job import-Xyz789 (users)',
        `uploaded ${GOOD} (${fs.statSync(GOOD).size} bytes)`,
        'started the import job import-Xyz789',
        'Pending: 0 imported, 0 skipped (already there), 0 failed',
        'InProgress: 1 imported, 0 skipped (already there), 0 failed',
        'Succeeded: 2 imported, 1 skipped (already there), 0 failed',
        'import finished: every user imported or already there',
      ],
      err: [],
    });
    expect(pool.calls.slice(3).map((c) => [c.name, c.input])).toEqual([
      ['CreateUserImportJob', { UserPoolId: POOL_ID, JobName: 'users', CloudWatchLogsRoleArn: ROLE }],
      ['StartUserImportJob', { UserPoolId: POOL_ID, JobId: 'import-Xyz789' }],
      ...Array(4).fill(['DescribeUserImportJob', { UserPoolId: POOL_ID, JobId: 'import-Xyz789' }]),
    ]);
    expect(result.puts).toEqual([{ url: 'https://uploads.example.com/import?X-Amz-Signature=secret', headers: { 'x-amz-server-side-encryption': 'aws:kms' }, bytes: fs.statSync(GOOD).size }]);
    expect(result.out.join('\n')).not.toContain('X-Amz-Signature');
    expect(result.logs.calls).toEqual([]);
  });

  test('the job ends with failed users: the failed rows from its log, Cognito\'s lines only; exit 1', async () => {
    const pool = new FakeUserPool([{ Status: 'Succeeded', ImportedUsers: 1, FailedUsers: 2 }]);
    const result = await run(IMPORT, { pool });
    expect(result.status).toBe(1);
    expect(result.out.slice(5)).toEqual([
      'Succeeded: 1 imported, 0 skipped (already there), 2 failed',
      'failed rows, from log group /aws/cognito/userpools/eu-west-1_AbC123/example-users, stream import-Xyz789/users:',
      "  line number 3 (Cognito's count): The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).",
      "  line number 4 (Cognito's count): The user data does not match the schema.",
      'import FAILED',
    ]);
    expect(result.logs.calls).toEqual([
      { logGroupName: '/aws/cognito/userpools/eu-west-1_AbC123/example-users', logStreamNames: ['import-Xyz789/users'], filterPattern: '"[FAILED]"', nextToken: undefined },
    ]);
    expect(result.out.join('\n')).not.toMatch(/example\.com/);
  });

  test('the job fails: Cognito\'s message; the log unreadable: where to read it; exit 1', async () => {
    const pool = new FakeUserPool([{ Status: 'InProgress' }, { Status: 'Failed', FailedUsers: 5, CompletionMessage: 'Too many users have failed or been skipped during the import.' }]);
    const result = await run(IMPORT, { pool, logs: new FakeLogs(true) });
    expect(result.status).toBe(1);
    expect(result.out.slice(6)).toEqual([
      'Failed: 0 imported, 0 skipped (already there), 5 failed',
      'Cognito: Too many users have failed or been skipped during the import.',
      'the failed rows could not be read from log group /aws/cognito/userpools/eu-west-1_AbC123/example-users, stream import-Xyz789/users: ' +
        'AccessDeniedException: User is not authorized to perform: logs:FilterLogEvents',
      'import FAILED',
    ]);
  });

  test('the job outlasts --timeout: it goes on, the command stops; exit 1', async () => {
    const pool = new FakeUserPool([{ Status: 'InProgress', ImportedUsers: 7 }]);
    const result = await run([...IMPORT, '--timeout', '12'], { pool });
    expect(result.status).toBe(1);
    expect(result.out.slice(5)).toEqual([
      'InProgress: 7 imported, 0 skipped (already there), 0 failed',
      'the job import-Xyz789 is still InProgress after 12 s; it goes on without this command: ' +
        'aws cognito-idp describe-user-import-job --user-pool-id eu-west-1_AbC123 --job-id import-Xyz789',
      'import FAILED',
    ]);
    // asked at 0, 5, 10 and 15 s: the fourth answer is past the timeout
    expect(pool.calls.filter((c) => c.name === 'DescribeUserImportJob')).toHaveLength(4);
  });

  test('the upload refused: the job is not started; exit 1', async () => {
    const result = await run(IMPORT, { upload: 403 });
    expect({ status: result.status, err: result.err }).toEqual({
      status: 1,
      err: [`cognito-user-import: Error: the upload of ${GOOD} to the job's pre-signed URL answered HTTP 403; the job import-Xyz789 was not started`],
    });
    expect(result.pool.calls.map((c) => c.name)).not.toContain('StartUserImportJob');
  });

  test('Cognito refusing (no such pool, no credentials): exit 1, with the error', async () => {
    const result = await run(IMPORT, { pool: new FakeUserPool([], 'GetCSVHeader') });
    expect({ status: result.status, out: result.out, err: result.err }).toEqual({
      status: 1, out: [], err: ['cognito-user-import: ResourceNotFoundException: User pool eu-west-1_AbC123 does not exist.'],
    });
  });

  test('no SDK client installed: exit 2, naming both and the npm install line; nothing called', async () => {
    const result = await run(IMPORT, { missing: ALL });
    expect({ status: result.status, out: result.out, err: result.err }).toEqual({
      status: 2,
      out: [],
      err: [
        'cognito-user-import: a run against AWS needs the AWS SDK for JavaScript v3 clients @aws-sdk/client-cognito-identity-provider, ' +
          '@aws-sdk/client-cloudwatch-logs, which cdk-cognito-auth does not install. Install them in your project: ' +
          'npm install @aws-sdk/client-cognito-identity-provider @aws-sdk/client-cloudwatch-logs (--dry-run --template and --help need none)',
      ],
    });
    const logsOnly = await run(IMPORT, { missing: [ALL[1]] });
    expect(logsOnly.status).toBe(2);
    expect(logsOnly.err[0]).toContain('client @aws-sdk/client-cloudwatch-logs, which cdk-cognito-auth does not install. Install it in your project');
    expect(logsOnly.pool.calls).toEqual([]);
  });
});
