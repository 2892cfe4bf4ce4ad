import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_ENV, RESERVED_CLAIMS } from '../../lib/private/handler-config';

/**
 * What lib/ and lambda/ share lives once, in lib/private/handler-config.ts, which imports nothing: esbuild bundles it
 * into the handlers and jsii compiles it with the constructs. A second copy on either side fails here.
 */
const root = path.join(__dirname, '..', '..');
function sources(dir: string): string[] {
  return (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}
const files = [...sources('lib'), ...sources('lambda')];
const contract = path.join('lib', 'private', 'handler-config.ts');

test('the contract module imports nothing', () => {
  expect(fs.readFileSync(path.join(root, contract), 'utf8')).not.toMatch(/^\s*import\s/m);
});

test.each<[string, string]>([
  ['the config variable name', `'${CONFIG_ENV}'`],
  ['the reserved claims', `'${RESERVED_CLAIMS.find((c) => c === 'origin_jti')}'`],
  ['the reserved claims', `'${RESERVED_CLAIMS.find((c) => c === 'at_hash')}'`],
])('%s (%s) are written in the contract module only', (_what, literal) => {
  const holders = files.filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes(literal));
  expect(holders).toEqual([contract]);
});

test('the bundles carry the contract: the reserved claims and the variable name are in the handlers that use them', () => {
  const bundle = (name: string) => fs.readFileSync(path.join(root, 'assets', name, 'index.js'), 'utf8');
  expect(bundle('pre-token-generation')).toContain('"origin_jti"');
  for (const name of ['pre-signup', 'post-confirmation', 'pre-token-generation', 'jwt-authorizer', 'custom-message', 'custom-email-sender', 'custom-sms-sender',
    'inbound-federation']) expect(bundle(name)).toContain('"TRIGGER_CONFIG"');
});
