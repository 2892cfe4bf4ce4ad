/*
 * The AWS SDK for JavaScript v3 clients of the package's commands, loaded the first time they are needed. The package
 * does not depend on them (bundled, as jsii would have them, they would weigh more than the rest of the package), so
 * a command's offline paths and `--help` run without them, and a run against AWS asks for those not installed.
 */

/** Loads a package; throws an error whose `code` is MODULE_NOT_FOUND when it is not installed. */
export type ModuleLoader = (id: string) => unknown;

/** One or more clients are not installed: the message names them, and the npm install line that adds them. */
export class MissingSdkError extends Error {
  /**
   * @param packages the packages not installed
   * @param needs what needs them ("the check against AWS")
   * @param offline what runs without them ("--plan and --help need none")
   */
  constructor(public readonly packages: string[], needs: string, offline: string) {
    super(
      `${needs} needs the AWS SDK for JavaScript v3 client${packages.length === 1 ? '' : 's'} ${packages.join(', ')}, ` +
        'which cdk-cognito-auth does not install. Install ' +
        `${packages.length === 1 ? 'it' : 'them'} in your project: npm install ${packages.join(' ')} (${offline})`,
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

/** A command's SDK clients by what it uses them for (`N`), each loaded once, on first use. */
export class SdkClients<N extends string> {
  private readonly loaded = new Map<N, unknown>();
  private loader: ModuleLoader = defaultLoader;

  /**
   * @param packages each client's package, by name
   * @param needs what needs them, for the MissingSdkError
   * @param offline what runs without them, for the MissingSdkError
   */
  constructor(
    public readonly packages: Readonly<Record<N, string>>,
    private readonly needs: string,
    private readonly offline: string,
  ) {}

  /** Sets how packages are loaded (the command's tests pass their own), and forgets those loaded before. */
  public use(load: ModuleLoader): void {
    this.loader = load;
    this.loaded.clear();
  }

  /**
   * Loads the given clients that are not loaded yet; when any is not installed, throws a MissingSdkError naming all of
   * those, together with those of `alsoReport` that are not installed either (so that one npm install adds them all).
   */
  public require(names: N[], alsoReport: N[] = []): void {
    const missing: string[] = [];
    const tryLoad = (name: N) => {
      if (this.loaded.has(name)) return;
      try {
        this.loaded.set(name, this.loader(this.packages[name]));
      } catch (err) {
        if (!isNotFound(err)) throw err;
        missing.push(this.packages[name]);
      }
    };
    names.forEach(tryLoad);
    if (missing.length === 0) return;
    alsoReport.filter((n) => !names.includes(n)).forEach(tryLoad);
    throw new MissingSdkError(missing, this.needs, this.offline);
  }

  /** A client package, loaded on first use (a MissingSdkError when it is not installed). `T`: its type. */
  public get<T>(name: N): T {
    this.require([name]);
    return this.loaded.get(name) as T;
  }
}
