// What the button looks like: themes, reduced motion, parts, custom properties, slots, label and focus.
import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';
import type { PluggyConnectButton } from '../../src/pluggy-connect-button.js';
import { emulateMedia } from '../browser-commands.js';
import { innerButton, uniqueKey } from '../helpers.js';
import { bare, button, openWidget } from './button-fixture.js';
import { lastInstance, resetFakeSdk } from './fake-sdk.js';

const LIGHT_BACKGROUND = 'rgb(196, 17, 47)';
const DARK_BACKGROUND = 'rgb(255, 107, 132)';

const background = (el: PluggyConnectButton) => getComputedStyle(innerButton(el)).backgroundColor;
const shadowPart = (el: PluggyConnectButton, name: string) => {
  const part = el.shadowRoot?.querySelector(`[part="${name}"]`);
  if (!part) throw new Error(`no part ${name}`);
  return part;
};

/** A stylesheet of the host page, removed after the test. */
function pageStyle(css: string): void {
  const style = document.createElement('style');
  style.className = 'look-test';
  style.textContent = css;
  document.head.append(style);
}

async function loading(attributes = ''): Promise<PluggyConnectButton> {
  const el = await button(uniqueKey(), `preload="none" ${attributes}`, 'slow&delay=2000');
  innerButton(el).click();
  await waitUntil(() => el.state === 'loading', undefined, { timeout: 5000 });
  await el.updateComplete;
  return el;
}

describe('<pluggy-connect-button> look', () => {
  beforeEach(resetFakeSdk);
  afterEach(async () => {
    fixtureCleanup();
    for (const style of document.querySelectorAll('style.look-test')) style.remove();
    await emulateMedia({ colorScheme: null, reducedMotion: null });
  });

  it('is light when the system prefers light, and dark with theme="dark"', async () => {
    await emulateMedia({ colorScheme: 'light' });
    expect(background(await bare('connect-token="x"'))).to.equal(LIGHT_BACKGROUND);
    expect(background(await bare('connect-token="x" theme="auto"'))).to.equal(LIGHT_BACKGROUND);
    expect(background(await bare('connect-token="x" theme="dark"'))).to.equal(DARK_BACKGROUND);
  });

  it('follows a dark system preference by default and with theme="auto", not with theme="light"', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const following = await bare('connect-token="x"');
    expect(background(following)).to.equal(DARK_BACKGROUND);
    expect(background(await bare('connect-token="x" theme="auto"'))).to.equal(DARK_BACKGROUND);
    expect(background(await bare('connect-token="x" theme="light"'))).to.equal(LIGHT_BACKGROUND);
    await emulateMedia({ colorScheme: 'light' });
    // The background eases over 150 ms.
    await waitUntil(() => background(following) === LIGHT_BACKGROUND, 'did not follow the change', {
      timeout: 2000,
    });
  });

  it('passes the system preference to the widget as its theme (theme="auto")', async () => {
    const el = await button(uniqueKey(), 'preload="none"');
    await emulateMedia({ colorScheme: 'dark' });
    await openWidget(el);
    expect(lastInstance().props.theme).to.equal('dark');
    await el.close();
    await emulateMedia({ colorScheme: 'light' });
    await openWidget(el);
    expect(lastInstance().props.theme).to.equal('light');
    await el.close();
  });

  it('spins the spinner, except with prefers-reduced-motion', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    const el = await loading();
    expect(getComputedStyle(shadowPart(el, 'spinner')).animationName).to.equal('spin');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(shadowPart(el, 'spinner')).animationName).to.equal('none');
    expect(getComputedStyle(innerButton(el)).transitionDuration).to.equal('0s');
    await el.close();
  });

  it('lets the page style ::part(button), ::part(label) and ::part(spinner)', async () => {
    pageStyle(`
      pluggy-connect-button.styled::part(button) { letter-spacing: 3px; }
      pluggy-connect-button.styled::part(label) { text-transform: uppercase; }
      pluggy-connect-button.styled::part(spinner) { width: 31px; }
    `);
    const el = await loading('class="styled"');
    expect(getComputedStyle(innerButton(el)).letterSpacing).to.equal('3px');
    expect(getComputedStyle(shadowPart(el, 'label')).textTransform).to.equal('uppercase');
    expect(getComputedStyle(shadowPart(el, 'spinner')).width).to.equal('31px');
    await el.close();
  });

  it('takes its colors, radius and padding from --pluggy-button-* custom properties', async () => {
    pageStyle(`
      pluggy-connect-button.custom {
        --pluggy-button-background: rgb(1, 2, 3);
        --pluggy-button-color: rgb(250, 251, 252);
        --pluggy-button-radius: 13px;
        --pluggy-button-padding: 7px 9px;
      }
    `);
    const el = await bare('class="custom" connect-token="x"');
    const style = getComputedStyle(innerButton(el));
    expect(style.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(style.color).to.equal('rgb(250, 251, 252)');
    expect(style.borderTopLeftRadius).to.equal('13px');
    expect([style.paddingTop, style.paddingLeft]).to.deep.equal(['7px', '9px']);
  });

  it('shows the default slot and the icon slot instead of the built-in label and icon', async () => {
    const el = await bare(`connect-token="x"`);
    el.innerHTML = `Link my bank<svg slot="icon" class="host-icon" width="10" height="10" aria-hidden="true"></svg>`;
    await el.updateComplete;
    const [labelSlot, iconSlot] = [
      el.shadowRoot?.querySelector<HTMLSlotElement>('slot:not([name])'),
      el.shadowRoot?.querySelector<HTMLSlotElement>('slot[name="icon"]'),
    ];
    expect(labelSlot?.assignedNodes().map((node) => node.textContent)).to.deep.equal(['Link my bank']);
    const assignedIcons = iconSlot?.assignedElements() ?? [];
    expect(assignedIcons.length === 1 && assignedIcons[0] === el.querySelector('.host-icon')).to.equal(true);
    // Fallback content of a slot that has content is not rendered.
    expect(iconSlot?.querySelector('svg')?.getClientRects()).to.have.length(0);
    expect(el.getBoundingClientRect().width).to.be.above(0);
    await expect(el).to.be.accessible();
  });

  it('uses the label attribute instead of the built-in label, also in update mode', async () => {
    const el = await bare('connect-token="x" item-id="item-1" label="Vincular banco"');
    expect(innerButton(el).textContent?.trim()).to.equal('Vincular banco');
    el.label = 'Reconectar';
    await el.updateComplete;
    expect(innerButton(el).textContent?.trim()).to.equal('Reconectar');
    await expect(el).to.be.accessible();
  });

  it('delegates focus: focus() on the element focuses its inner button', async () => {
    const el = await bare('connect-token="x" preload="none"');
    el.focus();
    // Compared as booleans: a failure report holding DOM nodes would not serialize.
    expect(document.activeElement === el, 'the host has focus').to.equal(true);
    expect(el.shadowRoot?.activeElement === innerButton(el), 'its inner button has focus').to.equal(true);
  });
});
