/// <reference lib="dom" />
/** Polls one item until told to stop, riding out short API trouble (network, 429, 5xx). */
import { PluggyApiError, type PluggyApi } from './pluggy-api.js';
import type { Item } from './pluggy-types.js';

// Consecutive failed polls tolerated before giving up on the item.
const MAX_POLL_FAILURES = 5;

export interface ItemWatcher {
  stop(): void;
  readonly stopped: boolean;
}

export interface WatchOptions {
  api: PluggyApi;
  itemId: string;
  intervalMs: number;
  /** Called with every polled item; answering `stop` ends the polling. */
  onItem(item: Item): 'continue' | 'stop';
  /** Called once when polling gives up. */
  onFailure(error: unknown): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function watchItem(options: WatchOptions): ItemWatcher {
  const watcher = {
    stopped: false,
    stop() {
      watcher.stopped = true;
    },
  };
  const loop = async () => {
    let failures = 0;
    while (!watcher.stopped) {
      await sleep(options.intervalMs);
      if (watcher.stopped) return;
      let item: Item;
      try {
        item = await options.api.getItem(options.itemId);
        failures = 0;
      } catch (error) {
        failures += 1;
        if (error instanceof PluggyApiError && error.isTransient && failures < MAX_POLL_FAILURES) continue;
        if (!watcher.stopped) {
          watcher.stop();
          options.onFailure(error);
        }
        return;
      }
      if (!watcher.stopped && options.onItem(item) === 'stop') watcher.stop();
    }
  };
  void loop();
  return watcher;
}
