import type {} from '@pluggy-kit/connect-button/react';

export const button = (
  <pluggy-connect-button
    token-url="/api/connect-token"
    item-id="item-1"
    onpluggy-success={(event) => console.log(event.detail.item.id)}
    onpluggy-close={() => console.log('closed')}
  >
    Connect
  </pluggy-connect-button>
);

// @ts-expect-error theme accepts light | dark | auto only
export const wrongTheme = <pluggy-connect-button theme="red" />;
