import type { PostJson } from './handler';

/**
 * The HTTP source's call, with Node.js's own fetch: POST of JSON with the bearer token, no redirect followed (an
 * endpoint that redirects fails: the password would go where the configuration never named), aborted at `timeoutMs`
 * (the error is then named TimeoutError).
 */
export const postJson: PostJson = async (url, body, token, timeoutMs) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept': 'application/json', 'authorization': `Bearer ${token}` },
    body: JSON.stringify(body),
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: await res.text() };
};
