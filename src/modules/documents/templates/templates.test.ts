import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { DOMParser, type Element } from '@xmldom/xmldom';
import PizZip from 'pizzip';
import { DomainError } from '../../../kernel/errors.ts';
import { renderDocx } from '../docx/render-docx.ts';
import {
  HOSTILE_STRUCTURE_NAME,
  sampleAllocationAnnex,
  sampleAmendment,
  sampleAmendmentDraft,
  sampleConvention,
  sampleConventionModel,
  sampleDeliberation,
  sampleOperationsAnnex,
  sampleReport,
} from './sample-data.ts';

const TEMPLATES_DIR = resolve(import.meta.dirname, '../../../../datasets/pas-de-calais-2023/templates');

interface Case {
  file: string;
  data: object;
  /** Fields of the data the template does not print (paths, with `[]` for list elements). */
  unused: string[];
}

const COLLECTIVITE_FIELDS = [
  'nom',
  'nomMajuscules',
  'siege',
  'ville',
  'villeMajuscules',
  'pole',
  'direction',
  'mission',
  'president',
  'presidentQualite',
  'dgs',
  'dgsQualite',
  'signataireConventions',
  'signataireConventionsQualite',
  'payeur',
  'tribunal',
  'emailDpo',
  'conservationJusquau',
];
const SEANCE_FIELDS = [
  'instance',
  'instanceMajuscules',
  'date',
  'dateLongue',
  'dateMajuscules',
  'presidence',
  'secretaire',
  'envoiControleLegalite',
  'publication',
];
const collectiviteExcept = (...used: string[]) =>
  COLLECTIVITE_FIELDS.filter((f) => !used.includes(f)).map((f) => `collectivite.${f}`);
const seanceExcept = (...used: string[]) =>
  SEANCE_FIELDS.filter((f) => !used.includes(f)).map((f) => `seance.${f}`);

const CASES: Case[] = [
  {
    file: 'rapport.docx',
    data: sampleReport,
    unused: [
      ...collectiviteExcept('nomMajuscules', 'pole', 'direction', 'mission', 'president', 'presidentQualite'),
      ...seanceExcept('instanceMajuscules', 'dateMajuscules'),
      'thematiques[].article',
    ],
  },
  {
    file: 'deliberation.docx',
    data: sampleDeliberation,
    unused: [
      ...collectiviteExcept(
        'nomMajuscules',
        'villeMajuscules',
        'president',
        'presidentQualite',
        'dgs',
        'dgsQualite',
      ),
      ...seanceExcept(
        'instance',
        'instanceMajuscules',
        'dateMajuscules',
        'dateLongue',
        'presidence',
        'secretaire',
        'envoiControleLegalite',
        'publication',
      ),
      // The commissions' opinions are visas ("Vu l'avis de la …"), without the opinion itself.
      'avis[].avis',
      // The deliberation's budget table has the AE and the expense (= proposition) only.
      'budget[].disponible',
      'budget[].solde',
    ],
  },
  {
    file: 'annexe-operations.docx',
    data: sampleOperationsAnnex,
    unused: [...collectiviteExcept('nomMajuscules'), ...seanceExcept('instance', 'dateLongue')],
  },
  {
    file: 'annexe-repartition.docx',
    data: sampleAllocationAnnex,
    unused: [...collectiviteExcept('nomMajuscules'), ...seanceExcept('instance', 'dateLongue')],
  },
  {
    file: 'convention.docx',
    data: sampleConvention,
    unused: [
      ...collectiviteExcept(
        'nom',
        'siege',
        'ville',
        'pole',
        'direction',
        'president',
        'presidentQualite',
        'signataireConventions',
        'signataireConventionsQualite',
        'payeur',
        'tribunal',
        'emailDpo',
        'conservationJusquau',
      ),
      ...seanceExcept('instance'),
      // The annex prints the sentences of the advance and the balance, which carry the amounts.
      'operations[].avance',
      'operations[].solde',
    ],
  },
  {
    file: 'avenant.docx',
    data: sampleAmendment,
    unused: [
      ...collectiviteExcept(
        'nom',
        'siege',
        'ville',
        'pole',
        'direction',
        'president',
        'presidentQualite',
        'signataireConventions',
        'signataireConventionsQualite',
      ),
      // The date of the proposal is printed on a draft only (sampleAmendmentDraft).
      'proposeLe',
    ],
  },
];

function readTemplate(file: string): Buffer {
  return readFileSync(resolve(TEMPLATES_DIR, file));
}

function part(docx: Uint8Array, name: string): string {
  const file = new PizZip(docx).file(name);
  assert.ok(file, `partie ${name} absente`);
  return file.asText();
}

function parse(xml: string, name: string) {
  const errors: string[] = [];
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(xml, 'application/xml');
  assert.deepEqual(errors, [], `${name} : XML invalide`);
  assert.equal(document.getElementsByTagName('parsererror').length, 0, `${name} : parsererror`);
  return document;
}

/** The text of each paragraph of a WordprocessingML part, its runs joined. */
function paragraphs(xml: string, name: string): string[] {
  const document = parse(xml, name);
  return Array.from(document.getElementsByTagName('w:p')).map((paragraph) =>
    Array.from(paragraph.getElementsByTagName('w:t'))
      .map((t) => t.textContent ?? '')
      .join(''),
  );
}

/** Every string of the data with its path, list indexes written `[]`. */
function leaves(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((element) => leaves(element, `${path}[]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, element]) => leaves(element, path ? `${path}.${key}` : key));
  }
  return [];
}

/** What docxtemplater writes for a value: the five XML special characters escaped. */
function escaped(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const LEFTOVERS = ['XXXX', 'A COMPLETER', '[...]', 'A ANNEXER', 'Nom structure', 'Nom dispositif'];

function render(file: string, data: object): { xml: string; text: string } {
  const docx = renderDocx(readTemplate(file), data, file);
  const xml = part(docx, 'word/document.xml');
  const text = paragraphs(xml, `${file} rendu`).join('\n');
  for (const other of ['word/footer1.xml', 'word/styles.xml', 'word/numbering.xml', 'word/settings.xml']) {
    parse(part(docx, other), `${file} ${other}`);
  }
  return { xml, text };
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe('the Word templates of the commission package', () => {
  it('the dataset holds exactly the six templates', () => {
    const files = readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.docx'));
    assert.deepEqual(files.sort(), CASES.map((c) => c.file).sort());
  });

  for (const { file, data, unused } of CASES) {
    describe(file, () => {
      it('has only the parts and elements the PDF renderer honours, each tag in one run', () => {
        const template = readTemplate(file);
        const names = Object.keys(new PizZip(template).files).filter((n) => !n.endsWith('/'));
        assert.deepEqual(names.sort(), [
          '[Content_Types].xml',
          '_rels/.rels',
          'docProps/app.xml',
          'docProps/core.xml',
          'word/_rels/document.xml.rels',
          'word/document.xml',
          'word/footer1.xml',
          'word/numbering.xml',
          'word/settings.xml',
          'word/styles.xml',
        ]);
        const document = parse(part(template, 'word/document.xml'), file);
        const elements = new Set(
          Array.from(document.getElementsByTagName('*')).map((element: Element) => element.tagName),
        );
        const allowed = new Set(
          (
            'w:document w:body w:p w:pPr w:pStyle w:jc w:spacing w:ind w:keepNext w:pageBreakBefore w:r w:rPr ' +
            'w:b w:bCs w:i w:iCs w:u w:caps w:sz w:szCs w:color w:t w:br w:tbl w:tblPr w:tblW w:tblBorders ' +
            'w:top w:left w:bottom w:right w:insideH w:insideV w:tblGrid w:gridCol w:tr w:trPr w:tblHeader ' +
            'w:cantSplit w:tc w:tcPr w:tcW w:gridSpan w:shd w:sectPr w:footerReference w:pgSz w:pgMar'
          ).split(' '),
        );
        assert.deepEqual(
          [...elements].filter((element) => !allowed.has(element)),
          [],
        );
        for (const t of Array.from(document.getElementsByTagName('w:t'))) {
          const content = t.textContent ?? '';
          const opened = content.split('{').length - 1;
          const closed = content.split('}').length - 1;
          assert.equal(opened, closed, `balise coupée entre deux runs : « ${content} »`);
        }
      });

      it('renders its sample data: every value printed, nothing left of the template', () => {
        const { xml, text } = render(file, data);
        const expected = leaves(data).filter((leaf) => leaf.value !== '' && !unused.includes(leaf.path));
        for (const leaf of expected) {
          assert.ok(text.includes(leaf.value), `${leaf.path} absent : « ${leaf.value} »`);
          assert.ok(xml.includes(escaped(leaf.value)), `${leaf.path} mal échappé`);
        }
        const withoutUserText = text.split(HOSTILE_STRUCTURE_NAME).join('');
        assert.doesNotMatch(withoutUserText, /[{}]/, 'syntaxe de balise restante');
        for (const leftover of LEFTOVERS) {
          assert.ok(!text.includes(leftover), `« ${leftover} » reste dans le document`);
        }
      });

      it('refuses data with a missing value', () => {
        const withoutTopLevel = clone(data) as Record<string, unknown>;
        const topLevel = Object.keys(withoutTopLevel).find(
          (key) => typeof withoutTopLevel[key] === 'string' && !unused.includes(key),
        );
        assert.ok(topLevel);
        delete withoutTopLevel[topLevel];
        assert.throws(
          () => renderDocx(readTemplate(file), withoutTopLevel, file),
          (error: unknown) =>
            error instanceof DomainError &&
            error.code === 'template_render_failed' &&
            error.message.includes(`{${topLevel}}`),
        );

        const nested = COLLECTIVITE_FIELDS.find((f) => !unused.includes(`collectivite.${f}`));
        assert.ok(nested);
        const withoutNested = clone(data) as { collectivite: Record<string, unknown> };
        delete withoutNested.collectivite[nested];
        assert.throws(
          () => renderDocx(readTemplate(file), withoutNested, file),
          (error: unknown) =>
            error instanceof DomainError && error.message.includes(`{collectivite.${nested}}`),
        );
      });
    });
  }

  it('the hostile structure name comes out literally, escaped once', () => {
    for (const [file, data] of [
      ['convention.docx', sampleConvention],
      ['annexe-repartition.docx', sampleAllocationAnnex],
    ] as const) {
      const { xml, text } = render(file, data);
      assert.ok(text.includes(HOSTILE_STRUCTURE_NAME), file);
      assert.ok(xml.includes('Asso &lt;b&gt;&amp;amp; ]]&gt; {nom} {#x} =SUM(A1) « Œuvre »'), file);
      assert.ok(!xml.includes('<b>'), file);
    }
  });

  it('a value missing inside a list stops the rendering too', () => {
    const data = clone(sampleAllocationAnnex) as unknown as {
      thematiques: { operations: { lignes: Record<string, unknown>[] }[] }[];
    };
    const line = data.thematiques[0]?.operations[0]?.lignes[0];
    assert.ok(line);
    delete line.periode;
    assert.throws(
      () => renderDocx(readTemplate('annexe-repartition.docx'), data, 'annexe-repartition.docx'),
      /balise \{periode\} sans valeur/,
    );
  });

  it('the deliberation prints an attendance list or a stamp only when it has one', () => {
    const full = render('deliberation.docx', sampleDeliberation).text;
    for (const label of [
      'Excusé(s) : ',
      'Absent(s) : ',
      'Envoi au contrôle de légalité le : 3 juillet 2023',
    ]) {
      assert.ok(full.includes(label), label);
    }
    const data = clone(sampleDeliberation);
    data.excuses = '';
    data.conflits = '';
    data.seance.envoiControleLegalite = '';
    data.seance.publication = '';
    const text = render('deliberation.docx', data).text;
    assert.ok(!text.includes('Excusé(s) : '));
    assert.ok(text.includes('Excusé(s) sans voix délibérative : '));
    assert.ok(!text.includes('Envoi au contrôle'));
    assert.ok(!text.includes('Publication électronique'));
    assert.ok(!text.includes("intéressés à l'affaire"));
    assert.match(text, /Article 1 :\nDe valider le financement des 4 opérations de la thématique 1 « /);
    assert.match(text, /Article 5 :\nLes dépenses versées/);
  });

  it('a bullet of the text lists is a ListBullet paragraph, other paragraphs are plain', () => {
    const { xml } = render('rapport.docx', sampleReport);
    const document = parse(xml, 'rapport');
    const styleOf = (needle: string) => {
      const paragraph = Array.from(document.getElementsByTagName('w:p')).find((p) =>
        (p.textContent ?? '').startsWith(needle),
      );
      assert.ok(paragraph, needle);
      return paragraph.getElementsByTagName('w:pStyle')[0]?.getAttribute('w:val') ?? 'Normal';
    };
    assert.equal(styleOf('Ambition 2'), 'ListBullet');
    assert.equal(styleOf("L'appel à projets"), 'Normal');
  });

  it("the operations annex prints each operation's review, or « Sans objet. » when there is none", () => {
    const text = render('annexe-operations.docx', sampleOperationsAnnex).text;
    assert.equal(text.split("2. Bilan de l'année précédente :").length - 1, 2);
    assert.equal(text.split('Sans objet.').length - 1, 1);
    assert.ok(text.includes('Opération 4 : Accompagnement Global'));
  });

  it('the convention lists its operation annexes, and the standard convention says so', () => {
    const text = render('convention.docx', sampleConvention).text;
    assert.ok(text.includes("ANNEXE 2 : Aide à l'encadrement dans les Associations Intermédiaires"));
    assert.ok(text.includes('ANNEXE 3 : Actions en faveur de la Mobilité Inclusive'));
    assert.ok(text.includes('La participation financière est imputée sur le chapitre « 6568/93444 »'));
    assert.ok(!text.includes('Convention type'));
    const model = render('convention.docx', sampleConventionModel).text;
    assert.ok(model.startsWith('ANNEXE 4 – Convention type'));
    assert.ok(!model.includes('ANNEXE 3 :'));
  });

  it('the avenant: voted, it cites both deliberations; a draft says it is submitted to the Commission Permanente', () => {
    const { xml, text } = render('avenant.docx', sampleAmendment);
    assert.ok(text.includes('AVENANT N°1 À LA CONVENTION N°2023-0042'));
    assert.ok(
      text.includes(
        'Vu : la délibération n°2023-198 de la Commission Permanente du Conseil départemental du 15/05/2023 approuvant la convention ;',
      ),
    );
    assert.ok(
      text.includes(
        'Vu : la délibération n°2023-259 de la Commission Permanente du Conseil départemental du 12/06/2023 approuvant le présent avenant ;',
      ),
    );
    assert.ok(text.includes('La convention n°2023-0042 est modifiée comme suit à compter du 01/04/2023 :'));
    assert.ok(text.includes('Les autres dispositions de la convention demeurent inchangées.'));
    assert.ok(
      text.includes(
        ', identifié(e) au répertoire SIRET sous le n° 25620130500016, représenté(e) par Jean DURAND',
      ),
    );
    assert.ok(!text.includes('PROJET'));
    assert.ok(xml.includes('Asso &lt;b&gt;&amp;amp; ]]&gt; {nom} {#x} =SUM(A1) « Œuvre »'));
    assert.ok(!xml.includes('<b>'));

    const draft = render('avenant.docx', sampleAmendmentDraft).text;
    assert.ok(
      draft.includes(
        "PROJET soumis au vote de la Commission Permanente du Conseil départemental (proposé le 02/06/2023) : l'avenant ne prend effet qu'une fois approuvé.",
      ),
    );
    assert.ok(!draft.includes('approuvant le présent avenant'));
    assert.ok(!draft.includes('dûment autorisé par la délibération'));
    // Unknown SIRET and representative: the sentence of the parties leaves them out.
    assert.ok(
      draft.includes('dont le siège social se situe 1 rue Jules Guesde, 62700 Bruay-la-Buissière,\n'),
    );
    assert.ok(!draft.includes('SIRET'));
    assert.ok(!draft.includes('représenté(e) par'));
    assert.ok(
      draft.includes(
        'Vu : la délibération de la Commission Permanente du Conseil départemental du 15/05/2023',
      ),
    );
    assert.doesNotMatch(draft.split(HOSTILE_STRUCTURE_NAME).join(''), /[{}]/);
  });
});
