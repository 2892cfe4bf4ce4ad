/*
 * The `cognito-upgrade-check` command, as a function of its arguments (cli.ts runs it): exit 0 when the change is
 * safe, 1 when it finds something unacknowledged, 2 on bad usage or unreadable input.
 */
import { stackTemplateFile } from '../private/cloud-assembly';
import { readJson } from '../private/read-json';
import { UpgradeAcknowledgement } from './types';
import { UpgradeCheck } from './upgrade-check';

export const USAGE = `Usage: cognito-upgrade-check (--before <template.json> | --deployed <stack name>)
                             (--after <template.json> | --after-app <cdk.out dir> --stack <stack name>)
                             [--acknowledgements <file.json>] [--json]

Compares a stack's CloudFormation template before and after a change, and reports what the deploy would lose or
Cognito would refuse:
  - a stateful resource replaced or removed: the user pool and its replicas, app clients, the domain, the identity
    pool, groups, identity providers, resource servers, users; DynamoDB tables (the profile table), S3 buckets, KMS
    keys and replica keys, log groups and log streams, Kinesis and Firehose streams
  - any resource whose DeletionPolicy or UpdateReplacePolicy is Retain or Snapshot, replaced or removed (the old one
    stays outside the stack)
  - the user pool losing its Retain policy or deletion protection, a custom attribute removed or changed, a sign-in
    setting fixed at creation changed, a passkey relying party moved, the issuer changing form

  --before <file>            the template as deployed (or as last released), JSON
  --deployed <stack name>    fetch the deployed template with CloudFormation's GetTemplate (needs AWS credentials
                             and a region, as the AWS CLI finds them, and @aws-sdk/client-cloudformation installed)
  --after <file>             the template of the change, JSON
  --after-app <dir>          a synthesized cloud assembly (cdk.out); with --stack, the stack's template in it
  --stack <stack name>       the stack in --after-app (its artifact id or stack name)
  --acknowledgements <file>  findings accepted on purpose:
                             { "acknowledgements": [{ "logicalId": "...", "kind": "REPLACED", "reason": "..." }] }
  --json                     print the result as JSON
  --help                     print this

Exit status: 0 safe, 1 findings, 2 bad usage or unreadable input.`;

/** Where the command writes, and how it fetches a deployed template: the tests pass their own. */
export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly fetchDeployed?: (stackName: string) => Promise<string>;
}

/** Runs the command; resolves to its exit status. */
export async function runCommand(argv: string[], io: CommandIo): Promise<number> {
  let args: Map<string, string | true>;
  try {
    args = parse(argv);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.has('help')) {
    io.out(USAGE);
    return 0;
  }
  try {
    const before = await beforeTemplate(args, io);
    const after = afterTemplate(args);
    const ackFile = args.get('acknowledgements');
    const acknowledgements: UpgradeAcknowledgement[] = typeof ackFile === 'string' ? UpgradeCheck.readAcknowledgements(ackFile) : [];
    const result = UpgradeCheck.compare(before, after, { acknowledgements });
    if (args.has('json')) {
      io.out(JSON.stringify(result, null, 2));
    } else {
      result.findings.forEach((f) => io.out(UpgradeCheck.formatFinding(f)));
      result.acknowledged.forEach((f) => io.out(UpgradeCheck.formatFinding(f)));
      io.out(
        result.safe
          ? `safe: nothing lost or refused${result.acknowledged.length > 0 ? ` (${result.acknowledged.length} acknowledged)` : ''}`
          : `unsafe: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} not acknowledged`,
      );
    }
    return result.safe ? 0 : 1;
  } catch (err) {
    io.err(`cognito-upgrade-check: ${(err as Error).message}`);
    return 2;
  }
}

const VALUED = ['before', 'deployed', 'after', 'after-app', 'stack', 'acknowledgements'];
const FLAGS = ['json', 'help'];

function parse(argv: string[]): Map<string, string | true> {
  const args = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    // --name value, or --name=value
    const [flag, inline] =
      argv[i].startsWith('--') && argv[i].includes('=')
        ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
        : [argv[i], undefined];
    const name = flag.startsWith('--') ? flag.slice(2) : undefined;
    if (name === undefined || (!VALUED.includes(name) && !FLAGS.includes(name))) throw new Error(`unknown argument '${argv[i]}'`);
    if (args.has(name)) throw new Error(`--${name} is given twice`);
    if (FLAGS.includes(name)) {
      if (inline !== undefined) throw new Error(`--${name} takes no value`);
      args.set(name, true);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new Error(`--${name} needs a value`);
      args.set(name, value);
    }
  }
  if (args.has('help')) return args;
  const one = (a: string, b: string) => {
    if (args.has(a) === args.has(b)) throw new Error(`give exactly one of --${a} and --${b}`);
  };
  one('before', 'deployed');
  one('after', 'after-app');
  if (args.has('after-app') !== args.has('stack')) throw new Error('--after-app and --stack go together');
  return args;
}

async function beforeTemplate(args: Map<string, string | true>, io: CommandIo): Promise<any> {
  const file = args.get('before');
  if (typeof file === 'string') return readJson(file, 'template');
  const stack = args.get('deployed') as string;
  const body = await (io.fetchDeployed ?? fetchDeployed)(stack);
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`the deployed template of ${stack} is not JSON (a YAML template?): save it as JSON and give it with --before`);
  }
}

function afterTemplate(args: Map<string, string | true>): any {
  const file = args.get('after');
  if (typeof file === 'string') return readJson(file, 'template');
  return readJson(stackTemplateFile(args.get('after-app') as string, args.get('stack') as string), 'template');
}

/** GetTemplate of the deployed stack (the template as submitted), with the AWS SDK's default credentials and region. */
async function fetchDeployed(stackName: string): Promise<string> {
  // Loaded only here, and not shipped with the package (bundled, it took the packed package from 3.9 MB to 5.1 MB):
  // comparing files needs no SDK.
  let sdk: typeof import('@aws-sdk/client-cloudformation');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk = require('@aws-sdk/client-cloudformation');
  } catch {
    throw new Error(
      `--deployed needs the AWS SDK's CloudFormation client: npm install @aws-sdk/client-cloudformation, or save the template with aws ` +
        `cloudformation get-template --stack-name ${stackName} --query TemplateBody and give it with --before`,
    );
  }
  const client = new sdk.CloudFormationClient({});
  const response = await client.send(new sdk.GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
  if (typeof response.TemplateBody !== 'string') throw new Error(`CloudFormation returned no template for ${stackName}`);
  return response.TemplateBody;
}
