/**
 * The package of a session of the Commission Permanente: the report, the deliberation, annexes 1
 * to 4 and one convention per structure, each as DOCX (from the dataset's Word templates) and PDF,
 * annexe 3 also as XLSX, and the conventions together in one ZIP. Nothing is generated while a
 * convention lacks data: the list of what is missing, for which structure or operation, comes
 * first. Stored documents keep their template's version (sha-256) and their own hash.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import PizZip from 'pizzip';
import type { Actor } from '../../../kernel/actor.ts';
import { ConflictError, DomainError, NotFoundError } from '../../../kernel/errors.ts';
import type { Database, Sql } from '../../../platform/database.ts';
import { buildAllocationTable } from '../../applications/index.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  assignConventionNumbers,
  conventionNumbersOfSession,
  createConventionLines,
} from '../../conventions/index.ts';
import { DEFAULT_DATASET_DIR } from '../../datasets/load-dataset.ts';
import type { Structure } from '../../structures/index.ts';
import { allocationsToXlsx } from '../exports.ts';
import {
  allocationAnnexData,
  type ConventionPlan,
  conventionData,
  conventionPlans,
  deliberationData,
  formatMissing,
  type MissingItem,
  missingForConventions,
  operationsAnnexData,
  type ReportPackage,
  readReportPackage,
  reportData,
} from './package-data.ts';
import { inlineRenderer, type Renderer, workerRenderer } from './render-pool.ts';

export const DEFAULT_TEMPLATES_DIR = join(DEFAULT_DATASET_DIR, 'templates');

export const TEMPLATE_FILES = {
  report: 'rapport.docx',
  deliberation: 'deliberation.docx',
  operations: 'annexe-operations.docx',
  allocations: 'annexe-repartition.docx',
  convention: 'convention.docx',
} as const;
type TemplateKey = keyof typeof TEMPLATE_FILES;

export const MEDIA_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
} as const;
export type DocumentFormat = keyof typeof MEDIA_TYPES;

export interface PackageFile {
  /** Path inside the package ("conventions/2023-0001-ccas-de-calais.pdf"). */
  name: string;
  kind: string;
  title: string;
  format: DocumentFormat;
  bytes: Buffer;
  structureId: number | null;
  templateName: string | null;
  templateSha256: string | null;
  sha256: string;
}

export interface PackageProgress {
  done: number;
  total: number;
  /** The document just finished. */
  current: string;
}

export interface GeneratePackageOptions {
  sessionDate: string;
  reportNumber?: string;
  templatesDir?: string;
  actor: Actor;
  onProgress?: (progress: PackageProgress) => void;
  /** Preview: nothing is stored and no convention number is given. */
  preview?: boolean;
  /** Date printed in the PDFs' metadata (defaults to the session's date, for reproducible files). */
  pdfDate?: Date;
}

export interface PackageResult {
  sessionDate: string;
  files: PackageFile[];
  conventions: number;
  missing: MissingItem[];
}

export class PackageIncompleteError extends DomainError {
  readonly missing: readonly MissingItem[];
  constructor(sessionDate: string, missing: readonly MissingItem[]) {
    const lines = formatMissing(missing);
    super(
      'PACKAGE_INCOMPLETE',
      `Les documents de la séance du ${sessionDate} ne peuvent pas être produits : ${lines.length} élément(s) à compléter.\n- ${lines.join('\n- ')}`,
      { details: { missing: lines } },
    );
    this.name = 'PackageIncompleteError';
    this.missing = missing;
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A file name from free text: ASCII letters, digits and dashes only. */
export function slug(text: string, max = 60): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ascii.slice(0, max).replace(/-+$/, '') || 'document';
}

interface Template {
  name: string;
  bytes: Buffer;
  sha256: string;
}

async function readTemplates(dir: string): Promise<Record<TemplateKey, Template>> {
  const entries = await Promise.all(
    (Object.keys(TEMPLATE_FILES) as TemplateKey[]).map(async (key) => {
      const name = TEMPLATE_FILES[key];
      const bytes = await readFile(join(dir, name)).catch(() => {
        throw new DomainError('TEMPLATE_MISSING', `Modèle introuvable : ${join(dir, name)}.`);
      });
      return [key, { name, bytes, sha256: sha256(bytes) }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<TemplateKey, Template>;
}

/** Checks what the package needs: the list of what is missing (empty when it can be generated). */
export async function checkPackage(
  sql: Sql,
  sessionDate: string,
  reportNumber?: string,
): Promise<{ pkg: ReportPackage; plans: ConventionPlan[]; missing: MissingItem[] }> {
  const pkg = await readReportPackage(sql, sessionDate, reportNumber);
  const plans = conventionPlans(pkg);
  const { missing } = await missingForConventions(sql, pkg, plans);
  if (!pkg.session.attendanceLists) {
    missing.unshift({
      subject: 'séance',
      kind: 'session',
      id: pkg.session.id,
      fields: ['présence de chaque élu'],
    });
  }
  if (!pkg.report.tally) {
    missing.unshift({
      subject: `rapport n°${pkg.report.number}`,
      kind: 'report',
      id: pkg.report.id,
      fields: [`vote (${pkg.report.tallyError ?? 'non saisi'})`],
    });
  }
  return { pkg, plans, missing };
}

interface PackageContext {
  pkg: ReportPackage;
  plans: ConventionPlan[];
  missing: MissingItem[];
  structures: Map<number, Structure>;
  templates: Record<TemplateKey, Template>;
  numbers: Map<number, string>;
  pdfDate: Date;
  renderer: Renderer;
}

/** One document of the package (DOCX + PDF, and XLSX for annexe 3), identified by its key. */
export interface PackageDocument {
  /** "report", "deliberation", "annex-1", "annex-allocations", "annex-convention", "convention-12". */
  key: string;
  label: string;
  /** Whether it can be produced with the data as it is. */
  ready: boolean;
}

function packageTasks(context: PackageContext): (PackageDocument & { run: () => Promise<PackageFile[]> })[] {
  const { pkg, plans, templates, numbers, structures } = context;
  const year = Number(pkg.session.date.slice(0, 4));
  const author = pkg.collectivite.data.nom;
  const sessionReady = !context.missing.some((item) => item.kind === 'session' || item.kind === 'report');
  const conventionsReady = context.missing.length === 0;
  /** A convention waits for the collectivité's contact, its operations' terms and its structure. */
  const blocked = (plan: ConventionPlan) => {
    const operations = new Set(plan.applications.map((application) => application.operationId));
    return context.missing.some(
      (item) =>
        item.kind === 'collectivite' ||
        (item.kind === 'operation' && item.id !== null && operations.has(item.id)) ||
        (item.kind === 'structure' && item.id === plan.structureId),
    );
  };

  const make = async (
    kind: string,
    baseName: string,
    title: string,
    template: Template,
    data: object,
    structureId: number | null = null,
  ): Promise<PackageFile[]> => {
    const { docx, pdf } = await context.renderer.render({
      templateName: template.name,
      template: template.bytes,
      data,
      title,
      author,
      date: context.pdfDate,
    });
    const common = { kind, title, structureId, templateName: template.name, templateSha256: template.sha256 };
    return [
      { ...common, name: `${baseName}.docx`, format: 'docx', bytes: docx, sha256: sha256(docx) },
      { ...common, name: `${baseName}.pdf`, format: 'pdf', bytes: pdf, sha256: sha256(pdf) },
    ];
  };

  const report = pkg.report;
  const deliberationNumber = report.deliberationNumber ?? report.number;
  const themes = pkg.call.themes.filter((theme) =>
    pkg.lines.some((line) => line.themeNumber === theme.number),
  );
  return [
    {
      key: 'report',
      label: `Rapport n°${report.number}`,
      ready: true,
      run: () =>
        make(
          'report',
          `01-rapport-${slug(report.number)}`,
          `Rapport n°${report.number}`,
          templates.report,
          reportData(pkg),
        ),
    },
    {
      key: 'deliberation',
      label: `Délibération n°${deliberationNumber}`,
      ready: sessionReady,
      run: () =>
        make(
          'deliberation',
          `02-deliberation-${slug(deliberationNumber)}`,
          `Délibération n°${deliberationNumber}`,
          templates.deliberation,
          deliberationData(pkg),
        ),
    },
    ...themes.map((theme, index) => ({
      key: `annex-${index + 1}`,
      label: `Annexe ${index + 1} – opérations de la thématique ${theme.number}`,
      ready: true,
      run: () =>
        make(
          'annex_operations',
          `03-annexe-${index + 1}-operations-thematique-${theme.number}`,
          `Annexe ${index + 1} – ${theme.title}`,
          templates.operations,
          operationsAnnexData(pkg, theme.number, String(index + 1)),
        ),
    })),
    {
      key: 'annex-allocations',
      label: 'Annexe 3 – répartition financière',
      ready: true,
      run: async () => {
        const files = await make(
          'annex_allocations',
          '04-annexe-3-repartition-financiere',
          'Annexe 3 – Répartition financière',
          templates.allocations,
          allocationAnnexData(pkg),
        );
        const xlsx = await allocationsToXlsx(buildAllocationTable(pkg.call, pkg.applications));
        files.push({
          name: '04-annexe-3-repartition-financiere.xlsx',
          kind: 'annex_allocations',
          title: 'Annexe 3 – Répartition financière',
          format: 'xlsx',
          bytes: xlsx,
          structureId: null,
          templateName: null,
          templateSha256: null,
          sha256: sha256(xlsx),
        });
        return files;
      },
    },
    {
      key: 'annex-convention',
      label: 'Annexe 4 – convention type',
      ready: true,
      run: () =>
        make(
          'annex_convention',
          '05-annexe-4-convention-type',
          'Annexe 4 – Convention type',
          templates.convention,
          conventionData(pkg, null, null, '…………'),
        ),
    },
    ...plans.map((plan) => ({
      key: `convention-${plan.structureId}`,
      label: `Convention – ${plan.structureName}`,
      ready: conventionsReady || !blocked(plan),
      run: () => {
        const number = numbers.get(plan.structureId) ?? `${year}-(numéro à attribuer)`;
        return make(
          'convention',
          `conventions/${slug(number)}-${slug(plan.structureName)}`,
          `Convention n°${number} – ${plan.structureName}`,
          templates.convention,
          conventionData(pkg, plan, structures.get(plan.structureId) ?? null, number),
          plan.structureId,
        );
      },
    })),
  ];
}

async function packageContext(
  sql: Sql,
  options: {
    sessionDate: string;
    reportNumber?: string | undefined;
    templatesDir?: string | undefined;
    pdfDate?: Date | undefined;
  },
): Promise<PackageContext> {
  const { pkg, plans, missing } = await checkPackage(sql, options.sessionDate, options.reportNumber);
  const { structures } = await missingForConventions(sql, pkg, plans);
  const templates = await readTemplates(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  return {
    pkg,
    plans,
    missing,
    structures,
    templates,
    numbers: await conventionNumbersOfSession(sql, pkg.session.id),
    pdfDate: options.pdfDate ?? new Date(`${pkg.session.date}T12:00:00Z`),
    renderer: inlineRenderer,
  };
}

/** The documents of a session's package, whether each can be produced, and what is missing. */
export async function describePackage(
  sql: Sql,
  options: { sessionDate: string; reportNumber?: string; templatesDir?: string },
): Promise<{ documents: PackageDocument[]; missing: string[]; missingItems: MissingItem[] }> {
  const context = await packageContext(sql, options);
  return {
    documents: packageTasks(context).map(({ key, label, ready }) => ({ key, label, ready })),
    missing: formatMissing(context.missing),
    missingItems: context.missing,
  };
}

/** One document, generated for viewing only: nothing stored, no convention number given. */
export async function previewDocument(
  sql: Sql,
  options: {
    sessionDate: string;
    key: string;
    format: 'docx' | 'pdf';
    reportNumber?: string;
    templatesDir?: string;
  },
): Promise<PackageFile> {
  const context = await packageContext(sql, options);
  const task = packageTasks(context).find((candidate) => candidate.key === options.key);
  if (!task) throw new NotFoundError('Document', options.key);
  if (!task.ready) throw new PackageIncompleteError(context.pkg.seance.date, context.missing);
  const file = (await task.run()).find((candidate) => candidate.format === options.format);
  if (!file) throw new NotFoundError('Format', options.format);
  return file;
}

export async function generateSessionPackage(
  db: Database,
  options: GeneratePackageOptions,
): Promise<PackageResult> {
  const context = await packageContext(db, options);
  const { pkg, plans } = context;
  const report = (progress: PackageProgress) => options.onProgress?.(progress);
  if (context.missing.length > 0) throw new PackageIncompleteError(pkg.seance.date, context.missing);
  if (!options.preview) {
    context.numbers = await db.transaction(async (tx) => {
      const numbers = await assignConventionNumbers(
        tx,
        { id: pkg.session.id, year: Number(pkg.session.date.slice(0, 4)) },
        plans.map((plan) => plan.structureId),
      );
      // each numbered convention gets its lines (one per application), followed after the vote
      await createConventionLines(tx, pkg.session.id);
      return numbers;
    });
  }
  const tasks = packageTasks(context);
  const total = tasks.length + 1;
  let done = 0;
  // Rendering is CPU work: it runs on worker threads, so the server keeps answering meanwhile.
  const renderer = workerRenderer();
  context.renderer = renderer;
  const results: PackageFile[][] = [];
  let nextTask = 0;
  const runner = async () => {
    while (nextTask < tasks.length) {
      const index = nextTask++;
      const task = tasks[index];
      if (!task) break;
      results[index] = await task.run();
      done += 1;
      report({ done, total, current: task.label });
    }
  };
  try {
    await Promise.all(Array.from({ length: renderer.size }, runner));
  } finally {
    await renderer.close();
  }
  const files = results.flat();
  const zip = new PizZip();
  for (const file of files.filter((candidate) => candidate.kind === 'convention')) {
    zip.file(file.name.replace(/^conventions\//, ''), file.bytes, { date: new Date(Date.UTC(2000, 0, 1)) });
  }
  const zipBytes = zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
  files.push({
    name: `06-conventions-${pkg.session.date}.zip`,
    kind: 'conventions_zip',
    title: `Conventions de la séance du ${pkg.seance.date}`,
    format: 'zip',
    bytes: zipBytes,
    structureId: null,
    templateName: null,
    templateSha256: null,
    sha256: sha256(zipBytes),
  });
  done += 1;
  report({ done, total, current: 'Archive des conventions' });
  if (!options.preview) await storePackage(db, pkg.session.id, files, options.actor);
  return { sessionDate: pkg.session.date, files, conventions: plans.length, missing: [] };
}

// ---------------------------------------------------------------------------------------------
// Generation jobs: the progress of a generation, readable by any server process
// ---------------------------------------------------------------------------------------------

export interface PackageJob {
  id: number;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  current: string;
  error: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

async function sessionIdOf(sql: Sql, sessionDate: string): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    'select id from committee_sessions where session_date = $1 order by id limit 1',
    [sessionDate],
  );
  if (!row) throw new NotFoundError('Séance', sessionDate);
  return Number(row.id);
}

export async function latestPackageJob(sql: Sql, sessionDate: string): Promise<PackageJob | null> {
  const sessionId = await sessionIdOf(sql, sessionDate);
  const [row] = await sql.query<{
    id: number;
    status: PackageJob['status'];
    done: number;
    total: number;
    current: string;
    error: string | null;
    started_by: string;
    started_at: string;
    finished_at: string | null;
  }>(
    `select id, status, done, total, current, error, started_by, started_at::text as started_at,
            finished_at::text as finished_at
       from package_jobs where session_id = $1 order by id desc limit 1`,
    [sessionId],
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    status: row.status,
    done: row.done,
    total: row.total,
    current: row.current,
    error: row.error,
    startedBy: row.started_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Starts the generation in the background and returns its job at once; the job's row follows the
 * progress. A generation already running for the session is refused (409).
 */
export async function startPackageJob(
  db: Database,
  options: Omit<GeneratePackageOptions, 'onProgress' | 'preview'>,
): Promise<PackageJob> {
  const context = await checkPackage(db, options.sessionDate, options.reportNumber);
  if (context.missing.length > 0) throw new PackageIncompleteError(context.pkg.seance.date, context.missing);
  const sessionId = context.pkg.session.id;
  const jobId = await db.transaction(async (tx) => {
    await tx.query('select id from committee_sessions where id = $1 for update', [sessionId]);
    const running = await tx.query<{ id: number }>(
      "select id from package_jobs where session_id = $1 and status = 'running' and started_at > now() - interval '15 minutes'",
      [sessionId],
    );
    if (running.length > 0) {
      throw new ConflictError('Les documents de cette séance sont déjà en cours de génération.');
    }
    const [row] = await tx.query<{ id: number }>(
      "insert into package_jobs (session_id, status, started_by) values ($1, 'running', $2) returning id",
      [sessionId, options.actor.login],
    );
    return Number(row?.id);
  });
  const work = generateSessionPackage(db, {
    ...options,
    onProgress: (progress) => {
      void db
        .query('update package_jobs set done = $2, total = $3, current = $4 where id = $1', [
          jobId,
          progress.done,
          progress.total,
          progress.current,
        ])
        .catch(() => undefined);
    },
  });
  work
    .then(() =>
      db.query("update package_jobs set status = 'done', current = '', finished_at = now() where id = $1", [
        jobId,
      ]),
    )
    .catch((error: unknown) =>
      db
        .query("update package_jobs set status = 'failed', error = $2, finished_at = now() where id = $1", [
          jobId,
          error instanceof Error ? error.message : String(error),
        ])
        .catch(() => undefined),
    );
  const job = await latestPackageJob(db, options.sessionDate);
  if (!job) throw new NotFoundError('Génération', jobId);
  return job;
}

/** Replaces the stored documents of the session with these, in one transaction, audited. */
async function storePackage(
  db: Database,
  sessionId: number,
  files: readonly PackageFile[],
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('delete from generated_documents where session_id = $1', [sessionId]);
    for (const file of files) {
      await tx.query(
        `insert into generated_documents (session_id, kind, file_name, media_type, structure_id, template_name,
           template_sha256, sha256, size_bytes, content, generated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, decode($10, 'base64'), $11)`,
        [
          sessionId,
          file.kind,
          file.name,
          MEDIA_TYPES[file.format],
          file.structureId,
          file.templateName,
          file.templateSha256,
          file.sha256,
          file.bytes.length,
          // base64 text: several times faster than a bytea parameter through the embedded database
          file.bytes.toString('base64'),
          actor.login,
        ],
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'session.package.generated',
      entity: 'committee_session',
      entityId: sessionId,
      before: null,
      after: {
        files: files.map((file) => ({ name: file.name, sha256: file.sha256, template: file.templateSha256 })),
      },
    });
  });
}

export interface StoredDocument {
  id: number;
  kind: string;
  fileName: string;
  mediaType: string;
  structureId: number | null;
  templateName: string | null;
  templateSha256: string | null;
  sha256: string;
  sizeBytes: number;
  generatedAt: string;
  generatedBy: string;
}

export async function listStoredDocuments(sql: Sql, sessionId: number): Promise<StoredDocument[]> {
  const rows = await sql.query<{
    id: number;
    kind: string;
    file_name: string;
    media_type: string;
    structure_id: number | null;
    template_name: string | null;
    template_sha256: string | null;
    sha256: string;
    size_bytes: number;
    generated_at: string;
    generated_by: string;
  }>(
    `select id, kind, file_name, media_type, structure_id, template_name, template_sha256, sha256, size_bytes,
            generated_at::text as generated_at, generated_by
       from generated_documents where session_id = $1 order by file_name`,
    [sessionId],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    fileName: row.file_name,
    mediaType: row.media_type,
    structureId: row.structure_id === null ? null : Number(row.structure_id),
    templateName: row.template_name,
    templateSha256: row.template_sha256,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    generatedAt: row.generated_at,
    generatedBy: row.generated_by,
  }));
}

export async function readStoredDocument(
  sql: Sql,
  sessionId: number,
  documentId: number,
): Promise<{ fileName: string; mediaType: string; content: Buffer } | undefined> {
  const [row] = await sql.query<{ file_name: string; media_type: string; content: string }>(
    `select file_name, media_type, encode(content, 'base64') as content
       from generated_documents where session_id = $1 and id = $2`,
    [sessionId, documentId],
  );
  return row
    ? { fileName: row.file_name, mediaType: row.media_type, content: Buffer.from(row.content, 'base64') }
    : undefined;
}
