/**
 * What the invariants read: the synthesized templates of one app, by stack name, and small readers shared by them.
 * Each invariant is a named function from templates to a list of violations (empty when it holds), so that a test can
 * plant a violation into a template and prove the invariant reports it.
 */
import type { App, Stack } from 'aws-cdk-lib';

export type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
export type TemplateJson = { Resources?: Record<string, Resource>; [key: string]: unknown };
/** The templates of an app, by stack name; each stack also knows its region. */
export type Templates = Record<string, TemplateJson & { region?: string }>;

/** The synthesized templates of the stacks of an app, each with its stack's region. */
export function templatesOf(app: App, stacks: Stack[]): Templates {
  const assembly = app.synth();
  return Object.fromEntries(stacks.map((s) => [s.stackName, { ...assembly.getStackByName(s.stackName).template, region: s.region }]));
}

/** Every resource of every template, with its stack and logical id. */
export function* resourcesOf(templates: Templates): Generator<{ stack: string; id: string; resource: Resource }> {
  for (const [stack, template] of Object.entries(templates)) {
    for (const [id, resource] of Object.entries(template.Resources ?? {})) yield { stack, id, resource };
  }
}

/**
 * A bundled function's JSON config, with each token (an Fn::Join part that is not plain text) read as the string
 * "<token>"; undefined when the function has none.
 */
export function triggerConfigOf(resource: Resource): Record<string, any> | undefined {
  const raw = resource.Properties?.Environment?.Variables?.TRIGGER_CONFIG;
  if (raw === undefined) return undefined;
  const text =
    typeof raw === 'string'
      ? raw
      : Array.isArray(raw?.['Fn::Join']?.[1])
        ? raw['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : '<token>')).join('')
        : JSON.stringify('<token>');
  return JSON.parse(text);
}

/** The bundled functions of the library (their description ends with "(cdk-cognito-auth)"). */
export function* bundledFunctions(templates: Templates): Generator<{ stack: string; id: string; resource: Resource; description: string }> {
  for (const r of resourcesOf(templates)) {
    const description = r.resource.Properties?.Description;
    if (r.resource.Type === 'AWS::Lambda::Function' && typeof description === 'string' && description.endsWith('(cdk-cognito-auth)')) {
      yield { ...r, description };
    }
  }
}
