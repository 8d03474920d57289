/**
 * The users this server minted connect tokens for. An item Pluggy reports for one of them may be adopted
 * before the browser's POST /items; an item for any other `clientUserId` was made by someone else's token.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { TokenUserQueries } from './types.js';

/** Users already written by this process: their next tokens need no write (the row never changes). */
const REMEMBERED_USERS_CAP = 50_000;

export function tokenUserQueries(db: Kysely<Database>): TokenUserQueries {
  const remembered = new Set<string>();
  return {
    async record(userId, at) {
      if (remembered.has(userId)) return;
      await db
        .insertInto('connect_token_users')
        .values({ user_id: userId, first_minted_at: at })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
      if (remembered.size >= REMEMBERED_USERS_CAP) remembered.clear();
      remembered.add(userId);
    },

    async has(userId) {
      if (remembered.has(userId)) return true;
      const row = await db
        .selectFrom('connect_token_users')
        .select('user_id')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
