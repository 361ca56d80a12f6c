/**
 * rapport.docx — the President's report to the Commission Permanente (specification,
 * "RAPPORT N°42"). Data: ReportData.
 */
import {
  type Block,
  bullet,
  cell,
  centered,
  field,
  h1,
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

const AMOUNT = 1420;
const BUDGET_COLUMNS = [1250, 1250, TEXT_WIDTH - 1250 - 1250 - 4 * AMOUNT, AMOUNT, AMOUNT, AMOUNT, AMOUNT];

/** A cell of the budget table: 8 pt, so that "6 801 643,00" holds on one line. */
const small = (text: string, options: { bold?: boolean; shaded?: boolean; align?: 'left' | 'right' } = {}) =>
  cell({ text, size: 8, ...options });

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
          small('Code Opération', { bold: true, shaded: true }),
          small('Imputation Budgétaire', { bold: true, shaded: true }),
          small('Libellé Opération', { bold: true, shaded: true }),
          small('AE €', { bold: true, shaded: true, align: 'right' }),
          small('Disponible €', { bold: true, shaded: true, align: 'right' }),
          small('Proposition €', { bold: true, shaded: true, align: 'right' }),
          small('Solde €', { bold: true, shaded: true, align: 'right' }),
        ],
      },
      rowLoop('budget', [
        { text: tag('code'), size: 8 },
        { text: tag('imputation'), size: 8 },
        { text: tag('libelle'), size: 8 },
        { text: tag('ae'), align: 'right', size: 8 },
        { text: tag('disponible'), align: 'right', size: 8 },
        { text: tag('proposition'), align: 'right', size: 8 },
        { text: tag('solde'), align: 'right', size: 8 },
      ]),
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
