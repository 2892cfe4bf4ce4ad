/**
 * The snapshot kit, as a consumer meets it: two installed copies of this package (the compiled dist/ and the
 * assets/ bundles), the second one a "new release" whose handler code and version number differ and whose
 * CloudFormation does not. The consumer's masked snapshot must not change between them; a real change to their stack must.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AuthSnapshot, CognitoAuth } from '../lib';

const ROOT = path.join(__dirname, '..');
const CONTEXT = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context;

/** A copy of the package as npm would install it, sharing this repo's node_modules (one aws-cdk-lib). */
function installCopy(name: string, change?: (dir: string) => void): any {
  const newest = (dir: string) =>
    Math.max(0, ...(fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).map((f) => fs.statSync(path.join(ROOT, dir, f)).mtimeMs));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js')) || newest('dist') < newest('lib')) {
    throw new Error('dist/ is missing or older than lib/: run npm run build');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `snapshot-kit-${name}-`));
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'assets'), path.join(dir, 'assets'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.copyFileSync(path.join(ROOT, '.jsii'), path.join(dir, '.jsii'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  change?.(dir);
  return require(path.join(dir, 'dist', 'index.js'));
}

/** A library-only release: a handler's code changes (so its asset hash does), and the version in every class. */
function newRelease(dir: string): void {
  fs.appendFileSync(path.join(dir, 'assets', 'pre-signup', 'index.js'), '\n// a fix inside the handler\n');
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const old = pkg.version;
  pkg.version = '99.0.0';
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  for (const file of fs.readdirSync(path.join(dir, 'dist'), { recursive: true }) as string[]) {
    if (!file.endsWith('.js')) continue;
    const full = path.join(dir, 'dist', file);
    fs.writeFileSync(full, fs.readFileSync(full, 'utf8').split(`version: "${old}"`).join('version: "99.0.0"'));
  }
}

/** The consumer's stack, built with one copy of the library; version reporting on, as `cdk synth` has it. */
function consumerStack(lib: any, callbackUrl = 'https://app.example.com/callback') {
  const app = new App({ context: CONTEXT, analyticsReporting: true });
  const stack = new Stack(app, 'Consumer');
  new lib.CognitoAuth(stack, 'Auth', {
    customAttributes: { tenant: new cognito.StringAttribute({ mutable: true }) },
    clients: [{ name: 'web', kind: lib.ClientKind.PUBLIC_WEB, callbackUrls: [callbackUrl] }],
    domain: { prefix: 'consumer-auth' },
    groups: [{ name: 'member', precedence: 10 }],
    triggers: { preSignUp: { allowedEmailDomains: ['example.com'] }, postConfirmation: { defaultGroups: ['member'] }, preTokenGeneration: {} },
  });
  return { stack, raw: Template.fromStack(stack).toJSON(), masked: lib.AuthSnapshot.fromStack(stack) };
}

describe('AuthSnapshot, across two releases of the library', () => {
  const current = installCopy('current');
  const release = installCopy('release', newRelease);
  const before = consumerStack(current);
  const after = consumerStack(release);

  test("the raw templates differ in the handler's asset hash only: the library's version appears nowhere", () => {
    expect(after.raw).not.toEqual(before.raw);
    const keys = (t: any) => Object.values(t.Resources).filter((r: any) => r.Type === 'AWS::Lambda::Function').map((r: any) => r.Properties.Code.S3Key);
    expect(keys(after.raw)).not.toEqual(keys(before.raw));
    const withoutKeys = (t: any) => JSON.parse(JSON.stringify(t).replace(/[0-9a-f]{64}\.zip/g, 'KEY'));
    expect(withoutKeys(after.raw)).toEqual(withoutKeys(before.raw));
    expect(JSON.stringify(after.raw)).not.toContain('99.0.0');
  });

  test("CDKMetadata records aws-cdk-lib's version and the props this library passes to it, so the kit drops it", () => {
    const analytics = before.raw.Resources.CDKMetadata.Properties.Analytics as string;
    const text = zlib.gunzipSync(Buffer.from(analytics.replace('v2:deflate64:', ''), 'base64')).toString();
    expect(text).toMatch(/^\d+\.\d+\.\d+!aws-cdk-lib\./);
    expect(text).toContain('"signInCaseSensitive":false');
    expect(before.masked.Resources.CDKMetadata).toBeUndefined();
  });

  test('the masked snapshots are equal', () => {
    expect(after.masked).toEqual(before.masked);
  });

  test("the masks: this library's bundles by name, CDKMetadata and its condition gone", () => {
    const keys = Object.values(before.masked.Resources)
      .filter((r: any) => r.Type === 'AWS::Lambda::Function')
      .map((r: any) => r.Properties.Code.S3Key)
      .sort();
    expect(keys).toEqual(['cdk-cognito-auth:post-confirmation.zip', 'cdk-cognito-auth:pre-signup.zip', 'cdk-cognito-auth:pre-token-generation.zip']);
    expect(before.masked.Resources.CDKMetadata).toBeUndefined();
    expect(before.masked.Conditions).toBeUndefined();
    expect(JSON.stringify(before.masked)).not.toMatch(/[0-9a-f]{64}/);
  });

  test('a real change to the stack still changes the masked snapshot', () => {
    const changed = consumerStack(release, 'https://app.example.com/signed-in');
    expect(changed.masked).not.toEqual(after.masked);
    const client = (t: any) => Object.values(t.Resources).find((r: any) => r.Type === 'AWS::Cognito::UserPoolClient' && r.Properties.ClientName === 'web') as any;
    expect(client(changed.masked).Properties.CallbackURLs).toEqual(['https://app.example.com/signed-in']);
  });

  test("the consumer's own assets are not masked", () => {
    const app = new App({ context: CONTEXT });
    const stack = new Stack(app, 'Own');
    const { Function, Code, Runtime } = require('aws-cdk-lib/aws-lambda');
    new Function(stack, 'Mine', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromAsset(path.join(ROOT, 'assets', 'pre-signup')) });
    const masked = current.AuthSnapshot.fromStack(stack);
    const [fn] = Object.values(masked.Resources).filter((r: any) => r.Type === 'AWS::Lambda::Function') as any[];
    expect(fn.Properties.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
  });
});

describe('AuthSnapshot.mask', () => {
  test("masks a template you synthesized yourself into a copy, as fromStack does; anything but a JSON object is refused", () => {
    const stack = new Stack(new App({ context: CONTEXT, analyticsReporting: true }), 'Own');
    new CognitoAuth(stack, 'Auth', { triggers: { preTokenGeneration: {} } });
    const template = Template.fromStack(stack).toJSON();
    const before = JSON.stringify(template);
    const masked = AuthSnapshot.mask(stack, template);
    expect(masked).toEqual(AuthSnapshot.fromStack(stack));
    expect(masked.Resources.CDKMetadata).toBeUndefined();
    expect(JSON.stringify(template)).toBe(before);
    for (const wrong of ['{}', [template], null]) {
      expect(() => AuthSnapshot.mask(stack, wrong)).toThrow("AuthSnapshot.mask: template is not a template: give the parsed JSON object of the stack's .template.json");
    }
  });
});
