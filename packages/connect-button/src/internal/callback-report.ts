import { PluggyConnectError } from './errors.js';
import { HttpFailure, postJson, withRetry } from './http.js';
import type { PluggyItem } from './item.js';

export interface CallbackReport {
  url: string;
  item: PluggyItem;
  credentials: RequestCredentials;
  timeoutMs: number;
}

/**
 * POSTs `{itemId}` to the site's `callback-url`, retrying twice on network errors, 408, 429 and 5xx (after a
 * `Retry-After` of up to `timeoutMs`); fails as CALLBACK_FAILED.
 */
export async function reportConnectedItem(report: CallbackReport): Promise<void> {
  try {
    await withRetry(
      () =>
        postJson({
          url: report.url,
          body: { itemId: report.item.id },
          credentials: report.credentials,
          timeoutMs: report.timeoutMs,
        }),
      { retries: 2, backoffMs: 300, maxRetryAfterMs: report.timeoutMs },
    );
  } catch (error) {
    throw new PluggyConnectError({
      code: 'CALLBACK_FAILED',
      phase: 'callback',
      message: `callback-url (${report.url}) did not accept item ${report.item.id}: ${error instanceof Error ? error.message : String(error)}`,
      retryable: true,
      item: report.item,
      retryAfterMs: error instanceof HttpFailure ? error.retryAfterMs : undefined,
      cause: error,
    });
  }
}
