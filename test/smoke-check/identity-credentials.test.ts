/**
 * The credential flow (GetId, then GetCredentialsForIdentity, then STS) of lib/smoke-check/identity.ts, against a
 * FAKE identity pool that reads the example stack's synthesized role mapping: nothing real emulates identity pools
 * offline, so this proves the flow's calls and the mapping's rule order, not Cognito itself.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { createExampleApp } from '../../bin/example-app';
import { getIdentityCredentials } from '../../lib/smoke-check/identity';
import { fakeIdToken, FakeIdentityPool } from '../support/fakes/identity-pool';
import { testApp } from '../support/helpers';

const PROVIDER = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example';

describe('credential flow against the example stack (fake identity pool)', () => {
  const [dev] = createExampleApp(testApp({ stage: 'dev', nag: false }));
  const template = Template.fromStack(dev.auth).toJSON() as { Resources: Record<string, any> };
  const webClient = Object.entries(template.Resources as Record<string, any>).find(
    ([, r]) => r.Type === 'AWS::Cognito::UserPoolClient' && r.Properties.ClientName === 'web',
  )![0];

  async function roleFor(groups: string[] | undefined) {
    const pool = new FakeIdentityPool(template, PROVIDER);
    const idToken = fakeIdToken({ 'sub': 'u-1', 'aud': webClient, 'token_use': 'id', ...(groups ? { 'cognito:groups': groups } : {}) });
    const result = await getIdentityCredentials(pool, (c) => pool.sts(c), { identityPoolId: pool.identityPoolId, providerName: PROVIDER, idToken });
    return { result, calls: pool.calls };
  }

  test('GetId, then GetCredentialsForIdentity, with the user pool provider as the login key', async () => {
    const { result, calls } = await roleFor(['member']);
    expect(calls).toEqual(['GetIdCommand', 'GetCredentialsForIdentityCommand']);
    expect(result.identityId).toBe('eu-west-1:u-1');
    expect(result.credentials.AccessKeyId).toMatch(/^ASIA/);
  });

  test('a member gets the member role; an admin (also a member) gets the admin role: precedence decides', async () => {
    expect((await roleFor(['member'])).result.roleName).toMatch(/^AuthGroupmemberRole/);
    expect((await roleFor(['member', 'admin'])).result.roleName).toMatch(/^AuthGroupadminRole/);
  });

  test('a user in no group gets the default authenticated role', async () => {
    expect((await roleFor(undefined)).result.roleName).toMatch(/^AuthIdentityPoolAuthenticatedRole/);
  });

  test('a token for another login provider is refused', async () => {
    const pool = new FakeIdentityPool(template, PROVIDER);
    await expect(
      getIdentityCredentials(pool, (c) => pool.sts(c), {
        identityPoolId: pool.identityPoolId,
        providerName: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other',
        idToken: fakeIdToken({ sub: 'u', aud: webClient }),
      }),
    ).rejects.toThrow('Invalid login token.');
  });

  test('a token from a client the identity pool does not list is refused', async () => {
    const pool = new FakeIdentityPool(template, PROVIDER);
    await expect(
      getIdentityCredentials(pool, (c) => pool.sts(c), { identityPoolId: pool.identityPoolId, providerName: PROVIDER, idToken: fakeIdToken({ sub: 'u', aud: 'someone-else' }) }),
    ).rejects.toThrow('Token is not from a supported provider of this identity pool.');
  });
});
