/** Talks to a served CLI as a browser of the demo site does: sign in, then mint a connect token. */
import assert from 'node:assert/strict';

const JSON_HEADERS = { 'content-type': 'application/json', 'x-requested-with': 'test' };

/** Signs in with the demo sign-in and answers the session cookie header to send back. */
export async function demoSignIn(serverUrl: string, user: 'alice' | 'bob'): Promise<string> {
  const response = await fetch(`${serverUrl}/api/session`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ user }),
  });
  assert.equal(response.status, 200, `demo sign-in as ${user}`);
  return response.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
}

/** POST /api/connect-token as the signed-in user; answers the minted access token. */
export async function mintConnectToken(
  serverUrl: string,
  cookie: string,
  body: unknown = {},
): Promise<string> {
  const response = await fetch(`${serverUrl}/api/connect-token`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, cookie },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, 'connect token minted');
  return ((await response.json()) as { accessToken: string }).accessToken;
}
