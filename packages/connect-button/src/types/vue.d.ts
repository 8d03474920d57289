// Vue 3: `import '@pluggy-kit/connect-button/vue'` once, and templates type-check <pluggy-connect-button>.
// Also tell Vue's compiler the tag is a custom element (isCustomElement), see the README.
import type { DefineComponent } from 'vue';
import type { PluggyConnectButton } from '../pluggy-connect-button.js';
import type { PluggyConnectButtonAttributes, PluggyConnectButtonVueEventProps } from './attributes.js';

type PluggyConnectButtonProperties = Partial<
  Pick<
    PluggyConnectButton,
    | 'tokenUrl'
    | 'connectToken'
    | 'itemId'
    | 'callbackUrl'
    | 'connectUrl'
    | 'fetchToken'
    | 'theme'
    | 'language'
    | 'label'
    | 'disabled'
    | 'name'
    | 'required'
  >
>;

declare module 'vue' {
  interface GlobalComponents {
    'pluggy-connect-button': DefineComponent<
      PluggyConnectButtonAttributes & PluggyConnectButtonProperties & PluggyConnectButtonVueEventProps
    >;
  }
}
