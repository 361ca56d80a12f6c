/**
 * CSV as RFC 4180 describes it: records end with CRLF, a field is quoted when it must be, and a quote
 * inside a quoted field is doubled. French Excel wants ';' as separator and a UTF-8 BOM to read
 * accents correctly: `toCsv(header, rows, { separator: ';', bom: true })`.
 *
 * `toCsv` writes texts exactly as given. A text typed by a user that a spreadsheet could take for a
 * formula ("=HYPERLINK(…)", "@SUM(…)") must go through `neutraliseFormula` first: the writer cannot do
 * it itself, as it would then alter legitimate data such as "-54000.00" or "=" in a comment.
 */
import { DomainError } from './errors.ts';

export type CsvSeparator = ',' | ';';
export type CsvValue = string | number | null;

export interface CsvOptions {
  readonly separator?: CsvSeparator;
  /** Starts the text with U+FEFF, so that Excel reads it as UTF-8. */
  readonly bom?: boolean;
}

const BOM = '\ufeff';
const CRLF = '\r\n';

function fieldText(value: CsvValue, row: number, column: number): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new DomainError(
        'CSV_NOT_FINITE',
        `Valeur numérique invalide (${value}) à la ligne ${row}, colonne ${column} de l'export.`,
      );
    }
    return String(value);
  }
  return value;
}

/**
 * Quotes a field when it contains the separator, a double quote, CR or LF, and also when it starts
 * with U+FEFF (it would otherwise be taken for a byte order mark when it opens the file).
 */
function quoteIfNeeded(text: string, separator: CsvSeparator): string {
  if (text.includes(separator) || /["\r\n]/.test(text) || text.startsWith(BOM)) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

function record(values: readonly CsvValue[], separator: CsvSeparator, row: number): string {
  // A record of one empty field would be an empty line, which many readers skip: write it as "".
  if (values.length === 1 && fieldText(values[0] ?? null, row, 1) === '') return '""';
  return values
    .map((value, index) => quoteIfNeeded(fieldText(value, row, index + 1), separator))
    .join(separator);
}

/** A header line and one line per row, each ended by CRLF. Every row has as many fields as the header. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvValue[])[],
  options?: CsvOptions,
): string {
  const separator = options?.separator ?? ',';
  if (header.length === 0)
    throw new DomainError('CSV_EMPTY_HEADER', 'Un export CSV doit comporter au moins une colonne.');
  const lines = [record(header, separator, 1)];
  rows.forEach((row, index) => {
    const line = index + 2;
    if (row.length !== header.length) {
      throw new DomainError(
        'CSV_ROW_LENGTH',
        `La ligne ${line} de l'export comporte ${row.length} champs au lieu de ${header.length}.`,
      );
    }
    lines.push(record(row, separator, line));
  });
  return `${options?.bom ? BOM : ''}${lines.join(CRLF)}${CRLF}`;
}

/**
 * Reads RFC 4180 CSV into records of texts: quoted fields may contain the separator, doubled quotes
 * and line breaks; records end with CRLF, LF or CR; a leading BOM is ignored; the line break after the
 * last record is optional. A line with nothing on it is a record of one empty field.
 */
export function parseCsv(text: string, separator: CsvSeparator = ','): string[][] {
  const input = text.startsWith(BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  const malformed = (what: string): DomainError =>
    new DomainError('CSV_MALFORMED', `CSV illisible à la ligne ${line} : ${what}.`);

  while (i < input.length) {
    // At the start of a field.
    if (input[i] === '"') {
      i += 1;
      for (;;) {
        const quote = input.indexOf('"', i);
        if (quote === -1) throw malformed('guillemet ouvert mais jamais fermé');
        const chunk = input.slice(i, quote);
        for (const char of chunk) if (char === '\n') line += 1;
        field += chunk;
        i = quote + 1;
        if (input[i] === '"') {
          field += '"';
          i += 1;
        } else break;
      }
      const next = input[i];
      if (next !== undefined && next !== separator && next !== '\r' && next !== '\n') {
        throw malformed('caractère après un guillemet fermant');
      }
    } else {
      while (i < input.length) {
        const char = input[i];
        if (char === separator || char === '\r' || char === '\n') break;
        if (char === '"') throw malformed('guillemet au milieu d’un champ non entouré de guillemets');
        field += char;
        i += 1;
      }
    }
    // At the end of a field.
    fields.push(field);
    field = '';
    const end = input[i];
    if (end === separator) {
      i += 1;
      if (i === input.length) fields.push('');
      continue;
    }
    records.push(fields);
    fields = [];
    if (end === '\r') i += input[i + 1] === '\n' ? 2 : 1;
    else if (end === '\n') i += 1;
    line += 1;
  }
  if (fields.length > 0) records.push(fields);
  return records;
}

const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * Defuses a text that a spreadsheet would evaluate as a formula (it starts with =, +, -, @, tab or
 * CR) by prefixing an apostrophe, unless the text is a plain number such as "-54000.00" or "+3,5".
 */
export function neutraliseFormula(text: string): string {
  if (/^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) return `'${text}`;
  return text;
}
