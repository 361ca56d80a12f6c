/** HTTP routes of the documents module: the exports as files to download. */
import { z } from 'zod';
import { callCodeParams, defineRoute } from '../../platform/http.ts';
import { getAllocationPage, getAllocationTable } from '../applications/index.ts';
import { getCallBudget } from '../budget/index.ts';
import { getCallTree } from '../calls/index.ts';
import { allocationsToCsv, allocationsToXlsx, budgetToCsv, budgetToXlsx } from './exports.ts';

const formatQuery = z.object({
  format: z.enum(['csv', 'xlsx'], { error: 'format attendu : csv ou xlsx' }).default('csv'),
});

/** The allocation table's export takes the filters of its page (none: the whole table). */
const allocationsExportQuery = formatQuery.extend({
  q: z.string().max(200).optional(),
  territory: z.string().max(64).optional(),
  operationId: z.coerce.number().int().positive().optional(),
  kind: z
    .enum(['convention', 'amendment'], { error: 'nature attendue : convention ou amendment' })
    .optional(),
});

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const documentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/calls/:code/exports/allocations',
    permission: 'applications:read',
    tag: 'documents',
    summary: 'Export de la répartition financière (CSV ou XLSX), entière ou filtrée comme sa page',
    params: callCodeParams,
    query: allocationsExportQuery,
    handler: async ({ db, params, query, reply, actor }) => {
      const filtered =
        query.q !== undefined ||
        query.territory !== undefined ||
        query.operationId !== undefined ||
        query.kind !== undefined;
      const table = filtered
        ? await getAllocationPage(
            db,
            params.code,
            {
              q: query.q,
              territory: query.territory,
              operationId: query.operationId,
              kind: query.kind,
              limit: 1_000_000,
              offset: 0,
            },
            actor,
          )
        : await getAllocationTable(db, params.code, actor);
      const data = query.format === 'csv' ? allocationsToCsv(table) : await allocationsToXlsx(table);
      return reply
        .header('content-type', CONTENT_TYPES[query.format])
        .header('content-disposition', `attachment; filename="repartition-${table.callCode}.${query.format}"`)
        .send(data);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calls/:code/exports/budget',
    permission: 'budget:read',
    tag: 'documents',
    summary: 'Export de la situation budgétaire (CSV ou XLSX)',
    params: callCodeParams,
    query: formatQuery,
    handler: async ({ db, params, query, reply }) => {
      const tree = await getCallTree(db, params.code);
      const lineIds = [
        ...new Set(tree.themes.flatMap((theme) => theme.operations.map((op) => op.budgetLineId))),
      ];
      const rows = await getCallBudget(db, { callId: tree.id, budgetLineIds: lineIds });
      const data = query.format === 'csv' ? budgetToCsv(rows) : await budgetToXlsx(tree.code, rows);
      return reply
        .header('content-type', CONTENT_TYPES[query.format])
        .header('content-disposition', `attachment; filename="budget-${tree.code}.${query.format}"`)
        .send(data);
    },
  }),
];
