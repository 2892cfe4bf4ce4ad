// Bundles every Lambda handler (lambda/<name>/index.ts) with esbuild into assets/<name>/index.js, once, at build
// time. Constructs point lambda.Code.fromAsset at assets/<name>, so synth never runs esbuild. The output is
// deterministic (no timestamps, no absolute paths), so asset hashes and snapshots are stable.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lambdaDir = join(root, 'lambda');
// The output folder: assets/ by default; a test passes another to check that two builds are identical.
const outRoot = process.argv[2] ? resolve(process.argv[2]) : join(root, 'assets');

/**
 * The Node.js version of the Lambda runtime the constructs use. Keep in step with HANDLER_RUNTIME in
 * lib/private/bundled-function.ts (a test checks).
 */
export const NODE_TARGET = 'node24';

const handlers = existsSync(lambdaDir)
  ? readdirSync(lambdaDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(lambdaDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort()
  : [];

/**
 * The AWS Encryption SDK's packages (@aws-crypto/*, bundled into the custom senders) ship source maps that name
 * TypeScript sources they do not ship, so a map built from them would name files without their text. Their JavaScript
 * is read without its map comment: the bundle's map then names that JavaScript, with its text.
 */
const withoutShippedMaps = {
  name: 'without-shipped-maps',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@aws-crypto[\\/].*\.js$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, ''),
      loader: 'js',
    }));
  },
};

/**
 * Drops the text of third-party sources (node_modules/) from a bundle's map: a trace still names their file and line,
 * in packages whose versions package.json pins, and this package's own sources keep their text. In the custom senders'
 * maps, the Encryption SDK's text was about 0.9 MB each, more than twice the bundle.
 */
function keepOwnSourcesOnly(mapFile) {
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  map.sourcesContent = map.sources.map((source, i) => (source.includes('/node_modules/') ? null : map.sourcesContent[i]));
  writeFileSync(mapFile, JSON.stringify(map));
}

rmSync(outRoot, { recursive: true, force: true });
for (const name of handlers) {
  await build({
    entryPoints: [join(lambdaDir, name, 'index.ts')],
    outfile: join(outRoot, name, 'index.js'),
    absWorkingDir: root,
    bundle: true,
    minify: true,
    // The functions run with --enable-source-maps, so a trace names the TypeScript sources (lambda/<name>/index.ts,
    // lambda/shared/*.ts, lib/private/handler-config.ts), which the package does not ship as files: the map carries
    // their text, so a trace in the function's logs is readable from the asset alone.
    sourcemap: true,
    sourcesContent: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    external: ['@aws-sdk/*'],
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [withoutShippedMaps],
  });
  keepOwnSourcesOnly(join(outRoot, name, 'index.js.map'));
}
console.log(`bundled ${handlers.length} handler(s)${handlers.length ? ': ' + handlers.join(', ') : ''} into ${outRoot === join(root, 'assets') ? 'assets/' : outRoot}`);
