/**
 * Fills a Word template (DOCX) with data: docxtemplater's tags `{tag}`, loops `{#list}…{/list}`
 * (a table row whose first cell opens the loop and last cell closes it is repeated), conditions
 * `{#flag}…{/flag}` and `{^flag}…{/flag}`, dotted names `{collectivite.nom}`, `{#bilan.length}`. Values are inserted as text: XML special characters
 * are escaped and a value is never parsed again, so `<`, `&`, `]]>`, `{tag}` or a Word field code
 * typed by a user come out literally. A tag the data does not provide stops the rendering (no
 * document ever leaves with an unreplaced tag).
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { DomainError } from '../../../kernel/errors.ts';

/** Fixed date for the package's entries, so that the same template and data give the same bytes. */
const ENTRY_DATE = new Date(Date.UTC(2000, 0, 1));

interface TemplateErrorDetail {
  properties?: { explanation?: string; id?: string; xtag?: string };
}

function explain(error: unknown): string[] {
  const detail = error as { properties?: { errors?: TemplateErrorDetail[]; explanation?: string } };
  const errors = detail.properties?.errors ?? [detail as TemplateErrorDetail];
  return errors.map((e) => {
    const tag = e.properties?.xtag;
    const id = e.properties?.id;
    if (id === 'missing_value' || id === 'undefined_tag') return `balise {${tag}} sans valeur`;
    if (tag) return `balise {${tag}} : ${e.properties?.explanation ?? 'erreur'}`;
    return e.properties?.explanation ?? String(error);
  });
}

/** `a.b.c` looked up in the scope; `.` is the scope itself (docxtemplater tries outer scopes next). */
function dottedParser(tag: string) {
  const path = tag.trim() === '.' ? [] : tag.trim().split('.');
  return {
    get(scope: unknown): unknown {
      let value: unknown = scope;
      for (const key of path) {
        if (value === null || value === undefined || typeof value !== 'object') return undefined;
        value = (value as Record<string, unknown>)[key];
      }
      return value;
    },
  };
}

export function renderDocx(template: Uint8Array, data: object, templateName: string): Buffer {
  let document: Docxtemplater;
  try {
    document = new Docxtemplater(new PizZip(template), {
      paragraphLoop: true,
      linebreaks: true,
      parser: dottedParser,
      // A tag, a loop or a condition the data does not provide is an error, never an empty text.
      nullGetter: (part) => {
        const error = new Error(`balise {${part.value}} sans valeur`) as Error & TemplateErrorDetail;
        error.properties = { id: 'missing_value', xtag: String(part.value) };
        throw error;
      },
    });
  } catch (error) {
    throw new DomainError(
      'template_invalid',
      `Le modèle ${templateName} n'est pas un modèle valide : ${explain(error).join(' ; ')}`,
    );
  }
  try {
    document.render(data);
  } catch (error) {
    throw new DomainError(
      'template_render_failed',
      `Le modèle ${templateName} n'a pas pu être rempli : ${explain(error).join(' ; ')}`,
    );
  }
  const zip = document.getZip();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name];
    if (entry) entry.date = ENTRY_DATE;
  }
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
