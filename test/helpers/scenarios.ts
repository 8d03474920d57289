// The end-to-end scenarios, run once per example host against a whole stack (emulator, token server,
// host) started on ephemeral ports. Each test gets a fresh browser context; the stack lives per file.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { openStore } from '@pluggy-kit/token-server';
import { startStack, type Stack } from '../../scripts/stack.mjs';
import { launchBrowser, saveScreenshot, stackLog } from './browser.js';
import { ConnectWidget, PLUGGY_BANK, PLUGGY_BANK_MFA_2_STEP } from './connect-widget.js';
import {
  addFault,
  advanceClock,
  clearFaults,
  emulatorItems,
  MFA_INPUT_TIMEOUT_MS,
  syncItem,
  waitForEmulatorItem,
} from './emulator.js';
import { HostPage, type DemoUser } from './host-page.js';

export type HostName = 'vanilla' | 'vue' | 'svelte';

/** GET /api/items answers Pluggy's list envelope. */
interface ItemList {
  results: { id: string }[];
}

/** What GET /api/items/:id/accounts and /transactions answer (the fields the checks below read). */
interface AccountList {
  results: { id: string; name: string; type: 'BANK' | 'CREDIT' }[];
}
interface TransactionList {
  results: { id: string; accountId: string; description: string; amount: number; type: 'DEBIT' | 'CREDIT' }[];
}

export interface HostScenarioHooks {
  /** Called once the first connection is UPDATED on the page (e.g. to save a docs screenshot). */
  onConnected?: (page: Page) => Promise<void>;
}

export function describeHost(host: HostName, hooks: HostScenarioHooks = {}): void {
  describe(`${host} host`, () => {
    let stack: Stack;
    let browser: Browser;
    let context: BrowserContext;
    let hostPage: HostPage;

    before(async () => {
      [stack, browser] = await Promise.all([
        startStack({
          viteHosts: host === 'vanilla' ? [] : [host],
          emulatorClient: { clientId: `e2e-${host}`, clientSecret: randomBytes(16).toString('hex') },
          log: stackLog(host),
          // One test user connects far more often than a person would (the defaults are tested in the
          // token server's own tests).
          serverEnv: { RATE_LIMIT_TOKENS_PER_USER: '1000', RATE_LIMIT_TOKENS_PER_IP: '1000' },
        }),
        launchBrowser(),
      ]);
    });
    after(async () => {
      await browser?.close();
      await stack?.stop();
    });
    beforeEach(async () => {
      context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      hostPage = await openAs(context, 'alice');
    });
    afterEach(() => context.close());

    /** A test that leaves its last screen in test/artifacts when it fails, for diagnosis. */
    function scenario(name: string, body: () => Promise<void>) {
      test(name, async () => {
        try {
          await body();
        } catch (error) {
          await saveScreenshot(hostPage.page, `${host}-failed-${slug(name)}`).catch(() => {});
          throw error;
        }
      });
    }

    async function openAs(ctx: BrowserContext, user: DemoUser): Promise<HostPage> {
      const page = await ctx.newPage();
      const opened = new HostPage(page, stack.hosts[host]!);
      await opened.open();
      await opened.signIn(user);
      return opened;
    }

    /** What the token server's own database holds for an item (read from its SQLite file). */
    async function storedData(itemId: string) {
      const store = await openStore({ sqliteFile: stack.databasePath });
      try {
        const owner = await store.items.ownerOf(itemId);
        const accounts = await store.accounts.listForItem(itemId);
        const transactions = await store.transactions.listForItem(itemId, { page: 1, pageSize: 1 });
        return { item: owner !== undefined, accounts: accounts.length, transactions: transactions.total };
      } finally {
        await store.close();
      }
    }

    /**
     * Logs in to a bank with user-ok, then closes the widget once it succeeded or asks its MFA question;
     * answers the new item's id.
     */
    async function connectAndClose(connectorId: number, until: 'success' | 'mfa question'): Promise<string> {
      const { widget, known } = await connect({ connectorId, user: 'user-ok', password: 'password-ok' });
      await (until === 'success' ? widget.waitForSuccess() : widget.waitForMfaQuestion());
      await widget.close();
      return hostPage.waitForNewItem(known);
    }

    /** Connects Pluggy Bank with user-ok and waits until its card is UPDATED; returns the item's id. */
    async function connectUpToDate(): Promise<string> {
      const itemId = await connectAndClose(PLUGGY_BANK, 'success');
      await hostPage.cardWith(itemId, { status: 'UPDATED' }).waitFor();
      return itemId;
    }

    /** Logs in to the 2-step MFA bank and closes the widget at the question; the card asks for the code. */
    async function leaveAtMfaQuestion(): Promise<string> {
      const itemId = await connectAndClose(PLUGGY_BANK_MFA_2_STEP, 'mfa question');
      await hostPage.cardWith(itemId, { status: 'WAITING_USER_INPUT', action: 'answer_mfa' }).waitFor();
      return itemId;
    }

    /** Waits for the item's card to be UPDATED with transactions, and checks Pluggy holds that one item only. */
    async function expectSameItemUpdatedWithData(itemId: string, why: string): Promise<void> {
      await hostPage
        .cardWith(itemId, { status: 'UPDATED', action: 'none' })
        .locator('tr[data-transaction-id]')
        .first()
        .waitFor({ timeout: 20_000 });
      const items = (await emulatorItems(stack.apiUrl)).filter((item) => item.id === itemId);
      assert.equal(items.length, 1, why);
    }

    /**
     * Walks the item's transaction pages and checks every row against the site's own data: the direction
     * follows Pluggy's `type`, whatever the sign of `amount` (DEBIT is money out: "-" and the debit colour;
     * CREDIT is money in), the amount fits on one line, and the row names its account. Goes on until a
     * card purchase (a positive DEBIT), a card payment (a negative CREDIT) and a checking-account debit (a
     * negative DEBIT) were all checked.
     */
    async function expectTransactionsReadAsMoneyInAndOut(itemId: string): Promise<void> {
      const accounts = (
        (await (await hostPage.api('GET', `/items/${itemId}/accounts`)).json()) as AccountList
      ).results;
      const transactions = (
        (await (
          await hostPage.api('GET', `/items/${itemId}/transactions?pageSize=500`)
        ).json()) as TransactionList
      ).results;
      const needed = ['CREDIT DEBIT +', 'CREDIT CREDIT -', 'BANK DEBIT -'];
      const checked = new Set<string>();
      do {
        for (const row of await hostPage.shownTransactions(itemId)) {
          const transaction = transactions.find((candidate) => candidate.id === row.id);
          const account = accounts.find((candidate) => candidate.id === transaction?.accountId);
          assert.ok(transaction && account, `row ${row.id} is one of the item's transactions`);
          const out = transaction.type === 'DEBIT';
          assert.deepEqual(
            {
              account: row.account,
              sign: /^[-\u2212]/.test(row.amount) ? '-' : '+',
              cents: row.amount.replace(/\D/g, ''),
              style: row.style,
              lines: row.amountLines,
            },
            {
              account: account.name,
              sign: out ? '-' : '+',
              cents: String(Math.round(Math.abs(transaction.amount) * 100)),
              style: out ? 'debit' : 'credit',
              lines: 1,
            },
            `${transaction.description} ${transaction.amount} ${transaction.type} on ${account.name} shown as ` +
              `${row.style} "${row.amount}" on "${row.account}"`,
          );
          checked.add(`${account.type} ${transaction.type} ${transaction.amount < 0 ? '-' : '+'}`);
        }
      } while (!needed.every((kind) => checked.has(kind)) && (await hostPage.showOlderTransactions(itemId)));
      assert.deepEqual(
        needed.filter((kind) => !checked.has(kind)),
        [],
        'a card purchase, a card payment and a checking-account debit were shown',
      );
    }

    /** Connects a bank through the widget as the signed-in user and returns the new item's id. */
    async function connect(login: { connectorId: number; user: string; password: string }, mfa?: string) {
      const known = await hostPage.itemIds();
      await hostPage.connectButton.click();
      const widget = new ConnectWidget(hostPage.page);
      await widget.logIn(login);
      if (mfa) await widget.answerMfa(mfa);
      return { widget, known };
    }

    scenario(
      'connect with user-ok: the item appears and reaches UPDATED with data, without a reload',
      async () => {
        await hostPage.markDocument();
        const itemId = await connectUpToDate();
        await hostPage.card(itemId).locator('.accounts li').first().waitFor();
        await hostPage.card(itemId).locator('tr[data-transaction-id]').first().waitFor();
        assert.equal(await hostPage.wasReloaded(), false);
        assert.equal(await hostPage.card(itemId).locator('.connector-name').textContent(), 'Pluggy Bank');
        assert.notEqual(await hostPage.card(itemId).locator('.last-sync').textContent(), 'never');
        assert.notEqual(await hostPage.card(itemId).locator('.next-sync').textContent(), 'never');
        assert.equal((await hostPage.card(itemId).locator('.badge').textContent())?.trim(), 'Up to date');
        // A whole connection (page load, sign-in, widget, live updates) logs no error: not even a 404.
        assert.deepEqual(hostPage.consoleErrors, []);
        await saveScreenshot(hostPage.page, `${host}-connected`);
        await hooks.onConnected?.(hostPage.page);
        // The page as a connected user sees it: no accessibility violations (axe, WCAG A and AA rules).
        const axe = await new AxeBuilder({ page: hostPage.page }).withTags(['wcag2a', 'wcag2aa']).analyze();
        assert.deepEqual(
          axe.violations.map(
            (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`,
          ),
          [],
        );
      },
    );

    scenario(
      'transactions read as money out (DEBIT) or in (CREDIT) on the card and the checking account alike, each naming its account, at 375 px',
      async () => {
        const itemId = await connectUpToDate();
        await hostPage.page.setViewportSize({ width: 375, height: 800 });
        await hostPage.card(itemId).locator('tr[data-transaction-id]').first().waitFor();
        await expectTransactionsReadAsMoneyInAndOut(itemId);
        await saveScreenshot(hostPage.page, `${host}-transactions-375px`);
        const pageWidth = await hostPage.page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(
          pageWidth <= 375,
          `the page fits 375 px without scrolling sideways (it is ${pageWidth} px)`,
        );
      },
    );

    scenario(
      'sync now: the refresh route runs a new sync at Pluggy and the token server records it',
      async () => {
        const itemId = await connectUpToDate();
        const [before] = (await emulatorItems(stack.apiUrl)).filter((item) => item.id === itemId);

        await hostPage.card(itemId).getByRole('button', { name: 'Sync now' }).click();
        const synced = await waitForEmulatorItem(
          stack.apiUrl,
          itemId,
          (item) => item.status === 'UPDATED' && item.lastUpdatedAt! > before!.lastUpdatedAt!,
        );
        // The token server learns of the new sync through Pluggy's webhook, then the page through SSE.
        await hostPage
          .cardWith(itemId, { status: 'UPDATED', action: 'none', 'last-updated-at': synced.lastUpdatedAt! })
          .waitFor({ timeout: 20_000 });
        assert.equal(await hostPage.errorBanner.isVisible(), false);
      },
    );

    scenario('MFA 2-step: the code 123456 completes the connection', async () => {
      const { widget, known } = await connect(
        { connectorId: PLUGGY_BANK_MFA_2_STEP, user: 'user-ok', password: 'password-ok' },
        '123456',
      );
      await widget.waitForSuccess();
      await saveScreenshot(hostPage.page, `${host}-mfa-success`);
      await widget.close();
      const itemId = await hostPage.waitForNewItem(known);
      await hostPage
        .cardWith(itemId, { status: 'UPDATED' })
        .locator('tr[data-transaction-id]')
        .first()
        .waitFor();
    });

    scenario(
      'MFA left unanswered: "Answer MFA" reopens the widget at the question, and the code completes it',
      async () => {
        const itemId = await leaveAtMfaQuestion();
        await hostPage.card(itemId).getByRole('button', { name: 'Answer MFA' }).click();
        const answer = new ConnectWidget(hostPage.page);
        await answer.acceptConsent();
        await answer.answerMfa('123456');
        await answer.waitForSuccess();
        await answer.close();
        await expectSameItemUpdatedWithData(itemId, 'the same item is completed');
      },
    );

    scenario(
      'MFA left unanswered: the item shows "Answer MFA", then after the timeout "Reconnect" with the code brings it to UPDATED',
      async () => {
        const itemId = await leaveAtMfaQuestion();
        await hostPage.card(itemId).getByRole('button', { name: 'Answer MFA' }).waitFor();
        await saveScreenshot(hostPage.page, `${host}-waiting-for-mfa`);

        await advanceClock(stack.apiUrl, MFA_INPUT_TIMEOUT_MS + 1_000);
        await hostPage.cardWith(itemId, { action: 'reconnect' }).waitFor();
        await hostPage.card(itemId).getByRole('button', { name: 'Reconnect' }).click();
        const update = new ConnectWidget(hostPage.page);
        await update.logIn({ user: 'user-ok', password: 'password-ok' });
        await update.answerMfa('123456');
        await update.waitForSuccess();
        await update.close();
        await expectSameItemUpdatedWithData(itemId, 'the same item is reconnected');
      },
    );

    scenario(
      'wrong password: the error is shown, then reconnecting in update mode brings the item to UPDATED',
      async () => {
        const { widget, known } = await connect({
          connectorId: PLUGGY_BANK,
          user: 'user-ok',
          password: 'wrong-password',
        });
        await widget.waitForError('Wrong user or password.');
        await widget.close();
        const banner = hostPage.errorBannerWith('WIDGET_ERROR');
        // The widget's onError message (Pluggy's item error message).
        await banner.locator('.error-message').filter({ hasText: 'Invalid credentials.' }).waitFor();
        // The failed login left an item: it is retried from its card, not by a second connection.
        await banner.getByRole('button', { name: 'Dismiss' }).waitFor();
        assert.equal(await banner.getByRole('button', { name: 'Retry' }).count(), 0);
        const itemId = await hostPage.waitForNewItem(known);
        await hostPage.cardWith(itemId, { status: 'LOGIN_ERROR', action: 'reconnect' }).waitFor();
        await saveScreenshot(hostPage.page, `${host}-login-error`);

        await hostPage.updateButton(itemId).click();
        const update = new ConnectWidget(hostPage.page);
        await update.logIn({ user: 'user-ok', password: 'password-ok' });
        await update.waitForSuccess();
        await update.close();
        await hostPage.cardWith(itemId, { status: 'UPDATED', action: 'none' }).waitFor({ timeout: 20_000 });
        const items = (await emulatorItems(stack.apiUrl)).filter((item) => item.id === itemId);
        assert.equal(items.length, 1, 'update mode reconnects the same item instead of creating another');
      },
    );

    scenario('an auto-sync at Pluggy shows new, changed and removed transactions live', async () => {
      const { widget, known } = await connect({
        connectorId: PLUGGY_BANK,
        user: 'user-ok',
        password: 'password-ok',
      });
      await widget.waitForSuccess();
      await widget.close();
      const itemId = await hostPage.waitForNewItem(known);
      await hostPage
        .cardWith(itemId, { status: 'UPDATED' })
        .locator('tr[data-transaction-id]')
        .first()
        .waitFor();
      // The sync adds today's transactions, changes the newest and removes the oldest of each account:
      // this tab shows the newest page, a second one the oldest page.
      const oldest = new HostPage(await context.newPage(), stack.hosts[host]!);
      await oldest.open();
      await oldest
        .cardWith(itemId, { status: 'UPDATED' })
        .locator('tr[data-transaction-id]')
        .first()
        .waitFor();
      await oldest.waitForLiveUpdates();
      await oldest.showLastTransactionsPage(itemId);
      const oldestShown = await oldest.transactionIds(itemId);
      await Promise.all([hostPage.markDocument(), oldest.markDocument()]);

      const changes = await syncItem(stack.apiUrl, itemId);
      assert.ok(changes.created.length > 0 && changes.updated.length > 0 && changes.deleted.length > 0);
      for (const id of changes.created) await hostPage.transactionRow(itemId, id).waitFor();
      for (const id of changes.updated) {
        await hostPage.transactionRow(itemId, id).filter({ hasText: '(AJUSTADO)' }).waitFor();
      }
      const removedHere = changes.deleted.filter((id) => oldestShown.includes(id));
      assert.ok(removedHere.length > 0, 'the oldest page showed a transaction the sync removed');
      for (const id of removedHere) await oldest.transactionRow(itemId, id).waitFor({ state: 'detached' });
      assert.equal(await hostPage.wasReloaded(), false);
      assert.equal(await oldest.wasReloaded(), false);
      await saveScreenshot(hostPage.page, `${host}-after-sync`);
    });

    scenario('delete: gone from the page, from the token server and from Pluggy', async () => {
      const itemId = await connectUpToDate();

      await hostPage.card(itemId).locator('.accounts li').first().waitFor();
      const stored = await storedData(itemId);
      assert.ok(stored.accounts > 0 && stored.transactions > 0, 'the token server holds its data');

      // Cancel keeps it; OK deletes it.
      hostPage.dialogAnswer = 'dismiss';
      await hostPage.card(itemId).getByRole('button', { name: 'Delete' }).click();
      assert.match(hostPage.dialogs.at(-1) ?? '', /Delete the connection to Pluggy Bank\?/);
      await hostPage.page.waitForTimeout(300);
      assert.equal(await hostPage.card(itemId).count(), 1, 'cancel keeps the connection');
      assert.ok((await emulatorItems(stack.apiUrl)).some((item) => item.id === itemId));
      hostPage.dialogAnswer = 'accept';
      await hostPage.card(itemId).getByRole('button', { name: 'Delete' }).click();
      await hostPage.card(itemId).waitFor({ state: 'detached' });
      assert.equal(hostPage.dialogs.length, 2);
      const listed = ((await (await hostPage.api('GET', '/items')).json()) as ItemList).results;
      assert.equal(
        listed.some((item) => item.id === itemId),
        false,
      );
      assert.equal((await hostPage.api('GET', `/items/${itemId}`)).status(), 404);
      assert.deepEqual(await storedData(itemId), { item: false, accounts: 0, transactions: 0 });
      assert.equal(
        (await emulatorItems(stack.apiUrl)).some((item) => item.id === itemId),
        false,
      );
    });

    scenario("a second user can neither see, refresh nor delete the first user's item", async () => {
      const itemId = await connectUpToDate();

      const bobContext = await browser.newContext();
      try {
        const bob = await openAs(bobContext, 'bob');
        assert.equal((await bob.itemIds()).includes(itemId), false);
        const listed = ((await (await bob.api('GET', '/items')).json()) as ItemList).results;
        assert.equal(
          listed.some((item) => item.id === itemId),
          false,
        );
        for (const [method, path, body] of [
          ['GET', `/items/${itemId}`, undefined],
          ['GET', `/items/${itemId}/accounts`, undefined],
          ['GET', `/items/${itemId}/transactions`, undefined],
          ['POST', `/items/${itemId}/refresh`, {}],
          ['POST', '/connect-token', { itemId }],
          ['DELETE', `/items/${itemId}`, undefined],
        ] as const) {
          const status = (await bob.api(method, path, body)).status();
          assert.ok(status === 403 || status === 404, `${method} ${path} as bob answered ${status}`);
        }
        await saveScreenshot(bob.page, `${host}-second-user`);
      } finally {
        await bobContext.close();
      }
      assert.ok(
        (await emulatorItems(stack.apiUrl)).some((item) => item.id === itemId),
        'still at Pluggy',
      );
      await hostPage.page.reload();
      await hostPage.card(itemId).waitFor();
    });

    scenario('errors are shown in the page, and Retry runs the failed action again', async () => {
      // Pluggy unavailable while a token is minted: the button reports it, Retry opens the widget.
      await addFault(stack.apiUrl, { path: '/connect_token', method: 'POST', count: 50, status: 503 });
      try {
        await hostPage.connectButton.click();
        const tokenError = hostPage.errorBannerWith('TOKEN_FETCH_FAILED');
        await tokenError.waitFor({ timeout: 20_000 });
        assert.equal(await tokenError.getByRole('button', { name: 'Dismiss' }).count(), 0);
      } finally {
        await clearFaults(stack.apiUrl);
      }
      await hostPage.errorBanner.getByRole('button', { name: 'Retry' }).click();
      const widget = new ConnectWidget(hostPage.page);
      await widget.frame.locator('[data-action="accept-consent"]').waitFor();
      assert.equal(await hostPage.errorBanner.isVisible(), false);
      await widget.close();

      // The site's backend failing a page action (Sync now): Retry runs that action again.
      const upToDate = hostPage.page
        .locator('.connection[data-status="UPDATED"][data-action="none"]')
        .first();
      const itemId = await upToDate.getAttribute('data-item-id', { timeout: 5_000 });
      assert.ok(itemId, 'an earlier scenario left an up-to-date connection');
      const [before] = (await emulatorItems(stack.apiUrl)).filter((item) => item.id === itemId);
      await addFault(stack.apiUrl, { path: `/items/${itemId}`, method: 'PATCH', count: 50, status: 503 });
      try {
        await hostPage.card(itemId).getByRole('button', { name: 'Sync now' }).click();
        await hostPage.errorBanner
          .locator('.error-message')
          .filter({ hasText: 'Could not start the sync' })
          .waitFor({ timeout: 20_000 });
      } finally {
        await clearFaults(stack.apiUrl);
      }
      await hostPage.errorBanner.getByRole('button', { name: 'Retry' }).click();
      await waitForEmulatorItem(stack.apiUrl, itemId, (item) => item.lastUpdatedAt! > before!.lastUpdatedAt!);
      assert.equal(await hostPage.errorBanner.isVisible(), false);
    });

    scenario('Escape closes the widget and focus returns to the button', async () => {
      await hostPage.connectButton.click();
      const widget = new ConnectWidget(hostPage.page);
      await widget.frame.locator('[data-action="accept-consent"]').focus();
      await hostPage.page.keyboard.press('Escape');
      await widget.waitUntilClosed();
      const focused = await hostPage.page.evaluate(() => {
        const host = document.activeElement;
        return { tag: host?.tagName, inner: host?.shadowRoot?.activeElement?.tagName };
      });
      assert.deepEqual(focused, { tag: 'PLUGGY-CONNECT-BUTTON', inner: 'BUTTON' });
      const inMain = await hostPage.page.evaluate(
        () => document.activeElement?.closest('section.connect') !== null,
      );
      assert.equal(inMain, true);
    });
  });
}

const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
