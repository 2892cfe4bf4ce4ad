/**
 * The code Cognito gives a custom sender trigger, decrypted. Cognito encrypts it with the pool's custom sender KMS key
 * and the AWS Encryption SDK, and sends the message base64-encoded (the developer guide's "Custom sender Lambda
 * triggers" pages); the guide's example decrypts with a KmsKeyringNode under the commitment policy
 * REQUIRE_ENCRYPT_ALLOW_DECRYPT, as this does. The keyring is a parameter so that tests can stand a raw AES keyring
 * in for KMS. index.ts gives the KMS keyring for the pool's key, loading the Encryption SDK's decrypt, KMS keyring and
 * material packages (the parts of @aws-crypto/client-node a decrypt needs; the whole client would bundle its encrypt,
 * caching and DynamoDB key-store code too), and with them the KMS client, on the first code it decrypts.
 */
import type { buildDecrypt } from '@aws-crypto/decrypt-node';
import type { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import type { CommitmentPolicy, KeyringNode } from '@aws-crypto/material-management-node';

/** Decrypts one code from the event (base64), or throws. */
export type DecryptCode = (ciphertextBase64: string) => Promise<string>;

/** What a decrypt needs of the Encryption SDK (`@aws-crypto/client-node` has both). */
export interface DecryptSdk {
  readonly buildDecrypt: typeof buildDecrypt;
  readonly CommitmentPolicy: typeof CommitmentPolicy;
}

/** A decrypter over the Encryption SDK: the client and the keyring are made on the first call, then kept. */
export function encryptionSdkDecrypter(sdk: DecryptSdk, keyring: () => KeyringNode): DecryptCode {
  let client: ReturnType<typeof buildDecrypt> | undefined;
  let ring: KeyringNode | undefined;
  return async (ciphertextBase64) => {
    client ??= sdk.buildDecrypt(sdk.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
    ring ??= keyring();
    const { plaintext } = await client.decrypt(ring, Buffer.from(ciphertextBase64, 'base64'));
    return plaintext.toString('utf8');
  };
}

/** The KMS decrypter for the pool's custom sender key, the Encryption SDK loaded on its first call. */
export function kmsDecrypter(keyArn: string): DecryptCode {
  let decrypt: DecryptCode | undefined;
  return (ciphertextBase64) => {
    if (decrypt === undefined) {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { buildDecrypt: build } = require('@aws-crypto/decrypt-node') as typeof import('@aws-crypto/decrypt-node');
      const { CommitmentPolicy: policy } = require('@aws-crypto/material-management-node') as typeof import('@aws-crypto/material-management-node');
      const { KmsKeyringNode: Keyring } = require('@aws-crypto/kms-keyring-node') as { KmsKeyringNode: typeof KmsKeyringNode };
      /* eslint-enable @typescript-eslint/no-require-imports */
      decrypt = encryptionSdkDecrypter({ buildDecrypt: build, CommitmentPolicy: policy }, () => new Keyring({ keyIds: [keyArn] }));
    }
    return decrypt(ciphertextBase64);
  };
}
