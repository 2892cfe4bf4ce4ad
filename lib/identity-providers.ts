import { Annotations, CfnParameter, SecretValue, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STANDARD_KEYS } from './private/attributes';
import { ADJUSTABLE_QUOTAS, ConfigError, LIMITS, STANDARD_ATTRIBUTE_NAMES, validateAttributeName, validateUnique } from './private/validate';

/** The kinds of identity provider a user pool can federate with. */
export enum IdentityProviderType {
  /** Google (OAuth 2.0 / OpenID Connect). Cognito's provider name: `Google`. */
  GOOGLE = 'GOOGLE',
  /** Facebook. Cognito's provider name: `Facebook`. */
  FACEBOOK = 'FACEBOOK',
  /** Sign in with Apple. Cognito's provider name: `SignInWithApple`. */
  APPLE = 'APPLE',
  /** Login with Amazon. Cognito's provider name: `LoginWithAmazon`. */
  AMAZON = 'AMAZON',
  /** A SAML 2.0 identity provider (Entra ID, Okta, ADFS, ...), under the name you give it. */
  SAML = 'SAML',
  /** An OpenID Connect identity provider, under the name you give it. */
  OIDC = 'OIDC',
}

/** Settings shared by every identity provider. */
export interface IdentityProviderCommonOptions {
  /**
   * How the provider's attributes map to user pool attributes. Your entries are merged over the defaults of the
   * provider, which map the email (for account linking) and the names, and the picture where the provider has one.
   * Custom attributes go under `custom`, keyed by the attribute's name (`tenant` or `custom:tenant`); each must be
   * a custom attribute of the pool. Every mapped attribute must be mutable, and every client that offers the
   * provider must be able to write it (Cognito updates mapped attributes at each sign-in): mapping `emailVerified`
   * therefore needs `email_verified` in those clients' `writeAttributes`.
   * @default - the provider's defaults (see the README's identity provider table)
   */
  readonly attributeMapping?: cognito.AttributeMapping;
}

/** A social provider whose app has an id and a secret (Google, Facebook, Login with Amazon). */
export interface SocialProviderOptions extends IdentityProviderCommonOptions {
  /** The client (app) id from the provider's developer console. */
  readonly clientId: string;

  /**
   * The client (app) secret, as a reference: `SecretValue.secretsManager('name-or-arn', { jsonField: '...' })`.
   * A plain-text value is refused, so that the secret never appears in the template.
   */
  readonly clientSecret: SecretValue;

  /**
   * The scopes Cognito asks the provider for.
   * @default - Google: openid email profile; Facebook: public_profile email; Login with Amazon: profile
   */
  readonly scopes?: string[];
}

/** Google. */
export interface GoogleProviderOptions extends SocialProviderOptions {}

/** Facebook. */
export interface FacebookProviderOptions extends SocialProviderOptions {
  /**
   * The Graph API version, like `v17.0`.
   * @default - the version Cognito chooses
   */
  readonly apiVersion?: string;
}

/** Login with Amazon. */
export interface AmazonProviderOptions extends SocialProviderOptions {}

/** Sign in with Apple. */
export interface AppleProviderOptions extends IdentityProviderCommonOptions {
  /** The Services ID (not the App ID) from the Apple developer account. */
  readonly servicesId: string;

  /** The Apple developer team id. */
  readonly teamId: string;

  /** The id of the Sign in with Apple private key. */
  readonly keyId: string;

  /**
   * The private key (the .p8 file's PEM text), as a reference: `SecretValue.secretsManager('name-or-arn')`.
   * A plain-text value is refused, so that the key never appears in the template.
   */
  readonly privateKey: SecretValue;

  /**
   * The scopes Cognito asks Apple for.
   * @default ['email', 'name']
   */
  readonly scopes?: string[];
}

/** A SAML 2.0 identity provider. */
export interface SamlProviderOptions extends IdentityProviderCommonOptions {
  /**
   * The provider's name in this pool: 3 to 32 characters, no spaces, not the name of a social provider.
   * Clients list it, and users see it on the sign-in page.
   */
  readonly name: string;

  /**
   * The IdP's metadata: `UserPoolIdentityProviderSamlMetadata.url('https://...')` (recommended: Cognito can refresh the
   * metadata from it) or `.file(xml)` (the metadata document itself).
   */
  readonly metadata: cognito.UserPoolIdentityProviderSamlMetadata;

  /**
   * Identifiers (usually the company's email domains): the sign-in page sends a user whose email matches one
   * straight to this provider. At most 50, each at most 40 characters.
   * @default - none
   */
  readonly identifiers?: string[];

  /**
   * Sign the authentication requests Cognito sends to the IdP (RSA-SHA256), with Cognito's signing certificate.
   * IdPs that do not check request signatures ignore it.
   * @default true
   */
  readonly signRequests?: boolean;

  /**
   * Require the IdP to encrypt its assertions with Cognito's encryption certificate. Set it only once the IdP has
   * that certificate, or every sign-in fails.
   * @default false
   */
  readonly encryptedResponses?: boolean;

  /**
   * Sign users out of the IdP too when they sign out of the pool (the IdP must support SAML single logout).
   * @default false
   */
  readonly idpSignout?: boolean;

  /**
   * Accept IdP-initiated sign-in (from a tile in the IdP's portal). Cognito cannot tie such an assertion to a
   * request of its own, so this weakens CSRF protection, and a client offering this provider may offer no other
   * kind of provider: not COGNITO, not social, not OIDC. Clients offer it only when they name it.
   * @default false
   */
  readonly idpInitiated?: boolean;
}

/** How Cognito asks an OIDC provider's userInfo endpoint for attributes. */
export enum OidcRequestMethod {
  /** HTTP GET. */
  GET = 'GET',
  /** HTTP POST. */
  POST = 'POST',
}

/** An OpenID Connect identity provider. */
export interface OidcProviderOptions extends IdentityProviderCommonOptions {
  /** The provider's name in this pool: 3 to 32 characters, no spaces, not the name of a social provider. */
  readonly name: string;

  /** The client id registered with the provider. */
  readonly clientId: string;

  /**
   * The client secret, as a reference: `SecretValue.secretsManager('name-or-arn', { jsonField: '...' })`.
   * A plain-text value is refused.
   */
  readonly clientSecret: SecretValue;

  /** The issuer URL (https); Cognito discovers the endpoints from `<issuer>/.well-known/openid-configuration`. */
  readonly issuerUrl: string;

  /**
   * The scopes Cognito asks for; must include `openid`.
   * @default ['openid', 'email', 'profile']
   */
  readonly scopes?: string[];

  /**
   * How Cognito calls the userInfo endpoint.
   * @default OidcRequestMethod.GET
   */
  readonly attributeRequestMethod?: OidcRequestMethod;

  /**
   * Identifiers (usually email domains) that send a user straight to this provider. At most 50, each at most 40
   * characters.
   * @default - none
   */
  readonly identifiers?: string[];
}

/** Provider names Cognito reserves for itself and the social providers. */
const RESERVED_NAMES = ['COGNITO', 'Google', 'Facebook', 'SignInWithApple', 'LoginWithAmazon'];

const SAML_EMAIL_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

type ProviderSpec =
  | { type: IdentityProviderType.GOOGLE; options: GoogleProviderOptions }
  | { type: IdentityProviderType.FACEBOOK; options: FacebookProviderOptions }
  | { type: IdentityProviderType.AMAZON; options: AmazonProviderOptions }
  | { type: IdentityProviderType.APPLE; options: AppleProviderOptions }
  | { type: IdentityProviderType.SAML; options: SamlProviderOptions }
  | { type: IdentityProviderType.OIDC; options: OidcProviderOptions };

/**
 * One identity provider, as `CognitoAuth` and `IdentityProviders` take it. Make one with `IdentityProvider.google()`,
 * `.facebook()`, `.apple()`, `.amazon()`, `.saml()` or `.oidc()`.
 */
export class IdentityProvider {
  /** Google. Set up an OAuth client in the Google Cloud console with the redirect URI `<domain>/oauth2/idpresponse`. */
  public static google(options: GoogleProviderOptions): IdentityProvider {
    return new IdentityProvider('Google', { type: IdentityProviderType.GOOGLE, options });
  }

  /** Facebook. Create an app at developers.facebook.com with the redirect URI `<domain>/oauth2/idpresponse`. */
  public static facebook(options: FacebookProviderOptions): IdentityProvider {
    return new IdentityProvider('Facebook', { type: IdentityProviderType.FACEBOOK, options });
  }

  /** Login with Amazon. Create a security profile with the return URL `<domain>/oauth2/idpresponse`. */
  public static amazon(options: AmazonProviderOptions): IdentityProvider {
    return new IdentityProvider('LoginWithAmazon', { type: IdentityProviderType.AMAZON, options });
  }

  /** Sign in with Apple. Create a Services ID with the return URL `<domain>/oauth2/idpresponse`, and a key. */
  public static apple(options: AppleProviderOptions): IdentityProvider {
    return new IdentityProvider('SignInWithApple', { type: IdentityProviderType.APPLE, options });
  }

  /** A SAML 2.0 IdP. Register the pool with the ACS URL `<domain>/saml2/idpresponse` and the entity id `urn:amazon:cognito:sp:<userPoolId>`. */
  public static saml(options: SamlProviderOptions): IdentityProvider {
    return new IdentityProvider(options.name, { type: IdentityProviderType.SAML, options });
  }

  /** An OpenID Connect IdP. Register a client with the redirect URI `<domain>/oauth2/idpresponse`. */
  public static oidc(options: OidcProviderOptions): IdentityProvider {
    return new IdentityProvider(options.name, { type: IdentityProviderType.OIDC, options });
  }

  /** The provider's name in the pool, as app clients list it. */
  public readonly name: string;
  /** The kind of provider. */
  public readonly providerType: IdentityProviderType;
  /** Whether it is a SAML provider that accepts IdP-initiated sign-in. */
  public readonly idpInitiated: boolean;
  /** The provider's identifiers (SAML and OIDC). */
  public readonly identifiers: string[];

  private readonly spec: ProviderSpec;

  private constructor(name: string, spec: ProviderSpec) {
    this.name = name;
    this.providerType = spec.type;
    this.spec = spec;
    this.idpInitiated = spec.type === IdentityProviderType.SAML && spec.options.idpInitiated === true;
    this.identifiers = spec.type === IdentityProviderType.SAML || spec.type === IdentityProviderType.OIDC ? [...(spec.options.identifiers ?? [])] : [];
  }

  /**
   * Validates the settings and creates the provider resource in the pool.
   * @internal
   */
  public _bind(scope: Construct, id: string, userPool: cognito.IUserPool, attributes: PoolAttributes): BoundProvider {
    let mapped: string[] = [];
    const mapping = (defaults: cognito.AttributeMapping) => {
      const merged = mergeMapping(`identityProviders['${this.name}'].attributeMapping`, defaults, this.spec.options.attributeMapping, attributes);
      mapped = merged.attributes;
      return merged.mapping;
    };
    const resource = this.create(scope, id, userPool, mapping);
    return { resource, mappedAttributes: mapped };
  }

  private create(
    scope: Construct,
    id: string,
    userPool: cognito.IUserPool,
    mapping: (defaults: cognito.AttributeMapping) => cognito.AttributeMapping,
  ): cognito.IUserPoolIdentityProvider {
    const spec = this.spec;
    const prop = `identityProviders['${this.name}']`;
    switch (spec.type) {
      case IdentityProviderType.GOOGLE: {
        const o = spec.options;
        validateClientId(`${prop}.clientId`, o.clientId);
        const secret = secretReference(scope, `${prop}.clientSecret`, o.clientSecret);
        return new cognito.UserPoolIdentityProviderGoogle(scope, id, {
          userPool,
          clientId: o.clientId,
          clientSecretValue: secret,
          scopes: scopesOf(`${prop}.scopes`, o.scopes, ['openid', 'email', 'profile']),
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.GOOGLE_EMAIL,
            givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME,
            familyName: cognito.ProviderAttribute.GOOGLE_FAMILY_NAME,
            profilePicture: cognito.ProviderAttribute.GOOGLE_PICTURE,
          }),
        });
      }
      case IdentityProviderType.FACEBOOK: {
        const o = spec.options;
        validateClientId(`${prop}.clientId`, o.clientId);
        const secret = secretReference(scope, `${prop}.clientSecret`, o.clientSecret);
        if (o.apiVersion !== undefined && !Token.isUnresolved(o.apiVersion) && !/^v\d+\.\d+$/.test(o.apiVersion)) {
          throw new ConfigError(`${prop}.apiVersion '${o.apiVersion}' is not a Graph API version: use the form v17.0`);
        }
        return new cognito.UserPoolIdentityProviderFacebook(scope, id, {
          userPool,
          clientId: o.clientId,
          // A dynamic reference ({{resolve:secretsmanager:...}}), not the value: CloudFormation resolves it at deploy.
          clientSecret: secret.unsafeUnwrap(),
          apiVersion: o.apiVersion,
          scopes: scopesOf(`${prop}.scopes`, o.scopes, ['public_profile', 'email']),
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.FACEBOOK_EMAIL,
            givenName: cognito.ProviderAttribute.FACEBOOK_FIRST_NAME,
            familyName: cognito.ProviderAttribute.FACEBOOK_LAST_NAME,
          }),
        });
      }
      case IdentityProviderType.AMAZON: {
        const o = spec.options;
        validateClientId(`${prop}.clientId`, o.clientId);
        const secret = secretReference(scope, `${prop}.clientSecret`, o.clientSecret);
        return new cognito.UserPoolIdentityProviderAmazon(scope, id, {
          userPool,
          clientId: o.clientId,
          clientSecret: secret.unsafeUnwrap(),
          scopes: scopesOf(`${prop}.scopes`, o.scopes, ['profile']),
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.AMAZON_EMAIL,
            fullname: cognito.ProviderAttribute.AMAZON_NAME,
          }),
        });
      }
      case IdentityProviderType.APPLE: {
        const o = spec.options;
        validateClientId(`${prop}.servicesId`, o.servicesId);
        validateClientId(`${prop}.teamId`, o.teamId);
        validateClientId(`${prop}.keyId`, o.keyId);
        const key = secretReference(scope, `${prop}.privateKey`, o.privateKey);
        return new cognito.UserPoolIdentityProviderApple(scope, id, {
          userPool,
          clientId: o.servicesId,
          teamId: o.teamId,
          keyId: o.keyId,
          privateKeyValue: key,
          scopes: scopesOf(`${prop}.scopes`, o.scopes, ['email', 'name']),
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.APPLE_EMAIL,
            givenName: cognito.ProviderAttribute.APPLE_FIRST_NAME,
            familyName: cognito.ProviderAttribute.APPLE_LAST_NAME,
          }),
        });
      }
      case IdentityProviderType.SAML: {
        const o = spec.options;
        validateProviderName(`${prop}.name`, o.name);
        validateIdentifiers(`${prop}.identifiers`, o.identifiers ?? []);
        validateSamlMetadata(`${prop}.metadata`, o.metadata);
        return new cognito.UserPoolIdentityProviderSaml(scope, id, {
          userPool,
          name: o.name,
          metadata: o.metadata,
          identifiers: o.identifiers,
          requestSigningAlgorithm: o.signRequests === false ? undefined : cognito.SigningAlgorithm.RSA_SHA256,
          encryptedResponses: o.encryptedResponses ?? false,
          idpSignout: o.idpSignout ?? false,
          idpInitiated: o.idpInitiated ?? false,
          attributeMapping: mapping({ email: cognito.ProviderAttribute.other(SAML_EMAIL_CLAIM) }),
        });
      }
      case IdentityProviderType.OIDC: {
        const o = spec.options;
        validateProviderName(`${prop}.name`, o.name);
        validateClientId(`${prop}.clientId`, o.clientId);
        validateIdentifiers(`${prop}.identifiers`, o.identifiers ?? []);
        validateIssuer(`${prop}.issuerUrl`, o.issuerUrl);
        const secret = secretReference(scope, `${prop}.clientSecret`, o.clientSecret);
        const scopes = scopesOf(`${prop}.scopes`, o.scopes, ['openid', 'email', 'profile']);
        if (!scopes.includes('openid')) {
          throw new ConfigError(`${prop}.scopes is [${scopes.join(', ')}]: an OIDC provider needs the 'openid' scope`);
        }
        return new cognito.UserPoolIdentityProviderOidc(scope, id, {
          userPool,
          name: o.name,
          clientId: o.clientId,
          clientSecret: secret.unsafeUnwrap(),
          issuerUrl: o.issuerUrl,
          scopes,
          identifiers: o.identifiers,
          attributeRequestMethod:
            o.attributeRequestMethod === OidcRequestMethod.POST ? cognito.OidcAttributeRequestMethod.POST : cognito.OidcAttributeRequestMethod.GET,
          attributeMapping: mapping({
            email: cognito.ProviderAttribute.other('email'),
            givenName: cognito.ProviderAttribute.other('given_name'),
            familyName: cognito.ProviderAttribute.other('family_name'),
            profilePicture: cognito.ProviderAttribute.other('picture'),
          }),
        });
      }
    }
  }
}

/** The pool's attributes, as far as mappings are checked against them. */
interface PoolAttributes {
  /** Custom attribute names, without `custom:`. */
  readonly custom: string[];
  /** Immutable attributes: `custom:<name>` and standard names (given_name). */
  readonly immutable: string[];
}

/** A provider resource and the pool attributes it maps (given_name, custom:tenant). */
interface BoundProvider {
  readonly resource: cognito.IUserPoolIdentityProvider;
  readonly mappedAttributes: string[];
}

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

  constructor(scope: Construct, id: string, props: IdentityProvidersProps) {
    super(scope, id);
    validateUnique('identityProviders', props.providers.map((p) => p.name));
    if (props.providers.length > ADJUSTABLE_QUOTAS.identityProvidersPerPool) {
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:identityProviderQuota',
        `identityProviders has ${props.providers.length} providers: Cognito's default quota is ${ADJUSTABLE_QUOTAS.identityProvidersPerPool} per user pool (adjustable); deploying fails unless the account's quota was raised`,
      );
    }
    // Cognito routes a sign-in by identifier, so an identifier names one provider in the whole pool.
    validateUnique('identityProviders[].identifiers', props.providers.flatMap((p) => p.identifiers));
    this.providers = [...props.providers];
    const attributes = { custom: props.customAttributeNames ?? [], immutable: props.immutableAttributeNames ?? [] };
    for (const provider of props.providers) {
      const bound = provider._bind(this, provider.name, props.userPool, attributes);
      this.resources.set(provider.name, bound.resource);
      this.mapped.set(provider.name, bound.mappedAttributes);
    }
  }

  /** The pool attributes a provider maps (email, given_name, custom:tenant, ...). */
  public mappedAttributes(name: string): string[] {
    this.resource(name);
    return [...this.mapped.get(name)!];
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

/**
 * Checks that a secret is a reference CloudFormation resolves at deploy time (Secrets Manager, or a NoEcho
 * parameter), never a value written into the template, and returns it.
 */
function secretReference(scope: Construct, prop: string, secret: SecretValue): SecretValue {
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
      `${prop} is an SSM SecureString reference: CloudFormation resolves ssm-secure references only for a short list of resource properties, and Cognito identity providers are not among them; store the secret in Secrets Manager and pass SecretValue.secretsManager('<secret name or ARN>')`,
    );
  }
  if (text.includes('{{resolve:ssm:')) {
    throw new ConfigError(
      `${prop} is a plain SSM parameter reference, which is not encrypted: store the secret in Secrets Manager and pass SecretValue.secretsManager('<secret name or ARN>')`,
    );
  }
  if (isRef(resolved)) {
    const parameter = stack.node.findAll().find((c): c is CfnParameter => c instanceof CfnParameter && stack.resolve(c.logicalId) === resolved.Ref);
    if (!parameter) throw new ConfigError(plainTextMessage(prop));
    if (!parameter.noEcho || parameter.default !== undefined) {
      throw new ConfigError(
        `${prop} is the CloudFormation parameter ${resolved.Ref}, which ${parameter.noEcho ? 'has a default value, written into the template' : 'is not noEcho, so CloudFormation shows its value'}: use a noEcho parameter without a default, or Secrets Manager`,
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
  return `${prop} is a plain-text value: it would be written into the template; store it in Secrets Manager and pass SecretValue.secretsManager('<secret name or ARN>', { jsonField: '<field>' })`;
}

/**
 * Merges the user's mapping over the provider's defaults (an entry set to undefined removes a default), checks
 * that custom attributes exist and that nothing immutable is mapped, and lists the pool attributes mapped.
 */
function mergeMapping(
  prop: string,
  defaults: cognito.AttributeMapping,
  given: cognito.AttributeMapping | undefined,
  attributes: PoolAttributes,
): { mapping: cognito.AttributeMapping; attributes: string[] } {
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
      `${prop} maps '${immutable}', an immutable attribute of the pool: Cognito updates mapped attributes at every federated sign-in, so a mapped attribute must be mutable`,
    );
  }
  return { mapping: { ...standard, custom: Object.keys(custom).length > 0 ? custom : undefined }, attributes: names };
}

function validateClientId(prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.trim() === '') throw new ConfigError(`${prop} is empty`);
}

function scopesOf(prop: string, scopes: string[] | undefined, defaults: string[]): string[] {
  if (scopes === undefined) return defaults;
  if (scopes.length === 0) throw new ConfigError(`${prop} is empty: leave it out for the provider's default scopes`);
  scopes.forEach((s, i) => {
    if (!Token.isUnresolved(s) && !/^\S+$/.test(s)) {
      throw new ConfigError(`${prop}[${i}] '${s}' is not a scope: scopes are single words without spaces`);
    }
  });
  return [...scopes];
}

function validateProviderName(prop: string, name: string): void {
  if (Token.isUnresolved(name)) {
    throw new ConfigError(`${prop} is a token: provider names must be known at synth, because clients list them`);
  }
  if (RESERVED_NAMES.some((r) => r.toLowerCase() === name.toLowerCase())) {
    throw new ConfigError(`${prop} '${name}' is reserved: ${RESERVED_NAMES.join(', ')} name Cognito itself and the social providers`);
  }
  // Cognito's pattern for provider names, and aws-cdk-lib's 3 to 32 characters.
  if (name.length < 3 || name.length > 32 || !/^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u.test(name)) {
    throw new ConfigError(`${prop} '${name}' is invalid: use 3 to 32 letters, digits, symbols and punctuation, without spaces, and '_' only as the second character`);
  }
}

function validateIdentifiers(prop: string, identifiers: string[]): void {
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

function validateIssuer(prop: string, url: string): void {
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

function validateSamlMetadata(prop: string, metadata: cognito.UserPoolIdentityProviderSamlMetadata): void {
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
