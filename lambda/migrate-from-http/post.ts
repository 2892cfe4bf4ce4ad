import type { PostJson } from './handler';
import { SourceAnswerError } from '../shared/migration';

/** The most bytes of an answer the trigger reads: a user's attributes take far fewer. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** The body's text, read up to MAX_ANSWER_BYTES: a longer one is a SourceAnswerError, and the rest is not read. */
async function cappedText(res: Response): Promise<string> {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      reader.cancel().catch(() => undefined);
      throw new SourceAnswerError(`an answer longer than ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The HTTP source's call, with Node.js's own fetch: POST of JSON with the bearer token, no redirect followed (an
 * endpoint that redirects fails: the password would go where the configuration never named), aborted at `timeoutMs`
 * (the error is then named TimeoutError), the body's reading included, and that body read up to MAX_ANSWER_BYTES.
 */
export const postJson: PostJson = async (url, body, token, timeoutMs) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept': 'application/json', 'authorization': `Bearer ${token}` },
    body: JSON.stringify(body),
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: await cappedText(res) };
};
