/**
 * Section 5 of `npm run bench` alone (the HTTP API under load), for measuring it without the
 * two minutes of the other sections: `node bench/api-load-only.ts [pglite|postgres]` (both engines
 * by default, as `npm run bench` does).
 */
import { cpus, platform, release } from 'node:os';
import { runApiLoadBenchmark } from './api-load.ts';

const cpu = cpus();
console.log(
  `Inclusio — API sous charge seule · Node ${process.version} · ${platform()} ${release()} · ${cpu.length} × ${cpu[0]?.model ?? 'processeur inconnu'}`,
);
const only = process.argv[2];
if (only !== undefined && only !== 'pglite' && only !== 'postgres') {
  console.error(`Moteur inconnu : ${only} (pglite ou postgres)`);
  process.exit(2);
}
await runApiLoadBenchmark('DPID-2023-P2', only === undefined ? {} : { only });
