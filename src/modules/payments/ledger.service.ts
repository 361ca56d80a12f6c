/**
 * The ledger of a call's conventions (per line, convention, structure or budget line: voted,
 * committed, paid, recovered, remaining…) and the payment file for the finance software, with their
 * CSV (programs: comma, UTF-8, signed euros with a dot) and XLSX (people) exports.
 */
import ExcelJS from 'exceljs';
import { toCsv } from '../../kernel/csv.ts';
import { type Cents, formatEurosDecimal } from '../../kernel/money.ts';
import type { Sql } from '../../platform/database.ts';
import { getCall } from '../calls/index.ts';
import type { LedgerGroupingView, LedgerRowView, LedgerView, PaymentListItem } from '../conventions/index.ts';
import { loadLines, paymentContext, StructureFacts } from './accounts.ts';
import { figuresView } from './convention-file.service.ts';
import { computeLineLedger, type LedgerFigures, totalLedgers } from './domain/ledger.ts';
import type { PaymentState } from './domain/payment.ts';
import { partLabel, todayDate, toPaymentView } from './payments.service.ts';

export async function getLedger(sql: Sql, callCode: string, by: LedgerGroupingView): Promise<LedgerView> {
  await getCall(sql, callCode);
  const lines = await loadLines(sql, { callCode });
  const groups = new Map<
    string,
    { row: Omit<LedgerRowView, keyof ReturnType<typeof figuresView>>; ledgers: LedgerFigures[] }
  >();
  for (const line of lines) {
    const ledger = computeLineLedger(line.account);
    const { row } = line;
    const group =
      by === 'line'
        ? {
            key: `${row.convention_number}/${row.id}`,
            label: `${row.structure_name} — ${row.label}`,
            conventionId: Number(row.convention_id),
            structureId: Number(row.structure_id),
          }
        : by === 'convention'
          ? {
              key: row.convention_number,
              label: row.structure_name,
              conventionId: Number(row.convention_id),
              structureId: Number(row.structure_id),
            }
          : by === 'structure'
            ? {
                key: String(row.structure_id),
                label: row.structure_name,
                conventionId: null,
                structureId: Number(row.structure_id),
              }
            : { key: row.budget_line_code, label: row.imputation, conventionId: null, structureId: null };
    const found = groups.get(group.key);
    if (found) found.ledgers.push(ledger);
    else groups.set(group.key, { row: group, ledgers: [ledger] });
  }
  const rows = [...groups.values()].map(({ row, ledgers }) => ({
    ...row,
    ...figuresView(totalLedgers(ledgers)),
  }));
  return {
    callCode,
    by,
    rows,
    total: figuresView(totalLedgers(lines.map((line) => computeLineLedger(line.account)))),
  };
}

export const LEDGER_CSV_HEADER = [
  'convention',
  'structure',
  'voted',
  'paid',
  'recovered',
  'remaining',
] as const;

const euros = (amount: number): string => formatEurosDecimal(amount as Cents);

/** One row per convention: `voted` is the amount in force after voted amendments. */
export async function ledgerToCsv(sql: Sql, callCode: string): Promise<string> {
  const ledger = await getLedger(sql, callCode, 'convention');
  return toCsv(
    LEDGER_CSV_HEADER,
    ledger.rows.map((row) => [
      row.key,
      row.label,
      euros(row.votedCents),
      euros(row.paidCents),
      euros(row.recoveredCents),
      euros(row.remainingCents),
    ]),
  );
}

const EUROS_FORMAT = '#,##0.00 "€";-#,##0.00 "€"';

function newWorkbook(title: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Inclusio';
  workbook.title = title;
  workbook.created = new Date('2000-01-01T00:00:00Z');
  workbook.modified = workbook.created;
  return workbook;
}

const GROUPING_LABELS: Record<LedgerGroupingView, string> = {
  line: 'Ligne de convention',
  convention: 'Convention',
  structure: 'Structure',
  budgetLine: 'Ligne budgétaire',
};

const FIGURE_COLUMNS: readonly [keyof ReturnType<typeof figuresView>, string][] = [
  ['votedCents', 'Voté (en vigueur)'],
  ['committedCents', 'Engagé'],
  ['dueCents', 'Dû'],
  ['paidCents', 'Payé'],
  ['inFlightCents', 'En cours de paiement'],
  ['recoveredCents', 'Recouvré (titres)'],
  ['remainingCents', 'Reste à verser'],
  ['toRecoverCents', 'À recouvrer'],
];

export async function ledgerToXlsx(sql: Sql, callCode: string, by: LedgerGroupingView): Promise<Buffer> {
  const ledger = await getLedger(sql, callCode, by);
  const workbook = newWorkbook(`Suivi financier — ${callCode}`);
  const sheet = workbook.addWorksheet('Suivi financier', { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.addRow([
    `Suivi financier des conventions de l'appel ${callCode} — par ${GROUPING_LABELS[by].toLowerCase()}`,
  ]).font = {
    bold: true,
    size: 13,
  };
  sheet.addRow([]);
  const header = sheet.addRow([GROUPING_LABELS[by], 'Libellé', ...FIGURE_COLUMNS.map(([, label]) => label)]);
  header.font = { bold: true };
  for (const row of ledger.rows) {
    sheet.addRow([row.key, row.label, ...FIGURE_COLUMNS.map(([figure]) => row[figure] / 100)]);
  }
  const total = sheet.addRow(['TOTAL', '', ...FIGURE_COLUMNS.map(([figure]) => ledger.total[figure] / 100)]);
  total.font = { bold: true };
  sheet.getColumn(1).width = 22;
  sheet.getColumn(2).width = 48;
  for (let index = 3; index < 3 + FIGURE_COLUMNS.length; index += 1) {
    sheet.getColumn(index).width = 18;
    sheet.getColumn(index).numFmt = EUROS_FORMAT;
  }
  // Text cells stay text: a name starting with "=" is no formula.
  sheet.eachRow((row) => {
    row.eachCell((cell) => {
      if (typeof cell.value === 'string' && cell.value.startsWith('='))
        cell.value = { richText: [{ text: cell.value }] };
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// Payments for the finance software
// ---------------------------------------------------------------------------------------------

export async function listPayments(
  sql: Sql,
  filter: { state?: PaymentState | undefined },
): Promise<PaymentListItem[]> {
  const today = todayDate();
  const lines = await loadLines(sql, {});
  const items: PaymentListItem[] = [];
  const facts = new StructureFacts(sql);
  for (const line of lines) {
    const rows = line.paymentRows.filter((row) => filter.state === undefined || row.state === filter.state);
    if (rows.length === 0) continue;
    const structureId = Number(line.row.structure_id);
    const structure = await facts.structure(structureId);
    const context = await paymentContext(sql, line, today, facts);
    for (const row of rows) {
      items.push({
        ...toPaymentView(row, context),
        conventionId: Number(line.row.convention_id),
        conventionNumber: line.row.convention_number,
        structureId,
        structureName: line.row.structure_name,
        siret: structure.siret,
        iban: structure.iban,
        bic: structure.bic,
        budgetLineCode: line.row.budget_line_code,
        imputation: line.row.imputation,
        object: `${partLabel(row.part)} — ${line.row.label} — convention ${line.row.convention_number}`,
      });
    }
  }
  return items.sort((a, b) => a.id - b.id);
}

export const PAYMENTS_CSV_HEADER = [
  'budget_line',
  'imputation',
  'structure',
  'siret',
  'iban',
  'bic',
  'amount',
  'object',
  'convention',
  'payment',
] as const;

export async function paymentsToCsv(sql: Sql, state: PaymentState): Promise<string> {
  const items = await listPayments(sql, { state });
  return toCsv(
    PAYMENTS_CSV_HEADER,
    items.map((item) => [
      item.budgetLineCode,
      item.imputation,
      item.structureName,
      item.siret,
      item.iban,
      item.bic,
      euros(item.amountCents),
      item.object,
      item.conventionNumber,
      item.id,
    ]),
  );
}

export async function paymentsToXlsx(sql: Sql, state: PaymentState): Promise<Buffer> {
  const items = await listPayments(sql, { state });
  const workbook = newWorkbook('Fichier de paiement');
  const sheet = workbook.addWorksheet('Versements', { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow([
    'Ligne budgétaire',
    'Imputation',
    'Structure',
    'SIRET',
    'IBAN',
    'BIC',
    'Montant',
    'Objet',
    'Convention',
    'Versement n°',
  ]);
  header.font = { bold: true };
  for (const item of items) {
    const row = sheet.addRow([
      item.budgetLineCode,
      item.imputation,
      item.structureName,
      item.siret ?? '',
      item.iban ?? '',
      item.bic ?? '',
      item.amountCents / 100,
      item.object,
      item.conventionNumber,
      item.id,
    ]);
    row.eachCell((cell) => {
      if (typeof cell.value === 'string' && cell.value.startsWith('='))
        cell.value = { richText: [{ text: cell.value }] };
    });
  }
  const total = sheet.addRow([
    'TOTAL',
    '',
    '',
    '',
    '',
    '',
    items.reduce((sum, item) => sum + item.amountCents, 0) / 100,
  ]);
  total.font = { bold: true };
  [18, 22, 40, 16, 34, 14, 16, 60, 12, 12].forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  sheet.getColumn(7).numFmt = EUROS_FORMAT;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
