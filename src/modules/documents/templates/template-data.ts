/**
 * What each Word template of the commission package receives: the tags a template may use.
 * Every value is already a string formatted for print (amounts "115 069,00 €", dates "12/06/2023"
 * or "12 juin 2023"), or a list of records for a loop (`{#lignes}…{/lignes}`), or a boolean for
 * a condition (`{#avecAvance}…{/avecAvance}`). A template never computes: amounts and totals come
 * from the database through the builders of this module, so a document cannot disagree with it.
 *
 * Tag names are French because the département's agents edit the templates in Word; the
 * reference for them is docs/templates.md.
 */

/** The collectivité: its identity and signatories, from the dataset's collectivite.yaml. */
export interface CollectiviteData {
  nom: string; // "Département du Pas-de-Calais"
  nomMajuscules: string; // "DEPARTEMENT DU PAS-DE-CALAIS"
  siege: string;
  ville: string; // signing city, "Arras"
  villeMajuscules: string; // "ARRAS"
  pole: string;
  direction: string;
  mission: string;
  president: string; // "Jean-Claude LEROY"
  presidentQualite: string; // "Président du Conseil départemental"
  dgs: string; // "Maryline VINCLAIRE"
  dgsQualite: string; // "Directrice générale des services"
  signataireConventions: string; // "Sabine DESPIERRE"
  signataireConventionsQualite: string; // "Directrice des Politiques d'Inclusion Durable"
  payeur: string; // "Madame la Payeuse Départementale"
  tribunal: string; // "tribunal administratif de Lille"
  emailDpo: string;
  conservationJusquau: string; // "31 décembre 2033"
}

export interface SeanceData {
  instance: string; // "Commission Permanente du Conseil départemental"
  instanceMajuscules: string; // "COMMISSION PERMANENTE DU CONSEIL DEPARTEMENTAL"
  date: string; // "12/06/2023"
  dateLongue: string; // "12 juin 2023"
  dateMajuscules: string; // "12 JUIN 2023"
  presidence: string; // "MONSIEUR JEAN-CLAUDE LEROY"
  secretaire: string; // "Mme Carole DUBOIS"
  envoiControleLegalite: string; // "3 juillet 2023", or "" when not yet sent
  publication: string; // "3 juillet 2023", or ""
}

export interface BudgetRowData {
  code: string; // "C02-446A05"
  imputation: string; // "6568/93446"
  libelle: string;
  ae: string; // "6 801 643,00"
  disponible: string;
  proposition: string;
  solde: string;
}

export interface ThemeSummaryData {
  numero: string; // "1"
  intitule: string;
  annexe: string; // "1": the annex describing its operations
  nombreOperations: string; // "4"
  total: string; // "115 069,00 €"
  /** The article of the deliberation deciding this theme ("1", "2", …). */
  article: string;
}

export interface AvisData {
  commission: string; // "1ère Commission - Attractivité départementale et emploi"
  avis: string; // "favorable"
  date: string; // "30/05/2023"
}

/** rapport.docx */
export interface ReportData {
  collectivite: CollectiviteData;
  seance: SeanceData;
  numero: string; // "42"
  titre: string; // "APPELS À PROJETS DES POLITIQUES D'INCLUSION DURABLE 2023 - PHASE 2"
  territoires: string; // "Tous les territoires"
  cantons: string;
  epci: string;
  /** The report's own text before the themes, one entry per paragraph. */
  contexte: { texte: string; puce: boolean }[];
  thematiques: ThemeSummaryData[];
  budget: BudgetRowData[];
  avis: AvisData[];
}

/** deliberation.docx */
export interface DeliberationData {
  collectivite: CollectiviteData;
  seance: SeanceData;
  numero: string; // "2023-259"
  titre: string;
  presents: string; // "M. Jean-Claude LEROY, Mme Mireille HINGREZ-CÉRÉDA, …" (no final period)
  excuses: string; // "" when nobody
  absents: string;
  sansVoixPresents: string;
  sansVoixExcuses: string;
  visas: { texte: string }[]; // each "Vu …;"
  avis: AvisData[];
  /** The sentence naming the conflicted members, or "" when nobody stood aside. */
  conflits: string;
  thematiques: ThemeSummaryData[];
  /** Article numbers after the themes' articles. */
  articleConventionType: string; // "3"
  articleSignature: string; // "4"
  articleImputation: string; // "5"
  budget: BudgetRowData[];
  vote: string; // "Pour : 28 voix (…) Contre : 0 voix Abstention : 13 voix (…) Absents …"
  resultat: string; // "(Adopté)" / "(Rejeté)"
}

export interface OperationTextData {
  numero: string; // "1"
  intitule: string;
  descriptif: { texte: string; puce: boolean }[];
  bilan: { texte: string; puce: boolean }[];
  proposition: { texte: string; puce: boolean }[];
  total: string; // "17 920,00 €"
}

/** annexe-operations.docx: rendered once per theme (annexe 1 = theme 1, annexe 2 = theme 2). */
export interface OperationsAnnexData {
  collectivite: CollectiviteData;
  seance: SeanceData;
  annexe: string; // "1"
  thematique: { numero: string; intitule: string; introduction: { texte: string; puce: boolean }[] };
  operations: OperationTextData[];
}

export interface AllocationRowData {
  structure: string;
  territoire: string;
  periode: string; // "01/01/2023 – 31/12/2023"
  quantite: string; // "8 postes" / "" when none
  montant: string; // "18 720,00 €"
}

/** annexe-repartition.docx (annexe 3). */
export interface AllocationAnnexData {
  collectivite: CollectiviteData;
  seance: SeanceData;
  appel: string; // the call's title
  thematiques: {
    numero: string;
    intitule: string;
    total: string;
    operations: { numero: string; intitule: string; lignes: AllocationRowData[]; total: string }[];
  }[];
  total: string;
}

export interface ConventionOperationData {
  annexe: string; // "2", "3", …: its annex number in the convention
  intitule: string;
  action: string; // the application's own label, as the structure named its action
  duree: string; // "Du 01/01/2023 au 31/12/2023"
  cout: string; // maximum amount of this operation "18 720,00 €"
  publicCible: string;
  objectifs: string;
  deroulement: string;
  territoire: string;
  profilIntervenant: string;
  modalitesFinancement: string; // the funding rule's explanation
  avance: string; // "9 360,00 €"
  avanceTexte: string; // "Versement d'une avance de 9 360,00 €, à la signature de la convention."
  solde: string;
  soldeTexte: string;
  chapitre: string; // budget chapter / imputation "6568/93446"
  bilan: string; // what to send and when
}

/** convention.docx: one per structure per session; also annexe 4 with `modele` true. */
export interface ConventionData {
  collectivite: CollectiviteData;
  seance: SeanceData;
  /** True for annexe 4 (the standard convention): blanks are dotted lines. */
  modele: boolean;
  numero: string; // "2023-0001"
  objet: string; // "Définition du partenariat entre le Département et <structure> - <opérations>"
  structure: {
    nom: string;
    formeJuridique: string; // "l'association", "le CCAS", … as written after "Et"
    designation: string; // "la structure"
    siege: string;
    siret: string;
    representant: string;
    representantQualite: string; // "Président(e)"
    iban: string;
    bic: string;
    domiciliation: string;
    titulaire: string;
  };
  deliberationDate: string; // the session's date "12/06/2023"
  periodeDebut: string;
  periodeFin: string;
  montantMaximum: string; // sum of its operations "99 200,00 €"
  operations: ConventionOperationData[];
  emailGestionnaire: string;
  service: string;
}

/** One changed line of an avenant: its amounts before and after, and how they were computed. */
export interface AmendmentLineData {
  operation: string; // the operation's title, "Dispositif référent solidarité"
  action: string; // the line's own label, as the structure named its action
  avant: string; // amount in force before the avenant, "99 200,00 €"
  apres: string; // amount in force after it, "45 200,00 €"
  ecart: string; // signed difference, "-54 000,00 €" / "+1 200,00 €"
  /** The steps of the computation, one paragraph each ("Du 01/04/2023 au 31/12/2023 : …"). */
  calcul: { texte: string }[];
}

/** A budget line the avenant changes: what it adds to (or gives back from) its commitments. */
export interface AmendmentImputationData {
  code: string; // "C02-446A05"
  imputation: string; // "6568/93446"
  libelle: string;
  ecart: string; // "-87 750,00 €"
}

/** avenant.docx: the amendment (avenant) of a convention, proposed or voted. */
export interface AmendmentData {
  collectivite: CollectiviteData;
  /** The body that approves conventions and their avenants. */
  instance: string; // "Commission Permanente du Conseil départemental"
  numero: string; // its rank among the convention's avenants, "1"
  conventionNumero: string; // "2023-0001"
  /** True once the avenant is voted; false for a draft submitted to the Commission Permanente. */
  vote: boolean;
  /** The deliberation that voted it ("" while it is a draft). */
  decision: { reference: string; date: string }; // "n°2023-259", "12/06/2023"
  proposeLe: string; // "02/06/2023"
  structure: {
    nom: string;
    formeJuridique: string; // as written after "Et"
    designation: string; // "la structure"
    /** "" when unknown: the sentence of the parties then leaves it out. */
    siege: string;
    siret: string;
    representant: string;
    representantQualite: string;
  };
  /** The deliberation that approved the convention. */
  convention: { deliberation: string; deliberationDate: string }; // "n°2023-198" or "", "15/05/2023"
  dateEffet: string; // "01/04/2023"
  dateEffetLongue: string; // "1er avril 2023"
  lignes: AmendmentLineData[];
  /** The convention's maximum amount (its article 4) before and after the avenant. */
  montantAvant: string; // "239 200,00 €"
  montantApres: string; // "151 450,00 €"
  ecartTotal: string; // "-87 750,00 €"
  imputations: AmendmentImputationData[];
}
