/** The collectivité's settings and its territories: the département as data. */
import type { Actor } from '../../kernel/actor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';

export interface Territory {
  id: number;
  code: string;
  name: string;
  aliases: string[];
  isWholeDepartement: boolean;
}

export interface Collectivite {
  code: string;
  name: string;
  shortName: string;
  settings: Record<string, unknown>;
  /** Read with the settings, sent back with a change of them (409 when someone saved meanwhile). */
  settingsVersion?: number;
}

interface TerritoryRow {
  id: number;
  code: string;
  name: string;
  aliases: string[];
  is_whole_departement: boolean;
}

export async function upsertCollectivite(sql: Sql, collectivite: Collectivite): Promise<void> {
  await sql.query(
    `insert into collectivite (id, code, name, short_name, settings) values (1, $1, $2, $3, $4)
     on conflict (id) do update set code = excluded.code, name = excluded.name, short_name = excluded.short_name,
       settings = excluded.settings, updated_at = now()`,
    [collectivite.code, collectivite.name, collectivite.shortName, JSON.stringify(collectivite.settings)],
  );
}

export async function getCollectivite(sql: Sql): Promise<Collectivite | undefined> {
  const [row] = await sql.query<{
    code: string;
    name: string;
    short_name: string;
    settings: Record<string, unknown>;
    settings_version: number;
  }>('select code, name, short_name, settings, settings_version from collectivite where id = 1');
  return row
    ? {
        code: row.code,
        name: row.name,
        shortName: row.short_name,
        settings: row.settings,
        settingsVersion: Number(row.settings_version),
      }
    : undefined;
}

export async function insertTerritory(
  sql: Sql,
  territory: Omit<Territory, 'id'>,
  sortOrder: number,
): Promise<void> {
  await sql.query(
    `insert into territories (code, name, aliases, is_whole_departement, sort_order) values ($1, $2, $3, $4, $5)`,
    [territory.code, territory.name, territory.aliases, territory.isWholeDepartement, sortOrder],
  );
}

export async function listTerritories(sql: Sql): Promise<Territory[]> {
  const rows = await sql.query<TerritoryRow>(
    'select id, code, name, aliases, is_whole_departement from territories order by sort_order, name',
  );
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    aliases: row.aliases,
    isWholeDepartement: row.is_whole_departement,
  }));
}

/** Territory codes → ids, refusing unknown codes with the field named. */
export async function resolveTerritories(
  sql: Sql,
  codes: readonly string[],
  field = 'territories',
): Promise<Territory[]> {
  const all = await listTerritories(sql);
  const byCode = new Map(all.map((territory) => [territory.code, territory]));
  const unknown = codes.filter((code) => !byCode.has(code));
  if (unknown.length > 0) {
    throw new ValidationError([
      {
        field,
        message: `territoire inconnu : ${unknown.join(', ')} (connus : ${all.map((t) => t.code).join(', ')})`,
      },
    ]);
  }
  return codes.map((code) => byCode.get(code)).filter((territory) => territory !== undefined);
}

/** Who the structures write to about their convention: printed in every convention (audited). */
export async function setConventionContact(
  db: Database,
  actor: Actor,
  contact: { email: string; service: string; version: number },
): Promise<Collectivite> {
  await db.transaction(async (tx) => {
    const before = await getCollectivite(tx);
    if (!before) throw new NotFoundError('Collectivité', 1);
    const saved = await tx.query(
      `update collectivite set settings = settings || jsonb_build_object('convention_contact_email', $1::text,
         'convention_service', $2::text), settings_version = settings_version + 1, updated_at = now()
        where id = 1 and settings_version = $3 returning id`,
      [contact.email, contact.service, contact.version],
    );
    if (saved.length === 0) {
      throw new ConflictError(
        "Le contact des conventions a été modifié par quelqu'un d'autre depuis votre lecture : rechargez-le.",
        { current: before },
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'collectivite.convention_contact',
      entity: 'collectivite',
      entityId: 1,
      before: {
        email: before.settings.convention_contact_email ?? null,
        service: before.settings.convention_service ?? null,
      },
      after: { email: contact.email, service: contact.service },
    });
  });
  const after = await getCollectivite(db);
  if (!after) throw new NotFoundError('Collectivité', 1);
  return after;
}
