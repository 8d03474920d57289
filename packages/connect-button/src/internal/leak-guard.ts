/**
 * Collects what the SDK leaves behind on every render (pluggy.md §7.4): a document `keydown` listener kept
 * until Escape is pressed, a window `message` listener never removed, the `<uid>_has-modal-visible` body
 * class when the frame never loaded, and the container when zoid's close does not finish. `release()` and
 * `removeLeftoverFrames()` undo them. While recording, it also gives the SDK's modal `<style>` the page's
 * CSP nonce, which the SDK omits.
 */
export class LeakGuard {
  private readonly listeners: Array<{
    target: EventTarget;
    type: string;
    listener: EventListenerOrEventListenerObject;
  }> = [];
  private readonly addedNodes = new Set<Node>();
  private readonly bodyClassesBefore = new Set(document.body.classList);
  private readonly observer: MutationObserver;
  private recording = true;

  constructor(private readonly nonce: string | undefined) {
    this.patch(document, 'keydown', 'Escape');
    this.patch(window, 'message', 'CONTINUE_IN_BACKGROUND');
    this.observer = new MutationObserver((records) => this.onMutations(records));
    this.observer.observe(document.body, { childList: true });
  }

  /** Stops recording listeners (the SDK adds them only while rendering). */
  stopRecording(): void {
    if (!this.recording) return;
    this.recording = false;
    delete (document as Partial<Document>).addEventListener;
    delete (window as Partial<Window>).addEventListener;
  }

  release(): void {
    this.stopRecording();
    this.observer.disconnect();
    for (const { target, type, listener } of this.listeners.splice(0))
      target.removeEventListener(type, listener);
    for (const name of [...document.body.classList]) {
      if (name.endsWith('_has-modal-visible') && !this.bodyClassesBefore.has(name))
        document.body.classList.remove(name);
    }
  }

  /** Removes a widget container zoid did not remove (a close that never finished). */
  removeLeftoverFrames(): void {
    for (const node of this.addedNodes) {
      if (node instanceof Element && node.isConnected && node.querySelector('iframe[name^="__zoid__"]')) {
        node.remove();
      }
    }
    this.addedNodes.clear();
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
      // The SDK's own handlers are recognised by what they look for, which survives minification.
      if (eventType === type && typeof listener === 'function' && String(listener).includes(marker)) {
        listeners.push({ target, type, listener });
      }
      original.call(this, eventType, listener, options);
    } as typeof target.addEventListener;
  }

  private onMutations(records: MutationRecord[]): void {
    for (const record of records) {
      for (const node of record.addedNodes) {
        this.addedNodes.add(node);
        if (this.nonce && node instanceof Element) this.applyNonce(node, this.nonce);
      }
    }
  }

  private applyNonce(container: Element, nonce: string): void {
    for (const style of container.querySelectorAll('style:not([nonce])')) {
      if (!(style instanceof HTMLStyleElement)) continue;
      style.nonce = nonce;
      style.setAttribute('nonce', nonce);
      // Re-setting the text makes the browser re-check the (now nonced) style block.
      style.textContent = style.textContent ?? '';
    }
  }
}
