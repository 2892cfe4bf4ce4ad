import type * as cognito from 'aws-cdk-lib/aws-cognito';

/** The pool's attributes, as far as mappings are checked against them. */
export interface PoolAttributes {
  /** Custom attribute names, without `custom:`. */
  readonly custom: string[];
  /** Immutable attributes: `custom:<name>` and standard names (given_name). */
  readonly immutable: string[];
}

/** A provider resource and the pool attributes it maps (given_name, custom:tenant). */
export interface BoundProvider {
  readonly resource: cognito.IUserPoolIdentityProvider;
  readonly mappedAttributes: string[];
  /** Each mapped pool attribute with the provider attribute it is filled from. */
  readonly mappedFrom: { readonly [attribute: string]: string };
}

