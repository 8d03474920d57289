/** The open flow's chunk; bundlers split it off. The CDN module build swaps this file (scripts/build-cdn.mjs). */
export function importConnectController(): Promise<typeof import('./connect-controller.js')> {
  return import('./connect-controller.js');
}
