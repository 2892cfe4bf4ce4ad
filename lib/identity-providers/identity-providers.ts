import { Annotations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ADJUSTABLE_QUOTAS } from '../private/limits';
import { ConfigError, located } from '../private/errors';
import { validateUnique } from '../private/validators';
import { checkProps } from '../private/props-check';
import { IdentityProviderType } from './provider-options';
import { IdentityProvider } from './identity-provider';

/** Props for a standalone `IdentityProviders`. */
export interface IdentityProvidersProps {
  /** The user pool. */
  readonly userPool: cognito.IUserPool;

  /** The providers; names must be unique. */
  readonly providers: IdentityProvider[];

  /**
   * The pool's custom attribute names (without `custom:`), to check the attribute mappings against.
   * @default - none
   */
  readonly customAttributeNames?: string[];

  /**
   * The pool's immutable attributes (`custom:tenant`, or standard names like `given_name`), which no provider may
   * map.
   * @default - none
   */
  readonly immutableAttributeNames?: string[];

  /**
   * The providers whose users the pre sign-up trigger links to native users (its `linkProviders`): each maps its
   * email verification signal (`IdentityProvider.emailVerifiedAttribute`) to `custom:idp_email_verified`, which the
   * pool must declare as a mutable string attribute (`idp_email_verified`). `CognitoAuth` sets this by itself.
   * @default - none
   */
  readonly linkedProviders?: string[];
}

/**
 * The identity providers of a user pool. App clients that offer a provider must list it in their supported
 * identity providers and depend on it (`clientProviders()` and `addToClient()` do both).
 */
export class IdentityProviders extends Construct {
  /** The providers, in the order given. */
  public readonly providers: IdentityProvider[];

  private readonly resources = new Map<string, cognito.IUserPoolIdentityProvider>();
  private readonly mapped = new Map<string, string[]>();
  private readonly sources = new Map<string, { readonly [attribute: string]: string }>();

  constructor(scope: Construct, id: string, props: IdentityProvidersProps) {
    super(scope, id);
    try {
      checkProps('IdentityProvidersProps', props);
      validateUnique('identityProviders', props.providers.map((p) => p.name));
      if (props.providers.length > ADJUSTABLE_QUOTAS.identityProvidersPerPool) {
        Annotations.of(this).addWarningV2(
          'cdk-cognito-auth:identityProviderQuota',
          `identityProviders has ${props.providers.length} providers: Cognito's default quota is ${ADJUSTABLE_QUOTAS.identityProvidersPerPool} per ` +
            `user pool (adjustable); deploying fails unless the account's quota was raised`,
        );
      }
      // Cognito routes a sign-in by identifier, so an identifier names one provider in the whole pool.
      validateUnique('identityProviders[].identifiers', props.providers.flatMap((p) => p.identifiers));
      this.providers = [...props.providers];
      const attributes = { custom: props.customAttributeNames ?? [], immutable: props.immutableAttributeNames ?? [] };
      for (const provider of props.providers) {
        const bound = provider._bind(this, provider.name, props.userPool, attributes, (props.linkedProviders ?? []).includes(provider.name));
        this.resources.set(provider.name, bound.resource);
        this.mapped.set(provider.name, bound.mappedAttributes);
        this.sources.set(provider.name, bound.mappedFrom);
      }
    } catch (err) {
      throw located(this, err);
    }
  }

  /** The pool attributes a provider maps (email, given_name, custom:tenant, ...). */
  public mappedAttributes(name: string): string[] {
    this.resource(name);
    return [...this.mapped.get(name)!];
  }

  /** The pool attributes a provider fills from one of its own attributes (`email` from `mail`). */
  public attributesMappedFrom(name: string, providerAttribute: string): string[] {
    this.resource(name);
    return Object.entries(this.sources.get(name)!).filter(([, source]) => source === providerAttribute).map(([attribute]) => attribute).sort();
  }

  /** The provider names, in the order given. */
  public get names(): string[] {
    return this.providers.map((p) => p.name);
  }

  /** The names of the SAML and OIDC providers (their users' names start with the provider name in lower case). */
  public get enterpriseNames(): string[] {
    return this.providers
      .filter((p) => p.providerType === IdentityProviderType.SAML || p.providerType === IdentityProviderType.OIDC)
      .map((p) => p.name);
  }

  /** The provider resource with this name; throws if there is none. */
  public resource(name: string): cognito.IUserPoolIdentityProvider {
    const resource = this.resources.get(name);
    if (!resource) {
      throw new ConfigError(`identity provider '${name}': no such provider; the providers are: ${this.names.join(', ') || '(none)'}`);
    }
    return resource;
  }

  /** The provider, by name, or undefined. */
  public tryFind(name: string): IdentityProvider | undefined {
    return this.providers.find((p) => p.name === name);
  }
}
