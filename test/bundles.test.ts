import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HANDLER_RUNTIME } from '../lib/private/bundled-function';

/** The handler bundles that `npm run build` writes into assets/ and the package ships. */
const root = path.join(__dirname, '..');
const HANDLERS = ['jwt-authorizer', 'post-confirmation', 'pre-signup', 'pre-token-generation'];
const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name, 'index.js'));

function buildInto(dir: string): void {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), dir], { cwd: root, stdio: 'pipe' });
}

describe('handler bundles', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bundles-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('exist after the build, one per lambda/<name>/index.ts, with a source map', () => {
    const built = fs.readdirSync(path.join(root, 'assets')).sort();
    const sources = fs.readdirSync(path.join(root, 'lambda')).filter((d) => fs.existsSync(path.join(root, 'lambda', d, 'index.ts'))).sort();
    expect(built).toEqual(HANDLERS);
    expect(sources).toEqual(HANDLERS);
    for (const name of HANDLERS) {
      expect(fs.readdirSync(path.join(root, 'assets', name)).sort()).toEqual(['index.js', 'index.js.map']);
    }
  });

  test('contain no AWS SDK code: the SDK stays external (the Lambda runtime provides it)', () => {
    for (const name of HANDLERS) {
      const code = read(path.join(root, 'assets'), name).toString('utf8');
      expect(code).not.toMatch(/@smithy|smithy-client|SignatureV4|aws4_request/);
    }
    expect(read(path.join(root, 'assets'), 'pre-signup').toString()).toContain('require("@aws-sdk/client-cognito-identity-provider")');
    expect(read(path.join(root, 'assets'), 'post-confirmation').toString()).toContain('require("@aws-sdk/client-dynamodb")');
    // pre token generation requires the SDK only inside the function that wires default groups (checked below)
    expect(read(path.join(root, 'assets'), 'pre-token-generation').toString()).toMatch(/function \w+\(\)\{let \w+=require\("@aws-sdk\/client-cognito-identity-provider"\)/);
    // aws-jwt-verify is bundled into the authorizer (it is not part of the Lambda runtime)
    expect(read(path.join(root, 'assets'), 'jwt-authorizer').toString()).not.toContain('require("aws-jwt-verify');
  });

  test('are byte-for-byte identical across two builds, and the same as the shipped ones', () => {
    buildInto(path.join(tmp, 'a'));
    buildInto(path.join(tmp, 'b'));
    for (const name of HANDLERS) {
      expect(read(path.join(tmp, 'a'), name).equals(read(path.join(tmp, 'b'), name))).toBe(true);
      expect(read(path.join(tmp, 'a'), name).equals(read(path.join(root, 'assets'), name))).toBe(true);
      const map = (dir: string) => fs.readFileSync(path.join(dir, name, 'index.js.map'));
      expect(map(path.join(tmp, 'a')).equals(map(path.join(tmp, 'b')))).toBe(true);
      // the shipped map names sources relative to the package (../../lambda/...), not by this machine's paths
      expect(map(path.join(root, 'assets')).toString()).not.toContain(root);
    }
  });

  test.each([
    ['pre-token-generation', 8 * 1024],
    ['pre-signup', 16 * 1024],
    ['post-confirmation', 16 * 1024],
    ['jwt-authorizer', 64 * 1024],
  ])('%s stays within its size budget (%d bytes, minified, AWS SDK external)', (name, budget) => {
    expect(read(path.join(root, 'assets'), name).length).toBeLessThanOrEqual(budget);
  });

  test('target the Node.js version of the functions\' runtime', () => {
    const script = fs.readFileSync(path.join(root, 'scripts', 'bundle.mjs'), 'utf8');
    const target = /NODE_TARGET = 'node(\d+)'/.exec(script)?.[1];
    expect(HANDLER_RUNTIME.name).toBe(`nodejs${target}.x`);
  });

  test.each([
    [[], false],
    [['member'], true],
  ])('the bundled pre token generation handler with default groups %j loads the AWS SDK at cold start: %s', (defaultGroups, loads) => {
    const config = { claimsFromAttributes: {}, permissionsClaim: 'permissions', groupPermissions: {}, groupScopes: {}, suppressClaims: [], accessTokenClaims: true, maxClaimBytes: 512, defaultGroups };
    const script = `require(${JSON.stringify(path.join(root, 'assets', 'pre-token-generation', 'index.js'))});` +
      "console.log(Object.keys(require.cache).some((f) => f.includes('client-cognito-identity-provider')))";
    const out = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, TRIGGER_CONFIG: JSON.stringify(config), NODE_PATH: path.join(root, 'node_modules'), AWS_REGION: 'eu-west-1' },
    });
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toBe(String(loads));
  });

  test('the bundled pre token generation handler answers a V2 event with its config from the environment', async () => {
    const file = path.join(root, 'assets', 'pre-token-generation', 'index.js');
    const config = { claimsFromAttributes: { tenant: 'custom:tenant_id' }, permissionsClaim: 'permissions', groupPermissions: { admin: ['a:b'] }, groupScopes: {}, suppressClaims: [], accessTokenClaims: false, maxClaimBytes: 512, defaultGroups: [] };
    const saved = process.env.TRIGGER_CONFIG;
    process.env.TRIGGER_CONFIG = JSON.stringify(config);
    let handler: (event: unknown) => Promise<any> = async () => undefined;
    try {
      jest.isolateModules(() => {
        handler = require(file).handler;
      });
      const out = await handler({
        version: '2', triggerSource: 'TokenGeneration_Authentication', region: 'eu-west-1', userPoolId: 'eu-west-1_X', userName: 'u',
        callerContext: { awsSdkVersion: 'x', clientId: 'c' },
        request: { userAttributes: { 'custom:tenant_id': 'acme' }, groupConfiguration: { groupsToOverride: ['admin'] } },
        response: { claimsAndScopeOverrideDetails: {} },
      });
      expect(out.response.claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride).toEqual({ tenant: 'acme', permissions: ['a:b'] });
    } finally {
      if (saved === undefined) delete process.env.TRIGGER_CONFIG;
      else process.env.TRIGGER_CONFIG = saved;
    }
  });
});
