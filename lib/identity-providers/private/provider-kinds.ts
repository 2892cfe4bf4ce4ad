// Each kind of identity provider, in one table keyed by IdentityProviderType: its checks, its defaults (scopes and
// attribute mapping) and the aws-cdk-lib provider it becomes, and where it says it verified an address.
import { SecretValue, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { ConfigError } from '../../private/errors';
import {
  AmazonProviderOptions,
  AppleProviderOptions,
  FacebookProviderOptions,
  GoogleProviderOptions,
  IdentityProviderType,
  OidcProviderOptions,
  OidcRequestMethod,
  SamlProviderOptions,
  SocialProviderOptions,
} from '../provider-options';
import {
  scopesOf,
  secretReference,
  validateClientId,
  validateIdentifiers,
  validateIssuer,
  validateProviderName,
  validateSamlMetadata,
} from './checks';

/** The options each kind of provider takes. */
export interface ProviderOptionsByType {
  readonly [IdentityProviderType.GOOGLE]: GoogleProviderOptions;
  readonly [IdentityProviderType.FACEBOOK]: FacebookProviderOptions;
  readonly [IdentityProviderType.AMAZON]: AmazonProviderOptions;
  readonly [IdentityProviderType.APPLE]: AppleProviderOptions;
  readonly [IdentityProviderType.SAML]: SamlProviderOptions;
  readonly [IdentityProviderType.OIDC]: OidcProviderOptions;
}

/** A provider's kind with its options. */
export type ProviderSpec = { [K in IdentityProviderType]: { readonly type: K; readonly options: ProviderOptionsByType[K] } }[IdentityProviderType];

/** What a provider resource is made from. */
export interface ProviderContext<O> {
  readonly scope: Construct;
  readonly id: string;
  readonly userPool: cognito.IUserPool;
  readonly options: O;
  /** Where the provider sits in the props, for messages: `identityProviders['Google']`. */
  readonly prop: string;
  /** The user's mapping merged over the provider's defaults, checked against the pool. */
  readonly mapping: (defaults: cognito.AttributeMapping) => cognito.AttributeMapping;
}

/** One kind of provider. */
interface ProviderKind<O> {
  /** The attribute in which the provider says it verified the address (see `IdentityProvider.emailVerifiedAttribute`). */
  readonly emailVerifiedAttribute: (options: O) => string | undefined;
  /** Checks the options, in the order the messages are documented, and creates the provider resource. */
  readonly create: (c: ProviderContext<O>) => cognito.IUserPoolIdentityProvider;
}

const SAML_EMAIL_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

/** The scopes Cognito asks for: the user's, checked, or the provider's defaults. */
const scopes = (c: ProviderContext<{ readonly scopes?: string[] }>, defaults: string[]) => scopesOf(`${c.prop}.scopes`, c.options.scopes, defaults);

/** A social provider's app id and secret (Google, Facebook, Login with Amazon), checked; the secret as a reference. */
function appSecret(c: ProviderContext<SocialProviderOptions>): SecretValue {
  validateClientId(`${c.prop}.clientId`, c.options.clientId);
  return secretReference(c.scope, `${c.prop}.clientSecret`, c.options.clientSecret);
}

export const PROVIDER_KINDS: { readonly [K in IdentityProviderType]: ProviderKind<ProviderOptionsByType[K]> } = {
  [IdentityProviderType.GOOGLE]: {
    emailVerifiedAttribute: () => 'email_verified',
    create: (c) => {
      const clientSecretValue = appSecret(c);
      return new cognito.UserPoolIdentityProviderGoogle(c.scope, c.id, {
        userPool: c.userPool,
        clientId: c.options.clientId,
        clientSecretValue,
        scopes: scopes(c, ['openid', 'email', 'profile']),
        attributeMapping: c.mapping({
          email: cognito.ProviderAttribute.GOOGLE_EMAIL,
          givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME,
          familyName: cognito.ProviderAttribute.GOOGLE_FAMILY_NAME,
          profilePicture: cognito.ProviderAttribute.GOOGLE_PICTURE,
        }),
      });
    },
  },
  [IdentityProviderType.FACEBOOK]: {
    emailVerifiedAttribute: () => undefined,
    create: (c) => {
      const secret = appSecret(c);
      const apiVersion = c.options.apiVersion;
      if (apiVersion !== undefined && !Token.isUnresolved(apiVersion) && !/^v\d+\.\d+$/.test(apiVersion)) {
        throw new ConfigError(`${c.prop}.apiVersion '${apiVersion}' is not a Graph API version: use the form v17.0`);
      }
      return new cognito.UserPoolIdentityProviderFacebook(c.scope, c.id, {
        userPool: c.userPool,
        clientId: c.options.clientId,
        // A dynamic reference ({{resolve:secretsmanager:...}}), not the value: CloudFormation resolves it at deploy.
        clientSecret: secret.unsafeUnwrap(),
        apiVersion,
        scopes: scopes(c, ['public_profile', 'email']),
        attributeMapping: c.mapping({
          email: cognito.ProviderAttribute.FACEBOOK_EMAIL,
          givenName: cognito.ProviderAttribute.FACEBOOK_FIRST_NAME,
          familyName: cognito.ProviderAttribute.FACEBOOK_LAST_NAME,
        }),
      });
    },
  },
  [IdentityProviderType.AMAZON]: {
    emailVerifiedAttribute: () => undefined,
    create: (c) =>
      new cognito.UserPoolIdentityProviderAmazon(c.scope, c.id, {
        userPool: c.userPool,
        clientId: c.options.clientId,
        clientSecret: appSecret(c).unsafeUnwrap(),
        scopes: scopes(c, ['profile']),
        attributeMapping: c.mapping({
          email: cognito.ProviderAttribute.AMAZON_EMAIL,
          fullname: cognito.ProviderAttribute.AMAZON_NAME,
        }),
      }),
  },
  [IdentityProviderType.APPLE]: {
    emailVerifiedAttribute: () => 'email_verified',
    create: (c) => {
      const o = c.options;
      validateClientId(`${c.prop}.servicesId`, o.servicesId);
      validateClientId(`${c.prop}.teamId`, o.teamId);
      validateClientId(`${c.prop}.keyId`, o.keyId);
      const privateKeyValue = secretReference(c.scope, `${c.prop}.privateKey`, o.privateKey);
      return new cognito.UserPoolIdentityProviderApple(c.scope, c.id, {
        userPool: c.userPool,
        clientId: o.servicesId,
        teamId: o.teamId,
        keyId: o.keyId,
        privateKeyValue,
        scopes: scopes(c, ['email', 'name']),
        attributeMapping: c.mapping({
          email: cognito.ProviderAttribute.APPLE_EMAIL,
          givenName: cognito.ProviderAttribute.APPLE_FIRST_NAME,
          familyName: cognito.ProviderAttribute.APPLE_LAST_NAME,
        }),
      });
    },
  },
  [IdentityProviderType.SAML]: {
    emailVerifiedAttribute: (o) => o.emailVerifiedAttribute,
    create: (c) => {
      const o = c.options;
      validateProviderName(`${c.prop}.name`, o.name);
      validateIdentifiers(`${c.prop}.identifiers`, o.identifiers ?? []);
      validateSamlMetadata(`${c.prop}.metadata`, o.metadata);
      return new cognito.UserPoolIdentityProviderSaml(c.scope, c.id, {
        userPool: c.userPool,
        name: o.name,
        metadata: o.metadata,
        identifiers: o.identifiers,
        requestSigningAlgorithm: o.signRequests === false ? undefined : cognito.SigningAlgorithm.RSA_SHA256,
        encryptedResponses: o.encryptedResponses ?? false,
        idpSignout: o.idpSignout ?? false,
        idpInitiated: o.idpInitiated ?? false,
        attributeMapping: c.mapping({ email: cognito.ProviderAttribute.other(SAML_EMAIL_CLAIM) }),
      });
    },
  },
  [IdentityProviderType.OIDC]: {
    emailVerifiedAttribute: (o) => o.emailVerifiedAttribute ?? 'email_verified',
    create: (c) => {
      const o = c.options;
      validateProviderName(`${c.prop}.name`, o.name);
      validateClientId(`${c.prop}.clientId`, o.clientId);
      validateIdentifiers(`${c.prop}.identifiers`, o.identifiers ?? []);
      validateIssuer(`${c.prop}.issuerUrl`, o.issuerUrl);
      const secret = secretReference(c.scope, `${c.prop}.clientSecret`, o.clientSecret);
      const requested = scopes(c, ['openid', 'email', 'profile']);
      if (!requested.includes('openid')) {
        throw new ConfigError(`${c.prop}.scopes is [${requested.join(', ')}]: an OIDC provider needs the 'openid' scope`);
      }
      return new cognito.UserPoolIdentityProviderOidc(c.scope, c.id, {
        userPool: c.userPool,
        name: o.name,
        clientId: o.clientId,
        clientSecret: secret.unsafeUnwrap(),
        issuerUrl: o.issuerUrl,
        scopes: requested,
        identifiers: o.identifiers,
        attributeRequestMethod:
          o.attributeRequestMethod === OidcRequestMethod.POST ? cognito.OidcAttributeRequestMethod.POST : cognito.OidcAttributeRequestMethod.GET,
        attributeMapping: c.mapping({
          email: cognito.ProviderAttribute.other('email'),
          givenName: cognito.ProviderAttribute.other('given_name'),
          familyName: cognito.ProviderAttribute.other('family_name'),
          profilePicture: cognito.ProviderAttribute.other('picture'),
        }),
      });
    },
  },
};

/** The kind of `spec`, with its options: one lookup in the table, typed by the spec's own type. */
export function kindOf<K extends IdentityProviderType>(
  spec: { readonly type: K; readonly options: ProviderOptionsByType[K] },
): ProviderKind<ProviderOptionsByType[K]> {
  return PROVIDER_KINDS[spec.type] as ProviderKind<ProviderOptionsByType[K]>;
}
