/**
 * Imports a module file next to the CDN files, by URL. Browsers remember a failed module fetch for the page's
 * lifetime, so after a failure the next import asks for the file under a new URL (`?retry=n`), which lets a
 * click retry once the network is back.
 */
export function freshImporter<T>(file: string, base: string): () => Promise<T> {
  let failures = 0;
  return () =>
    (
      import(
        /* @vite-ignore */ new URL(failures ? `${file}?retry=${failures}` : file, base).href
      ) as Promise<T>
    ).catch((error: unknown) => {
      failures += 1;
      throw error;
    });
}
