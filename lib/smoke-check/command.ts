/*
 * The `cognito-smoke-check` command, as a function of its arguments (cli.ts runs it; npm run smoke runs cli.js in this
 * repository). Exit 0 when every step passes (or the plan is printed, or --help), 1 when one fails, 2 on bad usage.
 */
import type * as CloudFormation from '@aws-sdk/client-cloudformation';
import type * as CognitoIdentity from '@aws-sdk/client-cognito-identity';
import type * as UserPool from '@aws-sdk/client-cognito-identity-provider';
import type * as Sts from '@aws-sdk/client-sts';
import type { SmokeCheckConfig } from '../frontend-config';
import { argsOrStatus, readArgs } from '../private/cli-args';
import { runSmokeCheck, type StepResult } from './check';
import { smokeConfigFrom, UsageError, withApiUrl } from './config';
import { planSmokeCheck } from './plan';
import { defaultLoader, MissingSdkError, type ModuleLoader, requireSdk, SDK_PACKAGES, sdk, useLoader } from './private/aws-sdk';

const COMMAND = 'cognito-smoke-check';

/** The usage, printed for --help (exit 0) and after a usage error (exit 2). */
export const USAGE = `Usage: ${COMMAND} --stack <name> [--api-url <url>] [--region <region>] [--email-domain <domain>] [--output <key>]
       ${COMMAND} --plan --stack <name> [--template <cdk.out dir or template.json>] [--api-url <url>] [--output <key>]

After a deploy, signs a temporary user in to the stack's user pool and checks its ID token, its group, the role the
identity pool gives it and a protected API route, then deletes the user. The stack opts in with smokeCheck on its
CognitoAuth; the command reads its SmokeCheck output. One line per step, PASS or FAIL.

  --stack <name>           the stack with the SmokeCheck output (required); with --plan, its name or artifact id in
                           the cloud assembly
  --api-url <url>          the base URL (http or https, ending with /) of the API in another stack whose route
                           smokeCheck.apiPath names
  --region <region>        the stack's region (default: the AWS SDK's, from AWS_REGION or the profile); with --plan,
                           what AWS::Region stands for in the template
  --email-domain <domain>  the domain of the temporary user's address (default: example.com; no message is sent)
  --output <key>           the output's key, when the stack has several SmokeCheck outputs
  --plan                   offline: read the SmokeCheck output from the synthesized template, check it, and print
                           the steps the check would run; needs no AWS account and no AWS SDK
  --template <path>        with --plan: a cloud assembly directory or a template file (default: cdk.out)
  --help, -h               print this

Against AWS it needs credentials (cloudformation:DescribeStacks; cognito-idp:AdminCreateUser, AdminSetUserPassword,
AdminAddUserToGroup, AdminInitiateAuth, AdminRespondToAuthChallenge, AdminDeleteUser; cognito-identity:DeleteIdentities)
and the AWS SDK for JavaScript v3 clients, which the package does not install (the last two only for a stack with an
identity pool):
  npm install ${SDK_PACKAGES.cloudFormation} ${SDK_PACKAGES.userPool} \\
    ${SDK_PACKAGES.identityPool} ${SDK_PACKAGES.sts}

Exit status: 0 every step passed (or the plan was printed), 1 a step failed, 2 bad usage (no --stack, a stack without
a SmokeCheck output, a route of another stack's API without --api-url, an unreadable template, an AWS SDK client not
installed).`;

export interface CliArgs {
  readonly stack: string;
  readonly region?: string;
  readonly emailDomain: string;
  readonly output?: string;
  readonly apiUrl?: string;
  /** --plan: offline, from the synthesized template. */
  readonly plan: boolean;
  /** With --plan: the cloud assembly or template file. */
  readonly template?: string;
}

const VALUED = ['stack', 'region', 'email-domain', 'output', 'api-url', 'template'];
const FLAGS = ['plan'];

/** Parses the command line (undefined for --help); throws a UsageError that says what is wrong. */
export function parseArgs(argv: string[]): CliArgs | undefined {
  if (argv.includes('--help') || argv.includes('-h')) return undefined;
  const values = readArgs(argv, VALUED, FLAGS, (message) => new UsageError(message));
  const get = (name: string) => values.get(name) as string | undefined;
  const stack = get('stack');
  if (stack === undefined) throw new UsageError('--stack <name> is required');
  const apiUrl = get('api-url');
  if (apiUrl !== undefined && !/^https?:\/\/\S+\/$/.test(apiUrl)) throw new UsageError(`--api-url '${apiUrl}' must be an http(s) URL ending with '/'`);
  const emailDomain = get('email-domain') ?? 'example.com';
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(emailDomain)) throw new UsageError(`--email-domain '${emailDomain}' is not a domain name (like example.com)`);
  const plan = values.has('plan');
  if (!plan && values.has('template')) throw new UsageError('--template goes with --plan (the check against AWS reads the deployed stack)');
  const template = plan ? (get('template') ?? 'cdk.out') : undefined;
  return { stack, region: get('region'), emailDomain, output: get('output'), apiUrl, plan, template };
}

/** One line per step: PASS or FAIL, the step, what was checked or what went wrong. */
export function formatStep(step: StepResult): string {
  return `${step.ok ? 'PASS' : 'FAIL'}  ${step.step}: ${step.detail}`;
}

/** Where the command writes, and how it loads the AWS SDK's packages: the tests pass their own. */
export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Loads a package (by default, require from the package's place, else from the current directory). */
  readonly load?: ModuleLoader;
  /** Calls the API route (by default, the global fetch). */
  readonly fetch?: (url: string, init?: { headers?: Record<string, string> }) => Promise<{ status: number }>;
}

/** Runs the command; resolves to its exit status. */
export async function runCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = argsOrStatus(COMMAND, USAGE, () => parseArgs(argv), io);
  if ('status' in parsed) return parsed.status;
  const args = parsed.args;
  if (args.plan) {
    try {
      planSmokeCheck({ ...args, template: args.template! }).forEach((line) => io.out(line));
      return 0;
    } catch (err) {
      // Offline, every failure is one of the input: the template, its output, the arguments.
      io.err(`${COMMAND}: ${(err as Error).message}`);
      return 2;
    }
  }
  useLoader(io.load ?? defaultLoader);
  try {
    return await runOnline(args, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof MissingSdkError) {
      io.err(`${COMMAND}: ${err.message}`);
      return 2;
    }
    io.err(`${COMMAND}: ${(err as Error).name}: ${(err as Error).message}`);
    return 1;
  }
}

/** The check against the deployed stack: its SmokeCheck output from CloudFormation, then the steps. */
async function runOnline(args: CliArgs, io: CommandIo): Promise<number> {
  // Every run needs these two; name the identity pool's too when something is missing, so one install does.
  requireSdk(['cloudFormation', 'userPool'], ['identityPool', 'sts']);
  const cfn = sdk<typeof CloudFormation>('cloudFormation');
  const { Stacks } = await new cfn.CloudFormationClient({ region: args.region }).send(new cfn.DescribeStacksCommand({ StackName: args.stack }));
  const config: SmokeCheckConfig = withApiUrl(smokeConfigFrom(args.stack, Stacks?.[0]?.Outputs ?? [], args.output), args.apiUrl);
  if (config.identityPoolId !== undefined) requireSdk(['identityPool', 'sts']);
  io.out(`smoke check of ${args.stack} (user pool ${config.userPoolId}, ${config.region})`);
  const region = config.region;
  const idp = sdk<typeof UserPool>('userPool');
  const identity = config.identityPoolId !== undefined ? sdk<typeof CognitoIdentity>('identityPool') : undefined;
  const sts = config.identityPoolId !== undefined ? sdk<typeof Sts>('sts') : undefined;
  const result = await runSmokeCheck(
    config,
    {
      userPool: new idp.CognitoIdentityProviderClient({ region }),
      identityPool: identity && new identity.CognitoIdentityClient({ region }),
      sts:
        sts &&
        ((c) =>
          new sts.STSClient({ region, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken } })),
      fetch: io.fetch ?? ((url, init) => fetch(url, init)),
      report: (step) => io.out(formatStep(step)),
    },
    { emailDomain: args.emailDomain },
  );
  io.out(result.ok ? 'smoke check passed' : 'smoke check FAILED');
  return result.ok ? 0 : 1;
}
