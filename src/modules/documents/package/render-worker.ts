/**
 * A worker thread that renders documents: a Word template filled with data (DOCX), then laid out
 * as PDF. The server's main thread keeps answering requests while a session's package is made,
 * and several workers use the machine's cores.
 */
import { parentPort } from 'node:worker_threads';
import { DomainError } from '../../../kernel/errors.ts';
import { renderDocx } from '../docx/render-docx.ts';
import { docxToPdf } from '../pdf/docx-to-pdf.ts';
import type { RenderJob, RenderReply } from './render-pool.ts';

parentPort?.on('message', async (message: { id: number; job: RenderJob }) => {
  const { id, job } = message;
  let reply: RenderReply;
  try {
    const docx = renderDocx(job.template, job.data, job.templateName);
    const pdf = await docxToPdf(docx, { title: job.title, author: job.author, date: job.date });
    reply = { id, docx, pdf };
  } catch (error) {
    reply = {
      id,
      error: {
        code: error instanceof DomainError ? error.code : 'render_failed',
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
  parentPort?.postMessage(reply);
});
