/** Builds the web application (web/ → web/dist) with Vite, quietly. */
import { build } from 'vite';

export async function buildWebApp(): Promise<void> {
  const started = performance.now();
  process.stdout.write("Construction de l'application web… ");
  await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
  console.log(`faite en ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWebApp();
