/*
 * --plan: the smoke check without AWS. It reads the stack's SmokeCheck output from the synthesized template (the value
 * CloudFormation would hand the check after the deploy, with each Ref and GetAtt standing as <LogicalId> or
 * <LogicalId.Attribute>), checks it as the check does, checks that it names resources of the template of the right
 * types, and describes the steps the check would run.
 */
import * as fs from 'fs';
import type { SmokeCheckConfig } from '../frontend-config';
import { stackTemplateFile } from '../private/cloud-assembly';
import { readJson } from '../private/read-json';
import { placeholderAttributes, roleNameOf, STEP } from './check';
import { smokeConfigFrom, type StackOutput, UsageError, withApiUrl } from './config';

export interface PlanOptions {
  /** The stack: its name or artifact id in a cloud assembly; with a template file, only named in messages. */
  readonly stack: string;
  /** A cloud assembly directory (cdk.out) or a template file. */
  readonly template: string;
  readonly output?: string;
  readonly apiUrl?: string;
  readonly emailDomain: string;
  /** Stands for AWS::Region in the template (an environment-agnostic stack). */
  readonly region?: string;
}

/** The plan, one line each; throws a UsageError that says what is wrong with the template or its SmokeCheck output. */
export function planSmokeCheck(options: PlanOptions): string[] {
  const { file, template } = readTemplate(options.template, options.stack);
  const outputs: StackOutput[] = Object.entries<any>(template.Outputs ?? {}).map(([key, o]) => ({
    OutputKey: key,
    OutputValue: evaluate(o?.Value, options.region),
  }));
  const read = smokeConfigFrom(options.stack, outputs, options.output);
  const config = options.apiUrl !== undefined ? withApiUrl(read, options.apiUrl) : read;
  const key = options.output ?? outputs.find((o) => /SmokeCheck/.test(o.OutputKey ?? ''))!.OutputKey!;
  const where = `output ${key} of stack ${options.stack}`;
  const named = (value: string | undefined, type: string, field: string) => describeResource(template, where, value, type, field);

  const userPool = named(config.userPoolId, 'AWS::Cognito::UserPool', 'userPoolId');
  const client = named(config.clientId, 'AWS::Cognito::UserPoolClient', 'clientId');
  const identityPool = config.identityPoolId !== undefined ? named(config.identityPoolId, 'AWS::Cognito::IdentityPool', 'identityPoolId') : undefined;
  const role = config.expectedRoleArn !== undefined ? named(config.expectedRoleArn, 'AWS::IAM::Role', 'expectedRoleArn') : undefined;
  const route = config.apiUrl ?? (config.apiPath !== undefined ? `<--api-url>${config.apiPath}` : undefined);
  const routeSays = route === undefined
    ? 'none: no API is called'
    : config.apiUrl === undefined ? `${config.apiPath} of an API in another stack, whose base URL --api-url gives` : route;
  const roleSays = role !== undefined ? `expected role ${role}` : config.expectDenied ? 'refuses users without a group role' : 'maps roles by rules';

  const lines = [
    `Plan of the smoke check of ${options.stack}, from ${file} (output ${key}); nothing was called.`,
    `user pool      ${userPool}, region ${config.region}`,
    `smoke client   ${client}`,
    `group          ${config.group !== undefined ? describeGroup(template, config.group) : 'none: the user joins no group'}`,
    `identity pool  ${identityPool !== undefined ? `${identityPool}, ${roleSays}` : 'none: no AWS credentials are asked for'}`,
    `API route      ${routeSays}`,
  ];
  const steps: [string, string][] = [];
  const attributes = placeholderAttributes(config);
  steps.push([
    STEP.createUser,
    `smoke-<random>@${options.emailDomain} (no message is sent), ${signInName(config)}, a random 99-character password` +
      (attributes.length > 0 ? `, placeholder values for ${attributes.join(', ')}` : ''),
  ]);
  if (config.group !== undefined) steps.push([STEP.joinGroup(config.group), 'AdminAddUserToGroup']);
  steps.push([STEP.signIn, 'ADMIN_USER_PASSWORD_AUTH, with a new TOTP authenticator if the pool requires MFA']);
  const issuer = config.issuer ?? `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;
  steps.push([
    STEP.checkToken,
    `token_use "id", aud the smoke client, iss ${issuer}, email, exp${config.group !== undefined ? `, cognito:groups has '${config.group}'` : ''}`,
  ]);
  if (config.identityPoolId !== undefined) {
    const exchange = 'GetId and GetCredentialsForIdentity with the ID token';
    if (config.expectDenied) {
      steps.push([STEP.refuseCredentials, `${exchange} must fail: the role mapping denies users without a group role`]);
    } else {
      const expect = config.expectedRoleArn !== undefined
        ? `the role must be ${roleNameOf(stripped(config.expectedRoleArn))}`
        : 'the role is printed, not compared (rules)';
      steps.push([STEP.getCredentials, `${exchange}, then STS GetCallerIdentity; ${expect}`]);
    }
  }
  const token = config.bearer ? 'Bearer <token>' : 'the bare token';
  if (route !== undefined) steps.push([STEP.callApi(route), `200 with the ID token (${token}), 401 without`]);
  if (config.identityPoolId !== undefined) steps.push([STEP.deleteIdentity, 'DeleteIdentities, whatever failed before']);
  steps.push([STEP.deleteUser, 'AdminDeleteUser, whatever failed before']);
  lines.push(...steps.map(([step, detail], i) => `${i + 1}. ${step}: ${detail}`));
  lines.push(`After the deploy, run the check: ${runLine(options, config)}`);
  return lines;
}

/** The stack's template: from a cloud assembly directory, or a template file. */
function readTemplate(where: string, stack: string): { file: string; template: any } {
  let isDirectory: boolean;
  try {
    isDirectory = fs.statSync(where).isDirectory();
  } catch {
    throw new UsageError(`--template ${where}: no such file or directory (synthesize the app first: npx cdk synth)`);
  }
  const file = isDirectory ? stackTemplateFile(where, stack) : where;
  const template = readJson(file, 'template');
  if (typeof template !== 'object' || template === null || typeof template.Resources !== 'object') {
    throw new UsageError(`the template ${file} is not a CloudFormation template (it has no Resources)`);
  }
  return { file, template };
}

/**
 * A template value as a string, each intrinsic function worked out as far as the template knows: a Ref to a resource
 * is <LogicalId>, a GetAtt <LogicalId.Attribute>, AWS::Region the given region (else <AWS::Region>).
 */
export function evaluate(value: unknown, region?: string): string {
  const ev = (v: unknown) => evaluate(v, region);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object' || value === null) return '';
  const v = value as Record<string, any>;
  const [fn] = Object.keys(v);
  const pseudo = (name: string) => (name === 'AWS::Region' && region !== undefined ? region : `<${name}>`);
  switch (fn) {
    case 'Ref':
      return pseudo(String(v.Ref));
    case 'Fn::GetAtt':
      return `<${Array.isArray(v[fn]) ? v[fn].map(ev).join('.') : ev(v[fn])}>`;
    case 'Fn::Join':
      return (Array.isArray(v[fn][1]) ? v[fn][1].map(ev) : [ev(v[fn][1])]).join(v[fn][0]);
    case 'Fn::Select': {
      const [index, list] = v[fn];
      const items: string[] = list?.['Fn::Split'] ? ev(list['Fn::Split'][1]).split(list['Fn::Split'][0]) : Array.isArray(list) ? list.map(ev) : [];
      return items[Number(ev(index))] ?? `<${fn}>`;
    }
    case 'Fn::Sub': {
      const [text, vars] = Array.isArray(v[fn]) ? v[fn] : [v[fn], {}];
      return String(text).replace(/\$\{(!?)([^}]+)\}/g, (_m: string, bang: string, name: string) =>
        bang ? `\${${name}}` : vars?.[name] !== undefined ? ev(vars[name]) : name.startsWith('AWS::') ? pseudo(name) : `<${name}>`);
    }
    case 'Fn::ImportValue':
      return `<import ${ev(v[fn])}>`;
    case 'Fn::GetStackOutput':
      return `<${ev(v[fn].StackName)}:${ev(v[fn].OutputName)}>`;
    default:
      return `<${fn}>`;
  }
}

/** <LogicalId.Attribute> → LogicalId; any other value as it is. */
function stripped(value: string): string {
  return /^<([A-Za-z][A-Za-z0-9]*)(?:\.[A-Za-z0-9.]+)?>$/.exec(value)?.[1] ?? value;
}

/**
 * A value of the config, described: a Ref or GetAtt of a resource of the template, with its logical id and type
 * (which must be `type`); any other value (written out, or from another stack) as it is.
 */
function describeResource(template: any, where: string, value: string | undefined, type: string, field: string): string {
  const logicalId = stripped(value ?? '');
  if (logicalId === value) return value;
  const resource = template.Resources[logicalId];
  if (resource === undefined) throw new UsageError(`${where}: ${field} refers to ${logicalId}, which is not a resource of the template`);
  if (resource.Type !== type) {
    throw new UsageError(`${where}: ${field} refers to ${logicalId} of type ${resource.Type}, where the check needs an ${type}`);
  }
  return `${logicalId} (${type})`;
}

/** The group, with the template's resource that creates it, when the template has one. */
function describeGroup(template: any, group: string): string {
  const found = Object.entries<any>(template.Resources)
    .find(([, r]) => r?.Type === 'AWS::Cognito::UserPoolGroup' && r.Properties?.GroupName === group);
  return found ? `${group} (AWS::Cognito::UserPoolGroup ${found[0]})` : `${group} (not created by this template)`;
}

/** What the temporary user signs in with, as the check picks it. */
function signInName(config: SmokeCheckConfig): string {
  if (config.usernameAttributes?.includes('email')) return 'signing in with that address';
  if (config.usernameAttributes?.includes('phone_number')) return 'signing in with a random phone number +1555<7 digits>';
  return 'signing in as smoke-<random>';
}

/** The command that runs the planned check against the deployed stack. */
function runLine(options: PlanOptions, config: SmokeCheckConfig): string {
  const args = ['cognito-smoke-check', '--stack', options.stack];
  if (options.region !== undefined) args.push('--region', options.region);
  if (options.emailDomain !== 'example.com') args.push('--email-domain', options.emailDomain);
  if (options.output !== undefined) args.push('--output', options.output);
  if (config.apiPath !== undefined) args.push('--api-url', options.apiUrl ?? "<the API's base URL, ending with />");
  return args.join(' ');
}
