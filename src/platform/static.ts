/**
 * Serves the built web application (web/dist) on the API's port: files by path, and index.html
 * for every other page address (the client-side router takes over). Paths under /api are never
 * answered here.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const WEB_DIST_DIR = new URL('../../web/dist/', import.meta.url).pathname;

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

export async function serveWebApp(app: FastifyInstance, dir = WEB_DIST_DIR): Promise<boolean> {
  const indexPath = join(dir, 'index.html');
  if (!(await isFile(indexPath))) return false;
  const root = normalize(dir).replace(/[/\\]$/, '') + sep;
  app.get('/*', async (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    if (path.startsWith('/api/') || path === '/api') {
      return reply
        .status(404)
        .send({ error: 'NOT_FOUND', message: `Aucune ressource à l'adresse ${request.url}.` });
    }
    const candidate = normalize(join(root, path));
    const file = candidate.startsWith(root) && (await isFile(candidate)) ? candidate : indexPath;
    const hashedAsset = file.includes(`${sep}assets${sep}`);
    return reply
      .header('content-type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      )
      .send(await readFile(file));
  });
  return true;
}
