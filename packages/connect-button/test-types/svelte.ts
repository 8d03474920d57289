import type { SvelteHTMLElements } from 'svelte/elements';
import type {} from '@pluggy-kit/connect-button/svelte';

type ButtonAttributes = SvelteHTMLElements['pluggy-connect-button'];

export const attributes: ButtonAttributes = {
  'token-url': '/api/connect-token',
  'include-sandbox': true,
  'onpluggy-success': (event) => console.log(event.detail.item.id),
  'onpluggy-error': (event) => console.log(event.detail.code, event.detail.phase),
};

// @ts-expect-error theme accepts light | dark | auto only
export const wrongTheme: ButtonAttributes = { theme: 'blue' };
