/*
 * What the validator needs to know of a user pool: its attributes (type, required, limits), how users sign in, which
 * attributes Cognito verifies, its MFA setting. Read from a synthesized template's AWS::Cognito::UserPool (offline) or
 * from DescribeUserPool and GetUserPoolMfaConfig (online); pure functions, no AWS SDK.
 */

export type AttributeType = 'String' | 'Number' | 'DateTime' | 'Boolean';

/** One attribute, named as its CSV column: `email`, `custom:tenant_id`. */
export interface AttributeSchema {
  readonly name: string;
  readonly type: AttributeType;
  readonly required: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
}

export interface PoolSchema {
  /** The standard and custom attributes. */
  readonly attributes: AttributeSchema[];
  /** `email`, `phone_number`: what users sign in with instead of a user name. */
  readonly usernameAttributes: string[];
  /** `email`, `phone_number`, `preferred_username`: what users may also sign in with. */
  readonly aliasAttributes: string[];
  /** `email`, `phone_number`: the attributes Cognito verifies. */
  readonly autoVerifiedAttributes: string[];
  /** OFF, ON (required) or OPTIONAL; undefined when not known (a value the template computes). */
  readonly mfa?: string;
  /** Whether SMS is one of the pool's MFA methods; undefined when not known. */
  readonly smsMfa?: boolean;
  /** Whether user names are case-sensitive (Cognito's default when the pool does not say). */
  readonly caseSensitive: boolean;
}

/**
 * The standard attributes in the order of GetCSVHeader's answer, with Cognito's types; `birthdate` is 10 characters
 * (mm/dd/yyyy in an import file), every other string at most 2048 ("User pool attributes":
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html).
 */
export const STANDARD_ATTRIBUTES: readonly AttributeSchema[] = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website',
  'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified',
  'address', 'updated_at',
].map((name): AttributeSchema => {
  if (name.endsWith('_verified')) return { name, type: 'Boolean', required: false };
  if (name === 'updated_at') return { name, type: 'Number', required: false };
  if (name === 'birthdate') return { name, type: 'String', required: false, minLength: 10, maxLength: 10 };
  return { name, type: 'String', required: false, maxLength: 2048 };
});

export const USERNAME_COLUMN = 'cognito:username';
export const MFA_COLUMN = 'cognito:mfa_enabled';

/**
 * The CSV header GetCSVHeader answers for the pool: the standard attributes, the custom ones, then
 * `cognito:mfa_enabled` and `cognito:username` (the order does not matter to Cognito).
 */
export function csvHeaderOf(schema: PoolSchema): string[] {
  return [...schema.attributes.map((a) => a.name), MFA_COLUMN, USERNAME_COLUMN];
}

/** A template's user pool: the one with `logicalId`, or the only one. Throws an Error that says what is wrong. */
export function poolSchemaFromTemplate(template: any, logicalId?: string): { logicalId: string; schema: PoolSchema } {
  const pools = Object.entries<any>(template?.Resources ?? {}).filter(([, r]) => r?.Type === 'AWS::Cognito::UserPool');
  const ids = pools.map(([id]) => id).join(', ');
  if (pools.length === 0) throw new Error('the template has no AWS::Cognito::UserPool');
  const found = logicalId === undefined ? pools : pools.filter(([id]) => id === logicalId);
  if (logicalId !== undefined && found.length === 0) {
    throw new Error(`the template has no AWS::Cognito::UserPool '${logicalId}'; its user pools: ${ids}`);
  }
  if (found.length > 1) throw new Error(`the template has several user pools (${ids}): choose one with --pool`);
  const [id, resource] = found[0];
  const p = resource.Properties ?? {};
  const byName = new Map<string, any>((Array.isArray(p.Schema) ? p.Schema : []).map((a: any) => [String(a?.Name), a]));
  const standard = STANDARD_ATTRIBUTES.map((a) => withSchema(a, byName.get(a.name)));
  const custom = [...byName.entries()]
    .filter(([name]) => !STANDARD_ATTRIBUTES.some((a) => a.name === name) && name !== 'sub')
    .map(([name, a]) => withSchema({ name: `custom:${name}`, type: typeOf(a.AttributeDataType), required: false }, a));
  const mfas = strings(p.EnabledMfas);
  return {
    logicalId: id,
    schema: {
      attributes: [...standard, ...custom],
      usernameAttributes: strings(p.UsernameAttributes),
      aliasAttributes: strings(p.AliasAttributes),
      autoVerifiedAttributes: strings(p.AutoVerifiedAttributes),
      mfa: typeof p.MfaConfiguration === 'string' ? p.MfaConfiguration : p.MfaConfiguration === undefined ? 'OFF' : undefined,
      smsMfa: Array.isArray(p.EnabledMfas) ? mfas.includes('SMS_MFA') : p.EnabledMfas === undefined ? false : undefined,
      caseSensitive: p.UsernameConfiguration?.CaseSensitive !== false,
    },
  };
}

/** The parts of DescribeUserPool's UserPool the validator reads. */
export interface DescribedPool {
  readonly SchemaAttributes?: {
    Name?: string;
    AttributeDataType?: string;
    Required?: boolean;
    StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
    NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
  }[];
  readonly UsernameAttributes?: string[];
  readonly AliasAttributes?: string[];
  readonly AutoVerifiedAttributes?: string[];
  readonly MfaConfiguration?: string;
  readonly UsernameConfiguration?: { CaseSensitive?: boolean };
}

/**
 * A pool as DescribeUserPool describes it (custom attributes named `custom:...`); `smsMfa`: whether
 * GetUserPoolMfaConfig answered an SmsMfaConfiguration.
 */
export function poolSchemaFromDescribe(pool: DescribedPool, smsMfa: boolean): PoolSchema {
  const attributes = (pool.SchemaAttributes ?? [])
    .filter((a) => typeof a.Name === 'string' && a.Name !== 'sub' && a.Name !== 'identities')
    .map((a) => withSchema({ name: a.Name!, type: typeOf(a.AttributeDataType), required: false }, a));
  return {
    attributes,
    usernameAttributes: pool.UsernameAttributes ?? [],
    aliasAttributes: pool.AliasAttributes ?? [],
    autoVerifiedAttributes: pool.AutoVerifiedAttributes ?? [],
    mfa: pool.MfaConfiguration ?? 'OFF',
    smsMfa,
    caseSensitive: pool.UsernameConfiguration?.CaseSensitive !== false,
  };
}

/** An attribute with what a template's or DescribeUserPool's schema entry says of it. */
function withSchema(base: AttributeSchema, entry: any): AttributeSchema {
  if (entry === undefined) return base;
  const num = (v: unknown, fallback?: number) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback);
  const s = entry.StringAttributeConstraints ?? {};
  const n = entry.NumberAttributeConstraints ?? {};
  return {
    name: base.name,
    type: entry.AttributeDataType !== undefined ? typeOf(entry.AttributeDataType) : base.type,
    required: entry.Required === true,
    ...defined('minLength', num(s.MinLength, base.minLength)),
    ...defined('maxLength', num(s.MaxLength, base.maxLength ?? (typeOf(entry.AttributeDataType ?? base.type) === 'String' ? 2048 : undefined))),
    ...defined('minValue', num(n.MinValue)),
    ...defined('maxValue', num(n.MaxValue)),
  };
}

function defined<K extends string>(key: K, value: number | undefined): { [k in K]?: number } {
  return value === undefined ? {} : ({ [key]: value } as { [k in K]?: number });
}

function typeOf(value: unknown): AttributeType {
  return value === 'Number' || value === 'DateTime' || value === 'Boolean' ? value : 'String';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
