import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { ACK_REASON_PREFIX } from '../../lib/private/compliance';
import { validatorOn } from '../support/helpers';
import { Finding, PACKS, PackName, synthReport } from '../support/nag';
import { productionConsumer } from '../support/production-consumer';

// These templates must pass AWS's CloudFormation validator too (off by default in unit tests: test/support/setup-env.ts).
validatorOn();

/**
 * cdk-nag's packs for regulated teams (HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1, Serverless) and AwsSolutions on a
 * production-style consumer (test/support/production-consumer.ts): every bundled part on, the functions' settings as
 * the packs ask, the team's own API and backups beside them. A new bundled part joins the consumer there.
 */
const PACK_NAMES = Object.keys(PACKS) as PackName[];

/** The rule ids of findings, by pack, each once, sorted. */
function rulesByPack(findings: Finding[]): Record<string, string[]> {
  const by: Record<string, string[]> = {};
  for (const f of findings) by[f.pack] = [...new Set([...(by[f.pack] ?? []), f.rule])].sort();
  return by;
}

/** Every acknowledgement under `scope`: the construct it is on, the rule as recorded, the reason. */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))));
}

describe('a production-style consumer passes every pack', () => {
  const consumer = productionConsumer();
  const findings = synthReport(consumer.app);

  test.each(PACK_NAMES)('%s: no unacknowledged finding', (pack) => {
    expect(findings.filter((f) => f.pack === pack).map((f) => `${f.rule} ${f.path}`)).toEqual([]);
  });

  test('and nothing else stops synth: no warning, the CloudFormation validator and the service rules content', () => {
    expect(findings).toEqual([]);
  });

  test("every acknowledgement carries a reason; the library's say so and sit on its own resources, the team's on the team's", () => {
    const all = [...acknowledgements(consumer.authStack), ...acknowledgements(consumer.apiStack)];
    for (const { path, id, reason } of all) {
      expect(reason.length).toBeGreaterThan(40);
      // The rule's own id, never `<pack>::<rule>`, which acknowledges the rule in the whole app.
      expect(id).toMatch(/^Annotation::[^:]+(\[.*\])?$/);
      if (reason.startsWith(ACK_REASON_PREFIX)) expect(path).toMatch(/^RegulatedAuth\/Auth\//);
      else expect(path).toMatch(/^(RegulatedApi\/Api\/|RegulatedAuth\/Backups\/)/);
    }
  });

  test("the library's acknowledgements, by rule: inline policies, dead-letter targets, KMS on the log groups Cognito delivers to, and wildcards no narrower resource can replace", () => {
    const rules = acknowledgements(consumer.authStack)
      .filter((a) => a.reason.startsWith(ACK_REASON_PREFIX))
      .map((a) => a.id.replace(/^Annotation::/, '').replace(/\[.*\]$/, '[...]'));
    expect([...new Set(rules)].sort()).toEqual([
      'AwsSolutions-IAM5[...]',
      'HIPAA.Security-CloudWatchLogGroupEncrypted',
      'HIPAA.Security-IAMNoInlinePolicy',
      'HIPAA.Security-LambdaDLQ',
      'NIST.800.53.R4-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R4-IAMNoInlinePolicy',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-LambdaDLQ',
      'PCI.DSS.321-CloudWatchLogGroupEncrypted',
      'PCI.DSS.321-IAMNoInlinePolicy',
      'Serverless-LambdaDLQ',
      'Serverless-LambdaStarPermissions',
    ]);
  });
});

describe('the check can fail', () => {
  test('without the functions\' settings, the packs report the bundled functions again', () => {
    const findings = synthReport(productionConsumer({ functionSettings: false }).app);
    expect(rulesByPack(findings)).toEqual({
      'HIPAA.Security': ['HIPAA.Security-CloudWatchLogGroupEncrypted', 'HIPAA.Security-LambdaConcurrency', 'HIPAA.Security-LambdaInsideVPC'],
      'NIST.800.53.R5': ['NIST.800.53.R5-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-LambdaConcurrency', 'NIST.800.53.R5-LambdaInsideVPC'],
      'PCI.DSS.321': ['PCI.DSS.321-CloudWatchLogGroupEncrypted', 'PCI.DSS.321-LambdaInsideVPC'],
      'Serverless': ['Serverless-LambdaTracing'],
    });
    const functions = ['PreSignUp', 'PostConfirmation', 'PreTokenGeneration', 'EmailSender', 'SmsSender', 'InboundFederation', 'UserMigration', 'Admins']
      .map((f) => `RegulatedAuth/Auth/${f}/Handler/`);
    for (const f of findings) expect(functions.some((prefix) => f.path.startsWith(prefix))).toBe(true);
  });

  test("the library's acknowledgements cover its own resources only: the team's own function is reported", () => {
    const findings = synthReport(productionConsumer({
      packs: ['HIPAA.Security', 'Serverless'],
      extend: (props, stack: Stack) => {
        const role = new iam.Role(stack, 'TeamRole', {
          assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
          inlinePolicies: { none: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] })] }) },
        });
        new lambda.Function(stack, 'TeamFunction', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('0'), role });
        return props;
      },
    }).app);
    expect(findings.map((f) => f.path).filter((p) => !p.startsWith('RegulatedAuth/Team'))).toEqual([]);
    expect(rulesByPack(findings)).toMatchObject({
      'HIPAA.Security': expect.arrayContaining(['HIPAA.Security-IAMNoInlinePolicy', 'HIPAA.Security-LambdaDLQ', 'HIPAA.Security-LambdaInsideVPC']),
      'Serverless': expect.arrayContaining(['Serverless-LambdaDLQ', 'Serverless-LambdaStarPermissions', 'Serverless-LambdaTracing']),
    });
  });
});
