/**
 * annexe-operations.docx — annexes 1 and 2 of the deliberation: one theme's operations, each with
 * its description, last year's review and this year's proposal (specification, from
 * "1. Accompagnement des bénéficiaires du RSA …" to annexe 3). Rendered once per theme.
 * Data: OperationsAnnexData.
 */
import {
  type Block,
  centered,
  field,
  h2,
  h3,
  inverted,
  p,
  section,
  strong,
  subtitle,
  tag,
  textList,
  title,
} from './wml.ts';

const c = (name: string) => field('collectivite', name);
const s = (name: string) => field('seance', name);

export function operationsAnnexTemplate(): { title: string; body: Block[] } {
  const body: Block[] = [
    centered(strong(c('nomMajuscules')), { after: 0 }),
    centered(`${s('instance')} du ${s('dateLongue')}`, { after: 240 }),
    title(`Annexe ${tag('annexe')}`),

    p('{#thematique}'),
    subtitle(`${tag('numero')}. ${tag('intitule')}`),
    ...textList('introduction'),
    p('{/thematique}'),

    ...section('operations', [
      h2(`Opération ${tag('numero')} : ${tag('intitule')}`),
      h3("1. Descriptif de l'opération :"),
      ...textList('descriptif'),
      h3("2. Bilan de l'année précédente :"),
      ...textList('bilan'),
      ...inverted('bilan', [p('Sans objet.')]),
      h3('3. Proposition :'),
      ...textList('proposition'),
      p([strong('Montant proposé : '), strong(tag('total'))], { before: 120, align: 'right' }),
    ]),
  ];
  return { title: 'Annexe : opérations de la thématique', body };
}
