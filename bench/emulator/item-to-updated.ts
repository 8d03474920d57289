/**
 * Wall time from `POST /items` (user-ok) to `UPDATED` on the emulator with default settings.
 * Target: under 1 s, so end-to-end suites that connect an item stay fast.
 */
import { startEmulator } from '@pluggy-kit/emulator';

const RUNS = 15;
const TARGET_MS = 1000;
const POLL_MS = 2;

async function call(apiUrl: string, method: string, path: string, apiKey?: string, body?: unknown) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(apiKey ? { 'X-API-KEY': apiKey } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}`);
  return (await response.json()) as Record<string, string>;
}

const emu = await startEmulator();
try {
  const { apiKey } = await call(emu.apiUrl, 'POST', '/auth', undefined, {
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
  });
  const durations: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const { id } = await call(emu.apiUrl, 'POST', '/items', apiKey, {
      connectorId: 0,
      parameters: { user: 'user-ok', password: 'password-ok' },
    });
    for (;;) {
      const item = await call(emu.apiUrl, 'GET', `/items/${id}`, apiKey);
      if (item.status === 'UPDATED') break;
      if (item.status !== 'UPDATING') throw new Error(`item ended ${item.status}/${item.executionStatus}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)] ?? 0;
  const worst = durations[durations.length - 1] ?? 0;
  console.log(`POST /items (user-ok) -> UPDATED, ${RUNS} runs, default stepDelayMs`);
  console.log(`  median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms`);
  console.log(
    `  ratio vs the ${TARGET_MS} ms target: median ${(median / TARGET_MS).toFixed(3)}, worst ${(worst / TARGET_MS).toFixed(3)}`,
  );
  console.log(worst < TARGET_MS ? '  within target' : '  OVER TARGET');
} finally {
  await emu.stop();
}
