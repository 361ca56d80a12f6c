/** HTTP routes of the documents module: the exports as files to download. */
import { z } from 'zod';
import { callCodeParams, defineRoute } from '../../platform/http.ts';
import { getAllocationTable } from '../applications/index.ts';
import { getCallBudget } from '../budget/index.ts';
import { getCallTree } from '../calls/index.ts';
import { allocationsToCsv, allocationsToXlsx, budgetToCsv, budgetToXlsx } from './exports.ts';

const formatQuery = z.object({
  format: z.enum(['csv', 'xlsx'], { error: 'format attendu : csv ou xlsx' }).default('csv'),
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
    summary: 'Export de la répartition financière (CSV ou XLSX)',
    params: callCodeParams,
    query: formatQuery,
    handler: async ({ db, params, query, reply, actor }) => {
      const table = await getAllocationTable(db, params.code, actor);
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
