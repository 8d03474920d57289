const REGION_ID = 'pluggy-connect-button-announcer';

/**
 * Speaks a message through one visually hidden polite live region shared by every button on the page
 * (several regions would make screen readers repeat or drop messages).
 */
export function announce(message: string): void {
  const region = liveRegion();
  // Clearing first makes a repeated message count as a change.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

function liveRegion(): HTMLElement {
  const existing = document.getElementById(REGION_ID);
  if (existing) return existing;
  const region = document.createElement('div');
  region.id = REGION_ID;
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-atomic', 'true');
  // Visually hidden. Set through CSSOM, which a strict style-src policy allows (a style attribute would not be).
  region.style.cssText =
    'position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0';
  document.body.append(region);
  return region;
}
