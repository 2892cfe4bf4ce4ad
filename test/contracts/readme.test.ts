import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as lib from '../../lib';
import { validatorOn } from '../support/helpers';
import { ServiceRulesPlugin } from '../support/service-rules';
import { codeBlocks, compileErrors, completeSource, isTypeScript, ROOT, transpiled, type CodeBlock } from '../support/readme-examples';

/**
 * The README is executed. Every TypeScript block compiles under strict settings, either as a complete program
 * (```ts nofixture) or inside the fixture its info string names (rosetta/<name>.ts-fixture, jsii-rosetta's
 * convention; see ../support/readme-examples.ts); and every block that builds a CDK app synthesizes the way
 * `cdk synth --strict` would accept: no error, no unacknowledged warning, no deprecated aws-cdk-lib API. Each app
 * has the context of a fresh app, not this repository's cdk.json: the feature flags `cdk init` writes (the aws-cdk
 * CLI's init template), with AWS's CloudFormation validator on, and the service rules every test app runs.
 * Front-end blocks (```mts fixture=frontend) are compiled only: they run in a browser.
 */
validatorOn();

/** The context `cdk init` (the aws-cdk CLI this repository pins) writes into a new app's cdk.json: its feature flags. */
const FRESH_APP_CONTEXT = JSON.parse(
  fs.readFileSync(path.join(path.dirname(require.resolve('aws-cdk/package.json')), 'lib', 'init-templates', '.recommended-feature-flags.json'), 'utf8'),
);

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const typescript = codeBlocks(README).filter(isTypeScript);
/** Blocks that are compiled only: browser code (```mts fixture=frontend). */
const compiledOnly = (b: CodeBlock) => b.language === 'mts';

/** Runs a block's complete source with this library's sources as 'cdk-cognito-auth'; returns the apps it made. */
function run(block: CodeBlock): cdk.App[] {
  const apps: cdk.App[] = [];
  class RecordingApp extends cdk.App {
    constructor(props?: cdk.AppProps) {
      super({ ...props, context: { ...FRESH_APP_CONTEXT, ...props?.context } });
      cdk.Validations.of(this).addPlugins(new ServiceRulesPlugin());
      apps.push(this);
    }
  }
  const cdkWithRecordingApp = new Proxy(cdk, { get: (target, key) => (key === 'App' ? RecordingApp : (target as any)[key]) });
  const requireFor = (name: string) => (name === 'cdk-cognito-auth' ? lib : name === 'aws-cdk-lib' ? cdkWithRecordingApp : require(name));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', transpiled(block))(requireFor, module, module.exports);
  return apps;
}

/** What `cdk synth --strict` stops at: every error and warning left in the cloud assembly, with its construct path. */
function strictFindings(app: cdk.App): string[] {
  return app
    .synth()
    .stacksRecursively.flatMap((s) => s.messages.filter((m) => m.level !== 'info').map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`));
}

describe('README', () => {
  test('has TypeScript blocks, each a complete program or in a fixture that exists', () => {
    expect(typescript.length).toBeGreaterThan(20);
    for (const block of typescript) expect(() => completeSource(block)).not.toThrow();
  });

  test('every TypeScript block compiles under strict settings (jsii-rosetta\'s compiler options); a broken one is reported', () => {
    // One compile (most of this test's time): the README, and after it a block that must fail, to show the check can.
    const broken = ['```ts', "import { CognitoAuth } from 'cdk-cognito-auth';", "new CognitoAuth(this, 'Auth', { clientz: [] });", '```'];
    const lines = README.split('\n').length;
    expect(compileErrors([README, ...broken].join('\n'))).toEqual([
      expect.stringMatching(new RegExp(`^README block at line ${lines + 1}, .*: Object literal may only specify known properties, .*'clientz'`)),
    ]);
  });

  test('every block that is run uses aws-cdk-lib', () => {
    expect(typescript.filter((b) => !compiledOnly(b) && !/from 'aws-cdk-lib'/.test(completeSource(b))).map((b) => b.line)).toEqual([]);
  });

  const runnable = typescript.filter((b) => !compiledOnly(b));
  test.each(runnable.map((b) => [b.line, b] as const))('the block at line %i synthesizes with no error or warning (cdk synth --strict)', (_line, block) => {
    const deprecated = process.env.JSII_DEPRECATED;
    process.env.JSII_DEPRECATED = 'fail';
    try {
      const apps = run(block);
      expect(apps.length).toBeGreaterThan(0);
      expect(apps.flatMap(strictFindings)).toEqual([]);
    } finally {
      process.env.JSII_DEPRECATED = deprecated;
    }
  });
});
