/**
 * The document of an avenant, DOCX or PDF: the dataset's Word template avenant.docx filled with
 * the amendment, its convention (from the conventions module), the structure's record, the budget
 * lines and the collectivité (read as the session's package reads them), then laid out as PDF by
 * the package's renderer. Produced on request, never stored.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError, NotFoundError } from '../../../kernel/errors.ts';
import type { Sql } from '../../../platform/database.ts';
import { listBudgetLines } from '../../budget/index.ts';
import { getSession } from '../../committee/index.ts';
import { type ConventionDetail, getAmendment } from '../../conventions/index.ts';
import { getConventionDetail } from '../../payments/index.ts';
import { getStructure, type Structure } from '../../structures/index.ts';
import { renderDocx } from '../docx/render-docx.ts';
import { DEFAULT_TEMPLATES_DIR, MEDIA_TYPES } from '../package/generate-package.ts';
import { collectivitePrint } from '../package/package-data.ts';
import { docxToPdf } from '../pdf/docx-to-pdf.ts';
import { amendmentData, amendmentFileName, amendmentTitle } from './amendment-data.ts';

export const AMENDMENT_TEMPLATE = 'avenant.docx';

export interface AmendmentDocument {
  fileName: string;
  mediaType: string;
  content: Buffer;
}

/** The body and the deliberation number of the session that approved the convention, when known. */
async function conventionApproval(
  sql: Sql,
  convention: ConventionDetail,
): Promise<{ instance: string | undefined; deliberation: string | null }> {
  try {
    const session = await getSession(sql, convention.sessionDate);
    const applications = new Set(convention.lines.map((line) => line.applicationId));
    const report = session.reports.find((candidate) =>
      candidate.applicationIds.some((id) => applications.has(id)),
    );
    return { instance: session.body, deliberation: report?.deliberationNumber ?? null };
  } catch (error) {
    if (error instanceof NotFoundError) return { instance: undefined, deliberation: null };
    throw error;
  }
}

async function structureRecord(sql: Sql, structureId: number): Promise<Structure | null> {
  try {
    return await getStructure(sql, structureId);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

export async function renderAmendmentDocument(
  sql: Sql,
  amendmentId: number,
  format: 'docx' | 'pdf',
  options: { templatesDir?: string } = {},
): Promise<AmendmentDocument> {
  const amendment = await getAmendment(sql, amendmentId);
  const convention = await getConventionDetail(sql, amendment.conventionId);
  const [collectivite, structure, budgetLines, approval] = await Promise.all([
    collectivitePrint(sql),
    structureRecord(sql, convention.structure.id),
    listBudgetLines(sql),
    conventionApproval(sql, convention),
  ]);
  // Checked before the template is read: a rejected or withdrawn avenant has no document.
  const data = amendmentData({
    amendment,
    convention,
    collectivite: collectivite.data,
    structure,
    budgetLines,
    ...(approval.instance ? { instance: approval.instance } : {}),
    conventionDeliberation: approval.deliberation,
  });
  const templatePath = join(options.templatesDir ?? DEFAULT_TEMPLATES_DIR, AMENDMENT_TEMPLATE);
  const template = await readFile(templatePath).catch(() => {
    throw new DomainError('TEMPLATE_MISSING', `Modèle introuvable : ${templatePath}.`);
  });
  const docx = renderDocx(template, data, AMENDMENT_TEMPLATE);
  const fileName = amendmentFileName(amendment, format);
  if (format === 'docx') return { fileName, mediaType: MEDIA_TYPES.docx, content: docx };
  const pdf = await docxToPdf(docx, {
    title: amendmentTitle(amendment),
    author: collectivite.data.nom,
    subject: convention.structure.name,
    // The date of the vote (or of the proposal): the same avenant always gives the same bytes.
    date: new Date(`${amendment.decidedOn ?? amendment.proposedOn}T12:00:00Z`),
  });
  return { fileName, mediaType: MEDIA_TYPES.pdf, content: pdf };
}
