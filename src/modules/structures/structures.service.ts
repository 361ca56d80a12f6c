/** Use cases of the structures module: the registry of the structures the département funds. */
import type { Actor } from '../../kernel/actor.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import {
  insertStructure,
  markMerged,
  type StructureRow,
  type StructureWrite,
  searchStructures as searchRows,
  selectAllStructures,
  selectStructure,
  selectStructureBySiret,
  updateStructureIfVersion,
} from './structures.repository.ts';
import {
  CATEGORY_LABELS,
  type StructureCategory,
  type StructureInput,
  type StructurePatch,
  structureInputSchema,
} from './structures.schemas.ts';
import type { Structure } from './structures.types.ts';

export function toStructure(row: StructureRow): Structure {
  const category = row.category as StructureCategory;
  return {
    id: row.id,
    legalName: row.legal_name,
    shortName: row.short_name,
    displayName: row.short_name ?? row.legal_name,
    aliases: row.aliases,
    category,
    categoryLabel: CATEGORY_LABELS[category],
    siaeTypes: row.siae_types,
    legalForm: row.legal_form,
    siret: row.siret,
    rna: row.rna,
    addressStreet: row.address_street,
    addressPostalCode: row.address_postal_code,
    addressCity: row.address_city,
    representativeName: row.representative_name,
    representativeTitle: row.representative_title,
    email: row.email,
    phone: row.phone,
    iban: row.iban,
    bic: row.bic,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

function toWrite(input: StructureInput, datasetKey: string | null): StructureWrite {
  return {
    dataset_key: datasetKey,
    legal_name: input.legalName,
    short_name: input.shortName,
    aliases: input.aliases,
    category: input.category,
    siae_types: input.siaeTypes,
    legal_form: input.legalForm,
    siret: input.siret,
    rna: input.rna,
    address_street: input.addressStreet,
    address_postal_code: input.addressPostalCode,
    address_city: input.addressCity,
    representative_name: input.representativeName,
    representative_title: input.representativeTitle,
    email: input.email,
    phone: input.phone,
    iban: input.iban,
    bic: input.bic,
  };
}

function inputFromRow(row: StructureRow): StructureInput {
  const structure = toStructure(row);
  return {
    legalName: structure.legalName,
    shortName: structure.shortName,
    aliases: structure.aliases,
    category: structure.category,
    siaeTypes: structure.siaeTypes as StructureInput['siaeTypes'],
    legalForm: structure.legalForm,
    siret: structure.siret,
    rna: structure.rna,
    addressStreet: structure.addressStreet,
    addressPostalCode: structure.addressPostalCode,
    addressCity: structure.addressCity,
    representativeName: structure.representativeName,
    representativeTitle: structure.representativeTitle,
    email: structure.email,
    phone: structure.phone,
    iban: structure.iban,
    bic: structure.bic,
  };
}

async function assertSiretFree(sql: Sql, siret: string | null, exceptId: number | null): Promise<void> {
  if (siret === null) return;
  const holder = await selectStructureBySiret(sql, siret);
  if (holder && holder.id !== exceptId) {
    throw new ValidationError([
      {
        field: 'siret',
        message: `le SIRET ${siret} est déjà celui de « ${holder.short_name ?? holder.legal_name} » (n°${holder.id})`,
      },
    ]);
  }
}

export async function getStructure(sql: Sql, id: number): Promise<Structure> {
  const row = await selectStructure(sql, id);
  if (!row) throw new NotFoundError('Structure', id);
  return toStructure(row);
}

export async function listAllStructures(sql: Sql): Promise<Structure[]> {
  return (await selectAllStructures(sql)).map(toStructure);
}

export async function searchStructures(
  sql: Sql,
  query: { q?: string | undefined; limit: number; offset: number },
) {
  const { total, rows } = await searchRows(sql, query.q ?? '', query.limit, query.offset);
  return { total, items: rows.map(toStructure) };
}

async function auditStructure(tx: Sql, actor: Actor, action: string, id: number, before: Structure | null) {
  const after = await selectStructure(tx, id);
  await recordAudit(tx, {
    actor,
    action,
    entity: 'structure',
    entityId: id,
    before,
    after: after ? toStructure(after) : null,
  });
}

export async function createStructure(db: Database, input: StructureInput, actor: Actor): Promise<Structure> {
  const id = await db.transaction(async (tx) => {
    await assertSiretFree(tx, input.siret, null);
    const created = await insertStructure(tx, toWrite(input, null));
    await auditStructure(tx, actor, 'create', created, null);
    return created;
  });
  return getStructure(db, id);
}

/** Saves a change made from the version read; a concurrent change gives a conflict, never a silent overwrite. */
export async function updateStructure(
  db: Database,
  id: number,
  patch: StructurePatch,
  actor: Actor,
): Promise<Structure> {
  await db.transaction(async (tx) => {
    // Locked: a concurrent save waits here, then sees the winner's version.
    const current = await selectStructure(tx, id, { forUpdate: true });
    if (!current) throw new NotFoundError('Structure', id);
    if (current.version !== patch.version) {
      throw new ConflictError(
        `La structure « ${current.short_name ?? current.legal_name} » a été modifiée par quelqu'un d'autre depuis votre lecture (version ${patch.version}, version actuelle ${current.version}). Rechargez-la et refaites votre modification.`,
        { current: toStructure(current) },
      );
    }
    if (current.merged_into_id !== null) {
      throw new DomainError(
        'STRUCTURE_MERGED',
        `Cette structure a été fusionnée dans la structure n°${current.merged_into_id}.`,
      );
    }
    const { version, ...changes } = patch;
    const merged: StructureInput = {
      ...inputFromRow(current),
      ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
    };
    await assertSiretFree(tx, merged.siret, id);
    const saved = await updateStructureIfVersion(tx, id, version, toWrite(merged, current.dataset_key));
    if (!saved) throw new ConflictError(`La structure n°${id} vient d'être modifiée par quelqu'un d'autre.`);
    await auditStructure(tx, actor, 'update', id, toStructure(current));
  });
  return getStructure(db, id);
}

/** A structure of a dataset: validated like any input (a wrong SIRET or IBAN stops the load). */
export async function insertStructureFromDataset(
  tx: Sql,
  actor: Actor,
  data: {
    key: string;
    legal_name: string;
    short_name?: string | null | undefined;
    aliases: string[];
    category: string;
    siae_types: ('AI' | 'EI' | 'ACI')[];
    legal_form?: string | null | undefined;
    siret?: string | null | undefined;
    rna?: string | null | undefined;
    address?:
      | { street?: string | undefined; postal_code?: string | undefined; city?: string | undefined }
      | undefined;
    representative?: { name: string; title?: string | undefined } | undefined;
    email?: string | undefined;
    phone?: string | undefined;
    iban?: string | null | undefined;
    bic?: string | null | undefined;
  },
): Promise<number> {
  const parsed = structureInputSchema.safeParse({
    legalName: data.legal_name,
    shortName: data.short_name ?? null,
    aliases: data.aliases,
    category: data.category,
    siaeTypes: data.siae_types,
    legalForm: data.legal_form ?? null,
    siret: data.siret ?? null,
    rna: data.rna ?? null,
    addressStreet: data.address?.street ?? null,
    addressPostalCode: data.address?.postal_code ?? null,
    addressCity: data.address?.city ?? null,
    representativeName: data.representative?.name ?? null,
    representativeTitle: data.representative?.title ?? null,
    email: data.email ?? null,
    phone: data.phone ?? null,
    iban: data.iban ?? null,
    bic: data.bic ?? null,
  });
  if (!parsed.success) {
    throw new DomainError(
      'DATASET_INVALID',
      `Structure « ${data.key} » : ${parsed.error.issues.map((issue) => `${issue.path.join('.')} : ${issue.message}`).join(' ; ')}`,
    );
  }
  await assertSiretFree(tx, parsed.data.siret, null);
  const id = await insertStructure(tx, toWrite(parsed.data, data.key));
  await auditStructure(tx, actor, 'create', id, null);
  return id;
}

/**
 * Merges two records of one structure into the one kept: its own data win, the other's fill what it
 * lacks, every name of the other becomes an alias, and the other record is marked as merged (kept
 * for the history, hidden from lists). Two different SIRETs are not one structure: refused.
 * Runs inside the caller's transaction, which moves what points to the merged record.
 */
export async function mergeStructureRecords(
  tx: Sql,
  merge: { mergedId: number; mergedVersion: number; keptId: number; keptVersion: number },
  actor: Actor,
): Promise<{ kept: Structure; merged: Structure }> {
  if (merge.mergedId === merge.keptId) {
    throw new ValidationError([
      { field: 'intoId', message: 'une structure ne peut pas être fusionnée avec elle-même' },
    ]);
  }
  const merged = await selectStructure(tx, merge.mergedId, { forUpdate: true });
  const kept = await selectStructure(tx, merge.keptId, { forUpdate: true });
  if (!merged) throw new NotFoundError('Structure', merge.mergedId);
  if (!kept)
    throw new ValidationError([{ field: 'intoId', message: `structure inconnue : ${merge.keptId}` }]);
  for (const [row, version] of [
    [merged, merge.mergedVersion],
    [kept, merge.keptVersion],
  ] as const) {
    if (row.version !== version) {
      throw new ConflictError(
        `La structure « ${row.short_name ?? row.legal_name} » a été modifiée depuis votre lecture (version ${version}, version actuelle ${row.version}).`,
        { current: toStructure(row) },
      );
    }
    if (row.merged_into_id !== null) {
      throw new DomainError(
        'STRUCTURE_MERGED',
        `La structure n°${row.id} a déjà été fusionnée dans la n°${row.merged_into_id}.`,
      );
    }
  }
  if (merged.siret !== null && kept.siret !== null && merged.siret !== kept.siret) {
    throw new ValidationError([
      {
        field: 'intoId',
        message: `SIRET différents (${merged.siret} et ${kept.siret}) : ce sont deux établissements, pas une même structure`,
      },
    ]);
  }
  const before = { kept: toStructure(kept), merged: toStructure(merged) };
  const input = inputFromRow(kept);
  const other = inputFromRow(merged);
  const names = [merged.legal_name, merged.short_name, ...merged.aliases].filter(
    (name): name is string => name !== null && name !== kept.legal_name && name !== kept.short_name,
  );
  const combined: StructureInput = {
    ...Object.fromEntries(
      Object.entries(input).map(([key, value]) => [key, value ?? other[key as keyof StructureInput] ?? null]),
    ),
    legalName: input.legalName,
    category: input.category,
    aliases: [...new Set([...input.aliases, ...names])],
    siaeTypes: [...new Set([...input.siaeTypes, ...other.siaeTypes])],
  } as StructureInput;
  // The SIRET moves to the kept record: free it first (it is unique among live records).
  await markMerged(tx, merged.id, kept.id);
  await updateStructureIfVersion(tx, kept.id, kept.version, toWrite(combined, kept.dataset_key));
  const keptAfter = await getStructure(tx, kept.id);
  const mergedAfter = await getStructure(tx, merged.id);
  await recordAudit(tx, {
    actor,
    action: 'merge',
    entity: 'structure',
    entityId: kept.id,
    before: before.kept,
    after: keptAfter,
  });
  await recordAudit(tx, {
    actor,
    action: `merged_into:${kept.id}`,
    entity: 'structure',
    entityId: merged.id,
    before: before.merged,
    after: mergedAfter,
  });
  return { kept: keptAfter, merged: mergedAfter };
}

export type { Structure };
