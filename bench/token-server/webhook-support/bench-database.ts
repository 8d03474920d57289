/**
 * Helpers shared by the token-server webhook benchmarks: a fresh SQLite file, and a throwaway PostgreSQL
 * server (the package's scripts/with-postgres.sh) that the benchmark re-runs itself under.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenStoreOptions } from '../../../packages/token-server/src/store/index.js';

const withPostgres = fileURLToPath(
  new URL('../../../packages/token-server/scripts/with-postgres.sh', import.meta.url),
);
const MARKER = 'KIT_BENCH_THROWAWAY_PG';

/**
 * Runs this same script again inside scripts/with-postgres.sh (a server created for this run only, so the
 * benchmark never writes into a database named by an outside DATABASE_URL) and exits with its status.
 */
export function ensureThrowawayPostgres(scriptUrl: string): void {
  if (process.env[MARKER] === '1') return;
  const result = spawnSync(
    'bash',
    [withPostgres, process.execPath, '--conditions=source', '--import', 'tsx', fileURLToPath(scriptUrl)],
    { stdio: 'inherit', env: { ...process.env, [MARKER]: '1' } },
  );
  process.exit(result.status ?? 1);
}

export interface BenchDatabase {
  name: 'sqlite' | 'postgres';
  options: OpenStoreOptions;
  cleanup(): void;
}

/** SQLite: a new file. PostgreSQL: the throwaway server's database (each benchmark script uses it once). */
export function benchDatabase(name: 'sqlite' | 'postgres'): BenchDatabase {
  if (name === 'postgres')
    return { name, options: { databaseUrl: process.env.DATABASE_URL! }, cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'kit-bench-'));
  return {
    name,
    options: { sqliteFile: join(dir, 'bench.sqlite') },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
