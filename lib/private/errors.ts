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
