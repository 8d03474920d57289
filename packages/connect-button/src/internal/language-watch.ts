/**
 * Calls `onChange` whenever a `lang` attribute changes where the element looks for its language: its own tree
 * (the document, or the shadow root it sits in) and `<html>`. Returns the function that stops watching.
 */
export function watchLanguage(element: Element, onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  const options: MutationObserverInit = { attributeFilter: ['lang'], subtree: true };
  observer.observe(document.documentElement, options);
  const root = element.getRootNode();
  if (root instanceof ShadowRoot) observer.observe(root, options);
  return () => observer.disconnect();
}
