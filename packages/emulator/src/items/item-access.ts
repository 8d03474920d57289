/** Which items a caller may touch: its own application's, and for a connect token only its own or its scope. */
import type { AuthContext } from '../auth/auth-context.js';
import { ApiError, forbidden } from '../errors.js';
import type { ItemRecord } from './item-record.js';

export function assertItemAccess(auth: AuthContext, item: ItemRecord): void {
  if (item.clientId !== auth.clientId) throw new ApiError(404, 'Item not found');
  if (
    auth.kind === 'connectToken' &&
    !item.connectTokenIds.includes(auth.tokenId) &&
    item.id !== auth.itemId
  ) {
    throw forbidden('Forbidden: this connect token cannot access this item');
  }
}
