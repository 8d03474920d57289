type Listener = { target: EventTarget; type: string; listener: EventListenerOrEventListenerObject };

/**
 * Collects what the SDK leaves behind on every render (pluggy.md §7.4): a document `keydown` listener kept
 * until Escape is pressed, a window `message` listener never removed, the `<uid>_has-modal-visible` body
 * class when the frame never loaded, and the container when zoid's close does not finish. `release()` and
 * `removeLeftoverFrames()` undo them. It also gives the SDK's modal `<style>` the page's CSP nonce, which
 * the SDK omits.
 *
 * Only what the SDK itself adds is touched: the SDK adds its listeners and inserts its container
 * synchronously inside `init()` (its zoid `containerTemplate`), so `watch()` records only during that call.
 * The host page's own listeners and styles, added at any other time, are left alone.
 */
export class LeakGuard {
  private readonly listeners: Listener[] = [];
  private readonly containers = new Set<Element>();
  private readonly bodyClassesBefore = new Set(document.body.classList);

  constructor(private readonly nonce: string | undefined) {}

  /** Runs the SDK's synchronous render step, recording the listeners and containers it adds. */
  watch<T>(sdkCall: () => T): T {
    const observer = new MutationObserver(() => undefined);
    observer.observe(document.body, { childList: true });
    this.patch(document, 'keydown', 'Escape');
    this.patch(window, 'message', 'CONTINUE_IN_BACKGROUND');
    try {
      return sdkCall();
    } finally {
      delete (document as Partial<Document>).addEventListener;
      delete (window as Partial<Window>).addEventListener;
      // Only the mutations made during the call: the SDK's own container.
      for (const record of observer.takeRecords()) this.adoptAdded(record.addedNodes);
      observer.disconnect();
    }
  }

  release(): void {
    for (const { target, type, listener } of this.listeners.splice(0))
      target.removeEventListener(type, listener);
    for (const name of [...document.body.classList]) {
      if (name.endsWith('_has-modal-visible') && !this.bodyClassesBefore.has(name))
        document.body.classList.remove(name);
    }
  }

  /** Removes a widget container zoid did not remove (a close that never finished). */
  removeLeftoverFrames(): void {
    for (const container of this.containers) if (container.isConnected) container.remove();
    this.containers.clear();
  }

  // Shadows the prototype method on this one object only; deleting the own property restores it.
  private patch(target: Document | Window, type: string, marker: string): void {
    const original = EventTarget.prototype.addEventListener;
    const listeners = this.listeners;
    target.addEventListener = function (
      this: EventTarget,
      eventType: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) {
      // zoid's own page-wide listeners (added on first use) serve later renders too: only the SDK's
      // per-render handlers are taken, recognised by what they look for, which survives minification.
      if (eventType === type && typeof listener === 'function' && String(listener).includes(marker)) {
        listeners.push({ target, type, listener });
      }
      original.call(this, eventType, listener, options);
    } as typeof target.addEventListener;
  }

  private adoptAdded(nodes: NodeList): void {
    for (const node of nodes) {
      if (!(node instanceof Element) || !node.querySelector('iframe[name^="__zoid__"]')) continue;
      this.containers.add(node);
      if (this.nonce) applyNonce(node, this.nonce);
    }
  }
}

function applyNonce(container: Element, nonce: string): void {
  for (const style of container.querySelectorAll('style:not([nonce])')) {
    if (!(style instanceof HTMLStyleElement)) continue;
    style.nonce = nonce;
    style.setAttribute('nonce', nonce);
    // Re-setting the text makes the browser re-check the (now nonced) style block.
    style.textContent = style.textContent ?? '';
  }
}
