/* global confirm */
// The "my connections" list: the signed-in user's items from GET /api/items, each with its accounts and
// recent transactions, kept current by server-sent events and by the buttons' own events.
import { api } from './api.js';
import { createConnectionCard } from './connection-card.js';

const byNewestDate = (a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);

export function createConnectionList({ listElement, connectUrl, attempt }) {
  const cards = new Map();
  const refreshing = new Map();
  // The transactions page each card shows; live updates reload that page.
  const pages = new Map();

  function upsert(item) {
    const card = cards.get(item.id);
    if (card) return card.update(item);
    const created = createConnectionCard(item, {
      connectUrl,
      onSyncNow: (id) => attempt('Could not start the sync', () => syncNow(id)),
      onDelete: (id) => attempt('Could not delete the connection', () => deleteItem(id)),
      onPage: (id, page) => attempt('Could not load the transactions', () => showPage(id, page)),
    });
    cards.set(item.id, created);
    listElement.append(created.element);
  }

  function remove(itemId) {
    cards.get(itemId)?.element.remove();
    cards.delete(itemId);
    pages.delete(itemId);
  }

  async function loadData(itemId) {
    const [accounts, transactions] = await Promise.all([
      api.accounts(itemId),
      api.transactions(itemId, pages.get(itemId) ?? 1),
    ]);
    // A page past the end (rows were removed meanwhile) falls back to the last one.
    if (transactions.page > transactions.totalPages && transactions.totalPages > 0) {
      return showPage(itemId, transactions.totalPages);
    }
    cards
      .get(itemId)
      ?.showData(accounts, { ...transactions, results: [...transactions.results].sort(byNewestDate) });
  }

  async function showPage(itemId, page) {
    pages.set(itemId, page);
    await loadData(itemId);
  }

  async function fetchItem(itemId) {
    try {
      upsert(await api.item(itemId));
    } catch (error) {
      if (error.status !== 404) throw error;
      remove(itemId);
      return;
    }
    await loadData(itemId);
  }

  /** One refresh per item at a time; a burst of events while one runs collapses into one more run. */
  function refreshItem(itemId) {
    const state = refreshing.get(itemId);
    if (state) {
      state.again = true;
      return state.done;
    }
    const next = { again: false };
    next.done = (async () => {
      try {
        do {
          next.again = false;
          await fetchItem(itemId);
        } while (next.again);
      } finally {
        refreshing.delete(itemId);
      }
    })();
    refreshing.set(itemId, next);
    return next.done;
  }

  async function loadAll() {
    const items = await api.items();
    const current = new Set(items.map((item) => item.id));
    for (const itemId of [...cards.keys()]) if (!current.has(itemId)) remove(itemId);
    items.forEach(upsert);
    await Promise.all(items.map((item) => loadData(item.id)));
  }

  async function syncNow(itemId) {
    await api.refresh(itemId);
    await refreshItem(itemId);
  }

  async function deleteItem(itemId) {
    const name = cards.get(itemId)?.element.querySelector('.connector-name')?.textContent ?? 'this bank';
    if (!confirm(`Delete the connection to ${name}? Its data is removed here and at Pluggy.`)) return;
    await api.remove(itemId);
    remove(itemId);
  }

  /** After the widget reports an item (success, or an error that left an item): record it and show it. */
  async function recordItem(itemId) {
    if (!cards.has(itemId)) await api.recordItem(itemId);
    await refreshItem(itemId);
  }

  function onItemEvent({ itemId, kind }) {
    if (kind === 'deleted') return remove(itemId);
    return attempt('Could not refresh a connection', () => refreshItem(itemId));
  }

  function clear() {
    for (const itemId of [...cards.keys()]) remove(itemId);
  }

  return { loadAll, refreshItem, recordItem, onItemEvent, clear };
}
