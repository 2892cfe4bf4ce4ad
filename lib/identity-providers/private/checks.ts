import { CfnParameter, SecretValue, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STANDARD_KEYS } from '../../private/cognito-names';
import { ConfigError } from '../../private/errors';
import { LIMITS } from '../../private/limits';
import { STANDARD_ATTRIBUTE_NAMES } from '../../private/cognito-names';
import { validateAttributeName, validateUnique } from '../../private/validators';
import type { PoolAttributes } from './provider-binding';

/** Provider names Cognito reserves for itself and the social providers. */
export const RESERVED_NAMES = ['COGNITO', 'Google', 'Facebook', 'SignInWithApple', 'LoginWithAmazon'];

/**
 * Checks that a secret is a reference CloudFormation resolves at deploy time (Secrets Manager, or a NoEcho
 * parameter), never a value written into the template, and returns it.
 */
export function secretReference(scope: Construct, prop: string, secret: SecretValue): SecretValue {
  if (typeof (secret as unknown) === 'string') {
    throw new ConfigError(plainTextMessage(prop));
  }
  if (!SecretValue.isSecretValue(secret)) {
    throw new ConfigError(`${prop} is not a SecretValue: pass SecretValue.secretsManager('<secret name or ARN>', { jsonField: '<field>' })`);
  }
  const stack = Stack.of(scope);
  // Resolving the reference shows what would be written into the template; it never reads the secret.
  const resolved: unknown = stack.resolve(secret.unsafeUnwrap());
  const text = JSON.stringify(resolved);
  if (text.includes('{{resolve:ssm-secure:')) {
    throw new ConfigError(
      `${prop} is an SSM SecureString reference: CloudFormation resolves ssm-secure references only for a short list of resource properties, and ` +
        `Cognito identity providers are not among them; store the secret in Secrets Manager and pass SecretValue.secretsManager('<secret name or ` +
          `ARN>')`,
    );
  }
  if (text.includes('{{resolve:ssm:')) {
    throw new ConfigError(
      `${prop} is a plain SSM parameter reference, which is not encrypted: store the secret in Secrets Manager and pass ` +
        `SecretValue.secretsManager('<secret name or ARN>')`,
    );
  }
  if (isRef(resolved)) {
    const parameter = stack.node.findAll().find((c): c is CfnParameter => c instanceof CfnParameter && stack.resolve(c.logicalId) === resolved.Ref);
    if (!parameter) throw new ConfigError(plainTextMessage(prop));
    if (!parameter.noEcho || parameter.default !== undefined) {
      throw new ConfigError(
        `${prop} is the CloudFormation parameter ${resolved.Ref}, which ` +
          `${parameter.noEcho ? 'has a default value, written into the template' : 'is not noEcho, so CloudFormation shows its value'}: use a ` +
            `noEcho parameter without a default, or Secrets Manager`,
      );
    }
    return secret;
  }
  if (!isWholeSecretsManagerReference(resolved)) {
    throw new ConfigError(plainTextMessage(prop));
  }
  return secret;
}

function isRef(value: unknown): value is { Ref: string } {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as { Ref?: unknown }).Ref === 'string';
}

/**
 * Whether a resolved value is one Secrets Manager dynamic reference and nothing else: a string, or a join whose
 * literal parts make one reference around Refs and GetAtts (the ARN of a secret in the stack).
 */
function isWholeSecretsManagerReference(value: unknown): boolean {
  const flatten = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (typeof v !== 'object' || v === null) return undefined;
    const keys = Object.keys(v);
    if (keys.length !== 1) return undefined;
    if (keys[0] === 'Ref' || keys[0] === 'Fn::GetAtt') return 'TOKEN';
    if (keys[0] === 'Fn::Join') {
      const [sep, parts] = (v as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
      const texts = parts.map(flatten);
      return texts.every((t) => t !== undefined) ? texts.join(sep) : undefined;
    }
    return undefined;
  };
  const text = flatten(value);
  return text !== undefined && /^\{\{resolve:secretsmanager:[^{}]+\}\}$/.test(text);
}

function plainTextMessage(prop: string): string {
  return `${prop} is a plain-text value: it would be written into the template; store it in Secrets Manager and pass ` +
    `SecretValue.secretsManager('<secret name or ARN>', { jsonField: '<field>' })`;
}

/**
 * Merges the user's mapping over the provider's defaults (an entry set to undefined removes a default), checks
 * that custom attributes exist and that nothing immutable is mapped, and lists the pool attributes mapped.
 */
export function mergeMapping(
  prop: string,
  defaults: cognito.AttributeMapping,
  given: cognito.AttributeMapping | undefined,
  attributes: PoolAttributes,
): { mapping: cognito.AttributeMapping; attributes: string[]; sources: { [attribute: string]: string } } {
  const merged: { [key: string]: unknown } = { ...defaults, ...given };
  delete merged.custom;
  const standard = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as cognito.AttributeMapping;
  const custom: { [key: string]: cognito.ProviderAttribute } = {};
  for (const [key, value] of Object.entries(given?.custom ?? {})) {
    if (value === undefined) continue;
    // Standard attributes without a typed key (phone_number_verified) keep their name; others are custom.
    const name = key.startsWith('custom:') || STANDARD_ATTRIBUTE_NAMES.includes(key) ? key : `custom:${key}`;
    validateAttributeName(`${prop}.custom`, name, attributes.custom);
    custom[name] = value;
  }
  const names = [...Object.keys(standard).map((k) => STANDARD_KEYS[k] ?? k), ...Object.keys(custom)];
  const immutable = names.find((n) => attributes.immutable.includes(n));
  if (immutable !== undefined) {
    throw new ConfigError(
      `${prop} maps '${immutable}', an immutable attribute of the pool: Cognito updates mapped attributes at every federated sign-in, so a mapped ` +
        `attribute must be mutable`,
    );
  }
  // Each pool attribute with the provider attribute it is filled from.
  const sources: { [attribute: string]: string } = {};
  for (const [key, value] of Object.entries(standard)) sources[STANDARD_KEYS[key] ?? key] = (value as cognito.ProviderAttribute).attributeName;
  for (const [name, value] of Object.entries(custom)) sources[name] = value.attributeName;
  return { mapping: { ...standard, custom: Object.keys(custom).length > 0 ? custom : undefined }, attributes: names, sources };
}

export function validateClientId(prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.trim() === '') throw new ConfigError(`${prop} is empty`);
}

export function scopesOf(prop: string, scopes: string[] | undefined, defaults: string[]): string[] {
  if (scopes === undefined) return defaults;
  if (scopes.length === 0) throw new ConfigError(`${prop} is empty: leave it out for the provider's default scopes`);
  scopes.forEach((s, i) => {
    if (!Token.isUnresolved(s) && !/^\S+$/.test(s)) {
      throw new ConfigError(`${prop}[${i}] '${s}' is not a scope: scopes are single words without spaces`);
    }
  });
  return [...scopes];
}

export function validateProviderName(prop: string, name: string): void {
  if (Token.isUnresolved(name)) {
    throw new ConfigError(`${prop} is a token: provider names must be known at synth, because clients list them`);
  }
  if (RESERVED_NAMES.some((r) => r.toLowerCase() === name.toLowerCase())) {
    throw new ConfigError(`${prop} '${name}' is reserved: ${RESERVED_NAMES.join(', ')} name Cognito itself and the social providers`);
  }
  // Cognito's pattern for provider names, and aws-cdk-lib's 3 to 32 characters.
  if (name.length < 3 || name.length > 32 || !/^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u.test(name)) {
    throw new ConfigError(`${prop} '${name}' is invalid: use 3 to 32 letters, digits, symbols and punctuation, without spaces, and '_' only as the ` +
      `second character`);
  }
}

export function validateIdentifiers(prop: string, identifiers: string[]): void {
  if (identifiers.length > LIMITS.maxIdpIdentifiers) {
    throw new ConfigError(`${prop} has ${identifiers.length} identifiers: at most ${LIMITS.maxIdpIdentifiers} are allowed`);
  }
  identifiers.forEach((identifier, i) => {
    if (Token.isUnresolved(identifier)) return;
    if (identifier.length < 1 || identifier.length > LIMITS.maxIdpIdentifierLength || !/^[\w\s+=.@-]+$/.test(identifier)) {
      throw new ConfigError(
        `${prop}[${i}] '${identifier}' is invalid: 1 to ${LIMITS.maxIdpIdentifierLength} letters, digits, spaces and + = . @ - _`,
      );
    }
  });
  validateUnique(prop, identifiers);
}

export function validateIssuer(prop: string, url: string): void {
  if (Token.isUnresolved(url)) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${prop} '${url}' is not an absolute URL`);
  }
  if (parsed.protocol !== 'https:') {
    throw new ConfigError(`${prop} '${url}' is invalid: the issuer must be an https URL`);
  }
}

export function validateSamlMetadata(prop: string, metadata: cognito.UserPoolIdentityProviderSamlMetadata): void {
  const content = metadata.metadataContent;
  if (Token.isUnresolved(content)) return;
  if (metadata.metadataType === cognito.UserPoolIdentityProviderSamlMetadataType.URL) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(content);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.protocol !== 'https:') {
      throw new ConfigError(`${prop} URL '${content}' is invalid: the metadata URL must be an https URL`);
    }
    return;
  }
  if (!content.includes('EntityDescriptor')) {
    throw new ConfigError(`${prop} is not SAML metadata: the document has no EntityDescriptor element`);
  }
}
