/**
 * Property tests over random attribute maps, group lists and emails: no handler throws anything but its intended
 * rejection, and no reserved claim is ever emitted, whatever the input.
 */
import fc from 'fast-check';
import type { PreTokenGenerationConfig } from '../../lib/private/handler-config';
import { createHandler as preSignUp, SignUpRejected } from '../../lambda/pre-signup/handler';
import { createHandler as preToken, isReservedClaim } from '../../lambda/pre-token-generation/handler';
import { preSignUpEvent, preTokenV1Event, preTokenV2Event, recordingLogger } from './events';

const RESERVED = ['sub', 'iss', 'aud', 'exp', 'iat', 'token_use', 'auth_time', 'cognito:username', 'jti', 'origin_jti', 'scope', 'client_id'];
const claimName = fc.oneof(fc.constantFrom(...RESERVED), fc.string({ minLength: 1, maxLength: 12 }));
const attrMap = fc.dictionary(fc.oneof(fc.constantFrom('email', 'custom:tenant_id', 'custom:plan', 'sub'), fc.string({ maxLength: 20 })), fc.string({ maxLength: 60 }), { maxKeys: 25 });
const groups = fc.array(fc.oneof(fc.constantFrom('admin', 'member'), fc.string({ maxLength: 20 })), { maxLength: 60 });

const configArb: fc.Arbitrary<PreTokenGenerationConfig> = fc.record({
  claimsFromAttributes: fc.dictionary(claimName, fc.oneof(fc.constantFrom('email', 'custom:tenant_id', 'custom:plan'), fc.string({ maxLength: 10 })), { maxKeys: 8 }),
  permissionsClaim: claimName,
  groupPermissions: fc.dictionary(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 15 }), { maxLength: 5 }), { maxKeys: 10 }),
  groupScopes: fc.dictionary(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 15 }), { maxLength: 5 }), { maxKeys: 10 }),
  suppressClaims: fc.array(claimName, { maxLength: 5 }),
  accessTokenClaims: fc.boolean(),
  maxClaimBytes: fc.integer({ min: 2, max: 4096 }),
  defaultGroups: fc.constant([] as string[]),
});

function emittedClaims(response: any): string[] {
  const names: string[] = [];
  const v1 = response.claimsOverrideDetails;
  if (v1) names.push(...Object.keys(v1.claimsToAddOrOverride ?? {}), ...(v1.claimsToSuppress ?? []));
  const v2 = response.claimsAndScopeOverrideDetails;
  for (const part of [v2?.idTokenGeneration, v2?.accessTokenGeneration]) {
    if (part) names.push(...Object.keys(part.claimsToAddOrOverride ?? {}), ...(part.claimsToSuppress ?? []));
  }
  return names;
}

test('pre token generation never throws and never emits a reserved claim', async () => {
  await fc.assert(
    fc.asyncProperty(configArb, attrMap, groups, fc.constantFrom('1', '2', '3'), async (config, attributes, userGroups, version) => {
      const handler = preToken({ config, log: recordingLogger().log });
      const event = version === '1'
        ? preTokenV1Event('TokenGeneration_Authentication', attributes, userGroups)
        : preTokenV2Event('TokenGeneration_Authentication', attributes, userGroups, version as '2' | '3');
      const out = await handler(event);
      const claims = emittedClaims(out.response);
      expect(claims.filter(isReservedClaim)).toEqual([]);
      const added = version === '1'
        ? (out.response as any).claimsOverrideDetails.claimsToAddOrOverride
        : (out.response as any).claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride;
      expect(Buffer.byteLength(JSON.stringify(added))).toBeLessThanOrEqual(Math.max(config.maxClaimBytes, 2));
    }),
    { numRuns: 300 },
  );
});

test('pre sign-up only ever rejects with SignUpRejected, whatever the email', async () => {
  const handler = preSignUp({
    config: {
      allowedDomains: ['example.com'],
      blockedDomains: ['bad.example.com'],
      autoConfirmDomains: ['example.com'],
      includeSubdomains: true,
      linkExternalUsers: false,
      linkProviders: [],
      assumeVerifiedProviders: [],
      externalProviderNames: [],
      rejectionMessage: 'No.',
    },
    log: recordingLogger().log,
  });
  const email = fc.oneof(fc.emailAddress(), fc.string({ maxLength: 80 }), fc.emailAddress().map((e) => e.toUpperCase()));
  await fc.assert(
    fc.asyncProperty(email, attrMap, fc.constantFrom('PreSignUp_SignUp', 'PreSignUp_AdminCreateUser', 'PreSignUp_ExternalProvider') as fc.Arbitrary<'PreSignUp_SignUp'>, async (address, attributes, source) => {
      try {
        const out = await handler(preSignUpEvent(source, { ...attributes, email: address }));
        // Whatever passed is an example.com address (or a subdomain) and not a blocked one.
        expect(address.trim().toLowerCase()).toMatch(/@(?:[a-z0-9-]+\.)*example\.com$/);
        expect(address.trim().toLowerCase()).not.toMatch(/bad\.example\.com$/);
        if (out.response.autoConfirmUser) expect(source).toBe('PreSignUp_SignUp');
      } catch (err) {
        expect(err).toBeInstanceOf(SignUpRejected);
      }
    }),
    { numRuns: 500 },
  );
});
