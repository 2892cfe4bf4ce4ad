// How the benchmark runs its measuring scripts: each in a child process that cannot stall the benchmark, wherever
// the benchmark was started (a terminal, a CI job, a background job with no terminal).
//
// - No child is waited on synchronously: the benchmark's own event loop keeps running, so its time limits fire.
// - Each child runs in a session of its own (`detached`), with no standard input and its output captured: it has no
//   terminal whether or not the benchmark has one, so it cannot be stopped for touching one, nor read a prompt's
//   answer.
// - A child's end is its exit, not the end of its output pipes: a process it left behind holding them open is given
//   a moment, then killed with the child's process group.
// - A child that overruns its limit is killed with its process group and run once more; a second overrun, or a
//   failure, rejects with the step named and the child's last error lines.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** How long a child's output pipes may stay open after it exited. */
const PIPE_GRACE_MS = 2_000;

/**
 * The children's environment: this one, with the AWS SDK pointed away from this machine's AWS config and credentials
 * (a profile there could run a credential process, or wait on a sign-in) and from the instance metadata service.
 */
export function childEnv(root, env = process.env) {
  return {
    ...env,
    JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
    AWS_CONFIG_FILE: join(root, '.bench', 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(root, '.bench', 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * Runs Node.js scripts as the benchmark's children. `run` answers a child's stdout; `measure` the last JSON line it
 * printed; `retried` lists the steps that were run once more after overrunning their limit.
 */
export function childRunner({ cwd, env, log = () => undefined, command = process.execPath }) {
  const retried = [];

  function runOnce(label, argv, limitMs) {
    return new Promise((resolve, reject) => {
      const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-8192)));
      let settled = false;
      const killGroup = () => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // the group has no process left
        }
      };
      const finish = (fn) => {
        if (settled) return;
        settled = true;
        clearTimeout(limit);
        child.stdout.destroy();
        child.stderr.destroy();
        fn();
      };
      const limit = setTimeout(() => {
        killGroup();
        finish(() => reject(Object.assign(new Error(`benchmark step "${label}" ran past its limit of ${limitMs / 1000} s and was stopped`), { overrun: true })));
      }, limitMs);
      child.on('error', (err) => finish(() => reject(new Error(`benchmark step "${label}" could not start: ${err.message}`))));
      child.on('exit', (code, signal) => {
        const done = () => {
          if (settled) return;
          killGroup();
          if (code === 0) return finish(() => resolve(stdout));
          const tail = stderr.trim().split('\n').slice(-20).join('\n');
          finish(() => reject(new Error(`benchmark step "${label}" failed (${signal ? `signal ${signal}` : `exit code ${code}`})${tail ? `:\n${tail}` : ''}`)));
        };
        // Output still in the pipes arrives within moments of the exit; pipes held open past the grace are let go.
        let open = 2;
        const closed = () => --open === 0 && done();
        for (const stream of [child.stdout, child.stderr]) {
          if (stream.readableEnded) closed();
          else stream.once('end', closed);
        }
        setTimeout(done, PIPE_GRACE_MS).unref();
      });
    });
  }

  /** A child process run to its end; one that overran its limit is run once more. */
  async function run(label, argv, limitMs) {
    try {
      return await runOnce(label, argv, limitMs);
    } catch (err) {
      if (!err.overrun) throw err;
      log(`${err.message}; running it once more`);
      retried.push(label);
      return runOnce(label, argv, limitMs);
    }
  }

  /** Runs a measuring script; answers the last JSON line it printed. */
  async function measure(label, argv, limitMs) {
    const line = (await run(label, argv, limitMs)).trim().split('\n').filter((l) => l.startsWith('{')).pop();
    if (line === undefined) throw new Error(`benchmark step "${label}" printed no result`);
    return JSON.parse(line);
  }

  return { run, measure, retried };
}
