import { freshImporter } from './fresh-import.js';

// The CDN module build uses this file for controller-import.ts: connect-controller.js is an entry file of its
// own next to the element's, imported by URL so a failed load can be retried.
export const importConnectController = freshImporter<typeof import('./connect-controller.js')>(
  './connect-controller.js',
  import.meta.url,
);
