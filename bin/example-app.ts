import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RemovalPolicy } from 'aws-cdk-lib';
import { ExampleApiStack } from './example-api';
import { ExampleKeyReplicaStack, ExampleKeyStack, ExampleReplicaStack } from './example-multi-region';
import { ExampleStack, Stage } from './example-stack';

/** One stage of the example: the auth stack (user pool, identity pool, files) and the API stack that uses it. */
export interface ExampleStage {
  readonly auth: ExampleStack;
  readonly api: ExampleApiStack;
  /** prod with `replicaRegion`: the key stacks and the replica region's stack. */
  readonly multiRegion?: { readonly key: ExampleKeyStack; readonly keyReplica: ExampleKeyReplicaStack; readonly replica: ExampleReplicaStack };
}

/**
 * Builds the example app's stacks from CDK context (per stage an auth stack and an API stack), each setting with an offline default, so
 * `npx cdk synth` needs no AWS account and no flags. Context (cdk.json or `-c key=value`):
 *   stage         dev | prod | all (default all: both stages)
 *   domainPrefix  Cognito domain prefix; the stage is appended (default example-auth-demo)
 *   callbackUrls  comma-separated web callback URLs (default: localhost for dev, https://app.example.com for prod)
 *   logoutUrls    comma-separated web sign-out URLs (same defaults)
 *   nag           run cdk-nag's AwsSolutions checks at synth (default true)
 *   googleClientId      turns on Sign in with Google with this OAuth client id (default: off)
 *   googleSecretName    the Secrets Manager secret with the Google client secret in its clientSecret field
 *                       (default cognito-auth-example/google)
 *   samlMetadataUrl     turns on the SAML provider 'Corporate' with this metadata URL (default: off)
 *   samlIdentifiers     comma-separated email domains sent straight to the SAML provider (default: none)
 *   sesFromEmail  the sender of email codes (dev through Cognito, prod through the custom email sender): an address
 *                 verified in Amazon SES (default no-reply@example.com)
 *   sesRegion     the region of that SES identity (default: the deploy region, else us-east-1)
 *   replicaRegion prod only: replicate the user pool into this region (default: off); the primary region is then the
 *                 deploy region, else us-east-1, and prod gets three more stacks: its key, the key's replica, the replica's
 */
export function createExampleApp(app: App): ExampleStage[] {
  const list = (key: string): string[] | undefined => {
    const value = app.node.tryGetContext(key);
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map(String) : String(value).split(',').map((s) => s.trim()).filter(Boolean);
  };

  const requested = String(app.node.tryGetContext('stage') ?? 'all');
  if (!['dev', 'prod', 'all'].includes(requested)) {
    throw new Error(`context 'stage' '${requested}' is invalid: use dev, prod or all`);
  }
  const stages: Stage[] = requested === 'all' ? ['dev', 'prod'] : [requested as Stage];
  const googleClientId = app.node.tryGetContext('googleClientId');
  const samlMetadataUrl = app.node.tryGetContext('samlMetadataUrl');
  const replicaRegion = app.node.tryGetContext('replicaRegion') as string | undefined;
  const result = stages.map((stage) => {
    const appUrl = stage === 'dev' ? 'http://localhost:3000' : 'https://app.example.com';
    const multiRegion = stage === 'prod' && replicaRegion !== undefined;
    // Cross-region references need explicit regions.
    const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? (multiRegion ? 'us-east-1' : undefined) };
    let keys: { key: ExampleKeyStack; keyReplica: ExampleKeyReplicaStack } | undefined;
    if (multiRegion) {
      const key = new ExampleKeyStack(app, `CognitoAuthExample-${stage}-Key`, { env });
      const keyReplica = new ExampleKeyReplicaStack(app, `CognitoAuthExample-${stage}-KeyReplica`, {
        env: { ...env, region: String(replicaRegion) },
        key: key.key,
      });
      keys = { key, keyReplica };
    }
    const auth = new ExampleStack(app, `CognitoAuthExample-${stage}`, {
      stage,
      domainPrefix: `${app.node.tryGetContext('domainPrefix') ?? 'example-auth-demo'}-${stage}`,
      callbackUrls: list('callbackUrls') ?? [`${appUrl}/callback`],
      logoutUrls: list('logoutUrls') ?? [`${appUrl}/`],
      google: googleClientId
        ? { clientId: String(googleClientId), secretName: String(app.node.tryGetContext('googleSecretName') ?? 'cognito-auth-example/google') }
        : undefined,
      saml: samlMetadataUrl ? { metadataUrl: String(samlMetadataUrl), identifiers: list('samlIdentifiers') ?? [] } : undefined,
      sesFromEmail: String(app.node.tryGetContext('sesFromEmail') ?? 'no-reply@example.com'),
      sesRegion: String(app.node.tryGetContext('sesRegion') ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1'),
      replica: keys ? { region: String(replicaRegion), key: keys.key.key } : undefined,
      env,
    });
    // The replica key must exist in the replica region before the pool's stack creates the replica.
    if (keys) auth.addStackDependency(keys.keyReplica);
    // The APIs live in a stack of their own, as most apps have them: it depends on the auth stack, never the reverse.
    const api = new ExampleApiStack(app, `CognitoAuthExample-${stage}-Api`, {
      auth: auth.auth,
      removalPolicy: stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      env,
    });
    const replica = keys
      ? new ExampleReplicaStack(app, `CognitoAuthExample-${stage}-Replica`, {
        env: { ...env, region: String(replicaRegion) },
        auth: auth.auth,
        replicaKey: keys.keyReplica.replicaKey,
      })
      : undefined;
    return { auth, api, multiRegion: keys && replica ? { ...keys, replica } : undefined };
  });

  const nag = app.node.tryGetContext('nag');
  if (nag !== false && nag !== 'false') {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return result;
}
