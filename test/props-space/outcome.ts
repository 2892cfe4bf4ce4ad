/**
 * What one draw of the props space comes to: refused with a ConfigError that names the construct, or an app whose
 * templates pass AWS's CloudFormation validator and the service rules (both run at synth by the test app) and every
 * cross-feature invariant.
 */
import type { App } from 'aws-cdk-lib';
import { ConfigError } from '../../lib/private/errors';
import { keysAllowTheirServices } from '../invariants/keys';
import { handlersReadTheirConfig } from '../invariants/handlers';
import { noUserWritableFeedAttribute } from '../invariants/attributes';
import { identityPoolRolesTrustOnlyTheirPool } from '../invariants/roles';
import { regionBoundValuesValid } from '../invariants/regions';
import { statefulResourcesWatched } from '../invariants/stateful';
import { templatesOf, type Templates } from '../invariants/templates';
import { buildDraw, type Draw } from './draw';

/** The invariants every synthesized draw must hold, by name. */
export const INVARIANTS: { [name: string]: (templates: Templates, app: App) => string[] } = {
  keysAllowTheirServices: (_templates, app) => keysAllowTheirServices(app),
  handlersReadTheirConfig,
  noUserWritableFeedAttribute,
  identityPoolRolesTrustOnlyTheirPool,
  statefulResourcesWatched,
  regionBoundValuesValid,
};

/**
 * Violations the library knowingly lets through with a warning to acknowledge, because users still complete sign-in:
 * passkeys bound to the primary's prefix-domain host beside passwords (the replica's users sign in with their
 * password; the library refuses it when users may have no password).
 */
const WARNED_VIOLATIONS: [string, RegExp][] = [['replicaPasskeys', /^regionBoundValuesValid: .* WebAuthnRelyingPartyID /]];

export type Outcome = { kind: 'refused'; message: string } | { kind: 'synthesized'; app: App; templates: Templates; warnings: string[] };

/**
 * Whether an error is a refusal of the library: a ConfigError whose message starts with the construct path
 * (`[Primary/Auth/...] ...`), thrown while building or, by a check that waits for synth, from `app.synth()`.
 */
function refusal(err: unknown): err is ConfigError {
  return err instanceof ConfigError && err.constructPath !== undefined && err.message.startsWith(`[${err.constructPath}] `);
}

/**
 * Builds and synthesizes a draw. A refusal must be the library's, in its one form (see `refusal`), at construction or
 * at synth. Anything else thrown (a TypeError, aws-cdk-lib's "Validation failed", a CloudFormation validator or
 * service-rule report) fails the draw.
 */
export function outcomeOf(draw: Draw): Outcome {
  let built;
  try {
    built = buildDraw(draw);
  } catch (err) {
    if (refusal(err)) return { kind: 'refused', message: err.message };
    throw err;
  }
  let templates: Templates;
  try {
    templates = templatesOf(built.app, built.stacks);
  } catch (err) {
    if (refusal(err)) return { kind: 'refused', message: err.message };
    throw err;
  }
  const warnings = built.app.synth().stacks.flatMap((s) => s.messages.filter((m) => m.level === 'warning').map((m) => `${m.id}: ${String(m.entry.data)}`));
  return { kind: 'synthesized', app: built.app, templates, warnings };
}

/** The violations of every invariant, each prefixed with the invariant's name. */
export function violationsOf(outcome: { app: App; templates: Templates; warnings: string[] }): string[] {
  const warned = (id: string) => outcome.warnings.some((w) => w.includes(`cdk-cognito-auth:${id}`));
  return Object.entries(INVARIANTS)
    .flatMap(([name, invariant]) => invariant(outcome.templates, outcome.app).map((v) => `${name}: ${v}`))
    .filter((v) => !(WARNED_VIOLATIONS.some(([id, pattern]) => warned(id) && pattern.test(v))));
}

/**
 * Every warning of the library carries an id to acknowledge it by (`[ack: cdk-cognito-auth:...]`), so that a strict
 * synth can be made to pass once a user has read it.
 */
export function unacknowledgeableWarnings(warnings: string[]): string[] {
  return warnings.filter((w) => w.includes('cdk-cognito-auth') === false && /\/Auth\//.test(w) && !/\[ack: /.test(w));
}
