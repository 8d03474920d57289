// React 19: `import '@pluggy-kit/connect-button/react'` once for typed JSX:
// <pluggy-connect-button token-url="/api/connect-token" onpluggy-success={(e) => save(e.detail.item)} />
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { PluggyConnectButton } from '../pluggy-connect-button.js';
import type { PluggyConnectButtonAttributes, PluggyConnectButtonEventProps } from './attributes.js';

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'pluggy-connect-button': Omit<
        DetailedHTMLProps<HTMLAttributes<PluggyConnectButton>, PluggyConnectButton>,
        keyof PluggyConnectButtonAttributes
      > &
        PluggyConnectButtonAttributes &
        PluggyConnectButtonEventProps & { class?: string };
    }
  }
}
