// Bundles every Lambda handler (lambda/<name>/index.ts) with esbuild into assets/<name>/index.js, once, at build
// time. Constructs point lambda.Code.fromAsset at assets/<name>, so synth never runs esbuild. The output is
// deterministic (no timestamps, no absolute paths), so asset hashes and snapshots are stable.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lambdaDir = join(root, 'lambda');
const outRoot = join(root, 'assets');

/** The Node.js version of the Lambda runtime the constructs use. Keep in step with lib/private/runtime.ts. */
export const NODE_TARGET = 'node24';

const handlers = existsSync(lambdaDir)
  ? readdirSync(lambdaDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(lambdaDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort()
  : [];

rmSync(outRoot, { recursive: true, force: true });
for (const name of handlers) {
  await build({
    entryPoints: [join(lambdaDir, name, 'index.ts')],
    outfile: join(outRoot, name, 'index.js'),
    absWorkingDir: root,
    bundle: true,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    external: ['@aws-sdk/*'],
    legalComments: 'none',
    logLevel: 'warning',
  });
}
console.log(`bundled ${handlers.length} handler(s)${handlers.length ? ': ' + handlers.join(', ') : ''} into assets/`);
