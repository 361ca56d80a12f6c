/**
 * `npm start`: builds the web application when its build is missing or older than its sources,
 * then starts the server (src/main.ts), which serves it with the API on one port.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildWebApp } from './web-build.ts';

const root = new URL('..', import.meta.url).pathname;

async function newest(dir: string): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? await newest(path) : (await stat(path)).mtimeMs);
  }
  return latest;
}

const built = await stat(join(root, 'web/dist/index.html')).then(
  (info) => info.mtimeMs,
  () => 0,
);
const sources = Math.max(await newest(join(root, 'web')), await newest(join(root, 'src')));
if (built < sources) await buildWebApp();
await import('../src/main.ts');
