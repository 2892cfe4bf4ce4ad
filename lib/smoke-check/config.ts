import type { SmokeCheckConfig } from '../frontend-config';

/** Bad usage, or a stack the check cannot run on: the command exits 2 with the message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A stack output: from CloudFormation's DescribeStacks, or read from a synthesized template (--plan). */
export interface StackOutput {
  readonly OutputKey?: string;
  readonly OutputValue?: string;
}

/**
 * Finds the SmokeCheck output among a stack's outputs (the one named `key`, when given), parses and checks it.
 * Throws a UsageError that says what is wrong.
 */
export function smokeConfigFrom(stack: string, outputs: StackOutput[], key?: string): SmokeCheckConfig {
  const candidates = outputs.filter((o) => (key ? o.OutputKey === key : /SmokeCheck/.test(o.OutputKey ?? '')));
  if (candidates.length === 0) {
    throw new UsageError(
      key
        ? `stack ${stack} has no output '${key}'`
        : `stack ${stack} has no SmokeCheck output: set smokeCheck on its CognitoAuth to opt in to the smoke check`,
    );
  }
  if (candidates.length > 1) {
    const keys = candidates.map((c) => c.OutputKey).join(', ');
    throw new UsageError(`stack ${stack} has several SmokeCheck outputs (${keys}): choose one with --output`);
  }
  const where = `output ${candidates[0].OutputKey} of stack ${stack}`;
  let config: SmokeCheckConfig;
  try {
    config = JSON.parse(candidates[0].OutputValue ?? '');
  } catch {
    throw new UsageError(`${where} is not a smoke check config of version 1`);
  }
  if (typeof config !== 'object' || config === null || config.version !== 1 || !config.userPoolId || !config.clientId) {
    throw new UsageError(`${where} is not a smoke check config of version 1`);
  }
  const problems = configProblems(config);
  if (problems.length > 0) throw new UsageError(`${where} is not a valid smoke check config: ${problems.join('; ')}`);
  return config;
}

/** What is wrong with a parsed config's fields: each of the wrong type, and settings that contradict each other. */
function configProblems(config: SmokeCheckConfig): string[] {
  const problems: string[] = [];
  const fields = config as unknown as Record<string, unknown>;
  const isStrings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  const kinds: [string, string, (v: unknown) => boolean][] = [
    ['region', 'a string', (v) => typeof v === 'string' && v !== ''],
    ['userPoolId', 'a string', (v) => typeof v === 'string'],
    ['clientId', 'a string', (v) => typeof v === 'string'],
    ['issuer', 'a string', (v) => v === undefined || typeof v === 'string'],
    ['usernameAttributes', 'a list of strings', (v) => v === undefined || isStrings(v)],
    ['requiredAttributes', 'a list of strings', (v) => v === undefined || isStrings(v)],
    ['group', 'a string', (v) => v === undefined || (typeof v === 'string' && v !== '')],
    ['identityPoolId', 'a string', (v) => v === undefined || typeof v === 'string'],
    ['expectedRoleArn', 'a string', (v) => v === undefined || typeof v === 'string'],
    ['expectDenied', 'true or false', (v) => v === undefined || typeof v === 'boolean'],
    ['apiUrl', 'a string', (v) => v === undefined || typeof v === 'string'],
    ['apiPath', 'a string', (v) => v === undefined || typeof v === 'string'],
    ['bearer', 'true or false', (v) => v === undefined || typeof v === 'boolean'],
  ];
  for (const [field, kind, ok] of kinds) if (!ok(fields[field])) problems.push(`${field} is not ${kind}`);
  if (config.identityPoolId === undefined && (config.expectedRoleArn !== undefined || config.expectDenied)) {
    problems.push('an expected role, or a refusal, without an identity pool');
  }
  if (config.expectedRoleArn !== undefined && config.expectDenied) problems.push('both an expected role and a refusal');
  if (config.apiUrl !== undefined && config.apiPath !== undefined) problems.push('both an API URL and a route of another stack\'s API');
  return problems;
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
