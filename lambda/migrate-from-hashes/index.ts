import { dynamoDbClient } from '../shared/aws-sdk';
import { createLogger } from '../shared/log';
import { createHandler, parseHashMigrationConfig, type GetHashItem } from './handler';

// Wired once, at cold start. DynamoDB's client is loaded by the first event; the hash libraries are bundled in, and
// argon2id's WebAssembly is compiled by the first argon2id hash only.
const config = parseHashMigrationConfig(process.env);

const getItem: GetHashItem = async (TableName, key, value) => {
  const { sdk, client } = dynamoDbClient();
  const out = await client.send(new sdk.GetItemCommand({ TableName, Key: { [key]: { S: value } } }));
  if (out.Item === undefined) return undefined;
  const strings: { [k: string]: string } = {};
  const maps: { [k: string]: { [k: string]: unknown } } = {};
  for (const [name, value] of Object.entries(out.Item)) {
    if (value.S !== undefined) strings[name] = value.S;
    if (value.M !== undefined) maps[name] = Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, v.S ?? v]));
  }
  return { strings, maps };
};

export const handler = createHandler({ config, getItem, log: createLogger() });
