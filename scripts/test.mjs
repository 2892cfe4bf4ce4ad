// npm test: the type-check (tsc --noEmit), the linter (ESLint, eslint.config.mjs) and jest at the same time, on the
// machine's two cores, instead of one after the other. jest's output streams as it runs; the type-check's and the
// linter's are printed when they fail. The exit code is non-zero when any fails. Arguments go to jest
// (npm test -- test/foo.test.ts).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);

function run(args, options) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, ...options });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const quiet = { stdio: ['ignore', 'pipe', 'pipe'] };
const typecheck = run([bin('typescript', 'bin/tsc'), '--noEmit', '-p', '.'], quiet);
const lint = run([bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', 'lib', 'lambda', 'bin', 'scripts', 'test'], quiet);
const jest = run([bin('jest', 'bin/jest.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
const [types, findings, tests] = await Promise.all([typecheck, lint, jest]);
if (types.code !== 0) {
  process.stderr.write(`\ntype-check (tsc --noEmit) failed:\n${types.out}\n`);
}
if (findings.code !== 0) {
  process.stderr.write(`\nlint (eslint) failed:\n${findings.out}\n`);
}
process.exit([types.code, findings.code, tests.code].find((code) => code !== 0) ?? 0);
