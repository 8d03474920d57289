import { PluggyConnectButton } from './pluggy-connect-button.js';

export const TAG_NAME = 'pluggy-connect-button';

/**
 * Registers `<pluggy-connect-button>`. Safe to run anywhere: without a DOM (SSR, Node) it does nothing, and when
 * the tag is already defined (two bundles on one page) it keeps the first definition and warns if versions differ.
 */
export function definePluggyConnectButton(
  registry: CustomElementRegistry | undefined = globalThis.customElements,
): void {
  if (!registry) return;
  const existing = registry.get(TAG_NAME) as (CustomElementConstructor & { version?: string }) | undefined;
  if (!existing) {
    registry.define(TAG_NAME, PluggyConnectButton);
    return;
  }
  if (existing !== PluggyConnectButton && existing.version !== PluggyConnectButton.version) {
    console.warn(
      `<${TAG_NAME}> is already defined by version ${existing.version ?? 'unknown'}; version ${PluggyConnectButton.version} was not registered. Load the element once per page.`,
    );
  }
}

definePluggyConnectButton();

export { PluggyConnectButton };

declare global {
  interface HTMLElementTagNameMap {
    'pluggy-connect-button': PluggyConnectButton;
  }
}
