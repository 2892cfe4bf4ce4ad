#!/usr/bin/env node
import { runCommand } from './command';

runCommand(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
  (status) => {
    process.exitCode = status;
  },
  (err) => {
    console.error(`cognito-user-import: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
