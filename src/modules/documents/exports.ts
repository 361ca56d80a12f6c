/**
 * Exports of a call's allocation table and budget table: CSV for programs (RFC 4180, comma,
 * UTF-8, signed euros with a dot) and XLSX for people (French labels and formats, totals).
 * The figures come from the applications and budget modules; nothing is recomputed here.
 */
import ExcelJS from 'exceljs';
import { toCsv } from '../../kernel/csv.ts';
import { type Cents, formatEurosDecimal } from '../../kernel/money.ts';
import type { AllocationTable } from '../applications/index.ts';
import { UNIT_LABELS } from '../applications/index.ts';
import type { BudgetLineSituation } from '../budget/index.ts';

export const ALLOCATIONS_CSV_HEADER = [
  'theme',
  'operation',
  'operation_title',
  'territory',
  'structure',
  'label',
  'quantity',
  'unit',
  'period_start',
  'period_end',
  'amount',
  'kind',
] as const;

export const BUDGET_CSV_HEADER = [
  'code',
  'imputation',
  'label',
  'ae',
  'committed_before',
  'available',
  'proposed',
  'balance',
] as const;

export function allocationsToCsv(table: AllocationTable): string {
  return toCsv(
    ALLOCATIONS_CSV_HEADER,
    table.lines.map((line) => [
      line.themeNumber,
      line.operationNumber,
      line.operationTitle,
      line.territories.join(' / '),
      line.structure,
      line.label,
      line.quantity,
      line.unit,
      line.periodStart,
      line.periodEnd,
      formatEurosDecimal(line.amount),
      line.kind,
    ]),
  );
}

export function budgetToCsv(rows: readonly BudgetLineSituation[]): string {
  return toCsv(
    BUDGET_CSV_HEADER,
    rows.map((row) => [
      row.line.code,
      row.line.imputation,
      row.line.label,
      formatEurosDecimal(row.ae),
      formatEurosDecimal(row.committedBefore),
      formatEurosDecimal(row.available),
      formatEurosDecimal(row.proposed),
      formatEurosDecimal(row.balance),
    ]),
  );
}

const EUROS_FORMAT = '#,##0.00 "€";-#,##0.00 "€"';
const DATE_FORMAT = 'dd/mm/yyyy';

/** Excel holds numbers in binary floating point; two decimals of a cents integer survive exactly. */
function euros(amount: Cents): number {
  return amount / 100;
}

function excelDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

function newWorkbook(title: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Inclusio';
  workbook.title = title;
  // A fixed date keeps the file identical from one export of the same data to the next.
  workbook.created = new Date('2000-01-01T00:00:00Z');
  workbook.modified = workbook.created;
  return workbook;
}

export async function allocationsToXlsx(table: AllocationTable): Promise<Buffer> {
  const workbook = newWorkbook(`Répartition financière — ${table.callCode}`);
  const sheet = workbook.addWorksheet('Répartition', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  sheet.columns = [
    { key: 'operation', width: 34 },
    { key: 'territory', width: 22 },
    { key: 'structure', width: 34 },
    { key: 'label', width: 48 },
    { key: 'quantity', width: 10 },
    { key: 'unit', width: 12 },
    { key: 'start', width: 12 },
    { key: 'end', width: 12 },
    { key: 'amount', width: 18 },
    { key: 'kind', width: 12 },
  ];
  sheet.addRow([`${table.callTitle} (${table.callCode}) — répartition financière des opérations`]).font = {
    bold: true,
    size: 13,
  };
  sheet.addRow([]);
  const header = sheet.addRow([
    'Opération',
    'Territoire(s)',
    'Structure',
    'Description',
    'Quantité',
    'Unité',
    'Début',
    'Fin',
    'Montant retenu',
    'Nature',
  ]);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE5F0' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  const themeTotalCells: string[] = [];
  for (const theme of table.themes) {
    const themeRow = sheet.addRow([`Thématique ${theme.themeNumber}`]);
    themeRow.font = { bold: true, size: 12 };
    const operationTotalCells: string[] = [];
    for (const operation of theme.operations) {
      const lines = table.lines.filter(
        (line) =>
          line.themeNumber === theme.themeNumber && line.operationNumber === operation.operationNumber,
      );
      const first = sheet.rowCount + 1;
      for (const line of lines) {
        const row = sheet.addRow([
          `Opération ${line.operationNumber} : ${line.operationTitle}`,
          line.territories.join(' / '),
          line.structure,
          line.label,
          line.quantity,
          line.unit ? (UNIT_LABELS[line.unit as keyof typeof UNIT_LABELS] ?? line.unit) : null,
          excelDate(line.periodStart),
          excelDate(line.periodEnd),
          euros(line.amount),
          line.kind === 'amendment' ? 'Avenant' : 'Convention',
        ]);
        row.getCell(7).numFmt = DATE_FORMAT;
        row.getCell(8).numFmt = DATE_FORMAT;
        row.getCell(9).numFmt = EUROS_FORMAT;
        row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
      }
      const last = sheet.rowCount;
      const totalRow = sheet.addRow([`Total opération ${operation.operationNumber}`]);
      totalRow.getCell(9).value = {
        formula: lines.length > 0 ? `SUM(I${first}:I${last})` : '0',
        result: euros(operation.amount),
      };
      totalRow.getCell(9).numFmt = EUROS_FORMAT;
      totalRow.font = { bold: true };
      operationTotalCells.push(`I${totalRow.number}`);
    }
    const themeTotal = sheet.addRow([`Total thématique ${theme.themeNumber}`]);
    themeTotal.getCell(9).value = {
      formula: operationTotalCells.join('+') || '0',
      result: euros(theme.amount),
    };
    themeTotal.getCell(9).numFmt = EUROS_FORMAT;
    themeTotal.font = { bold: true, size: 12 };
    themeTotalCells.push(`I${themeTotal.number}`);
    sheet.addRow([]);
  }
  const grand = sheet.addRow(['TOTAL']);
  grand.getCell(9).value = { formula: themeTotalCells.join('+') || '0', result: euros(table.total) };
  grand.getCell(9).numFmt = EUROS_FORMAT;
  grand.font = { bold: true, size: 12 };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function budgetToXlsx(callCode: string, rows: readonly BudgetLineSituation[]): Promise<Buffer> {
  const workbook = newWorkbook(`Situation budgétaire — ${callCode}`);
  const sheet = workbook.addWorksheet('Budget');
  sheet.columns = [
    { width: 14 },
    { width: 14 },
    { width: 42 },
    { width: 18 },
    { width: 20 },
    { width: 18 },
    { width: 18 },
    { width: 18 },
  ];
  sheet.addRow([`Situation budgétaire de l'appel ${callCode}`]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  const header = sheet.addRow([
    'Code opération',
    'Imputation budgétaire',
    'Libellé opération',
    'AE (€)',
    'Engagé antérieurement (€)',
    'Disponible (€)',
    'Proposition (€)',
    'Solde (€)',
  ]);
  header.font = { bold: true };
  for (const row of rows) {
    const added = sheet.addRow([
      row.line.code,
      row.line.imputation,
      row.line.label,
      euros(row.ae),
      euros(row.committedBefore),
      euros(row.available),
      euros(row.proposed),
      euros(row.balance),
    ]);
    for (let column = 4; column <= 8; column += 1) added.getCell(column).numFmt = EUROS_FORMAT;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
