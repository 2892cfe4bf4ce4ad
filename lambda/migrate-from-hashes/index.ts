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
  // Built with Object.fromEntries, whose keys are own properties: an item attribute named '__proto__' sets no prototype.
  const entries = Object.entries(out.Item);
  const strings: { [k: string]: string } = Object.fromEntries(entries.flatMap(([name, v]) => v.S !== undefined ? [[name, v.S]] : []));
  const maps: { [k: string]: { [k: string]: unknown } } = Object.fromEntries(entries.flatMap(([name, v]) => v.M !== undefined
    ? [[name, Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, x.S ?? x]))]] : []));
  return { strings, maps };
};

export const handler = createHandler({ config, getItem, log: createLogger() });
