/**
 * Completes, with synthetic values, what the dataset of the specification does not publish and a
 * convention needs: each structure's SIRET, seat, representative and bank details, each
 * operation's convention terms, the collectivité's contact for conventions, and the yearly accounts
 * of 2022 to 2025 received in time (the payments of 2023's conventions wait for them otherwise). Valid identifiers
 * (Luhn SIRET, IBAN with its check digits and clé RIB), so that the documents are complete; none
 * of these values describe the real structures.
 */
import { ibanCheckDigits, luhnCheckDigit, ribKey } from '../../src/kernel/identifiers.ts';
import { assignConventionNumbers, createConventionLines } from '../../src/modules/conventions/index.ts';
import type { Database, Sql } from '../../src/platform/database.ts';

export function syntheticSiret(index: number): string {
  const payload = `9${String(100_000_000_000 + index).slice(-12)}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

export function syntheticIban(index: number): string {
  const banque = '30001';
  const guichet = '00064';
  const compte = String(index).padStart(11, '0');
  const bban = `${banque}${guichet}${compte}${ribKey(banque, guichet, compte)}`;
  return `FR${ibanCheckDigits('FR', bban)}${bban}`;
}

export async function completeConventionData(
  sql: Sql,
  options: { hostileName?: string } = {},
): Promise<void> {
  const structures = await sql.query<{ id: number }>(
    'select id from structures where merged_into_id is null order by id',
  );
  for (const [index, { id }] of structures.entries()) {
    await sql.query(
      `update structures set siret = $2, address_street = $3, address_postal_code = '62000', address_city = 'Arras',
         representative_name = $4, representative_title = 'Président(e)', iban = $5, bic = 'BDFEFRPPCCT'
       where id = $1`,
      [
        id,
        syntheticSiret(index + 1),
        `${index + 1} rue de la République`,
        `Camille Exemple ${index + 1}`,
        syntheticIban(index + 1),
      ],
    );
  }
  await sql.query(
    `insert into structure_yearly_accounts (structure_id, fiscal_year, received_on, recorded_by)
     select s.id, y.year, make_date(y.year + 1, 5, 31), 'donnees-de-test'
       from structures s cross join (values (2022), (2023), (2024), (2025)) as y(year)
      where s.merged_into_id is null
     on conflict do nothing`,
  );
  if (options.hostileName) {
    const first = structures[0];
    if (first)
      await sql.query('update structures set legal_name = $2 where id = $1', [first.id, options.hostileName]);
  }
  await sql.query(
    `update operations set convention_terms = jsonb_build_object(
       'objectives', 'Accompagner les personnes orientées vers l''opération jusqu''à une sortie positive.',
       'procedure', 'Entretiens individuels réguliers, ateliers collectifs, comités de suivi trimestriels.',
       'professionalProfile', 'Travailleur social ou conseiller en insertion professionnelle.',
       'advancePercent', 50,
       'review', 'Bilan qualitatif et quantitatif à transmettre au plus tard le 31 mars de l''année suivante.')`,
  );
  await sql.query(
    `update collectivite set settings = settings || jsonb_build_object(
       'convention_contact_email', 'conventions.inclusion@example.org',
       'convention_service', 'Service des conventions d''inclusion')`,
  );
}

/**
 * Numbers the conventions of a session (one per structure of its report's retained applications,
 * as the package does) and creates their lines, in one transaction; returns how many lines were
 * created. The tests of conventions and payments start from there without rendering documents.
 */
export async function numberSessionConventions(db: Database, sessionDate = '2023-06-12'): Promise<number> {
  const [session] = await db.query<{ id: number; year: number }>(
    'select id, extract(year from session_date)::int as year from committee_sessions where session_date = $1',
    [sessionDate],
  );
  if (!session) throw new Error(`Séance du ${sessionDate} introuvable.`);
  const structures = await db.query<{ structure_id: number }>(
    `select distinct a.structure_id from report_applications ra
       join committee_reports r on r.id = ra.report_id
       join applications a on a.id = ra.application_id
      where r.session_id = $1 and a.kind = 'convention' and a.state in ('proposed', 'voted')
        and a.retained_cents > 0
      order by a.structure_id`,
    [session.id],
  );
  return db.transaction(async (tx) => {
    await assignConventionNumbers(
      tx,
      { id: Number(session.id), year: Number(session.year) },
      structures.map((row) => Number(row.structure_id)),
    );
    return createConventionLines(tx, Number(session.id));
  });
}
