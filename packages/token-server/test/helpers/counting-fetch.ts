/** A `fetch` that records each request's method and path, to count what a client sent to Pluggy. */
export interface CountingFetch {
  fetch: typeof fetch;
  calls: { method: string; path: string }[];
  count(method: string, path: string): number;
}

export function countingFetch(): CountingFetch {
  const calls: { method: string; path: string }[] = [];
  return {
    calls,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      calls.push({ method: init?.method ?? 'GET', path: url.pathname });
      return fetch(input, init);
    },
    count: (method, path) => calls.filter((call) => call.method === method && call.path === path).length,
  };
}
