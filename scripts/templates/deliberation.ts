/**
 * deliberation.docx — the deliberation of the Commission Permanente (specification, first pages:
 * "DELIBERATION DE LA COMMISSION PERMANENTE … (N°2023-259)"). Data: DeliberationData.
 */
import {
  type Block,
  centered,
  field,
  h3,
  headerCell,
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
const s = (name: string) => field('seance', name);

/** An attendance list, printed only when it names somebody. */
function attendance(label: string, name: string): Block[] {
  return section(name, [p([strong(`${label} : `), `${tag(name)}.`])]);
}

function article(number: string, text: string): Block[] {
  return [h3(`Article ${number} :`), p(text)];
}

const BUDGET_COLUMNS = [1500, 1400, TEXT_WIDTH - 1500 - 1400 - 1700 - 1700, 1700, 1700];

export function deliberationTemplate(): { title: string; body: Block[] } {
  const body: Block[] = [
    // Stamps of the contrôle de légalité and of the publication, once they happened.
    p(`{#seance}`),
    ...section('envoiControleLegalite', [
      p(`Envoi au contrôle de légalité le : ${tag('envoiControleLegalite')}`, { align: 'right', after: 0 }),
    ]),
    ...section('publication', [
      p(`Publication électronique le : ${tag('publication')}`, { align: 'right', after: 0 }),
    ]),
    p(`{/seance}`),

    centered(strong(c('nomMajuscules')), { before: 360, after: 240 }),
    title(`DELIBERATION DE LA ${s('instanceMajuscules')}`),
    centered(strong(`REUNION DU ${s('dateMajuscules')}`)),
    centered(strong(`PRESIDENCE DE ${s('presidence')}`), { after: 240 }),
    p(`Secrétaire : ${s('secretaire')}`),

    p([strong('Étaient présents : '), `${tag('presents')}.`]),
    ...attendance('Excusé(s)', 'excuses'),
    ...attendance('Absent(s)', 'absents'),
    ...attendance('Assistant également sans voix délibérative', 'sansVoixPresents'),
    ...attendance('Excusé(s) sans voix délibérative', 'sansVoixExcuses'),

    title(tag('titre'), { before: 360, after: 60 }),
    centered(strong(`(N°${tag('numero')})`), { after: 360 }),

    p(`La ${s('instance')},`),
    ...section('visas', [p(tag('texte'))]),
    ...section('avis', [
      p(`Vu l'avis de la ${tag('commission')} rendu lors de sa réunion en date du ${tag('date')} ;`),
    ]),
    ...section('conflits', [p(tag('conflits'))]),

    p('Après en avoir délibéré,', { before: 240 }),
    centered(strong('DECIDE :'), { before: 240, after: 240 }),

    ...section('thematiques', [
      ...article(
        tag('article'),
        `De valider le financement des ${tag('nombreOperations')} opérations de la thématique ` +
          `${tag('numero')} « ${tag('intitule')} », telles que présentées en annexe ${tag('annexe')}, ` +
          `pour un montant total de ${tag('total')}, aux structures et selon la répartition financière ` +
          'reprises en annexe 3 à la présente délibération.',
      ),
    ]),
    ...article(
      tag('articleConventionType'),
      'De valider la convention jointe en annexe 4 à la présente délibération en tant que convention type.',
    ),
    ...article(
      tag('articleSignature'),
      `D'autoriser le ${c('presidentQualite')} à signer, au nom et pour le compte du Département, avec les ` +
        'structures citées en annexe 3, les conventions de partenariat, dans les termes du projet joint en ' +
        'annexe 4 à la présente délibération.',
    ),
    ...article(
      tag('articleImputation'),
      'Les dépenses versées en application de la présente délibération sont imputées sur le budget ' +
        'départemental comme suit :',
    ),
    table(BUDGET_COLUMNS, [
      {
        header: true,
        cells: [
          headerCell('Code Opération'),
          headerCell('Imputation budgétaire'),
          headerCell('Libellé Opération'),
          headerCell('AE €', 'right'),
          headerCell('Dépense €', 'right'),
        ],
      },
      rowLoop('budget', [
        { text: tag('code') },
        { text: tag('imputation') },
        { text: tag('libelle') },
        { text: tag('ae'), align: 'right' },
        { text: tag('proposition'), align: 'right' },
      ]),
    ]),

    p('Dans les conditions de vote ci-dessous :', { before: 240 }),
    p(tag('vote')),
    p(strong(tag('resultat'))),

    // Signature block.
    p(strong('LE PRESIDENT DU CONSEIL DEPARTEMENTAL,'), {
      align: 'right',
      before: 480,
      after: 0,
      keepNext: true,
    }),
    p(strong(c('president')), { align: 'right', after: 360, keepNext: true }),
    p(`${c('villeMajuscules')}, le ${s('dateLongue')}`, { align: 'right', keepNext: true }),
    p('Pour le Président du Conseil départemental,', { align: 'right', after: 0, keepNext: true }),
    p(`${c('dgsQualite')},`, { align: 'right', after: 240, keepNext: true }),
    p('Signé', { align: 'right', after: 240, keepNext: true }),
    p(c('dgs'), { align: 'right' }),
  ];
  return { title: 'Délibération de la Commission Permanente', body };
}
