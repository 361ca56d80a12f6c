/**
 * annexe-repartition.docx — annexe 3 of the deliberation: the allocation table, per theme and
 * operation (specification, "Annexe 3: APPEL A PROJETS DPID 2023 - REPARTITION FINANCIERE DES
 * OPERATIONS"). Data: AllocationAnnexData.
 */
import {
  amountCell,
  type Block,
  cell,
  centered,
  field,
  h1,
  h2,
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

const COLUMNS = [TEXT_WIDTH - 1700 - 2000 - 1300 - 1600, 1700, 2000, 1300, 1600];

export function allocationAnnexTemplate(): { title: string; body: Block[] } {
  const body: Block[] = [
    centered(strong(c('nomMajuscules')), { after: 0 }),
    centered(`${s('instance')} du ${s('dateLongue')}`, { after: 240 }),
    title(`Annexe 3 : ${tag('appel')} - REPARTITION FINANCIERE DES OPERATIONS`),

    ...section('thematiques', [
      h1(`${tag('numero')}. ${tag('intitule')}`),
      ...section('operations', [
        h2(`Opération ${tag('numero')} : ${tag('intitule')}`),
        table(COLUMNS, [
          {
            header: true,
            cells: [
              headerCell('Structure'),
              headerCell('Territoire'),
              headerCell('Période'),
              headerCell('Quantité'),
              headerCell('Montant', 'right'),
            ],
          },
          rowLoop('lignes', [
            { text: tag('structure') },
            { text: tag('territoire') },
            { text: tag('periode') },
            { text: tag('quantite') },
            { text: tag('montant'), align: 'right' },
          ]),
          {
            cells: [
              cell({ text: `Total de l'opération ${tag('numero')}`, bold: true, span: 4, shaded: true }),
              amountCell(tag('total'), { bold: true, shaded: true }),
            ],
          },
        ]),
        p('', { after: 0 }),
      ]),
      p([strong(`Total de la thématique ${tag('numero')} : `), strong(tag('total'))], {
        align: 'right',
        before: 120,
      }),
    ]),

    p([strong('TOTAL GÉNÉRAL : '), strong(tag('total'))], { align: 'right', before: 360 }),
  ];
  return { title: 'Annexe 3 : répartition financière des opérations', body };
}
