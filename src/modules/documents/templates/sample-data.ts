/**
 * Sample data for each template of the commission package, taken from the specification
 * (Pas-de-Calais, Commission Permanente of 12 June 2023, deliberation n°2023-259). Used by the
 * templates' tests and to preview a template after editing it in Word.
 *
 * One structure name is hostile on purpose: XML markup, an entity, a CDATA end, template tags,
 * a spreadsheet formula and French quotes must all come out of a document literally.
 */
import type {
  AllocationAnnexData,
  AmendmentData,
  AvisData,
  BudgetRowData,
  CollectiviteData,
  ConventionData,
  ConventionOperationData,
  DeliberationData,
  OperationsAnnexData,
  ReportData,
  SeanceData,
  ThemeSummaryData,
} from './template-data.ts';

export const HOSTILE_STRUCTURE_NAME = 'Asso <b>&amp; ]]> {nom} {#x} =SUM(A1) « Œuvre »';

export const sampleCollectivite: CollectiviteData = {
  nom: 'Département du Pas-de-Calais',
  nomMajuscules: 'DEPARTEMENT DU PAS-DE-CALAIS',
  siege: 'Hôtel du Département, rue Ferdinand Buisson, 62018 Arras Cedex 9',
  ville: 'Arras',
  villeMajuscules: 'ARRAS',
  pole: 'Pôle Solidarités',
  direction: "Direction des Politiques d'Inclusion Durable",
  mission: 'Mission Budget, Coordination et Evaluation',
  president: 'Jean-Claude LEROY',
  presidentQualite: 'Président du Conseil départemental',
  dgs: 'Maryline VINCLAIRE',
  dgsQualite: 'Directrice générale des services',
  signataireConventions: 'Sabine DESPIERRE',
  signataireConventionsQualite: "Directrice des Politiques d'Inclusion Durable",
  payeur: 'Madame la Payeuse Départementale',
  tribunal: 'tribunal administratif de Lille',
  emailDpo: 'Delegue.Protection.Donnees@pasdecalais.fr',
  conservationJusquau: '31 décembre 2033',
};

export const sampleSeance: SeanceData = {
  instance: 'Commission Permanente du Conseil départemental',
  instanceMajuscules: 'COMMISSION PERMANENTE DU CONSEIL DEPARTEMENTAL',
  date: '12/06/2023',
  dateLongue: '12 juin 2023',
  dateMajuscules: '12 JUIN 2023',
  presidence: 'MONSIEUR JEAN-CLAUDE LEROY',
  secretaire: 'Mme Carole DUBOIS',
  envoiControleLegalite: '3 juillet 2023',
  publication: '4 juillet 2023',
};

const TITRE = "APPELS À PROJETS DES POLITIQUES D'INCLUSION DURABLE 2023 - PHASE 2";

const THEMATIQUES: ThemeSummaryData[] = [
  {
    numero: '1',
    intitule:
      "Accompagnement des bénéficiaires du RSA : dynamiser les parcours dans un objectif d'insertion professionnelle",
    annexe: '1',
    nombreOperations: '4',
    total: '115 069,00 €',
    article: '1',
  },
  {
    numero: '2',
    intitule: "Développement des compétences et accès à l'emploi",
    annexe: '2',
    nombreOperations: '13',
    total: '5 234 159,10 €',
    article: '2',
  },
];

const BUDGET: BudgetRowData[] = [
  {
    code: 'C02-446A05',
    imputation: '6568/93446',
    libelle: 'Indemnisation des organismes référents',
    ae: '6 801 643,00',
    disponible: '2 303 965,28',
    proposition: '115 069,00',
    solde: '2 188 896,28',
  },
  {
    code: 'C01-444H02',
    imputation: '6568/93444',
    libelle: 'Appui aux parcours intégrés 2021-2027',
    ae: '7 048 182,00',
    disponible: '7 048 182,00',
    proposition: '5 234 159,10',
    solde: '1 814 022,90',
  },
];

const AVIS: AvisData[] = [
  {
    commission: '1ère Commission - Attractivité départementale et emploi',
    avis: 'favorable',
    date: '30/05/2023',
  },
  { commission: '2ème Commission - Solidarités Humaines', avis: 'favorable', date: '31/05/2023' },
];

export const sampleReport: ReportData = {
  collectivite: sampleCollectivite,
  seance: sampleSeance,
  numero: '42',
  titre: TITRE,
  territoires: 'Tous les territoires',
  cantons: 'Tous les cantons des territoires',
  epci: 'Tous les EPCI des territoires',
  contexte: [
    {
      texte:
        "L'appel à projets mis en œuvre par la Direction des Politiques d'Inclusion Durable s'inscrit " +
        'pleinement dans le Pacte des Solidarités Humaines 2022-2027. Il s’inscrit plus particulièrement dans ' +
        'les ambitions suivantes :',
      puce: false,
    },
    { texte: 'Ambition 2 : Aller au-devant des personnes les plus vulnérables ;', puce: true },
    {
      texte: "Ambition 9 : Accompagner les plus précaires vers l'emploi et les métiers qui recrutent ;",
      puce: true,
    },
    {
      texte:
        "Suite à la mise en ligne de l'appel à projets et à l'instruction des dossiers, il est proposé de " +
        'valider la mise en œuvre de dispositifs intervenant dans les thématiques 1 et 2 :',
      puce: false,
    },
  ],
  thematiques: THEMATIQUES,
  budget: BUDGET,
  avis: AVIS,
};

export const sampleDeliberation: DeliberationData = {
  collectivite: sampleCollectivite,
  seance: sampleSeance,
  numero: '2023-259',
  titre: TITRE,
  presents: 'M. Jean-Claude LEROY, Mme Mireille HINGREZ-CÉRÉDA, M. Daniel MACIEJASZ, Mme Valérie CUVILLIER',
  excuses: 'M. Pierre GEORGET, M. Philippe FAIT',
  absents: 'M. Jean-Jacques COTTEL, Mme Stéphanie GUISELAIN',
  sansVoixPresents: 'M. Jean-Louis COTTIGNY, Mme Emmanuelle LEVEUGLE',
  sansVoixExcuses: 'M. Michel DAGBERT',
  visas: [
    {
      texte:
        'Vu le Code Général des Collectivités Territoriales et, notamment, ses articles L.3121-14, ' +
        'L.3121-14-1, L.3211-1 et L.3211-2 ;',
    },
    { texte: 'Vu le Code du Travail et notamment ses articles L.5132-15 et suivants ;' },
    { texte: 'Vu le rapport du Président du Conseil départemental, ci-annexé ;' },
  ],
  avis: AVIS,
  conflits:
    'Mesdames Mireille HINGREZ-CEREDA et Karine GAUTHIER, ainsi que Monsieur François LEMAIRE, intéressés à ' +
    "l'affaire, n'ont pris part ni au débat, ni au vote ;",
  thematiques: THEMATIQUES,
  articleConventionType: '3',
  articleSignature: '4',
  articleImputation: '5',
  budget: BUDGET,
  vote:
    'Pour : 28 voix (Groupe Socialiste, Républicain et Citoyen ; Non-inscrit) Contre : 0 voix Abstention : ' +
    '13 voix (Groupe Rassemblement National) Absents sans délégation de vote : 2',
  resultat: '(Adopté)',
};

export const sampleOperationsAnnex: OperationsAnnexData = {
  collectivite: sampleCollectivite,
  seance: sampleSeance,
  annexe: '1',
  thematique: {
    numero: '1',
    intitule: THEMATIQUES[0]?.intitule ?? '',
    introduction: [
      {
        texte:
          'Le Revenu de Solidarité Active (RSA), dont le Département est chef de file, prévoit la mise en œuvre ' +
          "d'un accompagnement personnalisé et adapté à destination des bénéficiaires du RSA.",
        puce: false,
      },
    ],
  },
  operations: [
    {
      numero: '1',
      intitule: 'Dispositif référent solidarité',
      descriptif: [
        {
          texte:
            "L'accompagnement solidarité est formalisé au travers d'un contrat d'engagements réciproques de 6 mois.",
          puce: false,
        },
      ],
      bilan: [
        {
          texte: 'Sur le 1er semestre 2022, 89 structures ont mené la mission référent solidarité.',
          puce: false,
        },
        { texte: '1 419 sorties positives ont été comptabilisées.', puce: true },
      ],
      proposition: [
        { texte: 'Spécificité du CCAS de Bruay-la-Buissière.', puce: true },
        { texte: 'Le financement total de cette opération s’élève à 17 920 €.', puce: false },
      ],
      total: '17 920,00 €',
    },
    {
      numero: '4',
      intitule: 'Accompagnement Global',
      descriptif: [
        {
          texte:
            "Depuis 2015, Pôle emploi et le Département s'entendent afin de rendre plus efficient le suivi des " +
            "Demandeurs d'emploi.",
          puce: false,
        },
      ],
      bilan: [],
      proposition: [
        {
          texte:
            'Il est proposé d’attribuer un portefeuille Accompagnement Global au CCAS de Bruay-la-Buissière.',
          puce: false,
        },
      ],
      total: '10 313,00 €',
    },
  ],
};

export const sampleAllocationAnnex: AllocationAnnexData = {
  collectivite: sampleCollectivite,
  seance: sampleSeance,
  appel: 'APPEL A PROJETS DPID 2023',
  thematiques: [
    {
      numero: '1',
      intitule: THEMATIQUES[0]?.intitule ?? '',
      total: '115 069,00 €',
      operations: [
        {
          numero: '1',
          intitule: 'Dispositif référent solidarité',
          lignes: [
            {
              structure: 'CC SUD ARTOIS',
              territoire: 'Arrageois',
              periode: '01/01/2023 – 31/12/2023',
              quantite: '90 places',
              montant: '14 400,00 €',
            },
            {
              structure: HOSTILE_STRUCTURE_NAME,
              territoire: 'Boulonnais',
              periode: '01/04/2023 – 31/12/2023',
              quantite: '22 places',
              montant: '3 520,00 €',
            },
          ],
          total: '17 920,00 €',
        },
        {
          numero: '3',
          intitule: 'Interconnaissance des professionnels et échanges de pratiques',
          lignes: [
            {
              structure: 'EPSM Val de Lys-Artois',
              territoire: 'Département',
              periode: '01/06/2023 – 31/12/2024',
              quantite: '',
              montant: '58 586,00 €',
            },
          ],
          total: '58 586,00 €',
        },
      ],
    },
    {
      numero: '2',
      intitule: THEMATIQUES[1]?.intitule ?? '',
      total: '5 234 159,10 €',
      operations: [
        {
          numero: '1',
          intitule: "Aide à l'encadrement dans les Associations Intermédiaires",
          lignes: [
            {
              structure: 'Unartois Insertion',
              territoire: 'Arrageois',
              periode: '01/01/2023 – 31/12/2023',
              quantite: '8 postes',
              montant: '18 720,00 €',
            },
          ],
          total: '1 233 180,00 €',
        },
      ],
    },
  ],
  total: '5 349 228,10 €',
};

const OPERATION_AI: ConventionOperationData = {
  annexe: '2',
  intitule: "Aide à l'encadrement dans les Associations Intermédiaires",
  action: 'Encadrement des salariés en insertion 2023',
  duree: 'Du 01/01/2023 au 31/12/2023',
  cout: '18 720,00 €',
  publicCible: 'Bénéficiaires du RSA et jeunes de moins de 26 ans en parcours d’insertion',
  objectifs: "Contribuer au retour à l'emploi des personnes en difficulté sociale et professionnelle",
  deroulement: 'Mise à disposition de salariés en insertion auprès d’utilisateurs, avec un accompagnement',
  territoire: 'Arrageois',
  profilIntervenant: 'Encadrant technique et conseiller en insertion professionnelle',
  modalitesFinancement: '8 postes × 195 € par mois × 12 mois = 18 720,00 €',
  avance: '9 360,00 €',
  avanceTexte: "Versement d'une avance de 9 360,00 €, à la signature de la convention.",
  solde: '9 360,00 €',
  soldeTexte:
    'Versement du solde annuel sous réserve du respect des clauses de la convention et de ses annexes.',
  chapitre: '6568/93444',
  bilan: 'Bilan qualitatif et quantitatif à transmettre au plus tard le 30/06/2024',
};

const OPERATION_MOBILITE: ConventionOperationData = {
  annexe: '3',
  intitule: 'Actions en faveur de la Mobilité Inclusive',
  action: 'Auto-école sociale',
  duree: 'Du 01/04/2023 au 31/03/2024',
  cout: '18 500,00 €',
  publicCible: 'Bénéficiaires du RSA sans permis de conduire',
  objectifs: 'Auto-école sociale : 10 places pour le passage du permis de conduire',
  deroulement: 'Formation au code et à la conduite, accompagnement vers l’examen',
  territoire: 'Boulonnais',
  profilIntervenant: 'Enseignant de la conduite',
  modalitesFinancement: 'Coûts directs 15 416,67 € + 20 % de coûts indirects = 18 500,00 €',
  avance: '9 250,00 €',
  avanceTexte: "Versement d'une avance de 9 250,00 €, à la signature de la convention.",
  solde: '9 250,00 €',
  soldeTexte: 'Versement du solde au prorata de la réalisation des objectifs, sur production du bilan.',
  chapitre: '6568/93444',
  bilan: 'Bilan final à transmettre dans les 3 mois suivant la fin de l’opération',
};

export const sampleConvention: ConventionData = {
  collectivite: sampleCollectivite,
  seance: sampleSeance,
  modele: false,
  numero: '2023-0001',
  objet: `Définition du partenariat entre le Département et ${HOSTILE_STRUCTURE_NAME} - Associations Intermédiaires, Mobilité Inclusive`,
  structure: {
    nom: HOSTILE_STRUCTURE_NAME,
    formeJuridique: "l'association",
    designation: 'la structure',
    siege: '12 rue de la Paix, 62200 Boulogne-sur-Mer',
    siret: '44306184100047',
    representant: 'Marie DUPONT',
    representantQualite: 'Présidente',
    iban: 'FR76 3000 4000 0312 3456 7890 143',
    bic: 'BNPAFRPPXXX',
    domiciliation: 'BNP Paribas Boulogne-sur-Mer',
    titulaire: 'Association Œuvre Boulonnaise',
  },
  deliberationDate: '12/06/2023',
  periodeDebut: '01/01/2023',
  periodeFin: '31/03/2024',
  montantMaximum: '37 220,00 €',
  operations: [OPERATION_AI, OPERATION_MOBILITE],
  emailGestionnaire: 'dpid.conventions@pasdecalais.fr',
  service: "Direction des Politiques d'Inclusion Durable",
};

/** The blanks of the standard convention (annexe 4), as the data builder prints them. */
const DOTS = '……………………';

export const sampleConventionModel: ConventionData = {
  ...sampleConvention,
  modele: true,
  numero: DOTS,
  objet: `Définition du partenariat entre le Département et ${DOTS} - ${DOTS}`,
  structure: {
    nom: DOTS,
    formeJuridique: 'la structure',
    designation: 'la structure',
    siege: DOTS,
    siret: DOTS,
    representant: DOTS,
    representantQualite: DOTS,
    iban: DOTS,
    bic: DOTS,
    domiciliation: DOTS,
    titulaire: DOTS,
  },
  periodeDebut: DOTS,
  periodeFin: DOTS,
  montantMaximum: `${DOTS} €`,
  operations: [{ ...OPERATION_AI, duree: `Du ${DOTS} au ${DOTS}`, cout: `${DOTS} €` }],
  emailGestionnaire: DOTS,
};

/**
 * avenant.docx: the SIVOM du Bruaysis's avenant of délibération n°2023-259 (620 → 170 places
 * référent solidarité, 560 → 380 places accompagnement socioprofessionnel from 1 April 2023),
 * voted; the structure's name is the hostile one.
 */
export const sampleAmendment: AmendmentData = {
  collectivite: sampleCollectivite,
  instance: 'Commission Permanente du Conseil départemental',
  numero: '1',
  conventionNumero: '2023-0042',
  vote: true,
  decision: { reference: 'n°2023-259', date: '12/06/2023' },
  proposeLe: '02/06/2023',
  structure: {
    nom: HOSTILE_STRUCTURE_NAME,
    formeJuridique: 'Syndicat intercommunal',
    designation: 'la structure',
    siege: '1 rue Jules Guesde, 62700 Bruay-la-Buissière',
    siret: '25620130500016',
    representant: 'Jean DURAND',
    representantQualite: 'Président',
  },
  convention: { deliberation: 'n°2023-198', deliberationDate: '15/05/2023' },
  dateEffet: '01/04/2023',
  dateEffetLongue: '1er avril 2023',
  lignes: [
    {
      operation: 'Dispositif référent solidarité',
      action: "620 places d'accompagnement",
      avant: '99 200,00 €',
      apres: '45 200,00 €',
      ecart: '-54 000,00 €',
      calcul: [
        { texte: 'Montant initial : 620 places × 160 € par an × 12 mois / 12 = 99 200,00 €' },
        { texte: 'Du 01/01/2023 au 31/03/2023 : 620 places × 160 € par an × 3 mois / 12 = 24 800,00 €' },
        { texte: 'Du 01/04/2023 au 31/12/2023 : 170 places × 160 € par an × 9 mois / 12 = 20 400,00 €' },
        { texte: 'Total après avenant 45 200,00 € − montant initial 99 200,00 € = -54 000,00 €' },
      ],
    },
    {
      operation: 'Accompagnement socioprofessionnel des bénéficiaires du RSA',
      action: "560 places d'accompagnement",
      avant: '140 000,00 €',
      apres: '106 250,00 €',
      ecart: '-33 750,00 €',
      calcul: [
        { texte: 'Montant initial : 560 places × 250 € par an × 12 mois / 12 = 140 000,00 €' },
        { texte: 'Du 01/04/2023 au 31/12/2023 : 380 places × 250 € par an × 9 mois / 12 = 71 250,00 €' },
      ],
    },
  ],
  montantAvant: '239 200,00 €',
  montantApres: '151 450,00 €',
  ecartTotal: '-87 750,00 €',
  imputations: [
    {
      code: 'C02-446A05',
      imputation: '6568/93446',
      libelle: 'Indemnisation des organismes référents',
      ecart: '-87 750,00 €',
    },
  ],
};

/** The same avenant before the vote: a draft submitted to the Commission Permanente. */
export const sampleAmendmentDraft: AmendmentData = {
  ...sampleAmendment,
  vote: false,
  decision: { reference: '', date: '' },
  structure: { ...sampleAmendment.structure, siret: '', representant: '', representantQualite: '' },
  convention: { deliberation: '', deliberationDate: '15/05/2023' },
};
