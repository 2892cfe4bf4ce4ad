/** One custom scope of a resource server. */
export interface ResourceServerScopeOptions {
  /** The scope's name; clients ask for `<identifier>/<name>`. */
  readonly name: string;
  /** What the scope allows. */
  readonly description: string;
}

/** A resource server (an API) with custom OAuth scopes. */
export interface ResourceServerOptions {
  /** The identifier, usually the API's URL or a short name; the prefix of its scopes. */
  readonly identifier: string;
  /**
   * A friendly name: 1 to 256 letters, digits, white space and _ + = , . @ -.
   * @default - the identifier, with each character a name may not have replaced by '-'
   */
  readonly name?: string;
  /** The scopes. */
  readonly scopes: ResourceServerScopeOptions[];
}
