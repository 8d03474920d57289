import { reactive, ref } from 'vue';
import { api, ApiError } from '../api';
import type { Account, Item, ItemEvent, Transaction, TransactionPage } from '../types';
import { useErrors } from './useErrors';

export interface ConnectionData {
  accounts: Account[];
  transactions: TransactionPage;
}

const byNewestDate = (a: Transaction, b: Transaction) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);

/** The signed-in user's items with their accounts and recent transactions, kept current by events. */
export function useConnections() {
  const { attempt } = useErrors();
  const items = ref<Item[]>([]);
  const data = reactive(new Map<string, ConnectionData>());
  const refreshing = new Map<string, { again: boolean; done: Promise<void> }>();
  // The transactions page each connection shows; live updates reload that page.
  const pages = new Map<string, number>();

  function upsert(item: Item) {
    const index = items.value.findIndex((existing) => existing.id === item.id);
    if (index === -1) items.value.push(item);
    else items.value[index] = item;
  }

  function remove(itemId: string) {
    items.value = items.value.filter((item) => item.id !== itemId);
    data.delete(itemId);
    pages.delete(itemId);
  }

  async function loadData(itemId: string): Promise<void> {
    const [accounts, transactions] = await Promise.all([
      api.accounts(itemId),
      api.transactions(itemId, pages.get(itemId) ?? 1),
    ]);
    // A page past the end (rows were removed meanwhile) falls back to the last one.
    if (transactions.page > transactions.totalPages && transactions.totalPages > 0) {
      return showPage(itemId, transactions.totalPages);
    }
    if (items.value.some((item) => item.id === itemId)) {
      data.set(itemId, {
        accounts,
        transactions: { ...transactions, results: [...transactions.results].sort(byNewestDate) },
      });
    }
  }

  async function showPage(itemId: string, page: number) {
    pages.set(itemId, page);
    await loadData(itemId);
  }

  async function fetchItem(itemId: string) {
    try {
      upsert(await api.item(itemId));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      remove(itemId);
      return;
    }
    await loadData(itemId);
  }

  /** One refresh per item at a time; a burst of events while one runs collapses into one more run. */
  function refreshItem(itemId: string): Promise<void> {
    const running = refreshing.get(itemId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await fetchItem(itemId);
        } while (state.again);
      } finally {
        refreshing.delete(itemId);
      }
    })();
    refreshing.set(itemId, state);
    return state.done;
  }

  async function loadAll() {
    const loaded = await api.items();
    const current = new Set(loaded.map((item) => item.id));
    for (const item of items.value) if (!current.has(item.id)) remove(item.id);
    loaded.forEach(upsert);
    await Promise.all(loaded.map((item) => loadData(item.id)));
  }

  /** After the widget reports an item (success, or an error that left an item): record it and show it. */
  async function recordItem(itemId: string) {
    if (!items.value.some((item) => item.id === itemId)) await api.recordItem(itemId);
    await refreshItem(itemId);
  }

  async function syncNow(itemId: string) {
    await api.refresh(itemId);
    await refreshItem(itemId);
  }

  async function deleteItem(item: Item) {
    if (!confirm(`Delete the connection to ${item.connector.name}? Its data is removed here and at Pluggy.`))
      return;
    await api.remove(item.id);
    remove(item.id);
  }

  function onItemEvent({ itemId, kind }: ItemEvent) {
    if (kind === 'deleted') return remove(itemId);
    void attempt('Could not refresh a connection', () => refreshItem(itemId));
  }

  function clear() {
    items.value = [];
    data.clear();
  }

  return { items, data, loadAll, recordItem, syncNow, deleteItem, showPage, onItemEvent, clear };
}
