// Starts cognito-local in the current folder (its .cognito/config.json), prints {"port": N} once it listens, and
// stops when its parent closes stdin or sends SIGTERM. Run in a child process: cognito-local's dependencies include
// ES modules that plain Node.js loads but Jest's module system does not. With COGNITO_LOCAL_LOG set, its log (which
// holds each message it delivers, its "Confirmation Code Delivery") goes to that file, one JSON record a line.
const { createDefaultServer } = require('cognito-local/lib/server');
const pino = require('pino');
const file = process.env.COGNITO_LOCAL_LOG;
const logger = file ? pino({ level: 'info' }, pino.destination({ dest: file, sync: true })) : pino({ level: 'silent' });

createDefaultServer(logger)
  .then((server) => server.start())
  .then((server) => {
    process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
    const stop = () => server.close(() => process.exit(0));
    process.stdin.on('end', stop);
    process.stdin.resume();
    process.on('SIGTERM', stop);
  })
  .catch((err) => {
    process.stderr.write(`cognito-local did not start: ${err && err.message}\n`);
    process.exit(1);
  });
