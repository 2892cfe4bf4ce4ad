// One cold start: the time from before loading a handler bundle to its first answer, in this fresh process.
// Usage: node cold-start.cjs <bundle dir name> [preload-sdk]; the config and the event come from fixtures.cjs.
// With preload-sdk, the AWS SDK clients the bundle needs are loaded first, outside the timing: what is left is the
// handler's own load and first answer.
const t0 = performance.now();
const path = require('path');
const { fixture } = require('./fixtures.cjs');
const name = process.argv[2];
const { config, event } = fixture(name);
process.env.TRIGGER_CONFIG = JSON.stringify(config);
process.env.AWS_REGION = process.env.AWS_REGION || 'eu-west-1';
if (process.argv[3] === 'preload-sdk') {
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
    process.stdout.write(JSON.stringify({ name, loadMs: loaded - start, firstAnswerMs: answered - start, sinceProcessStartMs: answered - t0 }) + '\n');
  },
  (err) => {
    process.stderr.write(`${name}: ${err && err.message}\n`);
    process.exit(1);
  },
);
