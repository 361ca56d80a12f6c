/**
 * HTTP routes of conventions after the vote and of their money: the conventions and their file,
 * changes of state (signature with the signed PDF, entry into force, termination, closing),
 * amendments, bilans, yearly accounts, payments, recovery orders, the payment file for the finance
 * software and the ledger.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { isPlainDate } from '../../kernel/dates.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { contentDisposition, defineRoute, idParams } from '../../platform/http.ts';
import {
  CONVENTION_STATES_LIST,
  closeProposedAmendment,
  enterConventionIntoForce,
  previewAmendment,
  proposeAmendment,
  readSignedDocument,
  returnConventionToDraft,
  SIGNED_DOCUMENT_MAX_BYTES,
  sendConventionForSignature,
  signConvention,
} from '../conventions/index.ts';
import {
  cancelRecovery,
  closeSettledConvention,
  collectRecovery,
  getConventionDetail,
  issueRecoveryForLine,
  listConventions,
  recordBilan,
  recordYearlyAccounts,
  terminateConventionWithRecovery,
  voteAmendmentWithRecovery,
} from './convention-file.service.ts';
import {
  getLedger,
  ledgerToCsv,
  ledgerToXlsx,
  listPayments,
  paymentsToCsv,
  paymentsToXlsx,
} from './ledger.service.ts';
import {
  cancelPayment,
  markPaymentPaid,
  requestPayment,
  sendPayment,
  validatePayment,
} from './payments.service.ts';

const date = (what: string) =>
  z.string({ error: `${what} attendue au format AAAA-MM-JJ` }).refine(isPlainDate, {
    message: `${what} attendue au format AAAA-MM-JJ`,
  });
const optionalDate = (what: string) => date(what).nullable().optional();
const version = z.number({ error: 'version lue attendue' }).int().positive();
const text = (what: string, max = 500) =>
  z
    .string({ error: `${what} attendu` })
    .trim()
    .min(1, { message: `${what} attendu` })
    .max(max);

const PAYMENT_STATES = ['requested', 'validated', 'sent', 'paid', 'cancelled'] as const;

const amendmentBody = z.object({
  effectiveFrom: date("date d'effet"),
  changes: z
    .array(
      z.object({
        conventionLineId: z.number({ error: 'ligne de convention attendue' }).int().positive(),
        quantity: z.number({ error: 'quantité attendue' }).nonnegative().nullable().optional(),
        periodEnd: optionalDate('fin de période'),
        amountCents: z
          .number({ error: 'montant en centimes attendu' })
          .int()
          .nonnegative()
          .nullable()
          .optional(),
        justification: z.string().trim().max(2000).nullable().optional(),
      }),
    )
    .min(1, { message: 'au moins une ligne modifiée' })
    .max(50),
});

const MEDIA_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** A CSV or XLSX export as an attachment named `name.format`. */
function sendExport(reply: FastifyReply, format: 'csv' | 'xlsx', name: string, content: string | Buffer) {
  return reply
    .header('content-type', MEDIA_TYPES[format])
    .header('content-disposition', contentDisposition('attachment', `${name}.${format}`))
    .send(content);
}

async function detailAfter(db: Parameters<typeof getConventionDetail>[0], conventionId: number) {
  return getConventionDetail(db, conventionId);
}

export const conventionLifeRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/conventions',
    permission: 'conventions:read',
    tag: 'conventions',
    summary: 'Les conventions, leur état et leurs montants (voté, payé, recouvré, reste à verser)',
    query: z.object({
      state: z.enum(CONVENTION_STATES_LIST as [string, ...string[]]).optional(),
      q: z.string().trim().max(200).optional(),
    }),
    handler: async ({ db, query }) => listConventions(db, { state: query.state, search: query.q }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/conventions/:id',
    permission: 'conventions:read',
    tag: 'conventions',
    summary: "Le dossier d'une convention : lignes, échéancier, versements, titres, avenants, documents dus",
    params: idParams,
    handler: async ({ db, params }) => getConventionDetail(db, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/conventions/:id/send-for-signature',
    permission: 'conventions:write',
    tag: 'conventions',
    summary: 'Envoie la convention à la structure pour signature',
    params: idParams,
    body: z.object({ on: date("date d'envoi"), version }),
    handler: async ({ db, params, body, actor }) => {
      await sendConventionForSignature(db, actor, params.id, body);
      return detailAfter(db, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/conventions/:id/return-to-draft',
    permission: 'conventions:write',
    tag: 'conventions',
    summary: 'La convention envoyée revient en préparation (correction avant signature), avec le motif',
    params: idParams,
    body: z.object({ on: date('date'), reason: text('motif'), version }),
    handler: async ({ db, params, body, actor }) => {
      await returnConventionToDraft(db, actor, params.id, body);
      return detailAfter(db, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/conventions/:id/signature',
    permission: 'conventions:write',
    tag: 'conventions',
    summary: 'Enregistre la signature : date et PDF signé (base64)',
    params: idParams,
    // base64 makes the file a third larger
    bodyLimit: Math.ceil((SIGNED_DOCUMENT_MAX_BYTES * 4) / 3) + 64 * 1024,
    body: z.object({
      signedOn: date('date de signature').nullable(),
      version,
      fileName: z.string().trim().max(200).default('convention-signee.pdf'),
      contentBase64: z
        .string({ error: 'document signé (PDF) attendu' })
        .min(1, { message: 'document signé (PDF) attendu' })
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'contenu base64 attendu' }),
    }),
    handler: async ({ db, params, body, actor }) => {
      await signConvention(db, actor, params.id, {
        signedOn: body.signedOn,
        version: body.version,
        fileName: body.fileName,
        content: Buffer.from(body.contentBase64, 'base64'),
      });
      return detailAfter(db, params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/conventions/:id/signed-document',
    permission: 'conventions:read',
    tag: 'conventions',
    summary: 'Le PDF signé de la convention',
    params: idParams,
    handler: async ({ db, params, reply }) => {
      const document = await readSignedDocument(db, params.id);
      if (!document) throw new NotFoundError('Document signé de la convention', params.id);
      return reply
        .header('content-type', document.mediaType)
        .header('content-disposition', contentDisposition('attachment', document.fileName))
        .header('cache-control', 'private, no-store')
        .send(document.content);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/conventions/:id/entry-into-force',
    permission: 'conventions:write',
    tag: 'conventions',
    summary: 'La convention signée entre en vigueur',
    params: idParams,
    body: z.object({ on: date('date'), version }),
    handler: async ({ db, params, body, actor }) => {
      await enterConventionIntoForce(db, actor, params.id, body);
      return detailAfter(db, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/conventions/:id/termination',
    permission: 'conventions:write',
    tag: 'conventions',
    summary:
      'Résilie la convention (effet un mois franc après réception) ; titres de recettes pour les indus',
    params: idParams,
    body: z.object({
      kind: z.enum(['by_departement', 'at_structure_request', 'inaccurate_declaration'], {
        error: 'type de résiliation attendu : by_departement, at_structure_request ou inaccurate_declaration',
      }),
      ground: z
        .enum(['mission_not_carried_out', 'funds_misused', 'control_refused'], {
          error: 'motif attendu : mission_not_carried_out, funds_misused ou control_refused',
        })
        .nullable()
        .optional(),
      notificationReceivedOn: date('date de réception de la notification').nullable(),
      leadersHeardOn: optionalDate("date d'audition des dirigeants"),
      version,
    }),
    handler: async ({ db, params, body, actor }) =>
      terminateConventionWithRecovery(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/conventions/:id/close',
    permission: 'conventions:write',
    tag: 'conventions',
    summary: 'Clôt la convention dont la période est achevée et le solde réglé',
    params: idParams,
    body: z.object({ on: date('date de clôture'), version }),
    handler: async ({ db, params, body, actor }) => closeSettledConvention(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/conventions/:id/amendments/preview',
    permission: 'conventions:write',
    tag: 'conventions',
    summary: "Calcule un avenant (prorata, explication, écart budgétaire) sans l'enregistrer",
    params: idParams,
    body: amendmentBody,
    handler: async ({ db, params, body }) => previewAmendment(db, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/conventions/:id/amendments',
    permission: 'conventions:write',
    tag: 'conventions',
    summary:
      'Propose un avenant à la commission (les écarts positifs sont imputés sur les lignes budgétaires)',
    params: idParams,
    body: amendmentBody,
    successStatus: 201,
    handler: async ({ db, params, body, actor }) => proposeAmendment(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/amendments/:id/vote',
    permission: 'committee:write',
    tag: 'conventions',
    summary:
      "La commission vote l'avenant : il prend effet (titre de recettes si le versé dépasse le nouveau montant)",
    params: idParams,
    body: z.object({
      votedOn: date('date du vote'),
      decisionRef: text('référence de la délibération', 200),
      version,
    }),
    handler: async ({ db, params, body, actor }) => voteAmendmentWithRecovery(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/amendments/:id/close',
    permission: 'conventions:write',
    tag: 'conventions',
    summary: "L'avenant est rejeté par la commission ou retiré",
    params: idParams,
    body: z.object({
      to: z.enum(['rejected', 'withdrawn'], { error: 'issue attendue : rejected ou withdrawn' }),
      on: date('date'),
      decisionRef: text('délibération ou motif', 500),
      version,
    }),
    handler: async ({ db, params, body, actor }) => closeProposedAmendment(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/convention-lines/:id/bilan',
    permission: 'conventions:write',
    tag: 'conventions',
    summary: 'Enregistre le bilan d’une ligne et arrête son solde (titre de recettes si trop-perçu)',
    params: idParams,
    body: z.object({
      receivedOn: date('date de réception du bilan'),
      achieved: z.number({ error: 'objectif réalisé attendu' }).nonnegative(),
      target: z
        .number({ error: 'objectif fixé attendu' })
        .positive({ message: "l'objectif fixé doit être positif" }),
    }),
    handler: async ({ db, params, body, actor }) => recordBilan(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/structures/:id/yearly-accounts',
    permission: 'conventions:write',
    tag: 'conventions',
    summary: "Comptes annuels d'un exercice reçus de la structure",
    params: idParams,
    body: z.object({
      fiscalYear: z.number({ error: 'exercice attendu' }).int().min(2000).max(2100),
      receivedOn: date('date de réception'),
    }),
    handler: async ({ db, params, body, actor }) => recordYearlyAccounts(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/convention-lines/:id/payments',
    permission: 'payments:write',
    tag: 'payments',
    summary: 'Demande un versement (avance, acompte, solde) ; idempotent par clé',
    params: idParams,
    body: z.object({
      part: z.string().regex(/^(advance|balance|instalment-[1-9][0-9]*)$/, {
        message: 'versement attendu : advance, instalment-N ou balance',
      }),
      amountCents: z.number({ error: 'montant en centimes attendu' }).int().optional(),
      idempotencyKey: text('clé de la demande', 200),
    }),
    handler: async ({ db, params, body, actor, reply }) => {
      const result = await requestPayment(db, actor, { conventionLineId: params.id, ...body });
      return reply.status(result.created ? 201 : 200).send(result);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/payments',
    permission: 'conventions:read',
    tag: 'payments',
    summary: 'Les versements, par état, avec les coordonnées bancaires et ce qui les bloque',
    query: z.object({ state: z.enum(PAYMENT_STATES).optional() }),
    handler: async ({ db, query }) => listPayments(db, { state: query.state }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/payments/export',
    permission: 'conventions:read',
    tag: 'payments',
    summary: 'Fichier des versements pour le logiciel financier (CSV ou XLSX)',
    query: z.object({
      state: z.enum(PAYMENT_STATES).default('validated'),
      format: z.enum(['csv', 'xlsx'], { error: 'format attendu : csv ou xlsx' }).default('csv'),
    }),
    handler: async ({ db, query, reply }) => {
      const content =
        query.format === 'csv' ? await paymentsToCsv(db, query.state) : await paymentsToXlsx(db, query.state);
      return sendExport(reply, query.format, `versements-${query.state}`, content);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/payments/:id/validate',
    permission: 'payments:write',
    tag: 'payments',
    summary: 'Valide un versement (refusé tant que quelque chose le bloque)',
    params: idParams,
    handler: async ({ db, params, actor }) => validatePayment(db, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/payments/:id/send',
    permission: 'payments:write',
    tag: 'payments',
    summary: 'Marque un versement validé comme transmis au logiciel financier',
    params: idParams,
    handler: async ({ db, params, actor }) => sendPayment(db, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/payments/:id/paid',
    permission: 'payments:write',
    tag: 'payments',
    summary: 'Le logiciel financier a payé le versement (date et référence du mandat)',
    params: idParams,
    body: z.object({ paidOn: date('date de paiement'), financeReference: text('référence du mandat', 100) }),
    handler: async ({ db, params, body, actor }) => markPaymentPaid(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/payments/:id/cancel',
    permission: 'payments:write',
    tag: 'payments',
    summary: 'Annule un versement non payé (motif obligatoire)',
    params: idParams,
    body: z.object({ reason: text("motif d'annulation") }),
    handler: async ({ db, params, body, actor }) => cancelPayment(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/convention-lines/:id/recovery-orders',
    permission: 'payments:write',
    tag: 'payments',
    summary:
      'Émet le titre de recettes du trop-perçu d’une ligne (après avenant ou contrôle) ; idempotent par clé',
    params: idParams,
    successStatus: 201,
    body: z.object({
      reason: z.enum(['amendment', 'control'], { error: 'motif attendu : amendment ou control' }),
      idempotencyKey: text('clé de la demande', 200),
    }),
    handler: async ({ db, params, body, actor }) => issueRecoveryForLine(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/recovery-orders/:id/collect',
    permission: 'payments:write',
    tag: 'payments',
    summary: 'Le titre de recettes est recouvré',
    params: idParams,
    body: z.object({ on: date('date de recouvrement') }),
    handler: async ({ db, params, body, actor }) => collectRecovery(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/recovery-orders/:id/cancel',
    permission: 'payments:write',
    tag: 'payments',
    summary: 'Annule un titre de recettes émis par erreur (motif obligatoire)',
    params: idParams,
    body: z.object({ reason: text("motif d'annulation") }),
    handler: async ({ db, params, body, actor }) => cancelRecovery(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/ledger',
    permission: 'conventions:read',
    tag: 'payments',
    summary: "Suivi financier des conventions d'un appel : voté, engagé, payé, recouvré, reste à verser",
    query: z.object({
      call: z.string().trim().min(1, { message: 'appel attendu' }).max(64),
      by: z.enum(['line', 'convention', 'structure', 'budgetLine']).default('convention'),
    }),
    handler: async ({ db, query }) => getLedger(db, query.call, query.by),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/ledger/export',
    permission: 'conventions:read',
    tag: 'payments',
    summary: 'Suivi financier en CSV (une ligne par convention) ou XLSX',
    query: z.object({
      call: z.string().trim().min(1, { message: 'appel attendu' }).max(64),
      by: z.enum(['line', 'convention', 'structure', 'budgetLine']).default('convention'),
      format: z.enum(['csv', 'xlsx'], { error: 'format attendu : csv ou xlsx' }).default('csv'),
    }),
    handler: async ({ db, query, reply }) => {
      const content =
        query.format === 'csv'
          ? await ledgerToCsv(db, query.call)
          : await ledgerToXlsx(db, query.call, query.by);
      return sendExport(reply, query.format, `suivi-financier-${query.call}`, content);
    },
  }),
];
