import type { FrameLocator, Page } from 'playwright-core';

/** Sandbox connectors of the emulator (and of Pluggy's sandbox). */
export const PLUGGY_BANK = 0;
export const PLUGGY_BANK_MFA_2_STEP = 5;

// zoid renders a prerender frame first, then the Connect page's frame, named after the component.
const WIDGET_FRAME = 'iframe[name^="__zoid__pluggy_connect_widget__"]';

export interface LoginInput {
  /** Absent in update mode: the widget opens on the item's own connector. */
  connectorId?: number;
  user: string;
  password: string;
}

/**
 * Drives the Connect page inside the SDK's cross-origin iframe like a user does: clicks and typing, no
 * test hooks (the emulator's page, in English because the hosts pass language="en").
 */
export class ConnectWidget {
  readonly frame: FrameLocator;

  constructor(readonly page: Page) {
    this.frame = page.frameLocator(WIDGET_FRAME);
  }

  async acceptConsent(): Promise<void> {
    await this.frame.locator('[data-action="accept-consent"]').click();
  }

  /** Consent, the connector (new connections only), then the login form. */
  async logIn({ connectorId, user, password }: LoginInput): Promise<void> {
    await this.acceptConsent();
    if (connectorId !== undefined)
      await this.frame.locator(`button.connector[data-connector-id="${connectorId}"]`).click();
    await this.frame.locator('input[name="user"]').fill(user);
    await this.frame.locator('input[name="password"]').fill(password);
    await this.frame.locator('button[type="submit"]').click();
  }

  async waitForMfaQuestion(): Promise<void> {
    await this.frame.getByRole('heading', { name: 'Additional verification' }).waitFor({ timeout: 20_000 });
  }

  async answerMfa(code: string): Promise<void> {
    await this.waitForMfaQuestion();
    await this.frame.locator('input[name="token"]').fill(code);
    await this.frame.locator('button[type="submit"]').click();
  }

  async waitForSuccess(): Promise<void> {
    await this.frame.getByRole('heading', { name: 'Account connected' }).waitFor({ timeout: 20_000 });
  }

  async waitForError(message: string): Promise<void> {
    await this.frame.getByRole('heading', { name: 'Could not connect' }).waitFor({ timeout: 20_000 });
    await this.frame.getByRole('alert').filter({ hasText: message }).waitFor();
  }

  /** The top bar's close button (on every screen). */
  async close(): Promise<void> {
    await this.frame.locator('[data-action="close"]').click();
    await this.waitUntilClosed();
  }

  async waitUntilClosed(): Promise<void> {
    await this.page.locator(WIDGET_FRAME).waitFor({ state: 'detached', timeout: 10_000 });
  }
}
