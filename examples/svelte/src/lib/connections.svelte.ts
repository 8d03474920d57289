import { SvelteMap } from 'svelte/reactivity';
import { api, ApiError } from './api';
import { errors } from './errors.svelte';
import type { Account, Item, ItemEvent, Transaction, TransactionPage } from './types';

export interface ConnectionData {
  accounts: Account[];
  transactions: TransactionPage;
}

const byNewestDate = (a: Transaction, b: Transaction) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);

/** The signed-in user's items with their accounts and recent transactions, kept current by events. */
class Connections {
  items = $state<Item[]>([]);
  data = new SvelteMap<string, ConnectionData>();
  #refreshing = new Map<string, { again: boolean; done: Promise<void> }>();
  // The transactions page each connection shows; live updates reload that page.
  #pages = new Map<string, number>();

  #upsert(item: Item) {
    const index = this.items.findIndex((existing) => existing.id === item.id);
    if (index === -1) this.items.push(item);
    else this.items[index] = item;
  }

  #remove(itemId: string) {
    this.items = this.items.filter((item) => item.id !== itemId);
    this.data.delete(itemId);
    this.#pages.delete(itemId);
  }

  async #loadData(itemId: string): Promise<void> {
    const [accounts, transactions] = await Promise.all([
      api.accounts(itemId),
      api.transactions(itemId, this.#pages.get(itemId) ?? 1),
    ]);
    // A page past the end (rows were removed meanwhile) falls back to the last one.
    if (transactions.page > transactions.totalPages && transactions.totalPages > 0) {
      return this.showPage(itemId, transactions.totalPages);
    }
    if (this.items.some((item) => item.id === itemId)) {
      this.data.set(itemId, {
        accounts,
        transactions: { ...transactions, results: [...transactions.results].sort(byNewestDate) },
      });
    }
  }

  showPage = async (itemId: string, page: number) => {
    this.#pages.set(itemId, page);
    await this.#loadData(itemId);
  };

  async #fetchItem(itemId: string) {
    try {
      this.#upsert(await api.item(itemId));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      this.#remove(itemId);
      return;
    }
    await this.#loadData(itemId);
  }

  /** One refresh per item at a time; a burst of events while one runs collapses into one more run. */
  #refreshItem(itemId: string): Promise<void> {
    const running = this.#refreshing.get(itemId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await this.#fetchItem(itemId);
        } while (state.again);
      } finally {
        this.#refreshing.delete(itemId);
      }
    })();
    this.#refreshing.set(itemId, state);
    return state.done;
  }

  loadAll = async () => {
    const loaded = await api.items();
    const current = new Set(loaded.map((item) => item.id));
    for (const item of this.items) if (!current.has(item.id)) this.#remove(item.id);
    loaded.forEach((item) => this.#upsert(item));
    await Promise.all(loaded.map((item) => this.#loadData(item.id)));
  };

  /** After the widget reports an item (success, or an error that left an item): record it and show it. */
  recordItem = async (itemId: string) => {
    if (!this.items.some((item) => item.id === itemId)) await api.recordItem(itemId);
    await this.#refreshItem(itemId);
  };

  syncNow = async (itemId: string) => {
    await api.refresh(itemId);
    await this.#refreshItem(itemId);
  };

  deleteItem = async (item: Item) => {
    if (!confirm(`Delete the connection to ${item.connector.name}? Its data is removed here and at Pluggy.`))
      return;
    await api.remove(item.id);
    this.#remove(item.id);
  };

  onItemEvent = ({ itemId, kind }: ItemEvent) => {
    if (kind === 'deleted') return this.#remove(itemId);
    void errors.attempt('Could not refresh a connection', () => this.#refreshItem(itemId));
  };

  clear = () => {
    this.items = [];
    this.data.clear();
  };
}

export const connections = new Connections();
