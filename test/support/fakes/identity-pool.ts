/**
 * FAKE identity pool (Amazon Cognito identity pools cannot run offline: no emulator exists). It answers GetId
 * and GetCredentialsForIdentity from a synthesized template, choosing the role the way the Amazon Cognito
 * developer guide describes role-based access control: the mapping of the token's provider (`<ProviderName>:<aud>`),
 * rules in order with the first match winning, Token mappings by `cognito:preferred_role`, and the ambiguous-role
 * setting otherwise. It also fakes STS GetCallerIdentity for the credentials it handed out. Logical ids stand in
 * for resource ids and ARNs.
 */
import { GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import type { GetCallerIdentityCommand } from '@aws-sdk/client-sts';

type Template = { Resources: Record<string, { Type: string; Properties: any }> };

export class FakeIdentityError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function claimsOf(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new FakeIdentityError('NotAuthorizedException', 'Invalid login token.');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

export class FakeIdentityPool {
  public readonly calls: string[] = [];
  private readonly pool: { id: string; props: any };
  private readonly attachment: any;
  private readonly identities = new Map<string, string>();
  private readonly sessions = new Map<string, string>();

  /** @param providerName the user pool provider name this fake stands in for (GetAtt ProviderName resolves to it) */
  constructor(template: Template, private readonly providerName: string) {
    const pools = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Cognito::IdentityPool');
    if (pools.length !== 1) throw new Error('the fake serves a template with exactly one identity pool');
    this.pool = { id: pools[0][0], props: pools[0][1].Properties };
    this.attachment = Object.values(template.Resources).find((r) => r.Type === 'AWS::Cognito::IdentityPoolRoleAttachment')!.Properties;
  }

  /** The id of the identity pool (its logical id). */
  public get identityPoolId(): string {
    return this.pool.id;
  }

  private resolve(value: any): string {
    if (typeof value === 'string') return value;
    if (value?.Ref) return value.Ref;
    if (value?.['Fn::GetAtt']) {
      const [id, attr] = value['Fn::GetAtt'];
      return attr === 'ProviderName' ? this.providerName : `arn:aws:iam::123456789012:role/${id}`;
    }
    if (value?.['Fn::Join']) return value['Fn::Join'][1].map((v: any) => this.resolve(v)).join(value['Fn::Join'][0]);
    throw new Error(`the fake cannot resolve ${JSON.stringify(value)}`);
  }

  private check(idToken: Record<string, string>): Record<string, unknown> {
    const keys = Object.keys(idToken);
    if (keys.length !== 1 || keys[0] !== this.providerName) {
      throw new FakeIdentityError('NotAuthorizedException', `Invalid login token. Not a valid ${keys[0]} token.`);
    }
    const claims = claimsOf(idToken[keys[0]]);
    const clients = (this.pool.props.CognitoIdentityProviders ?? []).map((p: any) => this.resolve(p.ClientId));
    if (!clients.includes(claims.aud)) throw new FakeIdentityError('NotAuthorizedException', 'Token is not from a supported provider of this identity pool.');
    return claims;
  }

  private chooseRole(claims: Record<string, unknown>): string {
    const mappings = this.attachment.RoleMappings ?? {};
    const mapping = Object.values(mappings).find((m: any) => this.resolve(m.IdentityProvider) === `${this.providerName}:${claims.aud}`) as any;
    const fallback = (): string => {
      if (mapping?.AmbiguousRoleResolution === 'Deny') throw new FakeIdentityError('AccessDeniedException', 'No role matched and the pool denies ambiguous users.');
      return this.resolve(this.attachment.Roles.authenticated);
    };
    if (!mapping) return this.resolve(this.attachment.Roles.authenticated);
    if (mapping.Type === 'Token') {
      const preferred = claims['cognito:preferred_role'];
      return typeof preferred === 'string' ? preferred : fallback();
    }
    for (const rule of mapping.RulesConfiguration.Rules) {
      const claim = claims[rule.Claim];
      const text = Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : [];
      const hit =
        rule.MatchType === 'Contains' ? text.includes(rule.Value)
          : rule.MatchType === 'Equals' ? claim === rule.Value
            : rule.MatchType === 'StartsWith' ? typeof claim === 'string' && claim.startsWith(rule.Value)
              : rule.MatchType === 'NotEqual' ? typeof claim === 'string' && claim !== rule.Value
                : false;
      if (hit) return this.resolve(rule.RoleARN);
    }
    return fallback();
  }

  async send(command: GetIdCommand | GetCredentialsForIdentityCommand): Promise<any> {
    this.calls.push(command.constructor.name);
    if (command.input.Logins === undefined) throw new FakeIdentityError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
    const claims = this.check(command.input.Logins);
    if (command instanceof GetIdCommand) {
      if (command.input.IdentityPoolId !== this.pool.id) throw new FakeIdentityError('ResourceNotFoundException', 'IdentityPool not found');
      const identityId = `eu-west-1:${String(claims.sub)}`;
      this.identities.set(identityId, String(claims.sub));
      return { IdentityId: identityId };
    }
    if (!this.identities.has(command.input.IdentityId!)) throw new FakeIdentityError('ResourceNotFoundException', 'Identity not found');
    const roleArn = this.chooseRole(claims);
    const key = `ASIAFAKE${this.sessions.size}`;
    this.sessions.set(key, roleArn);
    return { IdentityId: command.input.IdentityId, Credentials: { AccessKeyId: key, SecretKey: 'fake-secret', SessionToken: 'fake-session', Expiration: new Date(0) } };
  }

  /** Fake STS for credentials this pool handed out. */
  public sts(credentials: { AccessKeyId: string }) {
    return {
      send: async (_command: GetCallerIdentityCommand) => {
        const roleArn = this.sessions.get(credentials.AccessKeyId);
        if (!roleArn) throw new FakeIdentityError('InvalidClientTokenId', 'The security token included in the request is invalid.');
        const name = roleArn.split('/').pop();
        return { Arn: `arn:aws:sts::123456789012:assumed-role/${name}/CognitoIdentityCredentials` };
      },
    };
  }
}

/** An unsigned token with these claims (the fake checks the claims, not a signature). */
export function fakeIdToken(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}
