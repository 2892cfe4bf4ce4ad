// One cold start: the time from before loading a handler bundle to its first answer, in this fresh process.
// Usage: node cold-start.cjs <bundle dir name> [configuration] [first-call]; the config and the events come from
// fixtures.cjs (the handler's first configuration by default). Prints one JSON line.
//
// By default the first event is one the configuration answers without calling AWS, and `sdkLoaded` says whether the
// bundle loaded the AWS SDK anyway (it must not: the SDK is loaded by the first call that needs it). With first-call,
// the first event is one that calls AWS: the figure then holds the SDK's load, the client's set-up and the calls,
// answered by a stand-in for the AWS APIs on 127.0.0.1 (started before the clock). The AWS SDK reads no credentials
// or config files of this machine, and nothing here reaches the network.
const t0 = performance.now();
const http = require('http');
const os = require('os');
const path = require('path');
const { CONFIGS, fixture } = require('./fixtures.cjs');

const name = process.argv[2];
const configuration = process.argv[3] && process.argv[3] !== 'first-call' ? process.argv[3] : CONFIGS[name][0];
const firstCall = process.argv.includes('first-call');
const { config, event, callEvent, standIn: answers = {} } = fixture(name, configuration);
if (firstCall && !callEvent) throw new Error(`${name} (${configuration}) has no event that calls AWS`);

process.env.TRIGGER_CONFIG = JSON.stringify(config);
process.env.AWS_REGION = process.env.AWS_REGION || 'eu-west-1';
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_CONFIG_FILE: path.join(os.tmpdir(), 'cdk-cognito-auth-bench-no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'cdk-cognito-auth-bench-no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
});
console.info = () => undefined; // the handler's own log lines would mix with this script's one line of output

function measure() {
  const first = firstCall ? callEvent : event;
  const start = performance.now();
  const { handler } = require(path.join(__dirname, '..', '..', 'assets', name, 'index.js'));
  const loaded = performance.now();
  return Promise.resolve(handler(first)).then(() => {
    const answered = performance.now();
    const sdkLoaded = Object.keys(require.cache).some((f) => f.includes(`${path.sep}@aws-sdk${path.sep}`));
    return { name, configuration, firstCall, loadMs: loaded - start, firstAnswerMs: answered - start, sinceProcessStartMs: answered - t0, sdkLoaded };
  });
}

/**
 * A stand-in for the AWS JSON APIs: answers each call with the fixture's answer for its operation (its X-Amz-Target),
 * or `{}` (an empty, successful answer).
 */
function standIn() {
  const server = http.createServer((req, res) => {
    req.resume();
    const answer = answers[String(req.headers['x-amz-target'])] ?? {};
    req.on('end', () => res.writeHead(200, { 'content-type': String(req.headers['content-type'] || 'application/x-amz-json-1.1') }).end(JSON.stringify(answer)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

(async () => {
  let server;
  if (firstCall) {
    server = await standIn();
    const url = `http://127.0.0.1:${server.address().port}`;
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = url;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = url;
  }
  const result = await measure();
  process.stdout.write(JSON.stringify(result) + '\n');
  // The SDK keeps its connections to the stand-in open: end here rather than wait for them to time out.
  if (server) process.exit(0);
})().catch((err) => {
  process.stderr.write(`${name} (${configuration}${firstCall ? ', first call' : ''}): ${err && err.message}\n`);
  process.exit(1);
});
