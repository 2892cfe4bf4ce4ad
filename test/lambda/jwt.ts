/** Test-only JWT minting: an RSA key made in the test, tokens signed with it (or deliberately broken). */
import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'crypto';

export interface TestKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicPem: string;
  readonly jwk: Record<string, unknown>;
}

export function makeKey(kid = 'test-key-1'): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    privateKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: { ...(publicKey.export({ format: 'jwk' }) as object), kid, alg: 'RS256', use: 'sig' },
  };
}

export const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export function sign(key: TestKey, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header });
  const body = b64(payload);
  const signer = createSign('RSA-SHA256');
  signer.update(`${head}.${body}`);
  return `${head}.${body}.${signer.sign(key.privateKey).toString('base64url')}`;
}

/** The classic key-confusion attack: HS256 with the public key's PEM as the HMAC secret. */
export function signHmacWithPublicKey(key: TestKey, payload: Record<string, unknown>): string {
  const head = b64({ alg: 'HS256', typ: 'JWT', kid: key.kid });
  const body = b64(payload);
  const mac = createHmac('sha256', key.publicPem).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${mac}`;
}

export const now = () => Math.floor(Date.now() / 1000);
