import type { IConstruct } from 'constructs';

/** Error thrown for invalid construct props. The message is the contract; tests assert it exactly. */
export class ConfigError extends Error {
  /** The path of the construct whose props are wrong, once known (see `located`). */
  public constructPath?: string;

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Runs `fn`, putting `scope`'s path in front of the message of a ConfigError it throws (see `located`). */
export function atPath<T>(scope: IConstruct, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw located(scope, err);
  }
}

/**
 * An error thrown while a construct of this library was built or configured, with the construct's path put in front
 * of the message the way aws-cdk-lib's validation reports name constructs: `[Stack/Auth] clients['web'] ...`. The
 * innermost construct names it; an error that already has a path, or is not a ConfigError, passes unchanged.
 */
export function located(scope: IConstruct, err: unknown): unknown {
  if (err instanceof ConfigError && err.constructPath === undefined) {
    err.constructPath = scope.node.path;
    err.message = `[${scope.node.path}] ${err.message}`;
  }
  return err;
}

/** The synth-time checks of each construct, run together by one validation (see `checkAtSynth`). */
const synthChecks = new WeakMap<IConstruct, (() => string[])[]>();

/**
 * Registers a check of `scope`'s props that must wait for synth (groups, clients and APIs may still be added until
 * then). When it finds problems, synth stops with the same error a constructor throws: a ConfigError with `scope`'s
 * path in front (`[Stack/Auth] groups has ...`), which aws-cdk-lib lets through `app.synth()` unchanged (a validation
 * that throws stops the tree's validation there, so the first construct in tree order with a problem is reported).
 * Every problem of that construct's checks is in the one error, a line each, each line in that form.
 */
export function checkAtSynth(scope: IConstruct, check: () => string[]): void {
  const registered = synthChecks.get(scope);
  if (registered !== undefined) {
    registered.push(check);
    return;
  }
  const checks = [check];
  synthChecks.set(scope, checks);
  scope.node.addValidation({
    validate: () => {
      const messages = checks.flatMap((c) => c());
      if (messages.length > 0) throw located(scope, new ConfigError(messages.join(`\n[${scope.node.path}] `)));
      return [];
    },
  });
}
