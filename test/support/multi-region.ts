import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AuthUserPool, ClientKind, CognitoAuth, CognitoAuthProps } from '../../lib';
import { evaluate, testApp } from './helpers';

// What the multi-Region tests share (the pool's side in test/user-pool/, the replica region's in test/cognito-auth/):
// a primary stack in us-east-1 with a multi-Region key, a replica region's stack in eu-west-1, and readers of templates.

export const ACCOUNT = '123456789012';
export const WEB = { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] };
// The original form is the pool's ProviderName attribute (cognito-idp.<region>.amazonaws.com/<pool id>).
export const ORIGINAL_ISSUER = 'https://<AuthUserPool89DB94DB.ProviderName>';
export const UPDATED_ISSUER = 'https://issuer-cognito-idp.us-east-1.amazonaws.com/<AuthUserPool89DB94DB>';

/** The primary's stack with a multi-Region key; the replica region's stack is made on first use (an empty stack fails the validator). */
export function stacks(app: App = testApp()) {
  const primary = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const key = new kms.Key(primary, 'Key', { multiRegion: true, enableKeyRotation: true });
  let made: Stack | undefined;
  return {
    app,
    primary,
    key,
    get secondary(): Stack {
      made ??= new Stack(app, 'Secondary', { env: { account: ACCOUNT, region: 'eu-west-1' }, crossRegionReferences: true });
      return made;
    },
  };
}

/** A pool with a replica in eu-west-1, its triggers, and every consumer of the issuer. */
export function replicated(extra: Partial<CognitoAuthProps> = {}) {
  const s = stacks();
  const { app, primary, key } = s;
  const auth = new CognitoAuth(primary, 'Auth', {
    mfa: cognito.Mfa.OFF,
    clients: [WEB],
    groups: [{ name: 'member' }],
    triggers: { preTokenGeneration: { claimsFromAttributes: { mail: 'email' } }, postConfirmation: { defaultGroups: ['member'] } },
    replicas: [{ region: 'eu-west-1', tags: { team: 'identity' } }],
    encryptionKey: key,
    smokeCheck: {},
    ...extra,
  });
  return { app, primary, key, auth, get secondary() { return s.secondary; } };
}

/** The pool key's replica in `stack`'s region, whose policy has the account's administration and `statements`. */
export function keyReplica(stack: Stack, key: kms.IKey, statements: iam.PolicyStatement[] = AuthUserPool.keyPolicyStatements(stack)) {
  const policy = new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] }), ...statements],
  });
  return new kms.CfnReplicaKey(stack, 'KeyReplica', { primaryKeyArn: key.keyArn, keyPolicy: policy });
}

export const outputsOf = (t: Template) => t.toJSON().Outputs as Record<string, { Value: unknown }>;
export const output = (t: Template, prefix: string) => evaluate(Object.entries(outputsOf(t)).find(([k]) => k.startsWith(prefix))![1].Value);
export const only = (t: Template, type: string) => {
  const found = Object.values(t.findResources(type));
  expect(found).toHaveLength(1);
  return found[0];
};

