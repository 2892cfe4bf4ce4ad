import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { ServiceRulesPlugin } from './service-rules';

/** The context of the project's cdk.json: feature flags and the CloudFormation validator switch. */
const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'),
).context;

/**
 * A test app with the same context as the example app: feature flags, AWS's CloudFormation validator on
 * (`@aws-cdk/core:validateAgainstDefaultRules`), warnings failing synth too, and the service's own rules that the
 * validator does not know (./service-rules.ts). Any stack that breaks the CloudFormation schema or one of those
 * rules makes `Template.fromStack` throw.
 */
export function testApp(context: Record<string, unknown> = {}, outdir?: string): App {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, ...context }, outdir });
  Validations.of(app).addPlugins(new ServiceRulesPlugin());
  return app;
}

/** A fresh app and an environment-agnostic stack in it. */
export function testStack(id = 'Test'): Stack {
  return new Stack(testApp(), id);
}

/** A stack pinned to a region, for tests whose values depend on it. */
export function regionalStack(region: string, id = 'Test'): Stack {
  return new Stack(testApp(), id, { env: { account: '123456789012', region } });
}


/**
 * The trust statement every identity-pool role must have: Cognito Identity, for the pool whose logical id matches
 * `pool`, for one kind of identity only; with sts:TagSession when principal tags are on.
 */
export function identityPoolTrust(pool: RegExp, amr: 'authenticated' | 'unauthenticated', tagSession = false) {
  return {
    Action: tagSession ? ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] : 'sts:AssumeRoleWithWebIdentity',
    Effect: 'Allow',
    Principal: { Federated: 'cognito-identity.amazonaws.com' },
    Condition: {
      'StringEquals': { 'cognito-identity.amazonaws.com:aud': { Ref: expect.stringMatching(pool) } },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    },
  };
}

/** A readable placeholder for a Ref: <LogicalId>; AWS::Region is eu-west-1. */
function placeholder(ref: string): string {
  return ref === 'AWS::Region' ? 'eu-west-1' : ref === 'AWS::URLSuffix' ? 'amazonaws.com' : `<${ref}>`;
}

/**
 * Evaluates the intrinsic functions of a template value the way CloudFormation would. Each Ref is what `ref` gives
 * (by default a readable placeholder, <LogicalId>), each GetAtt the placeholder <LogicalId.Attribute>.
 */
export function evaluate(value: unknown, ref: (logicalId: string) => string = placeholder): string {
  const ev = (v: unknown) => evaluate(v, ref);
  if (typeof value === 'string') return value;
  const v = value as any;
  if (v.Ref) return ref(v.Ref);
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (v['Fn::GetStackOutput']) return `<${v['Fn::GetStackOutput'].StackName}:${v['Fn::GetStackOutput'].OutputName}>`;
  if (v['Fn::Join']) return v['Fn::Join'][1].map(ev).join(v['Fn::Join'][0]);
  if (v['Fn::Select']) {
    const [index, list] = v['Fn::Select'];
    const items = list['Fn::Split'] ? ev(list['Fn::Split'][1]).split(list['Fn::Split'][0]) : list.map(ev);
    return items[index];
  }
  throw new Error(`cannot evaluate ${JSON.stringify(value)}`);
}

/**
 * Turns AWS's CloudFormation validator back on for this test module (./setup-env.ts turns it off by default):
 * call it at the top of a module whose templates must pass the validator.
 */
export function validatorOn(): void {
  process.env.CDK_VALIDATION = 'true';
}
