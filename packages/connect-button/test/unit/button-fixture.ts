// The element on a test page with the stand-in SDK (`sdk-src`) and the test token route.
import { fixture, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { PluggyConnectButton } from '../../src/pluggy-connect-button.js';
import { innerButton, tokenUrl } from '../helpers.js';
import { FAKE_SDK_URL } from './fake-sdk.js';

export async function button(key: string, attributes = '', mode = 'ok'): Promise<PluggyConnectButton> {
  return bare(`token-url="${tokenUrl(key, mode)}" ${attributes}`);
}

/** A button with the given attributes, and the stand-in SDK unless they name another `sdk-src`. */
export async function bare(attributes = ''): Promise<PluggyConnectButton> {
  const sdk = attributes.includes('sdk-src=') ? '' : `sdk-src="${FAKE_SDK_URL}"`;
  const wrapper = await fixture<HTMLDivElement>(
    `<div><pluggy-connect-button ${sdk} ${attributes}></pluggy-connect-button></div>`,
  );
  const el = wrapper.querySelector('pluggy-connect-button');
  if (!el) throw new Error('not rendered');
  await el.updateComplete;
  return el;
}

export async function openWidget(el: PluggyConnectButton): Promise<void> {
  const opened = oneEvent(el, 'pluggy-open');
  innerButton(el).click();
  await opened;
}

export const leftovers = () => ({
  iframes: document.querySelectorAll('iframe').length,
  modalClasses: [...document.body.classList].filter((name) => name.endsWith('_has-modal-visible')),
});
