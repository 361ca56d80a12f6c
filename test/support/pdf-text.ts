/** The text of a PDF as `pdftotext` (Debian poppler-utils, installed by .ci/run) extracts it. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function pdftotext(bytes: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'inclusio-pdf-'));
  try {
    const path = join(dir, 'document.pdf');
    await writeFile(path, bytes);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path, '-']).catch((error: unknown) => {
      throw new Error(`pdftotext (paquet Debian poppler-utils) est nécessaire à ce test : ${String(error)}`);
    });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
