/**
 * npm run smoke -- --stack <name> [--region <region>] [--email-domain <domain>] [--output <output key>] | --help
 *
 * Reads the stack's SmokeCheck output (a CognitoAuth with `smokeCheck` set) and runs the smoke check against the
 * deployed pool with the caller's AWS credentials, which need: cloudformation:DescribeStacks;
 * cognito-idp:AdminCreateUser, AdminSetUserPassword, AdminAddUserToGroup, AdminInitiateAuth,
 * AdminRespondToAuthChallenge, AdminDeleteUser (and AssociateSoftwareToken, VerifySoftwareToken take the session);
 * cognito-identity:DeleteIdentities. Exit code 0 when every step passes, 1 when one fails, 2 on bad usage.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { STSClient } from '@aws-sdk/client-sts';
import type { SmokeCheckConfig } from '../../lib/frontend-config';
import { runSmokeCheck, type StepResult } from './check';

export class UsageError extends Error {}

/** The usage line, printed for --help (exit 0) and after a usage error (exit 2). */
export const USAGE = [
  'usage: npm run smoke -- --stack <name> [--region <region>] [--email-domain <domain>] [--output <key>] [--api-url <url>]',
  '',
  "Signs a temporary user in to the stack's user pool and checks tokens, groups, the identity-pool role and an API",
  'route, then deletes the user. The stack needs a CognitoAuth with smokeCheck set (its SmokeCheck output).',
  '  --stack          the deployed stack that holds the SmokeCheck output (required)',
  '  --region         the stack\'s region (default: the AWS SDK\'s)',
  '  --email-domain   the domain of the temporary user\'s address (default: example.com)',
  '  --output         the output key, when the stack has several SmokeCheck outputs',
  '  --api-url        the base URL of an API in another stack (ending with /), for smokeCheck.apiPath',
  '  --help, -h       print this and exit',
  'Exit code: 0 when every step passes, 1 when one fails, 2 on bad usage.',
].join('\n');

export interface CliArgs {
  readonly stack: string;
  readonly region?: string;
  readonly emailDomain: string;
  readonly output?: string;
  readonly apiUrl?: string;
}

/** Parses the command line (undefined for --help); throws a UsageError that says what is wrong. */
export function parseArgs(argv: string[]): CliArgs | undefined {
  if (argv.includes('--help') || argv.includes('-h')) return undefined;
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!['--stack', '--region', '--email-domain', '--output', '--api-url'].includes(flag)) throw new UsageError(`unknown argument '${flag}'`);
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    values[flag.slice(2)] = value;
  }
  if (!values.stack) throw new UsageError('--stack <name> is required');
  const apiUrl = values['api-url'];
  if (apiUrl !== undefined && !/^https?:\/\/\S+\/$/.test(apiUrl)) throw new UsageError(`--api-url '${apiUrl}' must be an http(s) URL ending with '/'`);
  return { stack: values.stack, region: values.region, emailDomain: values['email-domain'] ?? 'example.com', output: values.output, apiUrl };
}

/** Finds the SmokeCheck output among a stack's outputs and parses it. */
export function smokeConfigFrom(stack: string, outputs: { OutputKey?: string; OutputValue?: string }[], key?: string): SmokeCheckConfig {
  const candidates = outputs.filter((o) => (key ? o.OutputKey === key : /SmokeCheck/.test(o.OutputKey ?? '')));
  if (candidates.length === 0) {
    throw new UsageError(
      key
        ? `stack ${stack} has no output '${key}'`
        : `stack ${stack} has no SmokeCheck output: set smokeCheck on its CognitoAuth to opt in to the smoke check`,
    );
  }
  if (candidates.length > 1) {
    throw new UsageError(`stack ${stack} has several SmokeCheck outputs (${candidates.map((c) => c.OutputKey).join(', ')}): choose one with --output`);
  }
  const config = JSON.parse(candidates[0].OutputValue ?? '') as SmokeCheckConfig;
  if (config.version !== 1 || !config.userPoolId || !config.clientId) {
    throw new UsageError(`output ${candidates[0].OutputKey} of stack ${stack} is not a smoke check config of version 1`);
  }
  return config;
}

/**
 * The route to call: the config's own URL, or the config's path on the API URL given with --api-url (an API in
 * another stack). A path without a URL, or a URL the config has no path for, is a usage error.
 */
export function withApiUrl(config: SmokeCheckConfig, apiUrl: string | undefined): SmokeCheckConfig {
  if (apiUrl === undefined) {
    if (config.apiPath !== undefined) {
      throw new UsageError(`the smoke check calls the route '${config.apiPath}' of an API in another stack: give that API's base URL with --api-url`);
    }
    return config;
  }
  if (config.apiPath === undefined) {
    throw new UsageError('--api-url is given, but the stack\'s smoke check names no route of another stack\'s API (smokeCheck.apiPath without api)');
  }
  return { ...config, apiUrl: `${apiUrl}${config.apiPath}` };
}

/** One line per step: PASS or FAIL, the step, what was checked or what went wrong. */
export function formatStep(step: StepResult): string {
  return `${step.ok ? 'PASS' : 'FAIL'}  ${step.step}: ${step.detail}`;
}

async function main(): Promise<number> {
  let args: CliArgs | undefined;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`smoke: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args === undefined) {
    console.log(USAGE);
    return 0;
  }
  const cloudFormation = new CloudFormationClient({ region: args.region });
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: args.stack }));
  let config: SmokeCheckConfig;
  try {
    config = withApiUrl(smokeConfigFrom(args.stack, Stacks?.[0]?.Outputs ?? [], args.output), args.apiUrl);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`smoke: ${err.message}`);
    return 2;
  }
  console.log(`smoke check of ${args.stack} (user pool ${config.userPoolId}, ${config.region})`);
  const region = config.region;
  const result = await runSmokeCheck(
    config,
    {
      userPool: new CognitoIdentityProviderClient({ region }),
      identityPool: new CognitoIdentityClient({ region }),
      sts: (c) => new STSClient({ region, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken } }),
      fetch: (url, init) => fetch(url, init),
      report: (step) => console.log(formatStep(step)),
    },
    { emailDomain: args.emailDomain },
  );
  console.log(result.ok ? 'smoke check passed' : 'smoke check FAILED');
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`smoke: ${(err as Error).name}: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
