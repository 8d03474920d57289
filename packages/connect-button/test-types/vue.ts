import type { GlobalComponents } from 'vue';
import '../src/types/vue.js';

type ButtonProps = InstanceType<GlobalComponents['pluggy-connect-button']>['$props'];

export const props: ButtonProps = {
  'token-url': '/api/connect-token',
  theme: 'auto',
  onPluggySuccess: (event) => console.log(event.detail.item.id),
  onPluggyError: (event) => console.log(event.detail.code),
};

// @ts-expect-error preload is intent | eager | none
export const wrongPreload: ButtonProps = { preload: 'always' };
