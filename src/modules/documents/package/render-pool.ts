/**
 * Renders documents (DOCX from a template, then PDF) on worker threads, one job at a time per
 * worker; falls back to the calling thread when workers cannot start. Closed after each package.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../../kernel/errors.ts';
import { renderDocx } from '../docx/render-docx.ts';
import { docxToPdf } from '../pdf/docx-to-pdf.ts';

export interface RenderJob {
  templateName: string;
  template: Uint8Array;
  data: object;
  title: string;
  author: string;
  date: Date;
}

export interface Rendered {
  docx: Buffer;
  pdf: Buffer;
}

export type RenderReply =
  | { id: number; docx: Uint8Array; pdf: Uint8Array; error?: undefined }
  | { id: number; error: { code: string; message: string } };

export interface Renderer {
  /** How many jobs it runs at once. */
  readonly size: number;
  render(job: RenderJob): Promise<Rendered>;
  close(): Promise<void>;
}

/** Renders on the calling thread (tests of one document, previews). */
export const inlineRenderer: Renderer = {
  size: 1,
  async render(job) {
    const docx = renderDocx(job.template, job.data, job.templateName);
    return { docx, pdf: await docxToPdf(docx, { title: job.title, author: job.author, date: job.date }) };
  },
  async close() {},
};

interface Pending {
  resolve: (value: Rendered) => void;
  reject: (error: Error) => void;
}

/** `size` workers (default: the cores, at most 4); the inline renderer if none can start. */
export function workerRenderer(size = Math.min(4, Math.max(1, availableParallelism()))): Renderer {
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < size; i += 1) {
      workers.push(new Worker(new URL('./render-worker.ts', import.meta.url)));
    }
  } catch {
    for (const worker of workers) void worker.terminate();
    return inlineRenderer;
  }
  const pending = new Map<number, Pending>();
  const idle: Worker[] = [...workers];
  const waiting: (() => void)[] = [];
  let next = 0;
  let failure: Error | null = null;
  for (const worker of workers) {
    worker.on('message', (reply: RenderReply) => {
      const entry = pending.get(reply.id);
      pending.delete(reply.id);
      idle.push(worker);
      waiting.shift()?.();
      if (!entry) return;
      if (reply.error) entry.reject(new DomainError(reply.error.code, reply.error.message));
      else entry.resolve({ docx: Buffer.from(reply.docx), pdf: Buffer.from(reply.pdf) });
    });
    worker.on('error', (error) => {
      failure = error;
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    });
  }
  return {
    size: workers.length,
    async render(job) {
      if (failure) throw failure;
      while (idle.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
      const worker = idle.pop() as Worker;
      const id = next++;
      return new Promise<Rendered>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, job });
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
