import { createLogger } from '../shared/log';
import { createHandler, parseHttpMigrationConfig, type GetSecret } from './handler';
import { postJson } from './post';

// Wired once, at cold start. Secrets Manager's client (provided by the Lambda runtime, loaded on the first event) reads
// the secret; Node.js's own fetch calls the endpoint, aborted at the configured timeout.
const config = parseHttpMigrationConfig(process.env);

/** The part of @aws-sdk/client-secrets-manager this handler uses (the runtime provides the package). */
interface SecretsSdk {
  SecretsManagerClient: new (config: object) => { send(command: unknown): Promise<{ SecretString?: string }> };
  GetSecretValueCommand: new (input: { SecretId: string }) => unknown;
}
let secrets: { sdk: SecretsSdk; client: InstanceType<SecretsSdk['SecretsManagerClient']> } | undefined;

const getSecret: GetSecret = async (SecretId) => {
  if (secrets === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('@aws-sdk/client-secrets-manager') as SecretsSdk;
    secrets = { sdk, client: new sdk.SecretsManagerClient({}) };
  }
  const out = await secrets.client.send(new secrets.sdk.GetSecretValueCommand({ SecretId }));
  if (typeof out.SecretString !== 'string' || out.SecretString === '') throw Object.assign(new Error('no SecretString'), { name: 'SecretNotText' });
  return out.SecretString;
};

export const handler = createHandler({ config, getSecret, post: postJson, log: createLogger() });
