/**
 * `pluggy-kit-server webhooks register|list|delete`: the account-level webhooks at Pluggy, pointing at
 * `${PUBLIC_URL}/api/webhooks` with the secret header. Registering again never leaves a duplicate.
 */
import type { PluggyConfig } from '../config.js';
import { createPluggyClient } from '../pluggy/pluggy-client.js';
import type { PluggyApi, Webhook, WebhookEvent } from '../pluggy/pluggy-api.js';
import { HANDLED_EVENTS, WEBHOOK_SECRET_HEADER } from '../webhooks/index.js';
import { CliError } from './cli-error.js';

export type Print = (line: string) => void;

export function clientFor(config: PluggyConfig): PluggyApi {
  return createPluggyClient({
    clientId: config.PLUGGY_CLIENT_ID,
    clientSecret: config.PLUGGY_CLIENT_SECRET,
    baseUrl: config.PLUGGY_API_URL,
  });
}

export function webhookTarget(config: PluggyConfig): string {
  return `${config.PUBLIC_URL.replace(/\/+$/, '')}/api/webhooks`;
}

// Pluggy keeps a webhook's headers but does not show them back, so a registration cannot be checked
// for the current secret: after rotating WEBHOOK_SECRET, `register --replace` swaps them.
export async function registerWebhooks(
  pluggy: PluggyApi,
  config: PluggyConfig,
  options: { replace: boolean },
  print: Print,
): Promise<void> {
  const url = webhookTarget(config);
  const existing = (await pluggy.listWebhooks()).filter((webhook) => webhook.url === url);
  for (const event of HANDLED_EVENTS) {
    const matches = existing.filter((webhook) => webhook.event === event);
    let keep: Webhook | undefined = options.replace ? undefined : matches[0];
    if (keep) {
      print(`kept     ${keep.id}  ${event}`);
    } else {
      // The new registration exists before the old ones go, so no event falls in a gap (the inbox
      // dedupes the brief double delivery by eventId).
      keep = await pluggy.createWebhook(event as WebhookEvent, url, {
        [WEBHOOK_SECRET_HEADER]: config.WEBHOOK_SECRET,
      });
      print(`created  ${keep.id}  ${event}`);
    }
    for (const stale of matches.filter((webhook) => webhook.id !== keep.id)) {
      await pluggy.deleteWebhook(stale.id);
      print(`deleted  ${stale.id}  ${event} (${options.replace ? 'replaced' : 'duplicate'})`);
    }
  }
  print(`Pluggy delivers ${HANDLED_EVENTS.length} events to ${url}`);
}

export async function listWebhooks(pluggy: PluggyApi, print: Print): Promise<void> {
  const webhooks = await pluggy.listWebhooks();
  if (webhooks.length === 0) print('no webhooks registered');
  for (const webhook of webhooks) print(`${webhook.id}  ${webhook.event}  ${webhook.url}`);
}

export async function deleteWebhooks(
  pluggy: PluggyApi,
  ids: string[],
  all: boolean,
  print: Print,
): Promise<void> {
  const targets = all ? (await pluggy.listWebhooks()).map((webhook) => webhook.id) : ids;
  if (targets.length === 0) throw new CliError('webhooks delete needs a webhook id or --all', 2);
  for (const id of targets) {
    await pluggy.deleteWebhook(id);
    print(`deleted  ${id}`);
  }
}
