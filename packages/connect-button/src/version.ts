/** Compared by `./define` when the tag is already registered, to warn about two copies of the element on one page. */
export const VERSION = '0.1.0';
