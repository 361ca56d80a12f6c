/**
 * `npm test`: the formatter and linter, the type checker, the unit tests, then the integration,
 * API and command-line tests twice — on embedded PGlite and on the PostgreSQL server — with the
 * same migrations and the same suite. Ends with one line "N passed, N failed".
 *
 * PostgreSQL: INCLUSIO_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * INCLUSIO_SKIP_POSTGRES=1 runs the PGlite pass only (never in CI).
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';

interface StepResult {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
  seconds: number;
}

const results: StepResult[] = [];
const bin = (name: string) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

function run(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<StepResult> {
  const started = performance.now();
  console.log(`\n━━ ${name}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-4000);
    });
    child.on('close', (code) => {
      const count = (label: string) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(tail)?.[1] ?? 0);
      const result = {
        name,
        ok: code === 0,
        passed: count('pass'),
        failed: count('fail'),
        seconds: (performance.now() - started) / 1000,
      };
      results.push(result);
      resolve(result);
    });
  });
}

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const node = process.execPath;
const integrationFiles = ['test/**/*.test.ts'];
const testArgs = (files: string[]) => ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files];

await run('Format et lint (Biome)', bin('biome'), ['check', '.']);
await run('Types du serveur (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
await run("Types de l'application web (tsc --noEmit -p web)", bin('tsc'), [
  '--noEmit',
  '-p',
  'web/tsconfig.json',
]);
await run("Construction de l'application web (Vite)", node, ['scripts/web-build.ts']);
await run('Tests unitaires (domaine pur)', node, testArgs(['src/**/*.test.ts']));
await run("Tests d'intégration, API, CLI et navigateur — PGlite", node, testArgs(integrationFiles), {
  INCLUSIO_TEST_DB: 'pglite',
});

const postgresUrl = process.env.INCLUSIO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (process.env.INCLUSIO_SKIP_POSTGRES === '1' && process.env.CI !== 'true') {
  console.log('\nPostgreSQL : passe ignorée (INCLUSIO_SKIP_POSTGRES=1).');
} else if (!(await reachable(postgresUrl))) {
  console.log(
    `\nPostgreSQL injoignable à ${postgresUrl} : démarrez le serveur (ou INCLUSIO_SKIP_POSTGRES=1 hors CI).`,
  );
  results.push({ name: 'PostgreSQL joignable', ok: false, passed: 0, failed: 1, seconds: 0 });
} else {
  await run("Tests d'intégration, API, CLI et navigateur — PostgreSQL", node, testArgs(integrationFiles), {
    INCLUSIO_TEST_DB: 'postgres',
    INCLUSIO_TEST_POSTGRES_URL: postgresUrl,
  });
}

console.log('\n━━ Résumé');
for (const result of results) {
  const counts =
    result.passed + result.failed > 0 ? ` — ${result.passed} réussis, ${result.failed} échoués` : '';
  console.log(`${result.ok ? '✔' : '✖'} ${result.name}${counts} (${result.seconds.toFixed(1)} s)`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed =
  results.reduce((n, r) => n + r.failed, 0) + results.filter((r) => !r.ok && r.failed === 0).length;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
