// Svelte 5: `import '@pluggy-kit/connect-button/svelte'` once (e.g. in app.d.ts) for typed markup:
// <pluggy-connect-button token-url="/api/connect-token" onpluggy-success={onSuccess} />
import type { HTMLAttributes } from 'svelte/elements';
import type { PluggyConnectButton } from '../pluggy-connect-button.js';
import type { PluggyConnectButtonAttributes, PluggyConnectButtonEventProps } from './attributes.js';

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'pluggy-connect-button': Omit<HTMLAttributes<PluggyConnectButton>, keyof PluggyConnectButtonAttributes> &
      PluggyConnectButtonAttributes &
      PluggyConnectButtonEventProps;
  }
}
