/** The only SQL of the structures module. */
import type { Sql } from '../../platform/database.ts';

export interface StructureRow {
  id: number;
  dataset_key: string | null;
  legal_name: string;
  short_name: string | null;
  aliases: string[];
  category: string;
  siae_types: ('AI' | 'EI' | 'ACI')[];
  legal_form: string | null;
  siret: string | null;
  rna: string | null;
  address_street: string | null;
  address_postal_code: string | null;
  address_city: string | null;
  representative_name: string | null;
  representative_title: string | null;
  email: string | null;
  phone: string | null;
  iban: string | null;
  bic: string | null;
  merged_into_id: number | null;
  version: number;
  updated_at: string;
}

export type StructureWrite = Omit<StructureRow, 'id' | 'merged_into_id' | 'version' | 'updated_at'>;

const WRITE_COLUMNS = [
  'dataset_key',
  'legal_name',
  'short_name',
  'aliases',
  'category',
  'siae_types',
  'legal_form',
  'siret',
  'rna',
  'address_street',
  'address_postal_code',
  'address_city',
  'representative_name',
  'representative_title',
  'email',
  'phone',
  'iban',
  'bic',
] as const satisfies readonly (keyof StructureWrite)[];

const SELECT = `select id, dataset_key, legal_name, short_name, aliases, category, siae_types, legal_form, siret, rna,
  address_street, address_postal_code, address_city, representative_name, representative_title, email, phone,
  iban, bic, merged_into_id, version, updated_at::text as updated_at from structures`;

export async function insertStructure(sql: Sql, write: StructureWrite): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `insert into structures (${WRITE_COLUMNS.join(', ')})
     values (${WRITE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
    WRITE_COLUMNS.map((column) => write[column]),
  );
  return (row as { id: number }).id;
}

export async function updateStructureIfVersion(
  sql: Sql,
  id: number,
  expectedVersion: number,
  write: StructureWrite,
): Promise<boolean> {
  const assignments = WRITE_COLUMNS.map((column, i) => `${column} = $${i + 1}`).join(', ');
  const rows = await sql.query<{ id: number }>(
    `update structures set ${assignments}, version = version + 1, updated_at = now()
      where id = $${WRITE_COLUMNS.length + 1} and version = $${WRITE_COLUMNS.length + 2} returning id`,
    [...WRITE_COLUMNS.map((column) => write[column]), id, expectedVersion],
  );
  return rows.length > 0;
}

export async function selectStructure(
  sql: Sql,
  id: number,
  options?: { forUpdate?: boolean },
): Promise<StructureRow | undefined> {
  return (
    await sql.query<StructureRow>(`${SELECT} where id = $1${options?.forUpdate ? ' for update' : ''}`, [id])
  )[0];
}

export async function selectStructureBySiret(sql: Sql, siret: string): Promise<StructureRow | undefined> {
  return (await sql.query<StructureRow>(`${SELECT} where siret = $1 and merged_into_id is null`, [siret]))[0];
}

export function selectAllStructures(sql: Sql): Promise<StructureRow[]> {
  return sql.query<StructureRow>(`${SELECT} where merged_into_id is null order by lower(legal_name)`);
}

/** Search by name, short name, alias (case and accent insensitive) or SIRET. */
export async function searchStructures(sql: Sql, query: string, limit: number, offset: number) {
  const digits = query.replace(/\s/g, '');
  const pattern = `%${query.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const where = `where merged_into_id is null and (
      translate(lower(legal_name), 'àâäéèêëîïôöùûüç', 'aaaeeeeiioouuuc') like translate(lower($1), 'àâäéèêëîïôöùûüç', 'aaaeeeeiioouuuc')
      or translate(lower(coalesce(short_name, '')), 'àâäéèêëîïôöùûüç', 'aaaeeeeiioouuuc') like translate(lower($1), 'àâäéèêëîïôöùûüç', 'aaaeeeeiioouuuc')
      or exists (select 1 from unnest(aliases) alias where lower(alias) like lower($1))
      or ($2 <> '' and siret like $2 || '%'))`;
  const digitsOnly = /^\d{3,14}$/.test(digits) ? digits : '';
  const [count] = await sql.query<{ total: number }>(
    `select count(*)::bigint as total from structures ${where}`,
    [pattern, digitsOnly],
  );
  const rows = await sql.query<StructureRow>(
    `${SELECT} ${where} order by lower(legal_name) limit ${limit} offset ${offset}`,
    [pattern, digitsOnly],
  );
  return { total: count?.total ?? 0, rows };
}

export async function markMerged(sql: Sql, id: number, intoId: number): Promise<void> {
  await sql.query(
    'update structures set merged_into_id = $2, version = version + 1, updated_at = now() where id = $1',
    [id, intoId],
  );
}
