/* global fetch */
// Optional deployment config next to the page. `connectUrl` overrides the widget page (the emulator's
// Connect page in the demo); without the file the element uses Pluggy's own Connect page.
export async function loadConfig() {
  try {
    const response = await fetch('./pluggy-config.json', { cache: 'no-store' });
    return response.ok ? await response.json() : {};
  } catch {
    return {};
  }
}
