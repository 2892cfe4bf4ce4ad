// The inbound federation trigger's rules, as values of their own: triggers-options.ts imports them, so this file
// imports no construct.
import { type FederationRuleConfig, MAPPED_VALUE_MAX_LENGTH } from '../private/handler-config';
import { checkProps } from '../private/props-check';

/** What every federation rule takes. */
export interface FederationRuleOptions {
  /**
   * The providers (their names in the pool: `Google`, or your SAML or OIDC provider's name) whose sign-ins the rule
   * changes.
   * @default - every provider of the pool
   */
  readonly providers?: string[];
}

/** How `FederationRule.groupsToAttribute` reads and writes the groups. */
export interface GroupsToAttributeOptions extends FederationRuleOptions {
  /**
   * What joins the groups in the written attribute. A group whose name holds it is left out (it would read as several
   * groups), and the trigger logs how many (never which); a `prefix` may not hold it.
   * @default ','
   */
  readonly separator?: string;

  /**
   * What separates the groups in the provider's value, when that value is not a JSON list of strings (which is read
   * as a list).
   * @default ','
   */
  readonly sourceSeparator?: string;

  /**
   * Only groups whose name starts with this are kept (to keep an enterprise directory's hundreds of groups out).
   * @default - every group
   */
  readonly prefix?: string;

  /**
   * The most characters the written value may have, at most 2048 (a mapped attribute's limit). Groups past it are
   * left out whole, and the trigger logs how many (never which).
   * @default 2048
   */
  readonly maxLength?: number;
}

/** The kinds of federation rule. */
export enum FederationRuleKind {
  /** An attribute moves to another name. */
  RENAME = 'RENAME',
  /** An attribute's value in lower case. */
  LOWERCASE = 'LOWERCASE',
  /** A list of groups joined into one attribute. */
  GROUPS_TO_ATTRIBUTE = 'GROUPS_TO_ATTRIBUTE',
}

/**
 * One change the inbound federation trigger makes to what an identity provider sends, before Cognito maps it to the
 * user's attributes (the provider's `attributeMapping`). Names are the provider's attribute names, as the mapping
 * takes them (`email`, `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress`).
 */
export class FederationRule {
  /**
   * The provider's attribute `attribute` is sent as `newName` instead (it replaces a `newName` the provider sent).
   * @param attribute the provider's attribute name
   * @param newName the name it is sent under
   */
  public static rename(attribute: string, newName: string, options: FederationRuleOptions = {}): FederationRule {
    checkProps('FederationRuleOptions', options, 'FederationRule.rename() options');
    return new FederationRule(FederationRuleKind.RENAME, attribute, newName, options, { source: 'attribute', target: 'newName' });
  }

  /**
   * The provider's attribute in lower case (an email address that the provider sends with capitals). It changes
   * nothing about whether the address is verified.
   * @param attribute the provider's attribute name
   */
  public static lowercase(attribute: string, options: FederationRuleOptions = {}): FederationRule {
    checkProps('FederationRuleOptions', options, 'FederationRule.lowercase() options');
    return new FederationRule(FederationRuleKind.LOWERCASE, attribute, attribute, options, { source: 'attribute', target: 'attribute' });
  }

  /**
   * The provider's groups (a JSON list, or values separated by `sourceSeparator`), filtered by `prefix`, joined with
   * `separator` into the attribute `attribute`, which the provider's `attributeMapping` then maps (to a custom
   * attribute, say). The groups attribute itself is kept.
   * @param groupsAttribute the provider's attribute that lists the groups
   * @param attribute the attribute the joined groups are sent as
   */
  public static groupsToAttribute(groupsAttribute: string, attribute: string, options: GroupsToAttributeOptions = {}): FederationRule {
    checkProps('GroupsToAttributeOptions', options, 'FederationRule.groupsToAttribute() options');
    return new FederationRule(FederationRuleKind.GROUPS_TO_ATTRIBUTE, groupsAttribute, attribute, options, {
      source: 'groupsAttribute', target: 'attribute',
    });
  }

  /** The kind of rule. */
  public readonly kind: FederationRuleKind;
  /** The provider attribute it reads. */
  public readonly source: string;
  /** The provider attribute it writes (the same as `source` for `lowercase`). */
  public readonly target: string;
  /** The options it was given. */
  public readonly options: GroupsToAttributeOptions;
  /** The parameter names of `source` and `target`, for messages. @internal */
  public readonly _names: { readonly source: string; readonly target: string };

  private constructor(
    kind: FederationRuleKind, source: string, target: string, options: GroupsToAttributeOptions, names: { source: string; target: string },
  ) {
    this.kind = kind;
    this.source = source;
    this.target = target;
    this.options = options;
    this._names = names;
  }

  /** The rule as the handler takes it (defaults filled in). @internal */
  public _config(): FederationRuleConfig {
    const common = { source: this.source, target: this.target, providers: [...this.options.providers ?? []] };
    if (this.kind === FederationRuleKind.RENAME) return { kind: 'rename', ...common };
    if (this.kind === FederationRuleKind.LOWERCASE) return { kind: 'lowercase', ...common };
    return {
      kind: 'groups',
      ...common,
      separator: this.options.separator ?? ',',
      sourceSeparator: this.options.sourceSeparator ?? ',',
      ...(this.options.prefix !== undefined ? { prefix: this.options.prefix } : {}),
      maxLength: this.options.maxLength ?? MAPPED_VALUE_MAX_LENGTH,
    };
  }
}
