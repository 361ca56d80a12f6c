/**
 * The back office (web/) built by Vite into web/dist, which the API server serves with a fallback to
 * index.html for every path outside /api. In development, Vite's server proxies /api to the API
 * (http://127.0.0.1:3000, or INCLUSIO_API_URL).
 */
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

const repositoryRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, repositoryRoot, 'INCLUSIO_');
  const api = { '/api': { target: env.INCLUSIO_API_URL ?? 'http://127.0.0.1:3000' } };
  return {
    root: `${repositoryRoot}web`,
    base: '/',
    plugins: [react()],
    build: {
      outDir: `${repositoryRoot}web/dist`,
      emptyOutDir: true,
      sourcemap: true,
      // No inlined data: URLs, so that a strict Content-Security-Policy stays possible.
      assetsInlineLimit: 0,
    },
    server: {
      host: '127.0.0.1',
      port: 5173,
      strictPort: true,
      proxy: api,
      // The web app imports the server modules' zod schemas and pure domain functions (src/).
      fs: { allow: [repositoryRoot] },
    },
    preview: { host: '127.0.0.1', port: 4173, strictPort: true, proxy: api },
  };
});
