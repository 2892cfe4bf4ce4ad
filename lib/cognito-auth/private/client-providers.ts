import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { AppClient } from '../../app-client/app-client';
import type { AppClientOptions } from '../../app-client/app-client-options';
import type { HostedDomain } from '../../hosted-domain';
import { outputFederation } from './outputs';
import { ConfigError } from '../../private/errors';
import { validateUnique } from '../../private/validators';
import type { AuthUserPool } from '../../user-pool/user-pool';
import { IdentityProviders } from '../../identity-providers/identity-providers';
import { IdentityProviderType } from '../../identity-providers/provider-options';
import type { IdentityProvider } from '../../identity-providers/identity-provider';

/** Cognito's own provider: email (or username) and password. */
export const COGNITO = cognito.UserPoolClientIdentityProvider.COGNITO.name;

/**
 * The providers a client offers: the ones it lists, each checked, or by default COGNITO plus every provider
 * (except IdP-initiated SAML ones) for a client that uses the hosted pages.
 */
export function clientProviderNames(options: AppClientOptions, providers: IdentityProviders | undefined): string[] {
  const prop = `clients['${options.name}'].identityProviders`;
  const hostedPages = (options.callbackUrls ?? []).length > 0 && options.clientCredentials !== true;
  if (options.identityProviders === undefined) {
    if (!hostedPages || !providers) return [COGNITO];
    return [COGNITO, ...providers.providers.filter((p) => !p.idpInitiated).map((p) => p.name)];
  }
  const names = options.identityProviders.map((p) => p.name);
  if (names.length === 0) {
    throw new ConfigError(`${prop} is empty: list at least one provider (UserPoolClientIdentityProvider.COGNITO for email and password)`);
  }
  validateUnique(prop, names);
  const known = [COGNITO, ...(providers?.names ?? [])];
  names.forEach((name, i) => {
    if (!known.includes(name)) {
      throw new ConfigError(`${prop}[${i}] '${name}' is not an identity provider of this pool; providers: ${known.join(', ')}`);
    }
    if (name !== COGNITO && !hostedPages) {
      throw new ConfigError(
        `${prop}[${i}] '${name}' needs the hosted sign-in pages, but the client has no callbackUrls: federated sign-in redirects back to a ` +
          `callback URL`,
      );
    }
  });
  const idpInitiated = names.filter((n) => providers?.tryFind(n)?.idpInitiated);
  if (idpInitiated.length > 0) {
    const other = names.find((n) => n === COGNITO || providers?.tryFind(n)?.providerType !== IdentityProviderType.SAML);
    if (other !== undefined) {
      throw new ConfigError(
        `${prop} has '${idpInitiated[0]}', a SAML provider with idpInitiated, and '${other}': Cognito allows only SAML providers on a client that ` +
          `accepts IdP-initiated sign-in`,
      );
    }
  }
  return names;
}

/**
 * The client names its providers, so each must exist first (a deploy never fails on ordering); and Cognito writes the
 * mapped attributes at each federated sign-in through the client, so the client must be able to write each, and
 * none may feed a claim, a rule or a tag (its users could write it too).
 */
export function dependOnProviders(
  client: AppClient,
  providerNames: string[],
  providers: IdentityProviders,
  protectedAttributes: { [attribute: string]: string },
): void {
  for (const name of providerNames) {
    if (name === COGNITO) continue;
    client.node.addDependency(providers.resource(name));
    const unwritable = providers.mappedAttributes(name).find((a) => !client.writeAttributeNames.includes(a));
    if (unwritable !== undefined && protectedAttributes[unwritable] !== undefined) {
      throw new ConfigError(
        `clients['${client.name}'] offers '${name}', which maps '${unwritable}', but '${unwritable}' feeds ${protectedAttributes[unwritable]}: ` +
          `Cognito writes mapped attributes through the client, so its users could write it too; drop the mapping, or stop using the attribute there`,
      );
    }
    if (unwritable !== undefined) {
      throw new ConfigError(
        `clients['${client.name}'] offers '${name}', which maps '${unwritable}', but the client cannot write it: Cognito fails the federated ` +
          `sign-in; add '${unwritable}' to the client's writeAttributes, or drop the mapping`,
      );
    }
  }
}

/** The identity providers of a `CognitoAuth`, with the federation outputs; federated sign-in needs the domain. */
export function createIdentityProviders(
  scope: Construct,
  providers: IdentityProvider[],
  pool: AuthUserPool,
  domain: HostedDomain | undefined,
  outputs: boolean,
  linkedProviders: string[] = [],
): IdentityProviders {
  if (!domain) {
    throw new ConfigError(
      `identityProviders has ${providers.map((p) => `'${p.name}'`).join(', ')} but domain is not set: federated sign-in goes through the hosted ` +
        `sign-in pages, which need a domain (the providers redirect to <domain>/oauth2/idpresponse)`,
    );
  }
  const created = new IdentityProviders(scope, 'IdentityProviders', {
    userPool: pool.userPool,
    providers,
    customAttributeNames: pool.customAttributeNames,
    immutableAttributeNames: [...pool.immutableCustomAttributeNames.map((n) => `custom:${n}`), ...pool.immutableStandardAttributeNames],
    linkedProviders,
  });
  if (outputs) {
    outputFederation(scope, pool.userPool, domain, created.providers.some((p) => p.providerType === IdentityProviderType.SAML));
  }
  return created;
}
