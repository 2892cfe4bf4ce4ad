import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { BundledFunction } from './private/bundled-function';

/**
 * A snapshot-testing kit for stacks that use these constructs. `AuthSnapshot.fromStack(stack)` returns the stack's
 * template with what changes on every upgrade of this library, and nothing else, masked:
 *
 * - the asset hashes of this library's bundled handlers (they change whenever a handler's code does), in
 *   `Code.S3Key` and in asset metadata, become `cdk-cognito-auth:<handler>`;
 * - the `CDKMetadata` resource (and its condition): it records aws-cdk-lib's version and the props that this
 *   library passes to aws-cdk-lib's constructs, which a release can change while the CloudFormation stays the same.
 *
 * This library's own version appears nowhere in a template, so there is nothing else to mask.
 *
 * Everything else is kept, so a real change (a setting, a resource, a permission, a handler's config) still shows.
 * Your own assets are not masked.
 *
 * @exampleMetadata fixture=stack
 *
 * @example
 * import { AuthSnapshot } from 'cdk-cognito-auth';
 *
 * const snapshot = AuthSnapshot.fromStack(stack);   // in jest: expect(snapshot).toMatchSnapshot()
 */
export class AuthSnapshot {
  /**
   * The stack's template (synthesized), masked as described above.
   * @returns the template as parsed JSON: an object of CloudFormation's sections (Resources, Outputs, ...), typed as a
   * JSON object because a template's contents are free-form
   */
  public static fromStack(stack: Stack): { [key: string]: any } {
    const template = Template.fromStack(stack).toJSON();
    return AuthSnapshot.mask(stack, template);
  }

  /**
   * Masks a template of `stack` that you synthesized yourself.
   * @param template the parsed JSON of the stack's `.template.json`, a JSON object (typed `any`, as in earlier
   * releases, so that every caller in every jsii language keeps compiling; anything but an object is refused)
   * @returns a masked copy, a JSON object like `fromStack`'s; `template` is left unchanged
   */
  public static mask(stack: Stack, template: any): { [key: string]: any } {
    if (typeof template !== 'object' || template === null || Array.isArray(template)) {
      throw new Error('AuthSnapshot.mask: template is not a template: give the parsed JSON object of the stack\'s .template.json');
    }
    const hashes = new Map<string, string>();
    for (const construct of stack.node.findAll()) {
      if (!BundledFunction.isBundledFunction(construct)) continue;
      const asset = construct.function.node.tryFindChild('Code');
      if (asset instanceof s3assets.Asset || (asset as Partial<s3assets.Asset> | undefined)?.assetHash) {
        hashes.set((asset as s3assets.Asset).assetHash, `cdk-cognito-auth:${construct.handlerName}`);
      }
    }
    const masked = replaceStrings(template, (text) => {
      let out = text;
      for (const [hash, label] of hashes) out = out.split(hash).join(label);
      return out;
    }) as { [key: string]: any };
    if (masked.Resources) delete masked.Resources.CDKMetadata;
    if (masked.Conditions) {
      delete masked.Conditions.CDKMetadataAvailable;
      if (Object.keys(masked.Conditions).length === 0) delete masked.Conditions;
    }
    return masked;
  }

  private constructor() {}
}

/** A deep copy of `value` with every string (values and keys) passed through `fn`. */
function replaceStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [fn(k), replaceStrings(v, fn)]));
  }
  return value;
}
