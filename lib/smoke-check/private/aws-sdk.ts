/*
 * The AWS SDK for JavaScript v3 clients of the smoke check, loaded the first time they are needed. The package does
 * not depend on them (bundled, as jsii would have them, they would weigh more than the rest of the package), so
 * `--help` and `--plan` run without them, and a check against AWS asks for those not installed.
 */

/** The clients, by what the check uses them for. */
export const SDK_PACKAGES = {
  cloudFormation: '@aws-sdk/client-cloudformation',
  userPool: '@aws-sdk/client-cognito-identity-provider',
  identityPool: '@aws-sdk/client-cognito-identity',
  sts: '@aws-sdk/client-sts',
} as const;

export type SdkName = keyof typeof SDK_PACKAGES;

/** Loads a package; throws an error whose `code` is MODULE_NOT_FOUND when it is not installed. */
export type ModuleLoader = (id: string) => unknown;

/** One or more clients are not installed: the message names them, and the npm install line that adds them. */
export class MissingSdkError extends Error {
  constructor(public readonly packages: string[]) {
    super(
      `the check against AWS needs the AWS SDK for JavaScript v3 client${packages.length === 1 ? '' : 's'} ${packages.join(', ')}, ` +
        'which cdk-cognito-auth does not install. Install ' +
        `${packages.length === 1 ? 'it' : 'them'} in your project: npm install ${packages.join(' ')} (--plan and --help need none)`,
    );
    this.name = 'MissingSdkError';
  }
}

/**
 * Requires a package from this package's place (the project's node_modules, when the package is installed there),
 * else from the current directory's (the package run with npx from elsewhere).
 */
export function defaultLoader(id: string): unknown {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve(id, { paths: [process.cwd()] }));
  }
}

function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

const loaded = new Map<SdkName, unknown>();
let loader: ModuleLoader = defaultLoader;

/** Sets how packages are loaded (the command's tests pass their own), and forgets those loaded before. */
export function useLoader(load: ModuleLoader): void {
  loader = load;
  loaded.clear();
}

/**
 * Loads the given clients that are not loaded yet; when any is not installed, throws a MissingSdkError naming all of
 * those, together with those of `alsoReport` that are not installed either (so that one npm install adds them all).
 */
export function requireSdk(names: SdkName[], alsoReport: SdkName[] = []): void {
  const missing: string[] = [];
  const tryLoad = (name: SdkName) => {
    if (loaded.has(name)) return;
    try {
      loaded.set(name, loader(SDK_PACKAGES[name]));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      missing.push(SDK_PACKAGES[name]);
    }
  };
  names.forEach(tryLoad);
  if (missing.length === 0) return;
  alsoReport.filter((n) => !names.includes(n)).forEach(tryLoad);
  throw new MissingSdkError(missing);
}

/** A client package, loaded on first use (a MissingSdkError when it is not installed). `T`: its type. */
export function sdk<T>(name: SdkName): T {
  requireSdk([name]);
  return loaded.get(name) as T;
}
