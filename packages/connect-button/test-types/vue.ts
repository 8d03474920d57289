import type { GlobalComponents } from 'vue';
import type {} from '@pluggy-kit/connect-button/vue';

type ButtonProps = InstanceType<GlobalComponents['pluggy-connect-button']>['$props'];

export const props: ButtonProps = {
  'token-url': '/api/connect-token',
  theme: 'auto',
  onPluggySuccess: (event) => console.log(event.detail.item.id),
  onPluggyError: (event) => console.log(event.detail.code),
};

// @ts-expect-error preload is intent | eager | none
export const wrongPreload: ButtonProps = { preload: 'always' };
