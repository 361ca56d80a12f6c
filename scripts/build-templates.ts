/**
 * Writes the Word templates of the commission package into a dataset's templates folder:
 * rapport.docx, deliberation.docx, annexe-operations.docx, annexe-repartition.docx and
 * convention.docx, from the builders of scripts/templates/ (the tags each one uses are those of
 * src/modules/documents/templates/template-data.ts; docs/templates.md is their reference).
 *
 *   npx node scripts/build-templates.ts [dataset folder]   (default datasets/pas-de-calais-2023)
 *
 * The output is the same bytes for the same script. Once the département's agents have edited a
 * template in Word, that file is the reference: running this script again overwrites it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { operationsAnnexTemplate } from './templates/annexe-operations.ts';
import { allocationAnnexTemplate } from './templates/annexe-repartition.ts';
import { amendmentTemplate } from './templates/avenant.ts';
import { conventionTemplate } from './templates/convention.ts';
import { deliberationTemplate } from './templates/deliberation.ts';
import { reportTemplate } from './templates/rapport.ts';
import { type Block, buildDocx } from './templates/wml.ts';

const TEMPLATES: Record<string, () => { title: string; body: Block[] }> = {
  'rapport.docx': reportTemplate,
  'deliberation.docx': deliberationTemplate,
  'annexe-operations.docx': operationsAnnexTemplate,
  'annexe-repartition.docx': allocationAnnexTemplate,
  'convention.docx': conventionTemplate,
  'avenant.docx': amendmentTemplate,
};

const root = resolve(import.meta.dirname, '..');
const dataset = resolve(root, process.argv[2] ?? 'datasets/pas-de-calais-2023');
const folder = join(dataset, 'templates');
mkdirSync(folder, { recursive: true });

for (const [name, build] of Object.entries(TEMPLATES)) {
  const bytes = buildDocx(build());
  const path = join(folder, name);
  writeFileSync(path, bytes);
  console.log(`${relative(root, path)} (${bytes.length} octets)`);
}
