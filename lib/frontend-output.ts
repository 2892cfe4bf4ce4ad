/** Where the front-end config goes besides the `FrontendConfig` stack output. */
export interface FrontendConfigOptions {
  /**
   * Also write the config (JSON) to an SSM String parameter of this name (like `/my-app/auth/frontend-config`), for
   * a front-end build to read with `aws ssm get-parameter`. Standard tier: the value may be at most 4 KB.
   * @default - no parameter
   */
  readonly ssmParameterName?: string;
}
