import * as fs from 'fs';
import * as path from 'path';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';

// cdk-nag's packs as the tests run them, and what they find: synth stops at an unacknowledged finding (or a warning),
// and writes every pack's findings to the cloud assembly's validation-report.json, which `synthReport` reads.

/** The cdk-nag packs a regulated team runs, by the name each reports under. */
export const PACKS = {
  'AwsSolutions': () => new AwsSolutionsChecks(),
  'HIPAA.Security': () => new HIPAASecurityChecks(),
  'NIST.800.53.R5': () => new NIST80053R5Checks(),
  'PCI.DSS.321': () => new PCIDSS321Checks(),
  'Serverless': () => new ServerlessChecks(),
} as const;

export type PackName = keyof typeof PACKS;

/** One finding: the pack's rule id (with its finding, as `Rule[finding]`) and the construct path of the resource. */
export interface Finding {
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
  /** What the pack says (for a warning of the library, its text). */
  readonly description: string;
}

/** Synthesizes the app and returns every unacknowledged finding of every pack (synth throws on a finding: read the report). */
export function synthReport(app: App): Finding[] {
  try {
    app.synth();
  } catch (err) {
    if (!/ValidationFailed/.test(String(err))) throw err;
  }
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  return report.pluginReports.flatMap((r: any) =>
    r.violations.flatMap((v: any) =>
      v.violatingConstructs.map((c: any) => ({ pack: r.pluginName, rule: v.ruleName, path: c.constructPath, description: v.description }))),
  );
}
