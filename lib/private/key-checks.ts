// What a service that encrypts with a customer managed key asks of the key, checked where the key is given: the key
// itself (not an alias), a symmetric encryption key, in the region of what it encrypts.
import { Resource, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ConfigError } from './errors';

/** The key's region, when known: an in-app key's stack, or an imported key's ARN. */
export function keyRegion(key: kms.IKey): string | undefined {
  const region = (key as unknown as Resource).env?.region;
  return region && !Token.isUnresolved(region) ? region : undefined;
}

/** Where the key is used, for the messages. */
export interface KeyUse {
  /** The service that encrypts with it: `Cognito`, `CloudWatch Logs`. */
  readonly service: string;
  /** The region of what it encrypts (a token when the stack has none). */
  readonly region: string;
  /** What it encrypts, as the region message names it: `the pool`, `the log group`. */
  readonly what: string;
  /** The rule a key in another region breaks. */
  readonly regionRule: string;
}

/** Throws a ConfigError naming `prop` when the key is an alias, not a symmetric encryption key, or in another region. */
export function checkKmsKey(prop: string, key: kms.IKey, use: KeyUse): void {
  if ('aliasName' in key || (!Token.isUnresolved(key.keyArn) && key.keyArn.includes(':alias/'))) {
    throw new ConfigError(`${prop} '${key.node.path}' is an alias: ${use.service} takes a key ARN, not an alias; give the key itself`);
  }
  const cfnKey = key.node.defaultChild;
  if (
    cfnKey instanceof kms.CfnKey &&
    ((cfnKey.keySpec ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT' || (cfnKey.keyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT')
  ) {
    throw new ConfigError(
      `${prop} '${key.node.path}' is a ${cfnKey.keySpec ?? 'SYMMETRIC_DEFAULT'} key for ${cfnKey.keyUsage ?? 'ENCRYPT_DECRYPT'}: ${use.service} ` +
        `takes symmetric encryption keys only (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)`,
    );
  }
  const region = keyRegion(key);
  if (region && !Token.isUnresolved(use.region) && region !== use.region) {
    throw new ConfigError(`${prop} '${key.node.path}' is in ${region}, but ${use.what} is in ${use.region}: ${use.regionRule}`);
  }
}
