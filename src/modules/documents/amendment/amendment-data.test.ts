import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import PizZip from 'pizzip';
import type { PlainDate } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { cents } from '../../../kernel/money.ts';
import type { AmendmentView } from '../../conventions/conventions.types.ts';
import { renderDocx } from '../docx/render-docx.ts';
import { docxToPdf } from '../pdf/docx-to-pdf.ts';
import { sampleCollectivite } from '../templates/sample-data.ts';
import type { AmendmentData } from '../templates/template-data.ts';
import {
  BUDGET_LINES,
  conventionLine,
  SIVOM_STRUCTURE,
  sivomAmendment,
  sivomConvention,
} from './amendment.fixture.ts';
import {
  amendmentData,
  amendmentFileName,
  amendmentTitle,
  conventionAmounts,
  deliberationReference,
  explanationSteps,
  signedEuros,
} from './amendment-data.ts';

const run = promisify(execFile);
const TEMPLATE = resolve(
  import.meta.dirname,
  '../../../../datasets/pas-de-calais-2023/templates/avenant.docx',
);
/** The hostile part the brief names, inside the sample's hostile structure name. */
const HOSTILE = '<b>&amp; {nom} {#x}';

/** Spaces as printed (no-break, narrow no-break) made plain, runs of white space collapsed. */
const plain = (text: string) => text.replace(/[\u00a0\u202f\s]+/g, ' ').trim();

function build(state: 'proposed' | 'voted'): AmendmentData {
  const amendment = sivomAmendment(state);
  return amendmentData({
    amendment,
    convention: sivomConvention([amendment]),
    collectivite: sampleCollectivite,
    structure: SIVOM_STRUCTURE,
    budgetLines: BUDGET_LINES,
    instance: 'Commission Permanente du Conseil départemental',
    conventionDeliberation: '2023-198',
  });
}

/** The text of a DOCX, one line per paragraph (XML entities decoded). */
function docxText(docx: Uint8Array): string {
  const xml = new PizZip(docx).file('word/document.xml')?.asText() ?? '';
  return xml
    .split('</w:p>')
    .map((paragraph) =>
      [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
        .map((match) => match[1] ?? '')
        .join('')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .join('\n');
}

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'inclusio-avenant-'));
  try {
    const path = join(dir, 'avenant.pdf');
    await writeFile(path, pdf);
    const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-']).catch(
      (error: unknown) => {
        throw new Error(
          `pdftotext (paquet Debian poppler-utils) est nécessaire à ce test : ${String(error)}`,
        );
      },
    );
    return plain(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function render(data: AmendmentData): Promise<{ docx: string; pdf: string }> {
  const docx = renderDocx(readFileSync(TEMPLATE), data, 'avenant.docx');
  const pdf = await docxToPdf(docx, {
    title: 'Avenant n°1 à la convention n°2023-0042',
    author: sampleCollectivite.nom,
    date: new Date(Date.UTC(2023, 5, 12, 12)),
  });
  return { docx: plain(docxText(docx)), pdf: await pdfText(pdf) };
}

describe("an avenant's data (SIVOM du Bruaysis, délibération n°2023-259)", () => {
  test('each changed line: before, after, signed difference and the steps of its computation', () => {
    const data = build('voted');
    assert.deepEqual(
      data.lignes.map((line) => [
        line.operation,
        line.action,
        plain(line.avant),
        plain(line.apres),
        plain(line.ecart),
      ]),
      [
        [
          'Dispositif référent solidarité',
          "620 places d'accompagnement",
          '99 200,00 €',
          '45 200,00 €',
          '-54 000,00 €',
        ],
        [
          'Accompagnement socioprofessionnel des bénéficiaires du RSA',
          "560 places d'accompagnement",
          '140 000,00 €',
          '106 250,00 €',
          '-33 750,00 €',
        ],
      ],
    );
    assert.deepEqual(
      data.lignes[0]?.calcul.map((step) => plain(step.texte)),
      [
        'Montant initial : 620 places × 160 € par an × 12 mois / 12 = 99 200,00 €',
        'Du 01/01/2023 au 31/03/2023 : 620 places × 160 € par an × 3 mois / 12 = 24 800,00 €',
        'Du 01/04/2023 au 31/12/2023 : 170 places × 160 € par an × 9 mois / 12 = 20 400,00 €',
        'Total après avenant 45 200,00 € − montant initial 99 200,00 € = -54 000,00 €',
        'Montant en vigueur 99 200,00 € → 45 200,00 € (écart -54 000,00 €)',
      ],
    );
  });

  test("the convention's maximum amount, the budget line, the dates and the deliberations", () => {
    const data = build('voted');
    assert.equal(plain(data.montantAvant), '239 200,00 €');
    assert.equal(plain(data.montantApres), '151 450,00 €');
    assert.equal(plain(data.ecartTotal), '-87 750,00 €');
    assert.deepEqual(
      data.imputations.map((row) => ({ ...row, ecart: plain(row.ecart) })),
      [
        {
          code: 'C02-446A05',
          imputation: '6568/93446',
          libelle: 'Indemnisation des organismes référents',
          ecart: '-87 750,00 €',
        },
      ],
    );
    assert.equal(data.dateEffet, '01/04/2023');
    assert.equal(data.dateEffetLongue, '1er avril 2023');
    assert.equal(data.numero, '1');
    assert.equal(data.conventionNumero, '2023-0042');
    assert.equal(data.vote, true);
    assert.deepEqual(data.decision, { reference: 'n°2023-259', date: '12/06/2023' });
    assert.deepEqual(data.convention, { deliberation: 'n°2023-198', deliberationDate: '15/05/2023' });
    assert.deepEqual(data.structure, {
      nom: SIVOM_STRUCTURE.legalName,
      formeJuridique: 'Syndicat intercommunal',
      designation: 'la structure',
      siege: '1 rue Jules Guesde, 62700 Bruay-la-Buissière',
      siret: '25620130500016',
      representant: 'Jean DURAND',
      representantQualite: 'Président',
    });
  });

  test('proposed, it is a draft: no decision, the same amounts (the lines in force are still the old ones)', () => {
    const data = build('proposed');
    assert.equal(data.vote, false);
    assert.deepEqual(data.decision, { reference: '', date: '' });
    assert.equal(data.proposeLe, '25/05/2023');
    assert.equal(plain(data.montantAvant), '239 200,00 €');
    assert.equal(plain(data.montantApres), '151 450,00 €');
  });

  test('the maximum amount counts the unchanged lines without the avenants voted after this one', () => {
    const first = sivomAmendment('voted');
    // A later avenant n°2, voted, gives 1 200,00 € more to the unchanged line 103.
    const second: AmendmentView = {
      ...first,
      id: 8,
      rank: 2,
      effectiveFrom: '2023-09-01' as PlainDate,
      budgetDeltas: [{ budgetLineCode: 'C02-446A05', deltaCents: 1_200_00 }],
      lines: [
        {
          conventionLineId: 103,
          label: 'Ligne 3',
          budgetLineCode: 'C02-446A05',
          amountBeforeCents: 10_000_00,
          amountAfterCents: 11_200_00,
          deltaCents: 1_200_00,
          computedAmountAfterCents: 11_200_00,
          justification: null,
          explanation: 'Écart 1 200,00 €',
          segmentsAfter: [],
        },
      ],
      deltaCents: 1_200_00,
    };
    const extra = conventionLine(103, {
      label: 'Ligne 3',
      operationTitle: 'Opération 3',
      amountCents: 11_200_00,
    });
    const convention = sivomConvention([first, second], [extra]);
    // In force now: 45 200 + 106 250 + 11 200; right after avenant n°1: 45 200 + 106 250 + 10 000.
    assert.deepEqual(conventionAmounts(first, convention), {
      before: cents(249_200_00),
      after: cents(161_450_00),
    });
    const proposed = sivomAmendment('proposed');
    assert.deepEqual(conventionAmounts(proposed, sivomConvention([proposed], [extra])), {
      before: cents(250_400_00),
      after: cents(162_650_00),
    });
  });

  test('without the registry record: what the convention knows, the unknown parts left empty', () => {
    const amendment = sivomAmendment('proposed');
    const data = amendmentData({
      amendment,
      convention: sivomConvention([amendment]),
      collectivite: sampleCollectivite,
    });
    assert.equal(data.instance, 'Commission Permanente du Conseil départemental');
    assert.deepEqual(data.structure, {
      nom: 'SIVOM du Bruaysis',
      formeJuridique: 'la structure',
      designation: 'la structure',
      siege: '',
      siret: '25620130500016',
      representant: '',
      representantQualite: '',
    });
    assert.equal(data.convention.deliberation, '');
    assert.deepEqual(
      data.imputations.map((row) => [row.code, row.imputation, row.libelle]),
      [['C02-446A05', '6568/93446', '']],
    );
  });

  test('a rejected or withdrawn avenant, or one of another convention, has no document', () => {
    const amendment = sivomAmendment('proposed');
    for (const state of ['rejected', 'withdrawn'] as const) {
      const closed = { ...amendment, state, stateLabel: state === 'rejected' ? 'Rejeté' : 'Retiré' };
      assert.throws(
        () =>
          amendmentData({
            amendment: closed,
            convention: sivomConvention([closed]),
            collectivite: sampleCollectivite,
          }),
        (error: unknown) => error instanceof DomainError && error.code === 'AMENDMENT_NOT_PRINTABLE',
      );
    }
    assert.throws(
      () =>
        amendmentData({
          amendment,
          convention: { ...sivomConvention([amendment]), id: 99 },
          collectivite: sampleCollectivite,
        }),
      (error: unknown) => error instanceof DomainError && error.code === 'AMENDMENT_CONVENTION_MISMATCH',
    );
  });

  test('formats: signed differences, deliberation references, explanation steps, title and file name', () => {
    assert.equal(plain(signedEuros(cents(-5_400_000))), '-54 000,00 €');
    assert.equal(plain(signedEuros(cents(120_000))), '+1 200,00 €');
    assert.equal(plain(signedEuros(cents(0))), '0,00 €');
    assert.equal(deliberationReference('Délibération n°2023-259'), 'n°2023-259');
    assert.equal(deliberationReference('2023-259'), 'n°2023-259');
    assert.equal(deliberationReference('n° 2023-259'), 'n°2023-259');
    assert.equal(deliberationReference('D1'), 'D1');
    assert.equal(deliberationReference(null), '');
    assert.deepEqual(explanationSteps('Forfait par poste, non proratisé : 1,00 € → 2,00 € (écart 1,00 €)'), [
      { texte: 'Forfait par poste, non proratisé : 1,00 € → 2,00 € (écart 1,00 €)' },
    ]);
    assert.deepEqual(explanationSteps(''), [{ texte: 'Sans explication' }]);
    const amendment = { rank: 1, conventionNumber: '2023-0001' };
    assert.equal(amendmentFileName(amendment, 'docx'), 'avenant-1-convention-2023-0001.docx');
    assert.equal(
      amendmentFileName({ rank: 2, conventionNumber: '2023-0001' }, 'pdf'),
      'avenant-2-convention-2023-0001.pdf',
    );
    assert.equal(amendmentTitle(amendment), 'Avenant n°1 à la convention n°2023-0001');
  });
});

describe("an avenant's document (avenant.docx, DOCX and PDF)", () => {
  test('voted: the amounts, the effective date, the explanation, the deliberations; no tag left; the hostile name literal', async () => {
    const data = build('voted');
    const { docx, pdf } = await render(data);
    for (const [name, text] of [
      ['DOCX', docx],
      ['PDF', pdf],
    ] as const) {
      for (const expected of [
        'AVENANT N°1 À LA CONVENTION N°2023-0042',
        '99 200,00 €',
        '45 200,00 €',
        '-54 000,00 €',
        '140 000,00 €',
        '106 250,00 €',
        '-33 750,00 €',
        '239 200,00 €',
        '151 450,00 €',
        '-87 750,00 €',
        'est modifiée comme suit à compter du 01/04/2023',
        'à compter du 1er avril 2023',
        'Du 01/04/2023 au 31/12/2023 : 170 places × 160 € par an × 9 mois / 12 = 20 400,00 €',
        'Du 01/04/2023 au 31/12/2023 : 380 places × 250 € par an × 9 mois / 12 = 71 250,00 €',
        'Total après avenant 45 200,00 € − montant initial 99 200,00 € = -54 000,00 €',
        'C02-446A05',
        '6568/93446',
        'la délibération n°2023-198 de la Commission Permanente du Conseil départemental du 15/05/2023 approuvant la convention',
        'la délibération n°2023-259 de la Commission Permanente du Conseil départemental du 12/06/2023 approuvant le présent avenant',
        'identifié(e) au répertoire SIRET sous le n° 25620130500016',
        'Les autres dispositions de la convention demeurent inchangées.',
        'Fait à Arras, le',
        'Pour le Département,',
        HOSTILE,
        SIVOM_STRUCTURE.legalName,
      ]) {
        assert.ok(text.includes(expected), `${name} : « ${expected} » absent`);
      }
      assert.ok(!text.includes('PROJET'), `${name} : un avenant voté n'est pas un projet`);
      const withoutUserText = text.split(SIVOM_STRUCTURE.legalName).join('');
      assert.doesNotMatch(withoutUserText, /[{}]/, `${name} : balise restante`);
      assert.ok(!withoutUserText.includes('&amp;'), `${name} : échappé deux fois`);
    }
  });

  test('proposed: a draft submitted to the Commission Permanente, without the deliberation that votes it', async () => {
    const { pdf } = await render(build('proposed'));
    assert.ok(
      pdf.includes(
        "PROJET soumis au vote de la Commission Permanente du Conseil départemental (proposé le 25/05/2023) : l'avenant ne prend effet qu'une fois approuvé.",
      ),
    );
    assert.ok(!pdf.includes('approuvant le présent avenant'));
    assert.ok(pdf.includes('151 450,00 €'));
    assert.doesNotMatch(pdf.split(SIVOM_STRUCTURE.legalName).join(''), /[{}]/);
  });
});
