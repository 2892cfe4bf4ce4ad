import * as path from 'path';
import { STATEFUL_RESOURCE_TYPES } from '../../lib/upgrade-check/private/stateful-resources';
import type { Templates } from './templates';

/**
 * The resource types AWS's resource database (the one cloudformation-diff reads, a dependency of it) marks stateful:
 * S3 buckets, DynamoDB tables, log groups, KMS keys, Kinesis streams, SQS queues, databases and file systems.
 */
function specStatefulTypes(): Set<string> {
  const diffDir = path.dirname(require.resolve('@aws-cdk/cloudformation-diff/package.json'));
  const spec = require(require.resolve('@aws-cdk/aws-service-spec', { paths: [diffDir] }));
  const resources: { cloudFormationType: string; isStateful?: boolean }[] = spec.loadAwsServiceSpecSync().all('resource');
  return new Set(resources.filter((r) => r.isStateful === true).map((r) => r.cloudFormationType));
}

let stateful: Set<string> | undefined;

/** The deletion and update-replace policies that keep a resource: its template says it holds something. */
const KEEPS = ['Retain', 'RetainExceptOnCreate', 'Snapshot'];

/**
 * Invariant: each stateful resource is watched by the upgrade check. Every resource of the template that AWS's
 * resource database marks stateful, or whose DeletionPolicy or UpdateReplacePolicy keeps it, has its type in the
 * check's list (STATEFUL_RESOURCE_TYPES). Returns the resources that break it, as `<logical id> (<type>: <why>)`.
 */
export function unwatchedStatefulResources(template: { Resources?: Record<string, any> }): string[] {
  stateful ??= specStatefulTypes();
  const broken: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const type: string = resource.Type;
    if (STATEFUL_RESOURCE_TYPES.includes(type)) continue;
    const why = [
      ...(stateful.has(type) ? ['stateful in AWS\'s resource database'] : []),
      ...(['DeletionPolicy', 'UpdateReplacePolicy'] as const).filter((p) => KEEPS.includes(resource[p])).map((p) => `${p} ${resource[p]}`),
    ];
    if (why.length > 0) broken.push(`${id} (${type}: ${why.join(', ')})`);
  }
  return broken;
}

/** The same invariant over every template of an app: each violation prefixed with its stack. */
export function statefulResourcesWatched(templates: Templates): string[] {
  return Object.entries(templates).flatMap(([stack, template]) => unwatchedStatefulResources(template).map((v) => `${stack}/${v}`));
}
