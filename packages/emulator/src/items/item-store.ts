/**
 * Items by id, with the ids drawn from the seeded generator so a seed replays the same ids. `clear` keeps
 * the stream going: an id seen before a reset never comes back (clients may still hold it).
 */
import { seededRandom, uuidFrom, type Random } from '../ids.js';
import { ApiError } from '../errors.js';
import type { ItemRecord } from './item-record.js';

export interface ItemStore {
  newId(): string;
  add(item: ItemRecord): void;
  /** Throws Pluggy's 404 for an unknown id. */
  get(id: string): ItemRecord;
  find(id: string): ItemRecord | undefined;
  all(): ItemRecord[];
  remove(id: string): void;
  clear(): void;
}

export function createItemStore(seed: number): ItemStore {
  const items = new Map<string, ItemRecord>();
  const random: Random = seededRandom(seed);
  return {
    newId: () => uuidFrom(random),
    add: (item) => void items.set(item.id, item),
    get(id) {
      const item = items.get(id);
      if (!item) throw new ApiError(404, 'Item not found');
      return item;
    },
    find: (id) => items.get(id),
    all: () => [...items.values()],
    remove(id) {
      items.get(id)?.pending?.cancel();
      items.delete(id);
    },
    clear() {
      for (const item of items.values()) item.pending?.cancel();
      items.clear();
    },
  };
}
