/**
 * Section 5: the HTTP API under load. The call grown as in section 4 (+20 000 applications, +2 000
 * structures), the whole application (buildApp) listening on the loopback, an administrateur
 * signed in with the session cookie, and autocannon sending the reads an agent's screens make,
 * 50 connections at a time for a fixed duration each. Everything runs in this one process: the
 * server, its database and the load generator share the same two cores.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadDataset } from '../src/modules/datasets/load-dataset.ts';
import { createUserDirectly } from '../src/modules/identity/index.ts';
import { type Database, openPglite, openPostgres } from '../src/platform/database.ts';
import { SESSION_COOKIE } from '../src/platform/http.ts';
import { migrate } from '../src/platform/migrations.ts';
import { connect, describeServer, waitForDisconnection } from './postgres.ts';
import { Prng } from './prng.ts';
import { bytes, count, counted, heading, line, median, ms, note, timed } from './report.ts';
import { insertScaleData, type ScaleCounts } from './scale-data.ts';

/** The same generated data as section 4: same seed, same volumes. */
const SEED = 2_023_259;
const SCALE: ScaleCounts = { structures: 2_000, applications: 20_000 };
const CONNECTIONS = 50;
const DURATION_S = 6;
/**
 * The section aims at 90 s: PostgreSQL is measured, once its data is ready, with what is left of
 * this budget (kept a little under, the machine may be busy), at no less than MIN_DURATION_S per
 * route and no more than DURATION_S.
 */
const SECTION_BUDGET_MS = 88_000;
/** Per route, besides the load: probes, and the requests in flight at the end (a pool's worth). */
const ROUTE_OVERHEAD_MS = 3_000;
/** A request alone is timed this many times after the first, which may find a cold cache. */
const PROBES = 3;
const MIN_DURATION_S = 3;
/** The target: 95 % of the answers in less than 50 ms, and no error. */
const TARGET_P95_MS = 50;
/** Requests the server is still working on once autocannon stops are waited for, at most this long. */
const DRAIN_LIMIT_MS = 120_000;
const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_LOGIN = 'banc-charge';

interface Route {
  label: string;
  path: string;
}

/** A route to load, with what to load instead while it does not exist yet (answers 404). */
interface Target extends Route {
  fallback?: { why: string; targets: readonly Route[] };
}

function targets(callCode: string): Target[] {
  const call = `/api/calls/${encodeURIComponent(callCode)}`;
  return [
    { label: 'liste des demandes, 1re page', path: `/api/applications?call=${callCode}&limit=50` },
    {
      label: 'recherche « insertion », 3e page',
      path: `/api/applications?call=${callCode}&limit=50&q=insertion&offset=100`,
    },
    {
      label: 'répartition paginée avec totaux',
      path: `${call}/allocations/page?limit=100`,
      fallback: {
        why: 'la répartition paginée n’existe pas encore : table complète mesurée à la place',
        targets: [{ label: 'répartition complète (repli)', path: `${call}/allocations` }],
      },
    },
    {
      label: 'tableau de bord',
      path: `${call}/dashboard`,
      fallback: {
        why: 'le tableau de bord n’existe pas encore : ses deux lectures mesurées séparément',
        targets: [
          { label: 'budget de l’appel (repli)', path: `${call}/budget` },
          { label: 'contrôle de cohérence (repli)', path: `${call}/check` },
        ],
      },
    },
  ];
}

/** The server, with the requests it has received, and those it has not answered yet. */
interface Running {
  app: FastifyInstance;
  origin: string;
  received: () => number;
  inFlight: () => number;
  /**
   * From the end of a load to the next: the requests that arrive then were sent by autocannon
   * before it stopped and closed their connections. Nobody reads their answer; each would still
   * hold the database for as long as one measured request, so they get a 503 without being run.
   */
  discard: (on: boolean) => void;
  discarded: () => number;
}

async function startServer(db: Database): Promise<Running> {
  const app = await buildApp(db);
  // A request counts until its handler has answered. onResponse alone would miss the requests whose
  // client has gone (autocannon closes its connections at the end, and on a timeout): their handler
  // still runs to the end, and onSend is called for every reply, sent to a closed socket or not.
  const pending = new Set<string>();
  let received = 0;
  let discarding = false;
  let discarded = 0;
  app.addHook('onRequest', async (request, reply) => {
    received += 1;
    if (discarding) {
      discarded += 1;
      return reply.code(503).send({ error: 'BENCH_DISCARDED', message: 'Charge terminée.' });
    }
    pending.add(request.id);
    return undefined;
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    pending.delete(request.id);
    return payload;
  });
  app.addHook('onResponse', async (request) => {
    pending.delete(request.id);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as AddressInfo | null;
  if (address === null) throw new Error('Le serveur n’écoute pas.');
  return {
    app,
    origin: `http://127.0.0.1:${address.port}`,
    received: () => received,
    inFlight: () => pending.size,
    discard: (on) => {
      discarding = on;
    },
    discarded: () => discarded,
  };
}

/** An administrateur created in the database, then signed in as the web client does. */
async function signInAdministrator(db: Database, origin: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  await createUserDirectly(db, {
    login: ADMIN_LOGIN,
    displayName: 'Banc d’essai (charge)',
    role: 'administrateur',
    password,
  });
  const response = await fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: ADMIN_LOGIN, password }),
  });
  const body: unknown = await response.json();
  const csrf = typeof body === 'object' && body !== null && 'csrfToken' in body ? body.csrfToken : undefined;
  if (response.status !== 200 || typeof csrf !== 'string') {
    throw new Error(`Connexion refusée (${response.status}) : ${JSON.stringify(body)}`);
  }
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  if (cookie === undefined) throw new Error('La connexion n’a pas posé de cookie de session.');
  return cookie;
}

interface Probe {
  status: number;
  size: number;
  ms: number;
  /** What the answer holds, when it is a page: "50 sur 20 136". */
  page: string | undefined;
}

/** One request alone, on an idle server: its status, size and time without any queue. */
async function probe(origin: string, path: string, cookie: string): Promise<Probe> {
  const { ms: elapsed, result } = await timed(async () => {
    const response = await fetch(`${origin}${path}`, { headers: { cookie } });
    return { status: response.status, text: await response.text() };
  });
  return {
    status: result.status,
    size: Buffer.byteLength(result.text),
    ms: elapsed,
    page: describePage(result.text),
  };
}

/**
 * PROBES requests alone, one after the other: the median time, and the last answer. `recomputed`:
 * each after emptying the server's read cache, as the first request after a write would be.
 */
async function probeMedian(
  running: Running,
  path: string,
  cookie: string,
  recomputed = false,
): Promise<Probe> {
  const probes: Probe[] = [];
  for (let run = 0; run < PROBES; run += 1) {
    if (recomputed) running.app.responseCache?.clear();
    probes.push(await probe(running.origin, path, cookie));
  }
  const last = probes.at(-1);
  if (last === undefined) throw new Error('Aucune mesure.');
  return { ...last, ms: median(probes.map((one) => one.ms)) };
}

/** A list answers { total, items }, the allocation page { totalLines, lines }. */
function describePage(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  if ('items' in body && Array.isArray(body.items) && 'total' in body && typeof body.total === 'number') {
    return `${count(body.items.length)} sur ${count(body.total)}`;
  }
  if ('lines' in body && Array.isArray(body.lines) && 'totalLines' in body) {
    return typeof body.totalLines === 'number'
      ? `${count(body.lines.length)} lignes sur ${count(body.totalLines)}`
      : undefined;
  }
  return undefined;
}

interface Load {
  result: autocannon.Result;
  /** Every response's latency, in ms: autocannon's own percentiles have no p95. */
  latencies: number[];
}

function load(running: Running, path: string, cookie: string, duration: number): Promise<Load> {
  const latencies: number[] = [];
  running.discard(false);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: `${running.origin}${path}`, connections: CONNECTIONS, duration, headers: { cookie } },
      (error: unknown, result) => {
        // Before the server reads anything more: what comes now was abandoned by autocannon.
        running.discard(true);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve({ result, latencies });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

interface Drained {
  /** From the end of the load to the last answer of a request it had started. */
  ms: number;
  /** Requests read after the end of the load, sent by autocannon before it stopped: answered 503. */
  discarded: number;
  /** Still unanswered when DRAIN_LIMIT_MS ran out. */
  left: number;
}

/**
 * Waits until the server has finished what it had started, and has read what autocannon had sent
 * (with PGlite the server reads the requests one at a time as the database frees up: when
 * autocannon stops, up to one request per connection, more after timeouts since autocannon then
 * reconnects and sends another, still waits in the sockets). The next route must not be measured
 * behind that queue, nor the database closed under it.
 */
async function drain(running: Running, discardedBefore: number): Promise<Drained> {
  const QUIET_MS = 300;
  const start = performance.now();
  let quietSince: number | undefined;
  let receivedWhenQuiet = running.received();
  let lastBusy = start;
  while (performance.now() - start < DRAIN_LIMIT_MS) {
    const now = performance.now();
    if (running.inFlight() > 0 || running.received() !== receivedWhenQuiet) {
      quietSince = undefined;
      receivedWhenQuiet = running.received();
      if (running.inFlight() > 0) lastBusy = now;
    } else {
      quietSince ??= now;
      if (now - quietSince >= QUIET_MS) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  running.discard(false);
  return {
    ms: lastBusy - start,
    discarded: running.discarded() - discardedBefore,
    left: running.inFlight(),
  };
}

function printLoad(label: string, path: string, measured: Load, drained: Drained): void {
  const { result } = measured;
  const sorted = [...measured.latencies].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  const failures = result.errors + result.non2xx;
  line(label, `GET ${path}`);
  // Responses over the whole duration: autocannon's own mean of its one-second samples is skewed
  // when a blocked event loop delays its sampling timer.
  line('  requêtes/s (moyenne)', (result.requests.total / result.duration).toFixed(1));
  const slowest = sorted.at(-1);
  line(
    '  latence p50 / p95 / p99',
    slowest === undefined
      ? 'aucune réponse pendant la charge'
      : `${ms(percentile(sorted, 50))} / ${ms(p95)} / ${ms(percentile(sorted, 99))} (max ${ms(slowest)})`,
  );
  line(
    '  requêtes, non-2xx, erreurs (dont délais dépassés)',
    `${counted(result.requests.total, 'réponse')} en ${result.duration} s, ${count(result.non2xx)} non-2xx, ${counted(result.errors, 'erreur')} (${count(result.timeouts)} délais dépassés)`,
  );
  line(
    '  après la charge : fin des requêtes commencées',
    `${ms(drained.ms)}${drained.left > 0 ? `, ${count(drained.left)} toujours en cours` : ''}`,
  );
  line('  après la charge : requêtes abandonnées, écartées (503)', count(drained.discarded));
  const reasons = [
    slowest === undefined ? 'aucune réponse' : '',
    p95 >= TARGET_P95_MS ? `p95 ${ms(p95)}` : '',
    failures > 0 ? counted(failures, 'échec') : '',
  ].filter((reason) => reason !== '');
  line(
    `  objectif p95 < ${TARGET_P95_MS} ms et 0 erreur`,
    reasons.length === 0 ? 'atteint' : `NON atteint (${reasons.join(', ')})`,
  );
}

/** A route loaded, with the median time of a request alone and recomputed before the load. */
interface Loaded extends Route {
  recomputedMs: number;
}

/** Loads one route (or its fallback when it answers 404); returns the routes loaded. */
async function loadTarget(
  running: Running,
  cookie: string,
  target: Target,
  duration: number,
): Promise<Loaded[]> {
  const first = await probe(running.origin, target.path, cookie);
  let routes: readonly Route[] = [target];
  if (first.status === 404 && target.fallback) {
    note(`${target.label} : GET ${target.path} répond 404 ; ${target.fallback.why}`);
    routes = target.fallback.targets;
  }
  const loaded: Loaded[] = [];
  for (const route of routes) {
    const alone = route === target ? first : await probe(running.origin, route.path, cookie);
    if (alone.status < 200 || alone.status >= 300) {
      line(route.label, `GET ${route.path} répond ${alone.status} seule : non mesurée sous charge`);
      continue;
    }
    // Then a few more alone: the first may pay for a cold cache (the dashboard's check report), the
    // next are served by the read cache; and a few computed again, as after a write.
    const again = await probeMedian(running, route.path, cookie);
    const recomputed = await probeMedian(running, route.path, cookie, true);
    const discardedBefore = running.discarded();
    const measured = await load(running, route.path, cookie, duration);
    const drained = await drain(running, discardedBefore);
    printLoad(route.label, route.path, measured, drained);
    line(
      `  une requête seule : 1re, puis médiane de ${PROBES}`,
      `${ms(alone.ms)}, puis ${ms(again.ms)} ; ${bytes(again.size)}${again.page === undefined ? '' : `, ${again.page}`}`,
    );
    line(`  recalculée seule (cache de lecture vidé), médiane de ${PROBES}`, ms(recomputed.ms));
    loaded.push({ ...route, recomputedMs: recomputed.ms });
  }
  return loaded;
}

/**
 * PGlite runs no autovacuum, so nothing gathers the planner's statistics after the 20 000 rows
 * are added: the routes are measured as such a database is. This shows what an ANALYZE changes.
 */
async function probeAfterAnalyze(
  db: Database,
  running: Running,
  cookie: string,
  routes: readonly Loaded[],
): Promise<void> {
  const analyzed = await timed(() => db.exec('analyze'));
  line('ANALYZE (statistiques du planificateur, absentes jusque-là)', ms(analyzed.ms));
  for (const route of routes) {
    // ANALYZE leaves the data version as it is: without emptying the read cache, the answers
    // kept before would be measured, not the queries.
    const again = await probeMedian(running, route.path, cookie, true);
    line(
      `  puis ${route.label}, seule, recalculée`,
      `${ms(again.ms)} au lieu de ${ms(route.recomputedMs)} (médianes de ${PROBES}, cache de lecture vidé)`,
    );
  }
}

/** Whether autovacuum has already analyzed the grown tables before the load (PostgreSQL). */
async function describeStatistics(db: Database): Promise<string> {
  const rows = await db.query<{ relname: string; analyzed: boolean }>(
    `select relname, coalesce(last_autoanalyze, last_analyze) is not null as analyzed
       from pg_stat_user_tables where relname in ('applications', 'structures') order by relname`,
  );
  return rows.map((row) => `${row.relname} ${row.analyzed ? 'analysée' : 'pas encore analysée'}`).join(', ');
}

/**
 * The whole measure on one database already migrated: data, server, sign-in, every route, each for
 * the seconds `durationFor` gives once the data is ready (below MIN_DURATION_S: not measured).
 */
async function measureApi(
  db: Database,
  where: string,
  callCode: string,
  durationFor: (routes: number) => number,
): Promise<void> {
  const start = performance.now();
  const loaded = await timed(() => loadDataset(db));
  if (!loaded.result.loaded) throw new Error(`${where} : le jeu de données était déjà chargé.`);
  const scaled = await timed(() => insertScaleData(db, new Prng(SEED), callCode, SCALE));
  line(`${where} : jeu 2023 + données de montée en charge`, `${ms(loaded.ms)} + ${ms(scaled.ms)}`);
  const running = await startServer(db);
  try {
    const cookie = await signInAdministrator(db, running.origin);
    const setupMs = performance.now() - start;
    const duration = durationFor(targets(callCode).length);
    if (duration < MIN_DURATION_S) {
      note(
        `${where} non mesuré : préparé en ${ms(setupMs)}, il ne reste pas ${MIN_DURATION_S} s par route du budget de la section (${SECTION_BUDGET_MS / 1000} s)`,
      );
      return;
    }
    note(
      `${where} : autocannon, ${CONNECTIONS} connexions, ${duration} s par route, administrateur connecté (cookie ${SESSION_COOKIE}), ${running.origin}`,
    );
    if (db.dialect === 'postgres')
      note(`${where} : statistiques par autovacuum : ${await describeStatistics(db)}`);
    const routes: Loaded[] = [];
    for (const target of targets(callCode))
      routes.push(...(await loadTarget(running, cookie, target, duration)));
    if (db.dialect === 'pglite') await probeAfterAnalyze(db, running, cookie, routes);
  } finally {
    await running.app.close();
  }
}

/**
 * The same on a fresh database of the PostgreSQL server, dropped at the end: for DURATION_S per
 * route, or with what is left of the section's budget once its data is ready (`sectionStart`).
 */
async function measurePostgres(callCode: string, sectionStart: number | undefined): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
  const durationFor = (routes: number) => {
    if (sectionStart === undefined) return DURATION_S;
    const left = SECTION_BUDGET_MS - (performance.now() - sectionStart);
    return Math.min(DURATION_S, Math.floor((left - routes * ROUTE_OVERHEAD_MS) / 1_000 / routes));
  };
  const admin = await connect(serverUrl);
  if (admin instanceof Error) {
    note(`PostgreSQL ignoré : pas de serveur joignable à ${describeServer(serverUrl)} (${admin.message})`);
    return;
  }
  const name = `inclusio_bench_api_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    const version = await admin.query<{ server_version: string }>('show server_version');
    note(
      `PostgreSQL ${version.rows[0]?.server_version ?? '?'} à ${describeServer(serverUrl)}, base neuve ${name}, pool de 10 connexions (défaut d’openPostgres)`,
    );
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString());
    try {
      await migrate(db);
      await measureApi(db, 'PostgreSQL', callCode, durationFor);
    } finally {
      await db.close();
      await waitForDisconnection(admin, name);
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/**
 * Both engines by default (PostgreSQL with what PGlite has left of the section's budget); `only`
 * measures one of them, PostgreSQL then for DURATION_S per route (bench/api-load-only.ts).
 */
export async function runApiLoadBenchmark(
  callCode: string,
  options: { only?: 'pglite' | 'postgres' } = {},
): Promise<void> {
  heading(
    `5. API sous charge : ${CONNECTIONS} connexions HTTP simultanées, ${callCode} avec +${count(SCALE.applications)} demandes et +${count(SCALE.structures)} structures`,
  );
  note(
    `honnêtement : serveur Fastify, base PGlite (une seule requête SQL à la fois, dans le fil principal) et autocannon dans le même processus Node, sur les mêmes ${availableParallelism()} cœurs ; des débits minimaux, pas ceux d’un serveur dédié`,
  );
  note(
    `${CONNECTIONS} connexions qui renvoient aussitôt une requête : latence moyenne = ${CONNECTIONS} / débit (loi de Little), donc p95 < ${TARGET_P95_MS} ms demande au moins ${count(Math.round((CONNECTIONS * 1000) / TARGET_P95_MS))} réponses/s`,
  );
  note(
    'un « TimeoutNegativeWarning » sur la sortie d’erreur vient du minuteur de délai d’autocannon (retimer), réveillé en retard quand la base bloque la boucle d’événements',
  );
  const sectionStart = performance.now();
  if (options.only === 'postgres') {
    await measurePostgres(callCode, undefined);
    line('durée de la section', ms(performance.now() - sectionStart));
    return;
  }
  const db = await openPglite();
  try {
    await migrate(db);
    await measureApi(db, 'PGlite en mémoire', callCode, () => DURATION_S);
  } finally {
    await db.close();
  }
  if (options.only !== 'pglite') await measurePostgres(callCode, sectionStart);
  line('durée de la section', ms(performance.now() - sectionStart));
}
