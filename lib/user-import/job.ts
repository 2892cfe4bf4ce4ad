/*
 * The import job against AWS, as the Amazon Cognito Developer Guide's "Creating and running the Amazon Cognito user pool
 * import job" runs it (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-creating-import-job.html):
 * CreateUserImportJob with the CloudWatch Logs role, an HTTP PUT of the file to the job's pre-signed URL with the header
 * `x-amz-server-side-encryption: aws:kms` (the URL is valid for 15 minutes), StartUserImportJob, then
 * DescribeUserImportJob until the job ends. The results are in CloudWatch Logs ("Viewing the user pool import results
 * in the CloudWatch console"): the log group `/aws/cognito/userpools/<pool id>/<pool name>`, the stream
 * `<job id>/<job name>`, one line per user, by line number and without user data:
 * `[FAILED] Line Number 5956 - The User Record does not set any of the auto verified attributes to true. ...`.
 */
import type * as Logs from '@aws-sdk/client-cloudwatch-logs';
import type * as UserPool from '@aws-sdk/client-cognito-identity-provider';
import { clients } from './private/aws-sdk';

/** A client of the AWS SDK (a real one fits). */
export interface ClientLike {
  send(command: any): Promise<any>;
}

/** An HTTP PUT of the file: the global fetch fits. */
export type PutFile = (url: string, init: { method: 'PUT'; headers: Record<string, string>; body: Buffer }) => Promise<{ status: number }>;

export interface JobDeps {
  readonly userPool: ClientLike;
  /** For the failed rows; without it, the summary says where to read them. */
  readonly logs?: ClientLike;
  readonly fetch: PutFile;
  /** Prints a line. */
  readonly report: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  /** The current time in ms. */
  readonly now: () => number;
}

export interface JobOptions {
  readonly userPoolId: string;
  /** The pool's name: the log group's. */
  readonly poolName?: string;
  readonly roleArn: string;
  readonly jobName: string;
  readonly file: Buffer;
  readonly fileName: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
}

/** How the job ended. */
export interface JobResult {
  readonly jobId: string;
  /** Its last status: Succeeded, Failed, Stopped, Expired, or one still running when the time ran out. */
  readonly status: string;
  readonly imported: number;
  readonly skipped: number;
  readonly failed: number;
  readonly timedOut: boolean;
  /** Succeeded, and no user failed. */
  readonly ok: boolean;
}

/** The statuses after which a job does nothing more (DescribeUserImportJob's Status). */
export const FINAL_STATUSES = ['Succeeded', 'Failed', 'Stopped', 'Expired'];

/** How many failed rows the summary prints. */
export const MAX_FAILED_ROWS = 100;

/** Creates the job, uploads the file, starts the job and follows it to its end. */
export async function runImportJob(options: JobOptions, deps: JobDeps): Promise<JobResult> {
  const idp = clients.get<typeof UserPool>('userPool');
  const UserPoolId = options.userPoolId;
  const created = await deps.userPool.send(
    new idp.CreateUserImportJobCommand({ UserPoolId, JobName: options.jobName, CloudWatchLogsRoleArn: options.roleArn }),
  );
  const jobId: string = created.UserImportJob?.JobId;
  const url: string | undefined = created.UserImportJob?.PreSignedUrl;
  if (!jobId || !url) throw new Error('CreateUserImportJob answered no job id or pre-signed URL');
  deps.report(`created the import job ${jobId} (${options.jobName})`);

  // The pre-signed URL is a credential for the upload: it is never printed.
  const put = await deps.fetch(url, { method: 'PUT', headers: { 'x-amz-server-side-encryption': 'aws:kms' }, body: options.file });
  if (put.status < 200 || put.status > 299) {
    throw new Error(`the upload of ${options.fileName} to the job's pre-signed URL answered HTTP ${put.status}; the job ${jobId} was not started`);
  }
  deps.report(`uploaded ${options.fileName} (${options.file.length.toLocaleString('en-US')} bytes)`);

  await deps.userPool.send(new idp.StartUserImportJobCommand({ UserPoolId, JobId: jobId }));
  deps.report(`started the import job ${jobId}`);

  const start = deps.now();
  let last = '';
  for (;;) {
    const job = (await deps.userPool.send(new idp.DescribeUserImportJobCommand({ UserPoolId, JobId: jobId }))).UserImportJob ?? {};
    const status: string = job.Status ?? 'unknown';
    const counts = { imported: job.ImportedUsers ?? 0, skipped: job.SkippedUsers ?? 0, failed: job.FailedUsers ?? 0 };
    const line = `${status}: ${counts.imported} imported, ${counts.skipped} skipped (already there), ${counts.failed} failed`;
    if (line !== last) deps.report(line);
    last = line;
    const final = FINAL_STATUSES.includes(status);
    const timedOut = !final && deps.now() - start >= options.timeoutSeconds * 1000;
    if (final || timedOut) {
      if (final && job.CompletionMessage) deps.report(`Cognito: ${job.CompletionMessage}`);
      if (timedOut) {
        deps.report(
          `the job ${jobId} is still ${status} after ${options.timeoutSeconds} s; it goes on without this command: ` +
            `aws cognito-idp describe-user-import-job --user-pool-id ${UserPoolId} --job-id ${jobId}`,
        );
      }
      if (final && counts.failed > 0) await reportFailedRows(options, jobId, counts.failed, deps);
      return { jobId, status, ...counts, timedOut, ok: status === 'Succeeded' && counts.failed === 0 };
    }
    await deps.sleep(options.intervalSeconds * 1000);
  }
}

/** The job's log group and stream ("Viewing the user pool import results in the CloudWatch console"). */
export function logLocation(userPoolId: string, poolName: string | undefined, jobId: string, jobName: string) {
  return { group: `/aws/cognito/userpools/${userPoolId}/${poolName ?? '<pool name>'}`, stream: `${jobId}/${jobName}` };
}

/** The failed rows from the job's log: Cognito's own lines, which name the row by number and hold no user data. */
async function reportFailedRows(options: JobOptions, jobId: string, failed: number, deps: JobDeps): Promise<void> {
  const { group, stream } = logLocation(options.userPoolId, options.poolName, jobId, options.jobName);
  if (deps.logs === undefined || options.poolName === undefined) {
    deps.report(`the failed rows are in CloudWatch Logs: log group ${group}, stream ${stream}`);
    return;
  }
  const logs = clients.get<typeof Logs>('logs');
  const rows: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await deps.logs.send(
        new logs.FilterLogEventsCommand({ logGroupName: group, logStreamNames: [stream], filterPattern: '"[FAILED]"', nextToken }),
      );
      for (const e of page.events ?? []) {
        // only Cognito's line form is printed: anything else in the stream is counted, never shown
        const m = /^\[FAILED\] Line Number (\d+) - (.*)$/.exec(String(e.message ?? '').trim());
        if (m) rows.push(`line number ${m[1]} (Cognito's count): ${m[2]}`);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined && rows.length < MAX_FAILED_ROWS);
  } catch (err) {
    deps.report(`the failed rows could not be read from log group ${group}, stream ${stream}: ${(err as Error).name}: ${(err as Error).message}`);
    return;
  }
  deps.report(`failed rows, from log group ${group}, stream ${stream}:`);
  rows.slice(0, MAX_FAILED_ROWS).forEach((r) => deps.report(`  ${r}`));
  if (failed > Math.min(rows.length, MAX_FAILED_ROWS)) deps.report(`  ... ${failed - Math.min(rows.length, MAX_FAILED_ROWS)} more in the log`);
}
