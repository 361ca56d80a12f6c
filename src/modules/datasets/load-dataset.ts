/**
 * Loads a département's dataset into a database, once: the collectivité, its territories, budget
 * lines, calls with their rules, structures and applications. Everything is validated first and
 * written in one transaction; a dataset already loaded is left as it is (a second start neither
 * fails nor duplicates).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { systemActor } from '../../kernel/actor.ts';
import { DomainError } from '../../kernel/errors.ts';
import { type Cents, cents } from '../../kernel/money.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { createApplication } from '../applications/index.ts';
import { insertBudgetLine, insertCommitment } from '../budget/index.ts';
import {
  type ConventionTerms,
  insertCall,
  insertFundingRule,
  insertOperation,
  insertTheme,
  ruleFromDataset,
  ruleToStoredParams,
} from '../calls/index.ts';
import { insertTerritory, upsertCollectivite } from '../collectivite/index.ts';
import { loadCommitteeDataset } from '../committee/index.ts';
import { insertStructureFromDataset } from '../structures/index.ts';
import {
  applicationsSchema,
  budgetLinesSchema,
  callSchema,
  collectiviteSchema,
  type DatasetApplication,
  type DatasetCall,
  type DatasetSession,
  datasetManifestSchema,
  electedMembersSchema,
  sessionSchema,
  structuresSchema,
  territoriesSchema,
} from './dataset.schema.ts';

export const DEFAULT_DATASET_DIR = new URL('../../../datasets/pas-de-calais-2023/', import.meta.url).pathname;

interface ParsedDataset {
  manifest: z.output<typeof datasetManifestSchema>;
  collectivite: z.output<typeof collectiviteSchema>;
  territories: z.output<typeof territoriesSchema>;
  budgetLines: z.output<typeof budgetLinesSchema>;
  calls: DatasetCall[];
  structures: z.output<typeof structuresSchema>;
  applications: { callCode: string; lines: DatasetApplication[] }[];
  electedMembers: z.output<typeof electedMembersSchema> | null;
  sessions: DatasetSession[];
  hash: string;
}

async function readYaml<T extends z.ZodType>(
  dir: string,
  file: string,
  schema: T,
  hash: ReturnType<typeof createHash>,
) {
  const text = await readFile(join(dir, file), 'utf8');
  hash.update(file).update(text);
  const parsed = schema.safeParse(YAML.parse(text));
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.join('.')} : ${issue.message}`)
      .join(' ; ');
    throw new DomainError('DATASET_INVALID', `Jeu de données invalide, fichier ${file} : ${issues}`);
  }
  return parsed.data as z.output<T>;
}

export async function readDataset(dir: string): Promise<ParsedDataset> {
  const hash = createHash('sha256');
  const manifest = await readYaml(dir, 'dataset.yaml', datasetManifestSchema, hash);
  const collectivite = await readYaml(dir, 'collectivite.yaml', collectiviteSchema, hash);
  const territories = await readYaml(dir, 'territories.yaml', territoriesSchema, hash);
  const budgetLines = await readYaml(dir, 'budget-lines.yaml', budgetLinesSchema, hash);
  const structures = await readYaml(dir, 'structures.yaml', structuresSchema, hash);
  const calls: DatasetCall[] = [];
  const applications: ParsedDataset['applications'] = [];
  const applicationFiles = new Set(await readdir(join(dir, 'applications')).catch(() => [] as string[]));
  for (const code of manifest.calls) {
    calls.push(await readYaml(dir, `calls/${code}.yaml`, callSchema, hash));
    if (applicationFiles.has(`${code}.yaml`)) {
      applications.push({
        callCode: code,
        lines: await readYaml(dir, `applications/${code}.yaml`, applicationsSchema, hash),
      });
    }
  }
  const electedMembers =
    manifest.sessions.length === 0
      ? null
      : await readYaml(dir, 'elected-members.yaml', electedMembersSchema, hash);
  const sessions: DatasetSession[] = [];
  for (const date of manifest.sessions)
    sessions.push(await readYaml(dir, `sessions/${date}.yaml`, sessionSchema, hash));
  return {
    manifest,
    electedMembers,
    sessions,
    collectivite,
    territories,
    budgetLines,
    calls,
    structures,
    applications,
    hash: hash.digest('hex'),
  };
}

export interface LoadResult {
  datasetId: string;
  loaded: boolean;
  counts: { calls: number; operations: number; structures: number; applications: number };
}

/** Loads the dataset unless it is already there. */
export async function loadDataset(db: Database, dir = DEFAULT_DATASET_DIR): Promise<LoadResult> {
  const dataset = await readDataset(dir);
  const counts = {
    calls: dataset.calls.length,
    operations: dataset.calls.reduce(
      (n, call) => n + call.themes.reduce((m, theme) => m + theme.operations.length, 0),
      0,
    ),
    structures: dataset.structures.length,
    applications: dataset.applications.reduce((n, file) => n + file.lines.length, 0),
  };
  const loaded = await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(4242002)');
    const done = await tx.query('select 1 from dataset_loads where dataset_id = $1', [dataset.manifest.id]);
    if (done.length > 0) return false;
    await writeDataset(tx, dataset);
    await tx.query('insert into dataset_loads (dataset_id, content_hash) values ($1, $2)', [
      dataset.manifest.id,
      dataset.hash,
    ]);
    return true;
  });
  // The embedded database has no autovacuum: give the planner its statistics after a bulk load.
  if (loaded) await db.query('analyze');
  return { datasetId: dataset.manifest.id, loaded, counts };
}

async function writeDataset(tx: Sql, dataset: ParsedDataset): Promise<void> {
  const actor = systemActor(`jeu de données ${dataset.manifest.id}`);
  await upsertCollectivite(tx, {
    code: dataset.collectivite.code,
    name: dataset.collectivite.name,
    shortName: dataset.collectivite.short_name,
    settings: dataset.collectivite.settings,
  });
  for (const [index, territory] of dataset.territories.entries()) {
    await insertTerritory(
      tx,
      {
        code: territory.code,
        name: territory.name,
        aliases: territory.aliases,
        isWholeDepartement: territory.whole_departement,
      },
      index,
    );
  }
  const lineIds = new Map<string, number>();
  for (const line of dataset.budgetLines) {
    const id = await insertBudgetLine(tx, {
      code: line.code,
      label: line.label,
      nature: line.nature,
      chapter: line.chapter,
      function_code: line.function,
      imputation: line.imputation,
      ae_cents: line.ae,
    });
    lineIds.set(line.code, id);
    for (const commitment of line.opening_commitments) {
      await insertCommitment(tx, {
        budgetLineId: id,
        applicationId: null,
        callId: null,
        label: commitment.label,
        amount: commitment.amount,
        status: 'committed',
        decidedOn: commitment.decided_on ?? null,
      });
    }
  }
  const operationIds = new Map<string, number>();
  const callIds = new Map<string, number>();
  for (const call of dataset.calls) {
    const callId = await insertCall(tx, {
      code: call.code,
      title: call.title,
      year: call.year,
      phase: call.phase ?? null,
      is_partial: call.partial,
    });
    callIds.set(call.code, callId);
    for (const theme of call.themes) {
      const themeId = await insertTheme(tx, {
        call_id: callId,
        number: theme.number,
        title: theme.title,
        intro: theme.intro ?? null,
        stated: storedStated(theme.stated),
      });
      for (const operation of theme.operations) {
        const budgetLineId = lineIds.get(operation.budget_line);
        if (budgetLineId === undefined) {
          throw new DomainError(
            'DATASET_INVALID',
            `Opération ${theme.number}.${operation.number} de ${call.code} : ligne budgétaire inconnue ${operation.budget_line}.`,
          );
        }
        const operationId = await insertOperation(
          tx,
          {
            theme_id: themeId,
            number: operation.number,
            title: operation.title,
            short_title: operation.short_title ?? operation.title,
            budget_line_id: budgetLineId,
            target_public: operation.target_public ?? null,
            description: operation.description ?? null,
            review_previous_year: operation.review_2022 ?? null,
            proposal: operation.proposal ?? null,
            stated: storedStated(operation.stated),
          },
          conventionTerms(operation.convention),
        );
        operationIds.set(`${call.code}/${theme.number}/${operation.number}`, operationId);
        for (const rule of operation.rules) {
          const engineRule = ruleFromDataset(rule);
          await insertFundingRule(tx, {
            operation_id: operationId,
            kind: engineRule.kind,
            params: ruleToStoredParams(engineRule),
            effective_from: rule.effective_from,
            effective_to: rule.effective_to ?? null,
            legal_reference: rule.legal_reference,
          });
        }
      }
    }
  }
  const structureIds = new Map<string, number>();
  for (const structure of dataset.structures) {
    structureIds.set(structure.key, await insertStructureFromDataset(tx, actor, structure));
  }
  const applicationIds = new Map<string, number>();
  const applicationIdsByCall = new Map<string, number[]>();
  for (const file of dataset.applications) {
    for (const line of file.lines) {
      const where = `${file.callCode}, ligne ${line.ref}`;
      const operationId = operationIds.get(`${file.callCode}/${line.theme}/${line.operation}`);
      const structureId = structureIds.get(line.structure);
      if (operationId === undefined || structureId === undefined) {
        throw new DomainError(
          'DATASET_INVALID',
          `${where} : ${operationId === undefined ? `opération ${line.theme}.${line.operation} inconnue` : `structure inconnue « ${line.structure} »`}.`,
        );
      }
      const amendsId = line.amends === undefined ? null : applicationIds.get(line.amends);
      if (amendsId === undefined)
        throw new DomainError('DATASET_INVALID', `${where} : convention modifiée inconnue ${line.amends}.`);
      const id = await createApplication(
        tx,
        {
          operationId,
          structureId,
          territories: line.territories,
          label: line.label,
          periodStart: line.period.start,
          periodEnd: line.period.end,
          quantity: line.quantity ?? null,
          unit: line.unit ?? null,
          siaeType: line.siae_type ?? null,
          directCostsCents: line.direct_costs ?? null,
          externalServicesCents: line.external_services ?? null,
          requestedCents: line.requested ?? null,
          retainedCents: line.retained,
          deviationJustification: line.justification ?? null,
          kind: line.kind,
          amendsApplicationId: amendsId,
          effectiveFrom: line.effective_from ?? null,
        },
        {
          actor,
          state: line.state,
          reference: `${file.callCode}-${line.ref.replace(/^P\d+-/, '')}`,
          printed: line.printed ?? null,
          motivation: `Reprise du jeu de données « ${dataset.manifest.title} »`,
          ...(line.voted_on ? { votedOn: line.voted_on } : {}),
        },
      ).catch((error: unknown) => {
        if (error instanceof DomainError) {
          throw new DomainError('DATASET_INVALID', `${where} : ${error.message}`);
        }
        throw error;
      });
      applicationIds.set(line.ref, id);
      const ofCall = applicationIdsByCall.get(file.callCode) ?? [];
      ofCall.push(id);
      applicationIdsByCall.set(file.callCode, ofCall);
    }
  }
  if (dataset.electedMembers) {
    await loadCommitteeDataset(
      tx,
      {
        groups: dataset.electedMembers.groups,
        members: dataset.electedMembers.members,
        boardSeats: dataset.electedMembers.board_seats,
        sessions: dataset.sessions,
      },
      {
        structureId: (key) => structureIds.get(key),
        callId: (code) => callIds.get(code),
        applicationIdsOfCall: (code) => applicationIdsByCall.get(code) ?? [],
      },
    );
  }
}

function conventionTerms(
  terms: DatasetCall['themes'][number]['operations'][number]['convention'],
): ConventionTerms {
  if (!terms) return {};
  return {
    ...(terms.objectives === undefined ? {} : { objectives: terms.objectives }),
    ...(terms.procedure === undefined ? {} : { procedure: terms.procedure }),
    ...(terms.professional_profile === undefined ? {} : { professionalProfile: terms.professional_profile }),
    ...(terms.advance_percent === undefined ? {} : { advancePercent: terms.advance_percent }),
    ...(terms.advance_amount === undefined ? {} : { advanceAmountCents: terms.advance_amount }),
    ...(terms.instalments === undefined || terms.instalments.length === 0
      ? {}
      : {
          instalments: terms.instalments.map((instalment) =>
            instalment.due_on === undefined
              ? { percent: instalment.percent }
              : { percent: instalment.percent, dueOn: instalment.due_on },
          ),
        }),
    ...(terms.review === undefined ? {} : { review: terms.review }),
  };
}

function storedStated(stated: { amount?: Cents | undefined; [key: string]: unknown } | undefined) {
  if (!stated) return {};
  const { amount, ...rest } = stated;
  return { ...rest, ...(amount === undefined ? {} : { amount_cents: cents(amount) }) };
}
