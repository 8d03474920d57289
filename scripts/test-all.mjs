#!/usr/bin/env node
// Runs every check of the workspace in order (build, typecheck, lint, each package's tests, end-to-end),
// streams each runner's own output, and ends with one plain summary line that CI can read.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'build', cmd: 'pnpm -r build' },
  { name: 'typecheck', cmd: 'pnpm -r typecheck' },
  { name: 'lint', cmd: 'pnpm lint' },
  { name: 'emulator tests', cmd: 'pnpm --filter @pluggy-kit/emulator test', tests: true },
  { name: 'token-server tests', cmd: 'pnpm --filter @pluggy-kit/token-server test', tests: true },
  { name: 'connect-button tests', cmd: 'pnpm --filter @pluggy-kit/connect-button test', tests: true },
  { name: 'end-to-end tests', cmd: 'pnpm --filter @pluggy-kit/e2e test', tests: true },
];

const only = process.argv.slice(2);
const selected = only.length ? steps.filter((s) => only.some((o) => s.name.includes(o))) : steps;

function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    let tail = '';
    const child = spawn(step.cmd, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      tail = (tail + chunk.toString()).slice(-500_000);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, tail, seconds: (Date.now() - started) / 1000 }));
  });
}

// Node's runner ends with "# pass N / # fail N" (tap) or "ℹ pass N / ℹ fail N" (spec); WTR's reporter prints "wtr: N passed, N failed".
function countTests(output) {
  const last = (re) => {
    const all = [...output.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : undefined;
  };
  // A step may run Node's runner and then WTR (connect-button): both summaries count.
  const wtr = [...output.matchAll(/^wtr: (\d+) passed, (\d+) failed/gm)].pop();
  const passed = last(/^[#ℹ] pass (\d+)/gm);
  const failed = last(/^[#ℹ] fail (\d+)/gm);
  if (!wtr && passed === undefined && failed === undefined) return undefined;
  return {
    passed: (passed ?? 0) + (wtr ? Number(wtr[1]) : 0),
    failed: (failed ?? 0) + (wtr ? Number(wtr[2]) : 0),
  };
}

let passed = 0;
let failed = 0;
const report = [];
for (const step of selected) {
  console.log(`\n=== ${step.name}: ${step.cmd}`);
  const result = await run(step);
  const counts = step.tests ? countTests(result.tail) : undefined;
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  // A runner that exits non-zero without a failed test (import error, crash) still counts as a failure.
  if (result.code !== 0 && (!counts || counts.failed === 0)) failed += 1;
  if (step.tests && !counts && result.code === 0) failed += 1; // a test step that ran no test is not green
  report.push(
    `${result.code === 0 ? 'ok  ' : 'FAIL'} ${step.name} (${result.seconds.toFixed(0)} s)` +
      (counts ? `: ${counts.passed} passed, ${counts.failed} failed` : ''),
  );
}
console.log('\n=== summary');
for (const line of report) console.log(line);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || report.some((l) => l.startsWith('FAIL')) ? 1 : 0);
