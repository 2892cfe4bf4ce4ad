import * as path from 'path';
import { readJson } from './read-json';

/** A stack of a synthesized cloud assembly (cdk.out): the names it answers to, and its template file. */
export interface AssemblyStack {
  /** Its display name (Stage/Stack), its stack name, its artifact id. */
  readonly names: string[];
  readonly templateFile: string;
}

/** The stacks of a cloud assembly, those of its stages' nested assemblies too, each with the names it answers to. */
export function stacksIn(dir: string): AssemblyStack[] {
  const manifest = readJson(path.join(dir, 'manifest.json'), 'assembly manifest');
  const found: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact?.type === 'aws:cloudformation:stack') {
      const names = [artifact.displayName, artifact.properties?.stackName, id].filter((n): n is string => typeof n === 'string');
      found.push({ names, templateFile: path.join(dir, artifact.properties.templateFile) });
    } else if (artifact?.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string') {
      found.push(...stacksIn(path.join(dir, artifact.properties.directoryName)));
    }
  }
  return found;
}

/** The template file of the stack `stack` (its display name, stack name or artifact id) in the cloud assembly `dir`. */
export function stackTemplateFile(dir: string, stack: string): string {
  const stacks = stacksIn(dir);
  const found = stacks.find((s) => s.names.includes(stack));
  if (!found) {
    throw new Error(`no stack '${stack}' in ${path.join(dir, 'manifest.json')}; the stacks are: ` +
      `${stacks.map((s) => s.names[0]).join(', ') || '(none)'}`);
  }
  return found.templateFile;
}
