import { LINK_VERIFIED_ATTRIBUTE } from './handler-config';
import { ConfigError } from './errors';

/** Social providers that send a verification signal with the addresses they send: the default `linkProviders`. */
export const DEFAULT_LINK_PROVIDERS = ['Google', 'SignInWithApple'];

/** The custom attribute (without `custom:`) that carries a linked provider's email verification signal. */
export const LINK_VERIFIED_ATTRIBUTE_NAME = LINK_VERIFIED_ATTRIBUTE.slice('custom:'.length);

/** What account linking needs from the pool's identity providers. */
export interface LinkingPlan {
  /** The pool's linked providers that send a verification signal, which they map (assumed-verified ones too). */
  readonly signalProviders: string[];
}

/** A pool's identity provider, as far as linking looks at it. */
export interface LinkableProvider {
  readonly name: string;
  readonly emailVerifiedAttribute?: string;
}

/**
 * Which of the pool's providers must map their verification signal for the pre sign-up trigger to link their users,
 * or a ConfigError for a linked provider that sends none and was not named in `assumeEmailVerified`: no signal, no
 * link, and a pool that could never link a provider it lists is refused rather than silently left unlinked.
 */
export function linkingPlan(
  options: { linkExternalUsers?: boolean; linkProviders?: string[]; assumeEmailVerified?: string[] } | undefined,
  providers: LinkableProvider[],
): LinkingPlan {
  if (!options?.linkExternalUsers) return { signalProviders: [] };
  const linked = options.linkProviders ?? DEFAULT_LINK_PROVIDERS;
  const assumed = options.assumeEmailVerified ?? [];
  const signalProviders: string[] = [];
  linked.forEach((name, i) => {
    const provider = providers.find((p) => p.name === name);
    if (!provider) return;
    // A provider trusted by name still maps the signal it has, so that its 'false' still stops a link.
    if (provider.emailVerifiedAttribute === undefined) {
      if (assumed.includes(name)) return;
      throw new ConfigError(
        `triggers.preSignUp.linkProviders[${i}] '${name}' sends no email verification signal, so none of its users could be linked: give a SAML ` +
          `provider's emailVerifiedAttribute, or, if every address the provider sends belongs to its user, name it in ` +
            `triggers.preSignUp.assumeEmailVerified (a warning to acknowledge)`,
      );
    }
    signalProviders.push(name);
  });
  return { signalProviders };
}

/** A custom attribute as aws-cdk-lib describes it (`ICustomAttribute.bind()`), without importing aws-cdk-lib here. */
interface CustomAttributeLike {
  bind(): { dataType: string; mutable?: boolean };
}

/**
 * The pool's custom attributes plus `idp_email_verified` (a mutable string: Cognito rewrites mapped attributes at each
 * federated sign-in) when a linked provider maps its signal into it. A declaration of the user's own must be that.
 */
export function withLinkingAttribute<T extends CustomAttributeLike>(
  attributes: { [name: string]: T } | undefined,
  plan: LinkingPlan,
  make: () => T,
): { [name: string]: T } | undefined {
  if (plan.signalProviders.length === 0) return attributes;
  const own = attributes?.[LINK_VERIFIED_ATTRIBUTE_NAME];
  if (own === undefined) return { ...attributes, [LINK_VERIFIED_ATTRIBUTE_NAME]: make() };
  const bound = own.bind();
  if (bound.dataType !== 'String' || bound.mutable !== true) {
    throw new ConfigError(
      `customAttributes['${LINK_VERIFIED_ATTRIBUTE_NAME}'] is a${bound.mutable === true ? '' : 'n immutable'} ${bound.dataType} attribute, but ` +
        `account linking maps the providers' email verification signal into it: declare it as new cognito.StringAttribute({ mutable: true }), or ` +
          `leave it out and the pool declares it`,
    );
  }
  return attributes;
}
