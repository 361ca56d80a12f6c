/**
 * An embedded database folder is opened by one process at a time: a second opening is refused with
 * a clear message (two processes writing one folder would corrupt it), a stale lock is taken over.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DomainError } from '../../src/kernel/errors.ts';
import { openPglite } from '../../src/platform/database.ts';

let folder: string;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'inclusio-lock-'));
});

after(async () => {
  await rm(folder, { recursive: true, force: true });
});

test('a folder open in this process cannot be opened again until it is closed', async () => {
  const dir = join(folder, 'a');
  const first = await openPglite(dir);
  await assert.rejects(
    openPglite(dir),
    (error: unknown) =>
      error instanceof DomainError && error.code === 'DATABASE_LOCKED' && /déjà ouverte/.test(error.message),
  );
  assert.equal((await readFile(`${dir}.lock`, 'utf8')).trim(), String(process.pid));
  await first.close();
  const again = await openPglite(dir);
  await again.close();
});

test('a folder held by another running process is refused; a lock left by a stopped one is taken over', async () => {
  const dir = join(folder, 'b');
  const holder = spawn('sleep', ['30']);
  try {
    await writeFile(`${dir}.lock`, String(holder.pid));
    await assert.rejects(openPglite(dir), new RegExp(`processus ${holder.pid}`));
  } finally {
    holder.kill();
  }
  await new Promise((resolve) => holder.once('exit', resolve));
  const db = await openPglite(dir);
  await db.close();
});
