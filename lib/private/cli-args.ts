/**
 * The command line of the package's commands: `--name value`, `--name=value` and `--flag`; an unknown argument, a name
 * given twice, a flag with a value or a name without one is an error (made by `error`, so each command throws its own
 * usage error) that names it.
 */
export function readArgs(argv: string[], valued: string[], flags: string[], error: (message: string) => Error): Map<string, string | true> {
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].startsWith('--') ? argv[i].indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], undefined];
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    if (!valued.includes(name) && !flags.includes(name)) throw error(`unknown argument '${argv[i]}'`);
    if (values.has(name)) throw error(`${flag} is given twice`);
    if (flags.includes(name)) {
      if (inline !== undefined) throw error(`${flag} takes no value`);
      values.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw error(`${flag} needs a value`);
    values.set(name, value);
  }
  return values;
}

/**
 * A command's arguments, or its exit status when there are none to run with: after `--help` (undefined from `parse`)
 * the usage is printed and the status is 0; after a usage error, the error and the usage go to `err` and it is 2.
 */
export function argsOrStatus<T>(
  command: string,
  usage: string,
  parse: () => T | undefined,
  io: { out: (line: string) => void; err: (line: string) => void },
): { args: T } | { status: number } {
  let args: T | undefined;
  try {
    args = parse();
  } catch (err) {
    io.err(`${command}: ${(err as Error).message}\n\n${usage}`);
    return { status: 2 };
  }
  if (args === undefined) {
    io.out(usage);
    return { status: 0 };
  }
  return { args };
}
