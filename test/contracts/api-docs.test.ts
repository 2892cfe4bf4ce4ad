import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * API.md is generated from the jsii assembly (.jsii) by jsii-docgen, and `npm run build` regenerates both.
 * These tests fail when either is out of date with the TypeScript in lib/.
 */
const root = path.join(__dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

test('the jsii assembly is newer than every source file in lib/ (else run npm run build)', () => {
  const assembly = path.join(root, '.jsii');
  expect(fs.existsSync(assembly)).toBe(true);
  expect(fs.statSync(assembly).mtimeMs).toBeGreaterThanOrEqual(newestSource(path.join(root, 'lib')));
});

test('the jsii assembly carries this README, which Construct Hub shows and jsii-rosetta translates (else run npm run build)', () => {
  const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
  expect(assembly.readme.markdown === fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toBe(true);
});

test('the jsii assembly declares the constructs and the Python target', () => {
  const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
  expect(assembly.name).toBe('cdk-cognito-auth');
  expect(Object.keys(assembly.types)).toEqual(
    expect.arrayContaining([
      'cdk-cognito-auth.CognitoAuth',
      'cdk-cognito-auth.AuthUserPool',
      'cdk-cognito-auth.AppClient',
      'cdk-cognito-auth.HostedDomain',
      'cdk-cognito-auth.UserGroup',
      'cdk-cognito-auth.GroupRoleIdentityPool',
      'cdk-cognito-auth.ClientKind',
    ]),
  );
  expect(assembly.targets.python).toMatchObject({ distName: 'cdk-cognito-auth', module: 'cdk_cognito_auth' });
});

test('API.md is what jsii-docgen makes of the assembly (else run npm run build)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'api-md-'));
  try {
    execFileSync(process.execPath, [require.resolve('jsii-docgen/bin/jsii-docgen'), '-o', path.join(out, 'API.md')], {
      cwd: root,
      stdio: 'pipe',
    });
    const fresh = fs.readFileSync(path.join(out, 'API.md'), 'utf8');
    const committed = fs.readFileSync(path.join(root, 'API.md'), 'utf8');
    expect(committed === fresh).toBe(true);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
