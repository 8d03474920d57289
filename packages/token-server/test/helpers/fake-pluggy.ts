/**
 * A small in-memory PluggyApi for handler and worker unit tests (the end-to-end tests use the emulator).
 * It records every call and can fail or slow down a method on demand.
 */
import {
  PluggyApiError,
  type Account,
  type Item,
  type PluggyApi,
  type Transaction,
} from '../../src/pluggy/pluggy-api.js';

type Method = 'fetchItem' | 'fetchAccounts' | 'fetchTransactions' | 'fetchTransactionsByLink';

export class FakePluggy implements PluggyApi {
  readonly items = new Map<string, Item>();
  readonly accounts = new Map<string, Account[]>();
  readonly transactions = new Map<string, Transaction[]>();
  readonly links = new Map<string, Transaction[]>();
  readonly calls: { method: Method; args: unknown[] }[] = [];
  private readonly failures = new Map<Method, { remaining: number; error: () => Error }>();
  private readonly delays = new Map<Method, number>();

  failNext(
    method: Method,
    count: number,
    error: () => Error = () => new PluggyApiError('Bad gateway', 502),
  ): void {
    this.failures.set(method, { remaining: count, error });
  }

  delay(method: Method, ms: number): void {
    this.delays.set(method, ms);
  }

  callsOf(method: Method): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  private async enter(method: Method, args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    const delay = this.delays.get(method);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const failure = this.failures.get(method);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      throw failure.error();
    }
  }

  async fetchItem(itemId: string): Promise<Item> {
    await this.enter('fetchItem', [itemId]);
    const item = this.items.get(itemId);
    if (!item) throw new PluggyApiError('Item not found', 404);
    return structuredClone(item);
  }

  async fetchAccounts(itemId: string): Promise<Account[]> {
    await this.enter('fetchAccounts', [itemId]);
    return structuredClone(this.accounts.get(itemId) ?? []);
  }

  async fetchTransactions(
    accountId: string,
    filters?: { ids?: string[]; createdAtFrom?: string },
  ): Promise<Transaction[]> {
    await this.enter('fetchTransactions', [accountId, filters]);
    const all = this.transactions.get(accountId) ?? [];
    const ids = filters?.ids;
    return structuredClone(ids ? all.filter((transaction) => ids.includes(transaction.id)) : all);
  }

  async fetchTransactionsByLink(link: string): Promise<Transaction[]> {
    await this.enter('fetchTransactionsByLink', [link]);
    return structuredClone(this.links.get(link) ?? []);
  }

  createConnectToken(): never {
    throw new Error('FakePluggy: createConnectToken is not used by webhook handlers');
  }
  updateItem(): never {
    throw new Error('FakePluggy: webhook handlers must never PATCH items');
  }
  deleteItem(): never {
    throw new Error('FakePluggy: deleteItem is not used by webhook handlers');
  }
  listWebhooks(): never {
    throw new Error('FakePluggy: listWebhooks is not used by webhook handlers');
  }
  createWebhook(): never {
    throw new Error('FakePluggy: createWebhook is not used by webhook handlers');
  }
  deleteWebhook(): never {
    throw new Error('FakePluggy: deleteWebhook is not used by webhook handlers');
  }
}
