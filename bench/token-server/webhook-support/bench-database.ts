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

let databases = 0;

/** Runs a PostgreSQL client tool (createdb, dropdb) against the throwaway server; throws with its output. */
function pgTool(tool: string, database: string): void {
  const result = spawnSync(tool, ['--maintenance-db', process.env.DATABASE_URL!, database], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${tool} ${database} failed: ${result.stderr || result.error}`);
}

/**
 * SQLite: a new file. PostgreSQL: a new database on the throwaway server, so every run starts empty (a run
 * on a database holding the previous run's events would only see duplicates).
 */
export function benchDatabase(name: 'sqlite' | 'postgres'): BenchDatabase {
  if (name === 'postgres') {
    const database = `kit_bench_${process.pid}_${++databases}`;
    pgTool('createdb', database);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${database}`;
    return { name, options: { databaseUrl: url.toString() }, cleanup: () => pgTool('dropdb', database) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kit-bench-'));
  return {
    name,
    options: { sqliteFile: join(dir, 'bench.sqlite') },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
