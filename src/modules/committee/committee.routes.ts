/** HTTP routes of the committee module: sessions, conflicts and votes of their reports. */
import { z } from 'zod';
import { isPlainDate } from '../../kernel/dates.ts';
import { defineRoute, idParams } from '../../platform/http.ts';
import {
  changeBoardSeat,
  getSession,
  listMembers,
  listSessions,
  setAttendance,
  setConflicts,
  setLegalityDates,
  setVotes,
} from './committee.service.ts';
import { VOTE_CHOICES } from './domain/tally.ts';

export const sessionDateParams = z.object({
  date: z.string().refine(isPlainDate, { message: 'date attendue au format AAAA-MM-JJ' }),
});

const version = z.number({ error: 'version attendue' }).int().positive();

const votesBody = z.object({
  votes: z.record(
    z.string().regex(/^\d+$/, { message: 'identifiant de membre attendu' }),
    z.enum(VOTE_CHOICES as [string, ...string[]], {
      error: 'vote attendu : for, against, abstention, not_taking_part',
    }),
  ),
  version,
});

const conflictsBody = z.object({
  memberIds: z.array(z.string().regex(/^\d+$/, { message: 'identifiant de membre attendu' })).max(500),
  version,
});

const memberId = z.string().regex(/^\d+$/, { message: 'identifiant de membre attendu' });

const attendanceBody = z.object({
  attendance: z.record(
    memberId,
    z.discriminatedUnion(
      'kind',
      [
        z.object({ kind: z.literal('present') }),
        z.object({ kind: z.literal('excused'), proxyHolderId: memberId.nullable().default(null) }),
        z.object({ kind: z.literal('absent') }),
      ],
      { error: 'présence attendue : present, excused ou absent' },
    ),
  ),
  version,
});

const optionalDate = z
  .string()
  .refine(isPlainDate, { message: 'date attendue au format AAAA-MM-JJ' })
  .nullable()
  .default(null);

const legalityBody = z.object({
  sentToLegalityControlOn: optionalDate,
  publishedOn: optionalDate,
  version,
});

const seatBody = z.object({
  structureId: z.number({ error: 'structure attendue' }).int().positive({ message: 'structure attendue' }),
  role: z
    .string({ error: 'qualité attendue' })
    .trim()
    .min(2, { message: 'qualité attendue (administrateur, président, représentant du Département…)' })
    .max(200),
});

export const committeeRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/sessions',
    permission: 'committee:read',
    tag: 'committee',
    summary: 'Les séances de la Commission Permanente',
    handler: async ({ db }) => listSessions(db),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/sessions/:date',
    permission: 'committee:read',
    tag: 'committee',
    summary: 'Une séance : élus, présences, rapports, élus intéressés, votes et décompte',
    params: sessionDateParams,
    handler: async ({ db, params }) => getSession(db, params.date),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/reports/:id/conflicts',
    permission: 'committee:write',
    tag: 'committee',
    summary: "Confirme les élus intéressés à l'affaire d'un rapport",
    params: idParams,
    body: conflictsBody,
    handler: async ({ db, params, body, actor }) => setConflicts(db, actor, params.id, body),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/reports/:id/votes',
    permission: 'committee:write',
    tag: 'committee',
    summary: 'Enregistre le vote de chaque élu sur un rapport (le décompte en découle)',
    params: idParams,
    body: votesBody,
    handler: async ({ db, params, body, actor }) =>
      setVotes(db, actor, params.id, {
        votes: body.votes as Record<string, (typeof VOTE_CHOICES)[number]>,
        version: body.version,
      }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/sessions/:date/attendance',
    permission: 'committee:write',
    tag: 'committee',
    summary: 'Enregistre la présence de chaque élu (présent, excusé avec ou sans délégation de vote, absent)',
    params: sessionDateParams,
    body: attendanceBody,
    handler: async ({ db, params, body, actor }) => setAttendance(db, actor, params.date, body),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/sessions/:date/legality',
    permission: 'committee:write',
    tag: 'committee',
    summary: "Dates d'envoi au contrôle de légalité et de publication de la délibération",
    params: sessionDateParams,
    body: legalityBody,
    handler: async ({ db, params, body, actor }) => setLegalityDates(db, actor, params.date, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/members',
    permission: 'committee:read',
    tag: 'committee',
    summary: 'Les élus, leur groupe et les conseils où ils siègent',
    handler: async ({ db }) => listMembers(db),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/members/:id/board-seats',
    permission: 'committee:write',
    tag: 'committee',
    summary: "Un élu siège au conseil d'une structure (source des élus intéressés proposés)",
    params: idParams,
    body: seatBody,
    successStatus: 201,
    handler: async ({ db, params, body, actor }) =>
      changeBoardSeat(db, actor, { memberId: params.id, ...body, action: 'add' }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/members/:id/board-seats',
    permission: 'committee:write',
    tag: 'committee',
    summary: "Un élu ne siège plus au conseil d'une structure",
    params: idParams,
    query: z.object({
      structureId: z.coerce.number().int().positive({ message: 'structure attendue' }),
      role: z.string().trim().min(1, { message: 'qualité attendue' }).max(200),
    }),
    handler: async ({ db, params, query, actor }) =>
      changeBoardSeat(db, actor, { memberId: params.id, ...query, action: 'remove' }),
  }),
];
