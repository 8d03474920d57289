import type { APIResponse, Dialog, Locator, Page } from 'playwright-core';

export type DemoUser = 'alice' | 'bob';

/** One transaction row of a card, as shown. */
export interface ShownTransaction {
  id: string;
  /** The account the row names (under its description). */
  account: string;
  /** The amount cell's text, e.g. "-R$ 249,78". */
  amount: string;
  /** The amount's colour class: `debit` (money out) or `credit` (money in). */
  style: 'debit' | 'credit' | '';
  /** How many lines the amount's text takes. */
  amountLines: number;
}

/**
 * The parts every example host shares (plain HTML, Vue, Svelte render the same markup), so one set of
 * scenarios runs against all three.
 */
export class HostPage {
  /** The messages of the dialogs (confirm) the page opened, in order. */
  readonly dialogs: string[] = [];
  /** How the next dialogs are answered (a person pressing OK or Cancel). */
  dialogAnswer: 'accept' | 'dismiss' = 'accept';
  /** Console errors and uncaught exceptions of the page (and of frames it shows), in order. */
  readonly consoleErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly url: string,
  ) {
    page.on('dialog', (dialog) => void this.answer(dialog));
    page.on('console', (message) => {
      if (message.type() === 'error')
        this.consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => this.consoleErrors.push(`uncaught: ${error.message}`));
  }

  private async answer(dialog: Dialog): Promise<void> {
    this.dialogs.push(dialog.message());
    await (this.dialogAnswer === 'accept' ? dialog.accept() : dialog.dismiss());
  }

  /** Opens the page and waits until its first session read is done (its sign-in buttons work). */
  async open(): Promise<void> {
    await this.page.goto(this.url);
    await this.page.locator('.session[data-state="ready"]').waitFor();
  }

  async signIn(user: DemoUser): Promise<void> {
    await this.page.getByRole('button', { name: `Sign in as ${user}` }).click();
    await this.page.locator(`.session[data-user="${user}"]`).waitFor();
    await this.connectButton.waitFor();
    await this.waitForListLoaded();
    await this.waitForLiveUpdates();
  }

  /** Waits until the page's server-sent events stream is open: changes from now on reach it live. */
  async waitForLiveUpdates(): Promise<void> {
    await this.page.locator('.connections[data-live="open"]').waitFor({ state: 'attached' });
  }

  /**
   * Waits until the signed-in user's list has loaded (the hosts mark it aria-busy while loading): before
   * that, an empty list means "not loaded yet", not "no connections".
   */
  async waitForListLoaded(): Promise<void> {
    await this.page.locator('.connections[aria-busy="false"]').waitFor({ state: 'attached' });
  }

  get connectButton(): Locator {
    return this.page.locator('section.connect pluggy-connect-button button');
  }

  get errorBanner(): Locator {
    return this.page.locator('.error-banner');
  }

  /** The visible error banner with the given code (`data-code`). */
  errorBannerWith(code: string): Locator {
    return this.page.locator(`.error-banner[data-code="${code}"]`);
  }

  card(itemId: string): Locator {
    return this.page.locator(`.connection[data-item-id="${itemId}"]`);
  }

  cardWith(
    itemId: string,
    attributes: { status?: string; action?: string; 'last-updated-at'?: string },
  ): Locator {
    const filters = Object.entries(attributes).map(([name, value]) => `[data-${name}="${value}"]`);
    return this.page.locator(`.connection[data-item-id="${itemId}"]${filters.join('')}`);
  }

  updateButton(itemId: string): Locator {
    return this.card(itemId).locator('pluggy-connect-button button');
  }

  transactionRow(itemId: string, transactionId: string): Locator {
    return this.card(itemId).locator(`tr[data-transaction-id="${transactionId}"]`);
  }

  async transactionIds(itemId: string): Promise<string[]> {
    return this.card(itemId)
      .locator('tr[data-transaction-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-transaction-id') ?? ''));
  }

  /** The transaction rows the item's card shows, as a person reads them. */
  async shownTransactions(itemId: string): Promise<ShownTransaction[]> {
    return this.card(itemId)
      .locator('tr[data-transaction-id]')
      .evaluateAll((rows) =>
        rows.map((row) => {
          const amount = row.querySelector('td.amount');
          // Line boxes of the amount's text: 1 unless it wraps.
          const range = document.createRange();
          if (amount) range.selectNodeContents(amount);
          return {
            id: row.getAttribute('data-transaction-id') ?? '',
            account: row.querySelector('.transaction-account')?.textContent?.trim() ?? '',
            amount: amount?.textContent?.trim() ?? '',
            style: amount?.classList.contains('debit')
              ? 'debit'
              : amount?.classList.contains('credit')
                ? 'credit'
                : '',
            amountLines: amount ? new Set([...range.getClientRects()].map((rect) => rect.top)).size : 0,
          };
        }),
      );
  }

  /** Clicks "Older" and waits for that page; false when the last page already shows. */
  async showOlderTransactions(itemId: string): Promise<boolean> {
    const older = this.card(itemId).locator('.pager .older');
    if (!(await older.isEnabled())) return false;
    const info = await this.card(itemId).locator('.page-info').textContent();
    await older.click();
    await this.page.waitForFunction(
      ([selector, before]) => document.querySelector(selector)?.textContent !== before,
      [`.connection[data-item-id="${itemId}"] .page-info`, info] as const,
    );
    return true;
  }

  /** Clicks "Older" until the last page of the item's transactions shows. */
  async showLastTransactionsPage(itemId: string): Promise<void> {
    while (await this.showOlderTransactions(itemId));
  }

  async itemIds(): Promise<string[]> {
    return this.page
      .locator('.connection')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-item-id') ?? ''));
  }

  /** Waits for a card whose id is not in `known` and returns that id. */
  async waitForNewItem(known: readonly string[], timeout = 20_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      (ids) =>
        [...document.querySelectorAll('.connection')]
          .map((card) => card.getAttribute('data-item-id'))
          .find((id) => id && !ids.includes(id)),
      [...known],
      { timeout },
    );
    return (await handle.jsonValue()) as string;
  }

  /** Marks the document, so a test can prove later that the page was never reloaded. */
  async markDocument(): Promise<void> {
    await this.page.evaluate(() => ((window as unknown as { e2eMark: number }).e2eMark = 1));
  }

  async wasReloaded(): Promise<boolean> {
    return this.page.evaluate(() => (window as unknown as { e2eMark?: number }).e2eMark !== 1);
  }

  /** Calls the site's backend as the browser does (same cookies, the CSRF header). */
  api(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<APIResponse> {
    const headers: Record<string, string> = { 'X-Requested-With': 'pluggy-connect-button' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.page.request.fetch(new URL(`/api${path}`, this.url).href, {
      method,
      headers,
      data: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}
