/**
 * avenant.docx — the amendment of a convention (article 9 of the convention type, "La présente
 * convention pourra être modifiée par voie d'avenant"), as délibération n°2023-259 amends the SIVOM
 * du Bruaysis's conventions from 1 April 2023: the parties, the visas of the convention's and of the
 * avenant's deliberations, one table per changed line with its computation, the convention's new
 * maximum amount and its budget lines, the signatures. While the avenant is not voted, the document
 * says it is a draft submitted to the Commission Permanente. Data: AmendmentData.
 *
 * Inside a paragraph, `{#structure.siret}…{/structure.siret}` prints its words only when the value
 * is known, so that a structure whose seat, SIRET or representative is missing still reads well.
 */
import {
  type Block,
  type Cell,
  centered,
  em,
  field,
  h2,
  headerCell,
  inverted,
  p,
  rowLoop,
  section,
  strong,
  TEXT_WIDTH,
  table,
  tag,
  title,
} from './wml.ts';

const c = (name: string) => field('collectivite', name);
const st = (name: string) => field('structure', name);

/** Words shown only when `name` has a value (an inline condition, in one run). */
const when = (name: string, text: string) => `{#${name}}${text}{/${name}}`;

/** "Syndicat intercommunal « SIVOM de la Communauté du Bruaysis »". */
const structureName = `${st('formeJuridique')} « ${st('nom')} »`;

function article(heading: string, blocks: Block[]): Block[] {
  return [h2(heading), ...blocks];
}

function header(): Block[] {
  return [
    p(strong(c('pole')), { align: 'left', after: 0 }),
    p(c('direction'), { align: 'left', after: 480 }),
    title(`AVENANT N°${tag('numero')} À LA CONVENTION N°${tag('conventionNumero')}`),
    ...inverted('vote', [
      centered(
        strong(
          `PROJET soumis au vote de la ${tag('instance')} (proposé le ${tag('proposeLe')}) : ` +
            "l'avenant ne prend effet qu'une fois approuvé.",
        ),
        { after: 240 },
      ),
    ]),
    p([strong('Objet : '), `modification de la convention à compter du ${tag('dateEffetLongue')}`], {
      after: 360,
    }),

    p(
      `Entre le ${c('nom')}, dont le siège se situe ${c('siege')}, représenté par ${c('president')}, ` +
        `${c('presidentQualite')}` +
        when(
          'vote',
          `, dûment autorisé par la délibération ${field('decision', 'reference')} de la ${tag('instance')} ` +
            `du ${field('decision', 'date')}`,
        ) +
        ',',
    ),
    p('ci-après désigné par « le Département »'),
    p("d'une part,", { align: 'right' }),
    p(
      `Et ${structureName}` +
        when('structure.siege', `, dont le siège social se situe ${st('siege')}`) +
        when('structure.siret', `, identifié(e) au répertoire SIRET sous le n° ${st('siret')}`) +
        when(
          'structure.representant',
          `, représenté(e) par ${st('representant')}, ${st('representantQualite')}, dûment autorisé(e) ` +
            'à signer le présent avenant',
        ) +
        ',',
    ),
    p(`ci-après désigné par « ${st('designation')} »`),
    p("d'autre part.", { align: 'right', after: 240 }),

    p('Vu : le Code Général des Collectivités Territoriales ;'),
    p(
      `Vu : la convention n°${tag('conventionNumero')} conclue entre le Département et ${structureName}, ` +
        'notamment son article 9 « Avenant » ;',
    ),
    p(
      'Vu : la délibération ' +
        when('convention.deliberation', `${field('convention', 'deliberation')} `) +
        `de la ${tag('instance')} du ${field('convention', 'deliberationDate')} approuvant la convention ;`,
    ),
    ...section('vote', [
      p(
        `Vu : la délibération ${field('decision', 'reference')} de la ${tag('instance')} du ` +
          `${field('decision', 'date')} approuvant le présent avenant ;`,
      ),
    ]),
    p('Il a été convenu ce qui suit :', { before: 240 }),
  ];
}

const AMOUNT = 1750;
const LINE_COLUMNS = [TEXT_WIDTH - 3 * AMOUNT, AMOUNT, AMOUNT, AMOUNT];
const BUDGET_COLUMNS = [1700, 1700, TEXT_WIDTH - 1700 - 1700 - 1900, 1900];

/**
 * One table per changed line, of two rows that stay on one page (the PDF keeps a header row with
 * the row after it and never splits a row): the operation and the action beside the amount before,
 * the amount after and the difference, then the steps of the computation across the whole width.
 */
function lineTable(): Block[] {
  const size = 9;
  const left = { align: 'left', after: 0, run: { size } } as const;
  const right = { align: 'right', after: 0, run: { size } } as const;
  const amount = (label: string, value: string, bold = false): Cell => ({
    shaded: true,
    content: [p(strong(label), right), p(bold ? strong(value) : value, right)],
  });
  return section('lignes', [
    table(LINE_COLUMNS, [
      {
        header: true,
        cells: [
          { shaded: true, content: [p(strong(tag('operation')), left), p(tag('action'), left)] },
          amount('Avant avenant', tag('avant')),
          amount('Après avenant', tag('apres'), true),
          amount('Écart', tag('ecart')),
        ],
      },
      {
        cells: [
          {
            span: 4,
            content: [p(em('Calcul :'), left), ...section('calcul', [p(tag('texte'), left)])],
          },
        ],
      },
    ]),
    p('', { after: 120 }),
  ]);
}

function articles(): Block[] {
  return [
    ...article("Article 1 : Objet de l'avenant", [
      p(
        `La convention n°${tag('conventionNumero')} est modifiée comme suit à compter du ` +
          `${tag('dateEffet')} :`,
        { keepNext: true },
      ),
      ...lineTable(),
    ]),
    ...article('Article 2 : Montant de la participation financière', [
      p([
        "L'article 4 de la convention est modifié comme suit : pour la durée de la convention, le montant " +
          'maximum de la participation financière du Département est porté de ',
        strong(tag('montantAvant')),
        ' à ',
        strong(tag('montantApres')),
        `, soit un écart de ${tag('ecartTotal')}.`,
      ]),
      p("L'écart est imputé sur le budget du Département comme suit :", { keepNext: true }),
      table(BUDGET_COLUMNS, [
        {
          header: true,
          cells: [
            headerCell('Ligne budgétaire'),
            headerCell('Imputation'),
            headerCell('Libellé'),
            headerCell('Écart', 'right'),
          ],
        },
        rowLoop('imputations', [
          { text: tag('code') },
          { text: tag('imputation') },
          { text: tag('libelle') },
          { text: tag('ecart'), align: 'right' },
        ]),
      ]),
      p('', { after: 0 }),
    ]),
    ...article('Article 3 : Autres dispositions', [
      p('Les autres dispositions de la convention demeurent inchangées.'),
    ]),
  ];
}

function signatures(): Block[] {
  return [
    p(`Fait à ${c('ville')}, le`, { before: 240, after: 360, keepNext: true }),
    p(strong(`Pour ${structureName},`), { after: 0, keepNext: true }),
    ...section('structure.representant', [
      p(strong(`${st('representantQualite')},`), { after: 0, keepNext: true }),
      p(strong(`${st('representant')}.`), { after: 0, keepNext: true }),
    ]),
    p('(Signature et cachet)', { after: 600 }),
    p(strong('Pour le Département,'), { after: 0, keepNext: true }),
    p(strong('Et par délégation'), { after: 0, keepNext: true }),
    p(strong(`${c('signataireConventionsQualite')},`), { after: 600, keepNext: true }),
    p(`${c('signataireConventions')}.`),
  ];
}

export function amendmentTemplate(): { title: string; body: Block[] } {
  return {
    title: 'Avenant à une convention de partenariat',
    body: [...header(), ...articles(), ...signatures()],
  };
}
