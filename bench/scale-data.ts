/**
 * Fills a loaded database with a generated registry of structures and a call grown to tens of
 * thousands of proposed applications, in a few set-based statements: going through the API would
 * measure the API (about fifteen statements per application) instead of what follows. The rows
 * respect the schema and its checks and look like what the API writes: each application has its
 * operation's rule computed by the engine, a territory, its creation in the history and its proposed
 * charge on the budget line. The charges are not checked against the lines' AE, which a real call
 * of this size would exceed: the consistency check then reports it, as it should.
 */
import { type PlainDate, plainDate } from '../src/kernel/dates.ts';
import { type Cents, cents } from '../src/kernel/money.ts';
import { getCallTree, type Operation, ruleInForce } from '../src/modules/calls/index.ts';
import { computeFunding } from '../src/modules/funding/index.ts';
import type { Database, Sql } from '../src/platform/database.ts';
import type { Prng } from './prng.ts';
import { syntheticFacts } from './synthetic.ts';

/** 70 syllables ("ba" to "zu"): invented words of two or three of them rarely come one letter apart. */
const SYLLABLES = [...'bcdfglmnprstvz'].flatMap((consonant) =>
  [...'aeiou'].map((vowel) => consonant + vowel),
);
const KINDS = ['Association', 'Collectif', 'Atelier', 'Maison', 'Réseau', 'Entraide', 'Chantier', 'Foyer'];
const CITIES = [
  { postalCode: '62000', city: 'Arras' },
  { postalCode: '62100', city: 'Calais' },
  { postalCode: '62200', city: 'Boulogne-sur-Mer' },
  { postalCode: '62300', city: 'Lens' },
  { postalCode: '62400', city: 'Béthune' },
  { postalCode: '62500', city: 'Saint-Omer' },
  { postalCode: '62700', city: 'Bruay-la-Buissière' },
  { postalCode: '62800', city: 'Liévin' },
];

function word(prng: Prng): string {
  const syllables = Array.from({ length: prng.int(2, 3) }, () => prng.pick(SYLLABLES)).join('');
  return syllables.charAt(0).toUpperCase() + syllables.slice(1);
}

interface StructureSeed {
  key: string;
  name: string;
  siret: string;
  street: string;
  postalCode: string;
  city: string;
  representative: string;
  iban: string;
  bic: string;
}

/**
 * Distinct names made of invented words ("Collectif Belmar Torvali"), complete data for a
 * convention, unique SIRETs: the generated registry adds volume to the checks and almost no
 * findings (a couple of invented names happen to be one letter apart).
 */
function structureSeeds(prng: Prng, total: number): StructureSeed[] {
  const names = new Set<string>();
  const seeds: StructureSeed[] = [];
  while (seeds.length < total) {
    const name = `${prng.pick(KINDS)} ${word(prng)} ${word(prng)}`;
    if (names.has(name)) continue;
    names.add(name);
    const index = seeds.length + 1;
    const place = prng.pick(CITIES);
    seeds.push({
      key: `bench-structure-${index}`,
      name,
      siret: String(40_000_000_000_000 + index * 97),
      street: `${prng.int(1, 250)} rue ${word(prng)}`,
      postalCode: place.postalCode,
      city: place.city,
      representative: `${word(prng)} ${word(prng).toUpperCase()}`,
      iban: `FR76${String(index).padStart(23, '0')}`,
      bic: 'CEPAFRPP627',
    });
  }
  return seeds;
}

async function insertStructures(tx: Sql, seeds: readonly StructureSeed[]): Promise<number[]> {
  const column = <K extends keyof StructureSeed>(key: K) => seeds.map((seed) => seed[key]);
  const rows = await tx.query<{ id: number }>(
    `insert into structures (dataset_key, legal_name, category, siret, address_street, address_postal_code,
                             address_city, representative_name, representative_title, iban, bic)
     select key, name, 'association', siret, street, postal_code, city, representative, 'Président(e)', iban, bic
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::text[])
         as s(key, name, siret, street, postal_code, city, representative, iban, bic)
     returning id`,
    [
      column('key'),
      column('name'),
      column('siret'),
      column('street'),
      column('postalCode'),
      column('city'),
      column('representative'),
      column('iban'),
      column('bic'),
    ],
  );
  return rows.map((row) => row.id);
}

/** One applications row, column by column, as the unnest below expects it. */
interface ApplicationSeed {
  reference: string;
  operationId: number;
  structureId: number;
  territoryId: number;
  label: string;
  periodStart: PlainDate;
  periodEnd: PlainDate;
  quantity: number | null;
  unit: string | null;
  siaeType: string | null;
  directCosts: Cents | null;
  externalServices: Cents | null;
  computed: Cents | null;
  computation: string;
  retained: Cents;
}

const CALL_START = plainDate(2023, 1, 1);

function applicationSeed(
  prng: Prng,
  index: number,
  callCode: string,
  operation: Operation,
  structureId: number,
  territoryId: number,
): ApplicationSeed {
  const version = ruleInForce(operation, CALL_START);
  if (!version) throw new Error(`Opération ${operation.themeNumber}.${operation.number} sans règle.`);
  const facts = syntheticFacts(prng, version.rule);
  // Every synthetic period starts in 2023, where the call has one rule per operation.
  if (ruleInForce(operation, facts.period.start)?.id !== version.id) {
    throw new Error(`Règle en vigueur inattendue le ${facts.period.start}.`);
  }
  const result = computeFunding(version.rule, facts);
  if (result.status === 'not_computable')
    throw new Error(`Dossier synthétique non calculable : ${result.reason}`);
  const computed = result.status === 'computed' ? result.amount : null;
  const quantityText = facts.quantity === null ? '' : ` : ${facts.quantity} ${facts.unit ?? ''}`.trimEnd();
  return {
    reference: `${callCode}-S${String(index + 1).padStart(5, '0')}`,
    operationId: operation.id,
    structureId,
    territoryId,
    label: `Action synthétique n°${index + 1}${quantityText}`,
    periodStart: facts.period.start,
    periodEnd: facts.period.end,
    quantity: facts.quantity,
    unit: facts.unit ?? null,
    siaeType: facts.siaeType ?? null,
    directCosts: facts.directCosts ?? null,
    externalServices: facts.externalServices ?? null,
    computed,
    computation: JSON.stringify({
      status: result.status,
      amount: computed,
      explanation: result.explanation,
      ruleId: version.id,
    }),
    // Retained as computed, or an amount decided on review where the rule has no scale.
    retained: computed ?? cents(prng.int(5_000, 60_000) * 100),
  };
}

async function insertApplications(tx: Sql, callId: number, seeds: readonly ApplicationSeed[]): Promise<void> {
  const column = <K extends keyof ApplicationSeed>(key: K) => seeds.map((seed) => seed[key]);
  await tx.query(
    `insert into applications (reference, call_id, operation_id, structure_id, label, period_start, period_end,
                               quantity, unit, siae_type, direct_costs_cents, external_services_cents,
                               requested_cents, computed_cents, computation, retained_cents, kind, state, sort_key)
     select reference, $1, operation_id, structure_id, label, period_start, period_end, quantity, unit, siae_type,
            direct_costs, external_services, retained, computed, computation::jsonb, retained, 'convention', 'proposed',
            (select t.number * 1000 + o.number from operations o join themes t on t.id = o.theme_id
              where o.id = operation_id)
       from unnest($2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::date[], $7::date[], $8::numeric[],
                   $9::text[], $10::text[], $11::bigint[], $12::bigint[], $13::bigint[], $14::text[], $15::bigint[])
         as a(reference, operation_id, structure_id, label, period_start, period_end, quantity, unit, siae_type,
              direct_costs, external_services, computed, computation, retained)`,
    [
      callId,
      column('reference'),
      column('operationId'),
      column('structureId'),
      column('label'),
      column('periodStart'),
      column('periodEnd'),
      column('quantity'),
      column('unit'),
      column('siaeType'),
      column('directCosts'),
      column('externalServices'),
      column('computed'),
      column('computation'),
      column('retained'),
    ],
  );
  const references = column('reference');
  await tx.query(
    `insert into application_territories (application_id, territory_id)
     select a.id, t.territory_id
       from unnest($1::text[], $2::bigint[]) as t(reference, territory_id)
       join applications a on a.reference = t.reference`,
    [references, column('territoryId')],
  );
  await tx.query(
    `insert into application_decisions (application_id, from_state, to_state, author, motivation)
     select a.id, null, 'proposed', 'Banc d''essai', 'Demande synthétique du banc d''essai'
       from applications a where a.reference = any($1::text[])`,
    [references],
  );
  await tx.query(
    `insert into budget_commitments (budget_line_id, application_id, call_id, label, amount_cents, status)
     select o.budget_line_id, a.id, a.call_id,
            'Demande ' || a.reference || ' — ' || coalesce(s.short_name, s.legal_name), a.retained_cents, 'proposed'
       from applications a
       join operations o on o.id = a.operation_id
       join structures s on s.id = a.structure_id
      where a.reference = any($1::text[])`,
    [references],
  );
}

export interface ScaleCounts {
  structures: number;
  applications: number;
}

/**
 * Adds `counts.structures` structures and `counts.applications` proposed applications to the call,
 * spread over its operations as its real lines are (an operation with 26 lines in annexe 3 gets
 * 26 times more than one with a single line), over the territories and over the new structures.
 */
export async function insertScaleData(
  db: Database,
  prng: Prng,
  callCode: string,
  counts: ScaleCounts,
): Promise<void> {
  const tree = await getCallTree(db, callCode);
  const operations = new Map(tree.themes.flatMap((theme) => theme.operations).map((op) => [op.id, op]));
  const realLines = await db.query<{ operation_id: number; lines: number }>(
    'select operation_id, count(*)::integer as lines from applications where call_id = $1 group by operation_id',
    [tree.id],
  );
  const operationMix = realLines.flatMap((row) => {
    const operation = operations.get(row.operation_id);
    return operation ? [{ weight: row.lines, value: operation }] : [];
  });
  const territories = await db.query<{ id: number }>(
    'select id from territories where not is_whole_departement order by sort_order',
  );
  const territoryIds = territories.map((territory) => territory.id);
  await db.transaction(async (tx) => {
    const structureIds = await insertStructures(tx, structureSeeds(prng, counts.structures));
    const seeds = Array.from({ length: counts.applications }, (_, index) =>
      applicationSeed(
        prng,
        index,
        callCode,
        prng.weighted(operationMix),
        prng.pick(structureIds),
        prng.pick(territoryIds),
      ),
    );
    await insertApplications(tx, tree.id, seeds);
  });
}
