import { readJson } from '../private/read-json';
import { checkProps } from '../private/props-check';
import { checkTemplate, findingsFor } from './private/rules';
import { UpgradeAcknowledgement, UpgradeCheckOptions, UpgradeCheckResult, UpgradeFinding, UpgradeFindingKind } from './types';

/**
 * Compares a stack's template before and after a change and reports what the deploy would lose or Cognito would
 * refuse: a stateful resource replaced or removed (the user pool and its replicas, app clients, domain, identity
 * pool, groups, identity providers, resource servers; DynamoDB tables such as the profile table, S3 buckets, KMS keys,
 * log groups, Kinesis and Firehose streams), any resource whose DeletionPolicy or UpdateReplacePolicy is Retain or
 * Snapshot replaced or removed (the old one stays outside the stack), a retained pool left behind or unprotected, a
 * custom attribute removed or changed, a sign-in setting Cognito fixes at creation, a passkey relying party moved.
 * Replacement comes from @aws-cdk/cloudformation-diff, the engine behind `cdk diff`.
 *
 * Use it in a test (`UpgradeCheck.compare(deployed, Template.fromStack(stack).toJSON())`) or through the
 * `cognito-upgrade-check` command.
 */
export class UpgradeCheck {
  /**
   * Compares two CloudFormation templates (parsed JSON). A template is a JSON object of CloudFormation's sections
   * (Resources, Outputs, ...) whose contents are free-form, so each is typed as a JSON object (a map of string to any
   * value in every jsii language): `Template.fromStack(stack).toJSON()`, or `JSON.parse` of a `.template.json`.
   * @param before the template as deployed (or as last released)
   * @param after the template of the change
   * @param options findings accepted on purpose
   */
  public static compare(before: { [key: string]: any }, after: { [key: string]: any }, options: UpgradeCheckOptions = {}): UpgradeCheckResult {
    const acknowledgements = options.acknowledgements ?? [];
    checkTemplate(before, 'before');
    checkTemplate(after, 'after');
    checkOptions(options, 'UpgradeCheck.compare() options');
    const findings: UpgradeFinding[] = [];
    const acknowledged: UpgradeFinding[] = [];
    for (const finding of findingsFor(before, after)) {
      const ack = acknowledgements.find((a) => a.logicalId === finding.logicalId && (a.kind === undefined || a.kind === finding.kind));
      if (ack) acknowledged.push({ ...finding, acknowledgedReason: ack.reason });
      else findings.push(finding);
    }
    return { findings, acknowledged, safe: findings.length === 0 };
  }

  /** Compares two template files (JSON). */
  public static compareFiles(beforePath: string, afterPath: string, options: UpgradeCheckOptions = {}): UpgradeCheckResult {
    checkOptions(options, 'UpgradeCheck.compareFiles() options');
    return UpgradeCheck.compare(readJson(beforePath, 'template'), readJson(afterPath, 'template'), options);
  }

  /**
   * Reads an acknowledgement file: JSON of the form
   * `{ "acknowledgements": [{ "logicalId": "...", "kind": "REPLACED", "reason": "..." }] }`.
   */
  public static readAcknowledgements(path: string): UpgradeAcknowledgement[] {
    const file = readJson(path, 'acknowledgement file');
    const list = file?.acknowledgements;
    if (!Array.isArray(list)) {
      throw new Error(`${path}: an acknowledgement file holds { "acknowledgements": [ { "logicalId", "reason", "kind"? } ] }`);
    }
    list.forEach((a: unknown, i: number) => validateAcknowledgement(a, `${path}: acknowledgements[${i}]`));
    return list;
  }

  /** One readable line for a finding. */
  public static formatFinding(finding: UpgradeFinding): string {
    checkProps('UpgradeFinding', finding, 'UpgradeCheck.formatFinding() finding');
    const property = finding.property ? ` ${finding.property}` : '';
    const ack = finding.acknowledgedReason !== undefined ? ` [acknowledged: ${finding.acknowledgedReason}]` : '';
    return `${finding.kind} ${finding.resourceType} ${finding.logicalId}${property}: ${finding.message}; way out: ${finding.suggestion}${ack}`;
  }

  private constructor() {}
}

/**
 * The options of `compare` and `compareFiles`: each acknowledgement with the messages acknowledgement files get, then
 * the rest (unknown props, for plain JavaScript) against the assembly.
 */
function checkOptions(options: UpgradeCheckOptions, label: string): void {
  const acknowledgements = options?.acknowledgements;
  if (Array.isArray(acknowledgements)) acknowledgements.forEach((a, i) => validateAcknowledgement(a, `acknowledgements[${i}]`));
  checkProps('UpgradeCheckOptions', options, label);
}

function validateAcknowledgement(a: any, where: string): void {
  if (typeof a !== 'object' || a === null || typeof a.logicalId !== 'string' || a.logicalId === '') {
    throw new Error(`${where} has no logicalId: each acknowledgement names the resource's logical id`);
  }
  if (typeof a.reason !== 'string' || a.reason.trim() === '') {
    throw new Error(`${where} ('${a.logicalId}') has no reason: say why the finding is fine, for whoever reads the file next`);
  }
  if (a.kind !== undefined && !Object.values(UpgradeFindingKind).includes(a.kind)) {
    throw new Error(`${where} ('${a.logicalId}') has kind '${a.kind}': use one of ${Object.values(UpgradeFindingKind).join(', ')}, or leave kind ` +
      `out`);
  }
}
