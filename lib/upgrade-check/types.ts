/** What a finding of the upgrade check is about. */
export enum UpgradeFindingKind {
  /** The resource is replaced: a new physical resource, the old one deleted (or retained beside it). */
  REPLACED = 'REPLACED',
  /** The resource leaves the stack and is deleted. */
  REMOVED = 'REMOVED',
  /** The resource leaves the stack but is retained: it stays in the account, outside the stack. */
  ORPHANED = 'ORPHANED',
  /** A custom or standard attribute changes in a way Cognito refuses on an existing pool: the update fails. */
  ATTRIBUTE_CHANGED = 'ATTRIBUTE_CHANGED',
  /** A setting Cognito fixes when the pool is created changes: the update fails or the pool is replaced. */
  CREATE_ONLY_CHANGED = 'CREATE_ONLY_CHANGED',
  /** The passkey relying party changes: every passkey registered so far stops working. */
  PASSKEYS_RESET = 'PASSKEYS_RESET',
  /**
   * The user pool loses its protection (DeletionPolicy Retain, deletion protection): nothing is lost yet, but a later
   * removal deletes every user.
   */
  PROTECTION_REMOVED = 'PROTECTION_REMOVED',
  /**
   * The pool's issuer changes form (original and updated): every new token carries another `iss`, which every party
   * that checks tokens (authorizers, back ends, front ends) must accept.
   */
  ISSUER_CHANGED = 'ISSUER_CHANGED',
}

/** One thing a change would lose or Cognito would refuse. */
export interface UpgradeFinding {
  /** The resource's logical id. */
  readonly logicalId: string;
  /** The resource type, like AWS::Cognito::UserPool. */
  readonly resourceType: string;
  /** What kind of finding it is. */
  readonly kind: UpgradeFindingKind;
  /**
   * The property that causes it, when one does (a custom attribute as `Schema[<name>]`).
   * @default - the resource as a whole
   */
  readonly property?: string;
  /** What is lost or refused. */
  readonly message: string;
  /** A way out. */
  readonly suggestion: string;
  /** The reason it was acknowledged with, when an acknowledgement covers it. @default - not acknowledged */
  readonly acknowledgedReason?: string;
}

/** A deliberate finding, accepted on purpose (a dev stack that may lose its users, say). */
export interface UpgradeAcknowledgement {
  /** The logical id of the resource. */
  readonly logicalId: string;
  /**
   * The kind of finding accepted.
   * @default - every kind on that resource
   */
  readonly kind?: UpgradeFindingKind;
  /** Why it is fine: a non-empty sentence, for whoever reads the file next. */
  readonly reason: string;
}

/** Options of the upgrade check. */
export interface UpgradeCheckOptions {
  /**
   * Findings accepted on purpose.
   * @default - none
   */
  readonly acknowledgements?: UpgradeAcknowledgement[];
}

/** What the upgrade check found. */
export interface UpgradeCheckResult {
  /** The findings no acknowledgement covers: the change is unsafe while there is one. */
  readonly findings: UpgradeFinding[];
  /** The findings an acknowledgement covers, each with its reason. */
  readonly acknowledged: UpgradeFinding[];
  /** Whether nothing unacknowledged was found. */
  readonly safe: boolean;
}
