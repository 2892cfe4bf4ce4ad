/**
 * Where the pool's sign-in methods meet its domain and clients, which only CognitoAuth knows together: passwordless
 * methods need managed login, and passkeys on the hosted pages need the domain's own name as relying party. Sources:
 *   AG-METHODS  developer guide, "Authentication with Amazon Cognito user pools" (authentication-flow-methods)
 *   CFN-POOL    CloudFormation, AWS::Cognito::UserPool (WebAuthnRelyingPartyID)
 */
import { Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { FIRST_FACTOR, methodProps } from '../../private/cognito-names';
import { checkAtSynth, ConfigError } from '../../private/errors';
import type { PasskeyOptions } from '../../user-pool/sign-in-methods';

/**
 * With a relying party of its own choosing and clients that sign in on the hosted pages, passkeys on those pages
 * cannot work: Cognito requires the custom domain's name there (CFN-POOL, WebAuthnRelyingPartyID), and a browser
 * binds a passkey to the host it was made on (the prefix domain's host for a prefix domain).
 */
export function hostedPagesRelyingPartyErrors(relyingPartyId: string, domainHostname: string, hostedClients: string[]): string[] {
  if (Token.isUnresolved(relyingPartyId) || hostedClients.length === 0) return [];
  if (hostPattern(domainHostname).test(relyingPartyId)) return [];
  const shown = Token.isUnresolved(domainHostname) ? domainHostname.replace(TOKEN_MARKER, '<token>') : domainHostname;
  return [
    `passkeys.relyingPartyId '${relyingPartyId}' is not the pool's domain '${shown}', but ${hostedClients.map((c) => `'${c}'`).join(', ')} ` +
      `sign${hostedClients.length === 1 ? 's' : ''} users in on that domain's pages, where passkeys work only with the domain's own name as ` +
      `relying party; leave relyingPartyId unset, or set it to the domain's host name`,
  ];
}

/** A CDK token inside a string, like the region in a prefix domain's host name. */
const TOKEN_MARKER = /\$\{Token\[[^\]]+\]\}/g;

/** A host name as a pattern: its literal parts exactly (case-insensitive), each token standing for one DNS label. */
function hostPattern(host: string): RegExp {
  const parts = host.split(TOKEN_MARKER).map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[a-z0-9-]+')}$`, 'i');
}

/**
 * The host name of a domain as the props give it: the custom domain's name, or the prefix domain's host. Not
 * `HostedDomain.hostname`: that is read from the domain resource, which depends on the pool, so the pool cannot.
 */
export function domainHostnameOf(domain: { prefix?: string; customDomain?: { domainName: string } } | undefined, region: string): string | undefined {
  if (domain?.customDomain) return domain.customDomain.domainName;
  if (domain?.prefix !== undefined) return `${domain.prefix}.auth.${region}.amazoncognito.com`;
  return undefined;
}

/**
 * The checks that join the pool's sign-in methods with its domain and clients: passwordless methods need managed
 * login, and a relying party of one's own choosing works on no hosted page (checked at synth, with every client).
 */
export function checkSignInDomain(
  scope: Construct,
  pool: { signInMethodNames: string[] },
  domain: { managedLogin: boolean } | undefined,
  passkeys: PasskeyOptions | undefined,
  domainHostname: string | undefined,
  clients: () => Iterable<{ name: string; callbackUrls: string[] }>,
): void {
  const passwordless = pool.signInMethodNames.filter((f) => f !== FIRST_FACTOR.password);
  if (domain && !domain.managedLogin && passwordless.length > 0) {
    // AG-METHODS: "users can do passwordless and passkey authentication only in managed login".
    throw new ConfigError(
      `signInMethods turns on ${methodProps(passwordless)}, but domain.managedLogin is false: the classic hosted UI cannot offer passkeys or ` +
        `one-time codes; use managed login (the default on ESSENTIALS and PLUS)`,
    );
  }
  const relyingPartyId = passkeys?.relyingPartyId;
  if (relyingPartyId === undefined || domainHostname === undefined) return;
  checkAtSynth(scope, () =>
    hostedPagesRelyingPartyErrors(relyingPartyId, domainHostname, [...clients()].filter((c) => c.callbackUrls.length > 0).map((c) => c.name)));
}
