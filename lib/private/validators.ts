/**
 * Synth-time validators for the Cognito and AWS limits this library enforces.
 *
 * Every function is pure: it takes the prop's name (as the user wrote it, e.g. `domain.prefix`)
 * and value, and throws a `ConfigError` whose message names the prop, the value and what is
 * allowed. Values that are unresolved CDK tokens are never validated (they are not known until deploy).
 */
import { Duration, Token } from 'aws-cdk-lib';
import { STANDARD_ATTRIBUTE_NAMES } from './cognito-names';
import { ConfigError } from './errors';
import { isReservedClaim, RESERVED_CLAIMS } from './handler-config';
import { LIMITS } from './limits';

function fail(message: string): never {
  throw new ConfigError(message);
}

/** A list's length within Cognito's API limit (the API references' "Array Members" and "Map Entries" lines). */
export function validateCount(prop: string, count: number, max: number, what: string, source: string): void {
  if (count > max) fail(`${prop} has ${count} ${what}: ${source} takes at most ${max}`);
}

/**
 * A string within an API field's length and pattern (the API references' "Length Constraints" and "Pattern"
 * lines). `allowed` says in words what the pattern allows.
 */
export function validateText(prop: string, value: string, min: number, max: number, pattern: RegExp | undefined, allowed: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.length < min || value.length > max || (pattern !== undefined && !pattern.test(value))) {
    fail(`${prop} '${value}' is invalid: ${min === max ? `${min}` : `${min} to ${max}`} characters of ${allowed}`);
  }
}

/** Cognito's pattern for client, resource-server and identity-pool names: [\w\s+=,.@-]+ */
export const NAME_PATTERN = /^[\w\s+=,.@-]+$/;
export const NAME_ALLOWED = "letters, digits, white space and _ + = , . @ -";

const RESERVED_PREFIX_WORDS = ['aws', 'amazon', 'cognito'];

/** A Cognito prefix domain: lowercase letters, digits, hyphens; no leading/trailing hyphen; no reserved words. */
export function validateDomainPrefix(prop: string, prefix: string): void {
  if (Token.isUnresolved(prefix)) return;
  if (
    prefix.length === 0 ||
    prefix.length > LIMITS.domainPrefixMaxLength ||
    !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(prefix)
  ) {
    fail(
      `${prop} '${prefix}' is invalid: a Cognito domain prefix is 1 to ${LIMITS.domainPrefixMaxLength} ` +
        'lowercase letters (a-z), digits and hyphens, and does not start or end with a hyphen',
    );
  }
  const reserved = RESERVED_PREFIX_WORDS.find((word) => prefix.includes(word));
  if (reserved) {
    fail(`${prop} '${prefix}' is invalid: a Cognito domain prefix may not contain 'aws', 'amazon' or 'cognito' (found '${reserved}')`);
  }
}

/** A custom domain's ACM certificate must live in us-east-1 (Cognito serves the domain through CloudFront). */
export function validateCertificateRegion(prop: string, certificateArn: string): void {
  if (Token.isUnresolved(certificateArn)) return;
  const parts = certificateArn.split(':');
  const region = parts[3];
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'acm') {
    fail(`${prop} '${certificateArn}' is not an ACM certificate ARN (arn:<partition>:acm:us-east-1:<account>:certificate/<id>)`);
  }
  if (Token.isUnresolved(region)) return;
  if (region !== 'us-east-1') {
    fail(
      `${prop} '${certificateArn}' is in region '${region}': a Cognito custom domain needs an ACM certificate in us-east-1`,
    );
  }
}

/** Custom attribute names: 1 to 20 characters, at most 50 attributes. Names are given without `custom:`. */
export function validateCustomAttributes(prop: string, names: string[]): void {
  if (names.length > LIMITS.customAttributesMax) {
    fail(`${prop} has ${names.length} attributes: a user pool can have at most ${LIMITS.customAttributesMax} custom attributes`);
  }
  for (const name of names) {
    if (name.startsWith('custom:')) {
      fail(`${prop} key '${name}' is invalid: give the name without the 'custom:' prefix (Cognito adds it)`);
    }
    if (name.length === 0 || name.length > LIMITS.customAttributeNameMaxLength || /\s/.test(name)) {
      fail(
        `${prop} key '${name}' is invalid: a custom attribute name is 1 to ${LIMITS.customAttributeNameMaxLength} characters with no white space`,
      );
    }
  }
}

/** Group names: 1 to 128 letters, marks, symbols, digits or punctuation (no white space), as Cognito's API allows. */
export function validateGroupName(prop: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (name.length === 0 || name.length > LIMITS.groupNameMaxLength || !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u.test(name)) {
    fail(
      `${prop} '${name}' is invalid: a group name is 1 to ${LIMITS.groupNameMaxLength} letters, digits, symbols or punctuation, with no white space`,
    );
  }
}

/** Group precedence: a whole number from 0 to 2^31-1 (lower wins). */
export function validateGroupPrecedence(prop: string, precedence: number): void {
  if (Token.isUnresolved(precedence)) return;
  if (!Number.isInteger(precedence) || precedence < 0 || precedence > LIMITS.groupPrecedenceMax) {
    fail(`${prop} ${precedence} is invalid: precedence is a whole number from 0 to ${LIMITS.groupPrecedenceMax}`);
  }
}

/** Names that must be unique within one list (clients, groups). */
export function validateUnique(prop: string, names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) fail(`${prop} has '${name}' more than once: names must be unique`);
    seen.add(name);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Callback and logout URLs: https, or http on localhost/127.0.0.1 only; no fragment;
 * a custom scheme (myapp://callback) only when `customSchemeAllowed` (native clients).
 */
export function validateRedirectUrl(prop: string, url: string, customSchemeAllowed: boolean): void {
  if (Token.isUnresolved(url)) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(`${prop} '${url}' is not an absolute URL`);
  }
  if (parsed.hash !== '' || url.includes('#')) {
    fail(`${prop} '${url}' is invalid: redirect URLs may not contain a fragment (#)`);
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme === 'https') return;
  if (scheme === 'http') {
    if (LOOPBACK_HOSTS.has(parsed.hostname)) return;
    fail(`${prop} '${url}' is invalid: use https (http is allowed only for localhost and 127.0.0.1)`);
  }
  if (!customSchemeAllowed) {
    fail(`${prop} '${url}' is invalid: the '${scheme}' scheme is allowed only for native clients (ClientKind.NATIVE); use https`);
  }
}

/** Token validity: access and ID tokens 5 minutes to 1 day; refresh tokens 60 minutes to 10 years. */
export function validateTokenValidity(prop: string, kind: 'access' | 'id' | 'refresh', value: Duration): void {
  if (value.isUnresolved()) return;
  const minutes = value.toSeconds() / 60;
  if (kind === 'refresh') {
    if (minutes < LIMITS.refreshTokenMinMinutes || minutes > LIMITS.refreshTokenMaxDays * 24 * 60) {
      fail(`${prop} ${value.toHumanString()} is invalid: a refresh token is valid for 60 minutes to 3650 days (10 years)`);
    }
    return;
  }
  if (minutes < LIMITS.accessTokenMinMinutes || minutes > LIMITS.accessTokenMaxMinutes) {
    fail(`${prop} ${value.toHumanString()} is invalid: ${kind === 'id' ? 'an ID' : 'an access'} token is valid for 5 minutes to 1 day`);
  }
}

/** Password length as Cognito allows it: 6 to 99 characters. */
export function validatePasswordLength(prop: string, length: number): void {
  if (Token.isUnresolved(length)) return;
  if (!Number.isInteger(length) || length < LIMITS.passwordMinLength || length > LIMITS.passwordMaxLength) {
    fail(`${prop} ${length} is invalid: Cognito accepts a minimum password length from 6 to 99`);
  }
}

/** An email domain as the pre sign-up trigger matches it: lowercase labels of letters, digits and hyphens. */
export function validateEmailDomain(prop: string, domain: string): void {
  if (Token.isUnresolved(domain)) return;
  const label = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
  if (domain.length > 253 || !new RegExp(`^${label}(?:\\.${label})+$`).test(domain)) {
    fail(`${prop} '${domain}' is not a domain name: give a lowercase domain like example.com, without '@'`);
  }
}

/** A claim a trigger may set or suppress: not reserved by Cognito, not empty. */
export function validateClaimName(prop: string, claim: string): void {
  if (claim.length === 0) fail(`${prop} is an empty claim name`);
  if (isReservedClaim(claim)) {
    fail(
      `${prop} '${claim}' is a claim Cognito does not let a trigger add, change or suppress; reserved: ${RESERVED_CLAIMS.join(', ')}`,
    );
  }
}

/** A user attribute by its Cognito name: a standard one, or `custom:<name>` of a declared custom attribute. */
export function validateAttributeName(prop: string, attribute: string, customAttributeNames: string[]): void {
  if (attribute.startsWith('custom:')) {
    if (!customAttributeNames.includes(attribute.slice('custom:'.length))) {
      fail(
        `${prop} '${attribute}' is not a custom attribute of this user pool; declared: ` +
          `${customAttributeNames.map((n) => `custom:${n}`).join(', ') || '(none)'}`,
      );
    }
    return;
  }
  if (!STANDARD_ATTRIBUTE_NAMES.includes(attribute)) {
    fail(`${prop} '${attribute}' is not a user attribute: use a standard attribute (like email) or custom:<name>`);
  }
}

/**
 * An SSM parameter name: letters, digits and _ . - /; a path starts with '/'; at most 1011 characters;
 * not beginning with aws or ssm (any case), which AWS reserves.
 */
export function validateSsmParameterName(prop: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!/^[A-Za-z0-9_.\-/]{1,1011}$/.test(name)) {
    fail(`${prop} '${name}' is invalid: use 1 to 1011 letters, digits and _ . - /`);
  }
  if (/^\/?(aws|ssm)/i.test(name)) {
    fail(`${prop} '${name}' is invalid: parameter names may not begin with 'aws' or 'ssm'`);
  }
  if (name.includes('/') && !name.startsWith('/')) {
    fail(`${prop} '${name}' is invalid: a parameter path must start with '/'`);
  }
}
