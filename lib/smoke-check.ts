/** The post-deploy smoke check's settings (`npm run smoke -- --stack <name>`). */
export interface SmokeCheckOptions {
  /**
   * The group the temporary user joins; its token must carry it, and the identity pool must give its role.
   * @default - no group: the user should get the identity pool's default authenticated role
   */
  readonly group?: string;

  /**
   * The name of an API added with `addApiUrl` whose route `apiPath` the check calls with the user's ID token
   * (expecting 200) and without a token (expecting 401).
   * @default - no API call
   */
  readonly api?: string;

  /**
   * The route, appended to the API's URL as it is (API URLs of aws-cdk-lib end with a slash): `me` for
   * https://abc.execute-api.eu-west-1.amazonaws.com/prod/me. Without `api` (an API in another stack, whose URL
   * this stack's outputs cannot hold), the command appends it to the URL given with `--api-url`.
   * @default '' (the API's URL itself)
   */
  readonly apiPath?: string;

  /**
   * The route is called with the temporary user's ID token, so it must accept ID tokens: a route that requires
   * OAuth scopes (which only access tokens carry) cannot be checked. Send the token as `Authorization: Bearer <token>` (the bundled JWT Lambda authorizer wants this form) instead
   * of the bare token (the REST Cognito authorizer's form; HTTP API JWT authorizers take both).
   * @default false
   */
  readonly bearer?: boolean;
}
