/** Item and connect-token `webhookUrl`s follow the webhook URL rules; Pluggy answers 400 without details. */
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { validateWebhookUrl } from '../webhooks/index.js';

export function assertWebhookUrl(ctx: EmulatorContext, url: string | null | undefined): void {
  if (!url) return;
  const problem = validateWebhookUrl(url, ctx.settings.strictWebhooks);
  if (problem) throw new ApiError(400, problem);
}
