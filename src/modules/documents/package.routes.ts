/** HTTP routes of a session's package: what can be produced, preview, generation, downloads. */
import { z } from 'zod';
import { NotFoundError } from '../../kernel/errors.ts';
import { contentDisposition, defineRoute } from '../../platform/http.ts';
import { getSession, sessionDateParams } from '../committee/index.ts';
import {
  describePackage,
  latestPackageJob,
  listStoredDocuments,
  MEDIA_TYPES,
  previewDocument,
  readStoredDocument,
  startPackageJob,
} from './package/generate-package.ts';

export const packageRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/sessions/:date/package',
    permission: 'committee:read',
    tag: 'documents',
    summary:
      'Documents de la séance : ceux à produire, ce qui manque, la dernière génération, les fichiers enregistrés',
    params: sessionDateParams,
    handler: async ({ db, params }) => {
      const session = await getSession(db, params.date);
      const [plan, job, stored] = await Promise.all([
        describePackage(db, { sessionDate: params.date }),
        latestPackageJob(db, params.date),
        listStoredDocuments(db, session.id),
      ]);
      return { ...plan, job, stored };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/sessions/:date/package',
    permission: 'documents:generate',
    tag: 'documents',
    summary: 'Lance la génération de tous les documents de la séance (suivre sa progression par GET)',
    params: sessionDateParams,
    successStatus: 202,
    handler: async ({ db, params, actor }) => startPackageJob(db, { sessionDate: params.date, actor }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sessions/:date/preview',
    permission: 'committee:read',
    tag: 'documents',
    summary: "Aperçu d'un document de la séance, produit sans être enregistré",
    params: sessionDateParams,
    query: z.object({
      document: z.string().regex(/^[a-z0-9-]+$/, { message: 'document inconnu' }),
      format: z.enum(['pdf', 'docx'], { error: 'format attendu : pdf ou docx' }).default('pdf'),
    }),
    handler: async ({ db, params, query, reply }) => {
      const file = await previewDocument(db, {
        sessionDate: params.date,
        key: query.document,
        format: query.format,
      });
      return reply
        .header('content-type', MEDIA_TYPES[file.format])
        .header(
          'content-disposition',
          contentDisposition(query.format === 'pdf' ? 'inline' : 'attachment', `apercu-${file.name}`),
        )
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sessions/:date/documents/:documentId',
    permission: 'committee:read',
    tag: 'documents',
    summary: 'Télécharge un document enregistré de la séance',
    params: sessionDateParams.extend({
      documentId: z.coerce.number().int().positive({ message: 'identifiant attendu' }),
    }),
    handler: async ({ db, params, reply }) => {
      const session = await getSession(db, params.date);
      const document = await readStoredDocument(db, session.id, params.documentId);
      if (!document) throw new NotFoundError('Document', params.documentId);
      return reply
        .header('content-type', document.mediaType)
        .header('content-disposition', contentDisposition('attachment', document.fileName))
        .header('cache-control', 'private, no-store')
        .send(document.content);
    },
  }),
];
