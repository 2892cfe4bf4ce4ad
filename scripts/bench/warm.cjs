// Warm latency of each handler (p50, p99 over many calls after a warm-up) and the authorizer's throughput against
// aws-jwt-verify alone, with the same token and keys, in this one process. Prints one JSON line.
const path = require('path');
const { JwtVerifier } = require('aws-jwt-verify');
const { fixture } = require('./fixtures.cjs');

console.info = () => undefined;
const load = (name) => {
  const { config, event, kit } = fixture(name);
  process.env.TRIGGER_CONFIG = JSON.stringify(config);
  const file = path.join(__dirname, '..', '..', 'assets', name, 'index.js');
  delete require.cache[file];
  return { handler: require(file).handler, event, kit, config };
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const clone = (o) => JSON.parse(JSON.stringify(o));

async function latency(name, calls) {
  const { handler, event } = load(name);
  const events = Array.from({ length: calls + 200 }, () => clone(event));
  for (let i = 0; i < 200; i++) await handler(events[i]);
  const times = [];
  for (let i = 200; i < events.length; i++) {
    const t = performance.now();
    await handler(events[i]);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { name, calls, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
}

async function throughput(fn, ms) {
  for (let i = 0; i < 200; i++) await fn();
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    await fn();
    n++;
  }
  return (n * 1000) / ms;
}

(async () => {
  const latencies = [];
  for (const name of ['pre-token-generation', 'pre-signup', 'post-confirmation', 'jwt-authorizer', 'custom-message', 'inbound-federation']) {
    latencies.push(await latency(name, 5000));
  }

  const { handler, event, kit } = load('jwt-authorizer');
  // The same verification the handler asks of aws-jwt-verify: signature, issuer, expiry, then token_use and client.
  const { validateCognitoJwtFields } = require('aws-jwt-verify/cognito-verifier');
  const direct = JwtVerifier.create({
    issuer: kit.issuer,
    audience: null,
    customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: ['client'] }),
  });
  direct.cacheJwks(kit.jwks);
  // Alternated rounds (which one goes first alternates too); the ratio is the median of the rounds' ratios.
  const rounds = [];
  for (let r = 0; r < 8; r++) {
    const run = { bundled: () => throughput(() => handler(event), 1000), direct: () => throughput(() => direct.verify(kit.token), 1000) };
    const first = r % 2 === 0 ? 'bundled' : 'direct';
    const second = first === 'bundled' ? 'direct' : 'bundled';
    const round = { [first]: await run[first](), [second]: await run[second]() };
    rounds.push({ ...round, ratio: round.bundled / round.direct });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  process.stdout.write(
    JSON.stringify({
      latencies,
      authorizer: {
        rounds: rounds.length,
        bundledPerSecond: median(rounds.map((r) => r.bundled)),
        awsJwtVerifyPerSecond: median(rounds.map((r) => r.direct)),
        ratio: median(rounds.map((r) => r.ratio)),
      },
    }) + '\n',
  );
})().catch((err) => {
  process.stderr.write(String(err && err.stack) + '\n');
  process.exit(1);
});
