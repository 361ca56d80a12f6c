/**
 * rapport.docx — the President's report to the Commission Permanente (specification,
 * "RAPPORT N°42"). Data: ReportData.
 */
import {
  amountCell,
  type Block,
  bullet,
  cell,
  centered,
  field,
  h1,
  headerCell,
  p,
  rowLoop,
  section,
  strong,
  TEXT_WIDTH,
  table,
  tag,
  textList,
  title,
} from './wml.ts';

const c = (name: string) => field('collectivite', name);
const s = (name: string) => field('seance', name);
const total = (name: string) => field('budgetTotal', name);

const AMOUNT = 1500;
const BUDGET_COLUMNS = [1100, 1050, TEXT_WIDTH - 1100 - 1050 - 4 * AMOUNT, AMOUNT, AMOUNT, AMOUNT, AMOUNT];

export function reportTemplate(): { title: string; body: Block[] } {
  const body: Block[] = [
    p(strong(c('nomMajuscules')), { align: 'left', after: 240 }),
    p(strong(c('pole')), { align: 'left', after: 0 }),
    p(c('direction'), { align: 'left', after: 0 }),
    p(c('mission'), { align: 'left', after: 360 }),

    title(`RAPPORT N°${tag('numero')}`),
    p([strong('Territoire(s) : '), tag('territoires')], { after: 0 }),
    p([strong('Canton(s) : '), tag('cantons')], { after: 0 }),
    p([strong('EPCI(s) : '), tag('epci')], { after: 360 }),

    centered(strong(s('instanceMajuscules')), { after: 0 }),
    centered(strong(`REUNION DU ${s('dateMajuscules')}`), { after: 360 }),
    title(tag('titre'), { after: 360 }),

    ...textList('contexte'),

    ...section('thematiques', [
      h1(`${tag('numero')}. ${tag('intitule')}`),
      p(
        `${tag('nombreOperations')} dispositifs sont proposés pour un total de ${tag('total')} ` +
          `(Annexes ${tag('annexe')} et 3).`,
      ),
    ]),

    p('Il convient de statuer sur cette affaire et, le cas échéant :', { before: 240 }),
    ...section('thematiques', [
      bullet(
        `De valider le financement des ${tag('nombreOperations')} opérations de la thématique ` +
          `${tag('numero')} « ${tag('intitule')} », reprises en annexe ${tag('annexe')} pour un montant ` +
          `total de ${tag('total')}, ainsi que la répartition financière proposée en annexe 3 ;`,
      ),
    ]),
    bullet('De valider la convention jointe en annexe 4 en tant que convention type ;'),
    bullet(
      "De m'autoriser à signer, au nom et pour le compte du Département, avec les structures citées en " +
        'annexe 3, les conventions dans les termes du projet joint en annexe 4.',
    ),

    p('La dépense serait imputée sur le budget départemental comme suit :', { before: 240, keepNext: true }),
    table(BUDGET_COLUMNS, [
      {
        header: true,
        cells: [
          headerCell('Code Opération'),
          headerCell('Imputation Budgétaire'),
          headerCell('Libellé Opération'),
          headerCell('AE €', 'right'),
          headerCell('Disponible €', 'right'),
          headerCell('Proposition €', 'right'),
          headerCell('Solde €', 'right'),
        ],
      },
      rowLoop('budget', [
        { text: tag('code') },
        { text: tag('imputation') },
        { text: tag('libelle') },
        { text: tag('ae'), align: 'right' },
        { text: tag('disponible'), align: 'right' },
        { text: tag('proposition'), align: 'right' },
        { text: tag('solde'), align: 'right' },
      ]),
      {
        cells: [
          cell({ text: 'Total', bold: true, span: 3, shaded: true }),
          amountCell(total('ae'), { bold: true, shaded: true }),
          amountCell(total('disponible'), { bold: true, shaded: true }),
          amountCell(total('proposition'), { bold: true, shaded: true }),
          amountCell(total('solde'), { bold: true, shaded: true }),
        ],
      },
    ]),

    p('', { after: 0 }),
    ...section('avis', [
      p(
        `La ${tag('commission')} a émis un avis ${tag('avis')} sur ce rapport lors de sa réunion du ` +
          `${tag('date')}.`,
      ),
    ]),
    p('Je vous prie de bien vouloir en délibérer.', { before: 240 }),

    p(`Le ${c('presidentQualite')},`, { align: 'right', before: 480, after: 360, keepNext: true }),
    p(strong(c('president')), { align: 'right' }),
  ];
  return { title: 'Rapport à la Commission Permanente', body };
}
