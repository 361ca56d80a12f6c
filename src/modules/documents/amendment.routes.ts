/** HTTP route of an avenant's document (DOCX or PDF), produced on request from avenant.docx. */
import { z } from 'zod';
import { contentDisposition, defineRoute, idParams } from '../../platform/http.ts';
import { renderAmendmentDocument } from './amendment/render-amendment.ts';

export const amendmentDocumentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/amendments/:id/document',
    permission: 'conventions:read',
    tag: 'documents',
    summary:
      "Document de l'avenant d'une convention (DOCX ou PDF) : projet tant qu'il n'est pas voté, puis avec la délibération qui l'approuve",
    params: idParams,
    query: z.object({
      format: z.enum(['pdf', 'docx'], { error: 'format attendu : pdf ou docx' }).default('pdf'),
    }),
    handler: async ({ db, params, query, reply }) => {
      const document = await renderAmendmentDocument(db, params.id, query.format);
      return reply
        .header('content-type', document.mediaType)
        .header('content-disposition', contentDisposition('attachment', document.fileName))
        .header('cache-control', 'private, no-store')
        .send(document.content);
    },
  }),
];
