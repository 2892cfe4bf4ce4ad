import type { Templates } from './templates';

/**
 * Invariant: each region-bound value is valid in its region (DESIGN.md, "Where features meet").
 *
 * A replicated user pool is served from its primary region and from each replica region. What a replica region's
 * stack holds (ARNs, Cognito hosts and endpoints, issuers) must name that region, and the pool's own settings that
 * Cognito copies into every replica (the passkey relying party) must be valid in each region that serves the pool.
 * A region-bound value naming another region fails only in that region, and only when it is needed (a failover).
 *
 * Written apart from the library's own checks, so that it can catch what they miss.
 */

/** One synthesized stack: its name, its region and its CloudFormation template. */
interface SynthesizedStack {
  readonly name: string;
  readonly region: string;
  readonly template: any;
}

/**
 * A region name (us-east-1, eu-central-2, us-gov-west-1, cn-north-1), not part of a longer word, and not the start of
 * a user pool id (us-east-1_AbC…), which a replicated pool shares with its replicas.
 */
const REGION = /(?<![a-z0-9])[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d+(?![0-9_])/g;
/** A Cognito prefix domain's host, which names its region (`auth.<region>.amazoncognito.com` is a public suffix). */
const PREFIX_HOST = /^[a-z0-9-]+\.auth(?:-fips)?\.([a-z0-9-]+)\.amazoncognito\.com(?:\.cn)?$/;
/** The updated issuer's host names the primary region and is served in every region of the pool (Cognito's guide). */
const UPDATED_ISSUER = /issuer-cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/g;
/** Certificates of custom domains are in us-east-1 wherever the pool is (CloudFront). */
const ACM_US_EAST_1 = /arn:[a-z-]+:acm:us-east-1:/g;

/** A replicated pool: its stack, logical id, primary region and replica regions. */
interface ReplicatedPool {
  readonly stack: SynthesizedStack;
  readonly logicalId: string;
  readonly regions: string[];
}

function resources(stack: SynthesizedStack): [string, any][] {
  return Object.entries(stack.template?.Resources ?? {});
}

function replicatedPools(stacks: SynthesizedStack[]): ReplicatedPool[] {
  const pools: ReplicatedPool[] = [];
  for (const stack of stacks) {
    for (const [logicalId, resource] of resources(stack)) {
      if (resource.Type !== 'AWS::Cognito::UserPool') continue;
      const replicaRegions = resources(stack)
        .filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolReplica' && r.Properties?.UserPoolId?.Ref === logicalId)
        .map(([, r]) => r.Properties.RegionName)
        .filter((r): r is string => typeof r === 'string');
      if (replicaRegions.length > 0) pools.push({ stack, logicalId, regions: [stack.region, ...replicaRegions] });
    }
  }
  return pools;
}

/**
 * A template value as one string, the way CloudFormation would join it in `region`: pseudo parameters become their
 * values, other references `<ref>`, and the region a cross-region reference reads from (Fn::GetStackOutput) is left out.
 */
function flatten(value: unknown, region: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => flatten(v, region)).join(' ');
  if (value === null || typeof value !== 'object') return '';
  const v = value as Record<string, any>;
  if (typeof v.Ref === 'string') {
    return { 'AWS::Region': region, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' }[v.Ref as string] ?? '<ref>';
  }
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map((p) => flatten(p, region)).join(v['Fn::Join'][0]);
  if (v['Fn::GetStackOutput']) return '<output>';
  return Object.values(v).map((x) => flatten(x, region)).join(' ');
}

/** The regions a string names, after the values that are valid in any region of the pool are taken out. */
function regionsNamed(text: string, primaries: string[]): string[] {
  const cleaned = text
    .replace(ACM_US_EAST_1, 'arn:aws:acm:<certificate-region>:')
    .replace(UPDATED_ISSUER, (m, r: string) => (primaries.includes(r) ? 'issuer-cognito-idp.<primary>.amazonaws.com' : m));
  return [...new Set(cleaned.match(REGION) ?? [])];
}

/**
 * Reports every region-bound value that names another region than the one it is used in: in each stack of a
 * replica region, the values of its resources and outputs; and for each replicated pool, the passkey relying party
 * (a prefix domain's host names one region, and Cognito uses the one relying party in every region of the pool).
 * Allowed everywhere: the updated issuer of the pool's primary, custom-domain certificates in us-east-1, a replica
 * key's primary key, and the region a cross-region reference is read from. Returns one line per violation; empty
 * when the app holds the invariant.
 */
export function regionBoundValuesValid(templates: Templates): string[] {
  const stacks: SynthesizedStack[] = Object.entries(templates)
    .filter(([, t]) => typeof t.region === 'string')
    .map(([name, template]) => ({ name, region: template.region!, template }));
  const violations: string[] = [];
  const pools = replicatedPools(stacks);

  for (const pool of pools) {
    const value = pool.stack.template.Resources[pool.logicalId].Properties?.WebAuthnRelyingPartyID;
    const rp = value === undefined ? undefined : flatten(value, pool.stack.region);
    const bound = rp === undefined ? undefined : PREFIX_HOST.exec(rp)?.[1];
    for (const region of bound === undefined ? [] : pool.regions.filter((r) => r !== bound)) {
      violations.push(`${pool.stack.name}/${pool.logicalId} WebAuthnRelyingPartyID '${rp}' names ${bound}, but the pool also signs users in in ${region}`);
    }
  }

  const replicaRegions = new Set(pools.flatMap((p) => p.regions.slice(1)));
  for (const stack of stacks.filter((s) => replicaRegions.has(s.region))) {
    const primaries = pools.filter((p) => p.regions.slice(1).includes(stack.region)).map((p) => p.stack.region);
    const sections: [string, [string, any][]][] = [
      ['Resources', resources(stack)],
      ['Outputs', Object.entries(stack.template?.Outputs ?? {})],
    ];
    for (const [section, entries] of sections) {
      for (const [logicalId, entry] of entries) {
        const value = section === 'Resources' ? { ...entry.Properties } : entry.Value;
        // A replica key names its primary key, which is in the primary region by design.
        if (section === 'Resources' && entry.Type === 'AWS::KMS::ReplicaKey') delete value.PrimaryKeyArn;
        for (const [prop, v] of Object.entries(section === 'Resources' ? value : { Value: value })) {
          const text = flatten(v, stack.region);
          for (const other of regionsNamed(text, primaries).filter((r) => r !== stack.region)) {
            violations.push(`${stack.name} (${stack.region}) ${section}.${logicalId}.${prop} names ${other}: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`);
          }
        }
      }
    }
  }
  return violations;
}
