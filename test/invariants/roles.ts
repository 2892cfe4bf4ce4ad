import type { Resource, Templates } from './templates';

const AUD = 'cognito-identity.amazonaws.com:aud';
const AMR = 'cognito-identity.amazonaws.com:amr';

const refOf = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null ? ((value as any).Ref ?? (value as any)['Fn::GetAtt']?.[0]) : undefined;

/** Whether a trust statement lets Cognito Identity's web identities assume the role. */
function trustsCognitoIdentity(statement: any): boolean {
  const federated = statement.Principal?.Federated;
  const names = Array.isArray(federated) ? federated : [federated];
  return statement.Effect === 'Allow' && (statement.Principal === '*' || statement.Principal?.AWS === '*' || names.includes('cognito-identity.amazonaws.com'));
}

/** The roles an identity pool hands out, each with the kind of identity it is for. */
function rolesOfPools(templates: Templates): { stack: string; pool: string; role: string; amr: 'authenticated' | 'unauthenticated' }[] {
  const found: { stack: string; pool: string; role: string; amr: 'authenticated' | 'unauthenticated' }[] = [];
  for (const [stack, template] of Object.entries(templates)) {
    const resources = template.Resources ?? {};
    for (const attachment of Object.values(resources).filter((r) => r.Type === 'AWS::Cognito::IdentityPoolRoleAttachment')) {
      const pool = refOf(attachment.Properties?.IdentityPoolId);
      if (!pool) continue;
      for (const [kind, arn] of Object.entries<any>(attachment.Properties?.Roles ?? {})) {
        const role = refOf(arn);
        if (role) found.push({ stack, pool, role, amr: kind === 'unauthenticated' ? 'unauthenticated' : 'authenticated' });
      }
      for (const mapping of Object.values<any>(attachment.Properties?.RoleMappings ?? {})) {
        for (const rule of mapping?.RulesConfiguration?.Rules ?? []) {
          const role = refOf(rule.RoleARN);
          if (role) found.push({ stack, pool, role, amr: 'authenticated' });
        }
      }
      // Groups' roles reach identities through the cognito:roles claim (token and groups mappings).
      for (const group of Object.values(resources).filter((r) => r.Type === 'AWS::Cognito::UserPoolGroup')) {
        const role = refOf(group.Properties?.RoleArn);
        if (role) found.push({ stack, pool, role, amr: 'authenticated' });
      }
    }
  }
  return found;
}

/**
 * Invariant: every role an identity pool hands out (its default roles, its rules' roles, the groups' roles) trusts
 * Cognito Identity only for that pool (`aud`) and the right kind of identity (`amr`): no statement of its trust policy
 * lets identities of another pool, or of any pool, assume it. Roles outside the templates (imported) are not read.
 */
export function identityPoolRolesTrustOnlyTheirPool(templates: Templates): string[] {
  const violations: string[] = [];
  for (const { stack, pool, role, amr } of rolesOfPools(templates)) {
    const resource: Resource | undefined = templates[stack].Resources?.[role];
    if (resource?.Type !== 'AWS::IAM::Role') continue;
    const statements: any[] = resource.Properties?.AssumeRolePolicyDocument?.Statement ?? [];
    statements.filter(trustsCognitoIdentity).forEach((s, i) => {
      const aud = s.Condition?.StringEquals?.[AUD];
      const amrs = s.Condition?.['ForAnyValue:StringLike']?.[AMR];
      if (refOf(aud) !== pool) {
        violations.push(`${stack}/${role}: trust statement ${i} lets identities of ${aud === undefined ? 'any identity pool' : `the pool ${JSON.stringify(aud)}`} assume it, not only those of ${pool}`);
      }
      if (amrs !== amr) {
        violations.push(`${stack}/${role}: trust statement ${i} is for amr ${JSON.stringify(amrs)}, but the role is for ${amr} identities`);
      }
    });
  }
  return violations;
}
