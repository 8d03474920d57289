/// <reference lib="dom" />
/**
 * Entry of the Connect page bundle. Registering the SDK's own zoid component (tag
 * `pluggy-connect-widget`, zoid 9.0.63) makes this window a zoid child: `window.xprops` then holds
 * what the parent passed to `new PluggyConnect(...)`.
 */
import { initialize } from 'pluggy-connect-sdk/dist/module/pluggy-connect.js';
import { runAutopilot } from './app/autopilot.js';
import { ConnectFlow } from './app/connect-flow.js';
import { messagesFor, resolveLanguage } from './app/i18n/index.js';
import { readPageConfig } from './app/page-config.js';
import { parentOrigin } from './app/parent-origin.js';
import { createPluggyApi } from './app/pluggy-api.js';
import { renderNotEmbedded } from './app/screens/outcome-screens.js';
import { createControlsClient } from './app/session-reporter.js';
import { createShell } from './app/shell.js';
import { bindCallbacks, callbackNames, dataProps, readOptions, type RawXprops } from './app/xprops.js';

// Short enough that a fast emulator run feels instant, long enough not to flood the API.
const POLL_INTERVAL_MS = 250;

async function main(): Promise<void> {
  initialize();
  const root = document.getElementById('app');
  if (!root) return;
  const xprops = (window as { xprops?: RawXprops }).xprops;
  const options = xprops ? readOptions(xprops) : undefined;
  // Inside the SDK the default is Portuguese, as on Pluggy's page; opened directly, the browser decides.
  const language = resolveLanguage(options ? options.language : navigator.language);
  const messages = messagesFor(language);
  document.documentElement.lang = language === 'pt' ? 'pt-BR' : language;
  document.documentElement.dataset.theme = options?.theme ?? 'light';

  if (!xprops || !options) {
    const shell = createShell(root, messages, {
      close: () => window.close(),
      continueInBackground: () => undefined,
    });
    shell.show('not-embedded', renderNotEmbedded(messages));
    return;
  }

  const config = readPageConfig(document);
  const controls = createControlsClient(config.apiUrl);
  const reporter = controls.openSession({ props: dataProps(xprops), callbacks: callbackNames(xprops) });
  const callbacks = bindCallbacks(xprops);
  const targetOrigin = await parentOrigin(xprops);

  const shell = createShell(root, messages, {
    close: () => void flow.close(),
    continueInBackground: () => flow.continueInBackground(),
  });
  const flow = new ConnectFlow({
    shell,
    messages,
    options,
    callbacks,
    api: createPluggyApi(config.apiUrl, options.connectToken),
    reporter,
    postToParent: (message) => {
      if (targetOrigin) window.parent.postMessage(message, targetOrigin);
    },
    pollIntervalMs: POLL_INTERVAL_MS,
  });
  // The SDK closes on Escape only while focus is in the parent document; inside the frame it is ours to do.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    void flow.close();
  });

  const script = await controls.nextAutopilot();
  void flow.start();
  if (script) {
    runAutopilot(script, root, shell).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('[pluggy-connect-emulator] autopilot stopped:', message);
      void reporter.report({ autopilotError: message });
    });
  }
}

void main();
