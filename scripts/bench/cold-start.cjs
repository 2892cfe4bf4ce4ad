// One cold start: the time from before loading a handler bundle to its first answer, in this fresh process.
// Usage: node cold-start.cjs <bundle dir name> [configuration] [preload-sdk]; the config and the event come from
// fixtures.cjs (the handler's first configuration by default).
// With preload-sdk, the AWS SDK clients the bundle may need are loaded first, outside the timing: what is left is
// the handler's own load and first answer.
const t0 = performance.now();
const path = require('path');
const { CONFIGS, fixture } = require('./fixtures.cjs');
const name = process.argv[2];
const configuration = process.argv[3] && process.argv[3] !== 'preload-sdk' ? process.argv[3] : CONFIGS[name][0];
const preload = process.argv.includes('preload-sdk');
const { config, event } = fixture(name, configuration);
process.env.TRIGGER_CONFIG = JSON.stringify(config);
process.env.AWS_REGION = process.env.AWS_REGION || 'eu-west-1';
if (preload) {
  require('@aws-sdk/client-cognito-identity-provider');
  require('@aws-sdk/client-dynamodb');
}
console.info = () => undefined; // the handler's own log lines would mix with this script's one line of output
const start = performance.now();
const { handler } = require(path.join(__dirname, '..', '..', 'assets', name, 'index.js'));
const loaded = performance.now();
Promise.resolve(handler(event)).then(
  () => {
    const answered = performance.now();
    // Whether the bundle loaded the AWS SDK (meaningless with preload-sdk, where this script loaded it).
    const sdkLoaded = !preload && Object.keys(require.cache).some((f) => f.includes(`${path.sep}@aws-sdk${path.sep}`));
    process.stdout.write(
      JSON.stringify({ name, configuration, loadMs: loaded - start, firstAnswerMs: answered - start, sinceProcessStartMs: answered - t0, sdkLoaded }) + '\n',
    );
  },
  (err) => {
    process.stderr.write(`${name} (${configuration}): ${err && err.message}\n`);
    process.exit(1);
  },
);
