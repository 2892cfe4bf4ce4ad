/*
 * The `cognito-user-import` command, as a function of its arguments (cli.ts runs it). Exit 0 when the file is valid
 * (a dry run) or the job succeeded with no failed user, 1 when rows fail validation or the job fails, has failed users
 * or outlasts --timeout, 2 on bad usage, an unreadable file or template, or an AWS SDK client not installed.
 */
import * as fs from 'fs';
import type * as UserPool from '@aws-sdk/client-cognito-identity-provider';
import { argsOrStatus, readArgs } from '../private/cli-args';
import { readJson } from '../private/read-json';
import { MissingSdkError, type ModuleLoader, defaultLoader } from '../private/sdk-loader';
import { type PutFile, runImportJob } from './job';
import { csvHeaderOf, poolSchemaFromDescribe, poolSchemaFromTemplate, type PoolSchema } from './pool-schema';
import { clients, SDK_PACKAGES } from './private/aws-sdk';
import { formatProblem, validateUserImport } from './validate';

const COMMAND = 'cognito-user-import';

/** The usage, printed for --help (exit 0) and after a usage error (exit 2). */
export const USAGE = `Usage: ${COMMAND} --pool-id <id> --csv <file> --role-arn <arn> [--job-name <name>] [--region <region>]
                           [--interval <seconds>] [--timeout <seconds>]
       ${COMMAND} --dry-run --pool-id <id> --csv <file> [--region <region>]
       ${COMMAND} --dry-run --template <template.json> [--pool <logical id>] --csv <file>

Imports users from a CSV file into a Cognito user pool: checks the file against the pool (its header from GetCSVHeader,
its attributes from DescribeUserPool), creates an import job with the CloudWatch Logs role, uploads the file, starts the
job, prints its progress until it ends, and then the failed rows from the job's log. Nothing is imported while a row
fails the check. Cognito imports no passwords: imported users reset theirs (RESET_REQUIRED). Each problem names the
line and the column, never the value.

  --pool-id <id>           the user pool (like eu-west-1_AbC123)
  --csv <file>             the users: the pool's header (GetCSVHeader) on the first line, a user per line after it;
                           UTF-8 without a byte order mark, values without quotation marks, a comma in a value as \\,
  --role-arn <arn>         the role Cognito writes the job's log with (UserImportRole, or one with the same trust and
                           permissions); not needed with --dry-run
  --job-name <name>        the job's name: letters, digits, spaces and + = , . @ - _ (at most 128; default
                           user-import-<UTC date and time>)
  --dry-run                check the file, import nothing
  --template <file>        with --dry-run, offline: the pool's schema from a synthesized template (cdk.out/<stack>.template.json),
                           the header derived from it; needs no AWS account and no AWS SDK
  --pool <logical id>      with --template: the AWS::Cognito::UserPool, when the template has several
  --region <region>        the pool's region (default: the AWS SDK's, from AWS_REGION or the profile)
  --interval <seconds>     how often to ask for the job's progress (default 10)
  --timeout <seconds>      how long to follow the job (default 3600); the job goes on after it
  --help, -h               print this

Against AWS it needs credentials (cognito-idp:GetCSVHeader, DescribeUserPool, GetUserPoolMfaConfig; for the import
also CreateUserImportJob, StartUserImportJob, DescribeUserImportJob, iam:PassRole on the role, and logs:FilterLogEvents
on the pool's /aws/cognito/userpools/<pool id>/ log group) and the AWS SDK for JavaScript v3 clients, which the package
does not install:
  npm install ${SDK_PACKAGES.userPool} ${SDK_PACKAGES.logs}

Exit status: 0 the file is valid (--dry-run) or every user was imported or skipped as already there, 1 rows fail the
check, or the job failed, had failed users or outlasted --timeout, 2 bad usage (an unreadable file or template, an AWS
SDK client not installed).`;

/** Bad usage: the command exits 2 with the message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliArgs {
  readonly csv: string;
  readonly dryRun: boolean;
  readonly poolId?: string;
  readonly template?: string;
  readonly pool?: string;
  readonly roleArn?: string;
  readonly jobName?: string;
  readonly region?: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
}

const VALUED = ['pool-id', 'csv', 'role-arn', 'job-name', 'template', 'pool', 'region', 'interval', 'timeout'];
const FLAGS = ['dry-run'];
/** CreateUserImportJob's patterns (API reference): JobName, CloudWatchLogsRoleArn (an IAM role here), UserPoolId. */
const JOB_NAME = /^[\w\s+=,.@-]{1,128}$/;
const ROLE_ARN = /^arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

/** Parses the command line (undefined for --help); throws a UsageError that says what is wrong. */
export function parseArgs(argv: string[]): CliArgs | undefined {
  if (argv.includes('--help') || argv.includes('-h')) return undefined;
  const values = readArgs(argv, VALUED, FLAGS, (message) => new UsageError(message));
  const get = (name: string) => values.get(name) as string | undefined;
  const dryRun = values.has('dry-run');
  const csv = get('csv');
  if (csv === undefined) throw new UsageError('--csv <file> is required');
  const [poolId, template] = [get('pool-id'), get('template')];
  if ((poolId === undefined) === (template === undefined)) throw new UsageError('give exactly one of --pool-id <id> and --template <file>');
  if (template !== undefined && !dryRun) throw new UsageError('--template goes with --dry-run (an import needs the pool itself: --pool-id)');
  if (get('pool') !== undefined && template === undefined) throw new UsageError('--pool goes with --template');
  if (template !== undefined && get('region') !== undefined) throw new UsageError('--region goes with --pool-id (--template reads no AWS region)');
  if (poolId !== undefined && !POOL_ID.test(poolId)) throw new UsageError(`--pool-id '${poolId}' is not a user pool id (like eu-west-1_AbC123)`);
  const roleArn = get('role-arn');
  if (!dryRun && roleArn === undefined) {
    throw new UsageError('--role-arn <arn> is required for an import (the role Cognito writes the job\'s log with)');
  }
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn)) {
    throw new UsageError(`--role-arn '${roleArn}' is not an IAM role ARN (like arn:aws:iam::123456789012:role/name)`);
  }
  const jobName = get('job-name');
  if (jobName !== undefined && !JOB_NAME.test(jobName)) {
    throw new UsageError(`--job-name '${jobName}' is not a job name: 1 to 128 letters, digits, spaces and + = , . @ - _`);
  }
  const seconds = (name: string, fallback: number, max: number) => {
    const v = get(name);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new UsageError(`--${name} '${v}' is not a whole number of seconds from 1 to ${max}`);
    return Number(v);
  };
  const intervalSeconds = seconds('interval', 10, 3600);
  const timeoutSeconds = seconds('timeout', 3600, 7 * 24 * 3600);
  return { csv, dryRun, poolId, template, pool: get('pool'), roleArn, jobName, region: get('region'), intervalSeconds, timeoutSeconds };
}

/** Where the command writes, how it loads the AWS SDK, uploads, waits and tells the time: the tests pass their own. */
export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly load?: ModuleLoader;
  readonly fetch?: PutFile;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** Runs the command; resolves to its exit status. */
export async function runCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = argsOrStatus(COMMAND, USAGE, () => parseArgs(argv), io);
  if ('status' in parsed) return parsed.status;
  const args = parsed.args;
  clients.use(io.load ?? defaultLoader);
  try {
    const file = readFile(args.csv);
    const target = args.template !== undefined ? offlinePool(args.template, args.pool) : await onlinePool(args);
    io.out(`${args.csv} against ${target.description}`);
    const result = validateUserImport(file, target.schema, target.header);
    result.problems.forEach((p) => io.out(formatProblem(p)));
    const users = `${result.users.toLocaleString('en-US')} user${result.users === 1 ? '' : 's'}`;
    if (result.problems.length > 0) {
      io.out(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${users}: nothing was imported`);
      return 1;
    }
    if (args.dryRun) {
      io.out(`${users}, no problem (dry run: nothing was imported)`);
      return 0;
    }
    io.out(`${users}, no problem`);
    const job = await runImportJob(
      {
        userPoolId: args.poolId!,
        poolName: target.poolName,
        roleArn: args.roleArn!,
        jobName: args.jobName ?? defaultJobName((io.now ?? Date.now)()),
        file,
        fileName: args.csv,
        intervalSeconds: args.intervalSeconds,
        timeoutSeconds: args.timeoutSeconds,
      },
      {
        userPool: target.client!,
        logs: new (clients.get<typeof import('@aws-sdk/client-cloudwatch-logs')>('logs').CloudWatchLogsClient)({ region: args.region }),
        fetch: io.fetch ?? ((url, init) => fetch(url, init)),
        report: io.out,
        sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        now: io.now ?? Date.now,
      },
    );
    io.out(job.ok ? 'import finished: every user imported or already there' : 'import FAILED');
    return job.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError || err instanceof MissingSdkError) {
      io.err(`${COMMAND}: ${err.message}`);
      return 2;
    }
    io.err(`${COMMAND}: ${(err as Error).name}: ${(err as Error).message}`);
    return 1;
  }
}

/** user-import-<UTC date and time>: the default job name, which CreateUserImportJob's pattern takes. */
export function defaultJobName(now: number): string {
  return `user-import-${new Date(now).toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-')}`;
}

interface Target {
  readonly description: string;
  readonly schema: PoolSchema;
  readonly header: string[];
  readonly poolName?: string;
  readonly client?: { send(command: any): Promise<any> };
}

function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read the CSV file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** --template: the pool's schema from a synthesized template, the header derived from it. */
function offlinePool(file: string, pool: string | undefined): Target {
  let template: any;
  try {
    template = readJson(file, 'template');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  let found: ReturnType<typeof poolSchemaFromTemplate>;
  try {
    found = poolSchemaFromTemplate(template, pool);
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^the template/, `the template ${file}`));
  }
  return {
    description: `the user pool ${found.logicalId} of ${file} (offline: the header derived from its schema; nothing was called)`,
    schema: found.schema,
    header: csvHeaderOf(found.schema),
  };
}

/** --pool-id: the header from GetCSVHeader, the schema from DescribeUserPool and GetUserPoolMfaConfig. */
async function onlinePool(args: CliArgs): Promise<Target> {
  // a dry run needs the user pool's client; an import the logs' too: name both when one is missing, so one install does
  clients.require(args.dryRun ? ['userPool'] : ['userPool', 'logs'], ['logs']);
  const idp = clients.get<typeof UserPool>('userPool');
  const client = new idp.CognitoIdentityProviderClient({ region: args.region });
  const UserPoolId = args.poolId!;
  const [{ CSVHeader }, { UserPool: pool }, mfa] = await Promise.all([
    client.send(new idp.GetCSVHeaderCommand({ UserPoolId })),
    client.send(new idp.DescribeUserPoolCommand({ UserPoolId })),
    client.send(new idp.GetUserPoolMfaConfigCommand({ UserPoolId })),
  ]);
  return {
    description: `the user pool ${UserPoolId} (the header from GetCSVHeader, the schema from DescribeUserPool)`,
    schema: poolSchemaFromDescribe(pool ?? {}, mfa.SmsMfaConfiguration !== undefined),
    header: CSVHeader ?? [],
    poolName: pool?.Name,
    client,
  };
}
