/** The client id/secret pairs `POST /auth` accepts: the built-in dev pair plus configured ones. */
import { timingSafeEqual } from 'node:crypto';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export const DEV_CLIENT: ClientCredentials = { clientId: 'dev-client-id', clientSecret: 'dev-client-secret' };

export interface ClientRegistry {
  isValid(clientId: string, clientSecret: string): boolean;
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

export function createClientRegistry(extra: ClientCredentials[]): ClientRegistry {
  const secrets = new Map<string, string>();
  for (const { clientId, clientSecret } of [DEV_CLIENT, ...extra]) secrets.set(clientId, clientSecret);
  return {
    isValid(clientId, clientSecret) {
      const expected = secrets.get(clientId);
      return expected !== undefined && sameText(expected, clientSecret);
    },
  };
}

/** Parses `id:secret,id2:secret2` (PLUGGY_EMULATOR_CLIENTS) or one `ID:SECRET` (--client). */
export function parseClientPairs(text: string): ClientCredentials[] {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const colon = pair.indexOf(':');
      if (colon <= 0 || colon === pair.length - 1) {
        throw new Error(`Invalid client pair "${pair}": expected CLIENT_ID:CLIENT_SECRET`);
      }
      return { clientId: pair.slice(0, colon), clientSecret: pair.slice(colon + 1) };
    });
}
