/** Data routes name their item (`itemId`) or account (`accountId`); both must belong to the caller. */
import type { Response } from 'express';
import { authOf } from '../auth/auth-context.js';
import type { EmulatorContext } from '../context.js';
import type { Account } from '../data/types.js';
import { ApiError } from '../errors.js';
import { assertItemAccess } from '../items/item-access.js';
import type { ItemRecord } from '../items/item-record.js';
import { queryString } from './validate.js';

export function requiredQuery(value: unknown, name: string): string {
  const text = queryString(value);
  if (!text) {
    throw new ApiError(400, `Query parameter ${name} is required`, undefined, [
      { code: 'invalid_type', parameter: name, message: `${name} is required` },
    ]);
  }
  return text;
}

export function itemFromQuery(ctx: EmulatorContext, res: Response, value: unknown): ItemRecord {
  const item = ctx.items.get(requiredQuery(value, 'itemId'));
  assertItemAccess(authOf(res), item);
  return item;
}

export function accountById(ctx: EmulatorContext, res: Response, id: string): Account {
  const account = ctx.data.account(id);
  const item = account && ctx.items.find(account.itemId);
  if (!account || !item || item.clientId !== authOf(res).clientId)
    throw new ApiError(404, 'Account not found');
  assertItemAccess(authOf(res), item);
  return account;
}
