/**
 * The data of a session's package, read from the database and formatted for print: what each Word
 * template receives (templates/template-data.ts). Every amount and total comes from the modules
 * that own it (applications, budget), so the documents cannot disagree with the database. What a
 * convention needs and the database lacks is listed (`missing`), never guessed.
 */
import { type Actor, systemActor } from '../../../kernel/actor.ts';
import { formatFrenchDate, formatFrenchLongDate, type PlainDate } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { type Cents, cents, formatEuros, formatEurosNumber, sumCents } from '../../../kernel/money.ts';
import type { Sql } from '../../../platform/database.ts';
import type { Application } from '../../applications/applications.types.ts';
import { type AllocationLine, buildAllocationTable, listCallApplications } from '../../applications/index.ts';
import { type BudgetLineSituation, getCallBudget } from '../../budget/index.ts';
import {
  type CallTree,
  type ConventionTerms,
  getCallTree,
  selectConventionTerms,
} from '../../calls/index.ts';
import { getCollectivite } from '../../collectivite/index.ts';
import { getSession, memberLabel, type ReportView, type SessionView } from '../../committee/index.ts';
import { formatRate } from '../../funding/index.ts';
import {
  computeSchedule,
  paymentTermsFromConvention,
  percentToBasisPoints,
} from '../../payments/domain/schedule.ts';
import { getStructure, type Structure } from '../../structures/index.ts';
import type {
  AllocationAnnexData,
  BudgetRowData,
  CollectiviteData,
  ConventionData,
  ConventionOperationData,
  DeliberationData,
  OperationsAnnexData,
  ReportData,
  SeanceData,
  ThemeSummaryData,
} from '../templates/template-data.ts';

const READER: Actor = systemActor('génération des documents de séance');

/** Text paragraphs from a stored text: blank lines separate paragraphs, "- " starts a bullet. */
export function paragraphs(text: string | null | undefined): { texte: string; puce: boolean }[] {
  if (!text) return [];
  const result: { texte: string; puce: boolean }[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    for (const line of block.split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      const bullet = /^[-•]\s+/.test(trimmed);
      const previous = result.at(-1);
      // a line that is neither a bullet nor after a blank line continues the paragraph
      if (!bullet && previous && !previous.puce && block.split('\n')[0]?.trim() !== trimmed) {
        previous.texte = `${previous.texte} ${trimmed}`;
        continue;
      }
      result.push({ texte: bullet ? trimmed.replace(/^[-•]\s+/, '') : trimmed, puce: bullet });
    }
  }
  return result;
}

const upper = (text: string) => text.toLocaleUpperCase('fr-FR');
const setting = (settings: Record<string, unknown>, key: string): string => {
  const value = settings[key];
  return typeof value === 'string' ? value : '';
};
const person = (settings: Record<string, unknown>, key: string): { name: string; title: string } => {
  const value = settings[key];
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return {
      name: typeof record.name === 'string' ? record.name : '',
      title: typeof record.title === 'string' ? record.title : '',
    };
  }
  return { name: '', title: '' };
};

/** "2023-12-31" (a YAML date may also come back as a Date). */
function settingDate(settings: Record<string, unknown>, key: string): string {
  const value = settings[key];
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' ? value : '';
}

export interface CollectivitePrint {
  data: CollectiviteData;
  conventionContactEmail: string;
  conventionService: string;
}

export async function collectivitePrint(sql: Sql): Promise<CollectivitePrint> {
  const collectivite = await getCollectivite(sql);
  if (!collectivite) throw new DomainError('NO_COLLECTIVITE', "Aucune collectivité n'est enregistrée.");
  const s = collectivite.settings;
  const president = person(s, 'president');
  const dgs = person(s, 'director_general');
  const signatory = person(s, 'convention_signatory');
  const keptUntil = settingDate(s, 'documents_kept_until');
  const city = setting(s, 'signing_city');
  return {
    data: {
      nom: collectivite.name,
      nomMajuscules: upper(collectivite.name),
      siege: setting(s, 'seat'),
      ville: city,
      villeMajuscules: upper(city),
      pole: setting(s, 'pole'),
      direction: setting(s, 'directorate'),
      mission: setting(s, 'mission'),
      president: president.name,
      presidentQualite: president.title,
      dgs: dgs.name,
      dgsQualite: dgs.title,
      signataireConventions: signatory.name,
      signataireConventionsQualite: signatory.title,
      payeur: setting(s, 'payer'),
      tribunal: setting(s, 'court'),
      emailDpo: setting(s, 'dpo_email'),
      conservationJusquau: keptUntil ? formatFrenchLongDate(keptUntil as PlainDate) : '',
    },
    conventionContactEmail: setting(s, 'convention_contact_email'),
    conventionService: setting(s, 'convention_service'),
  };
}

function seanceData(session: SessionView): SeanceData {
  const president = session.members.find((member) => member.id === session.presidentId);
  const secretary = session.members.find((member) => member.id === session.secretaryId);
  const date = session.date as PlainDate;
  return {
    instance: session.body,
    instanceMajuscules: upper(session.body),
    date: formatFrenchDate(date),
    dateLongue: formatFrenchLongDate(date),
    dateMajuscules: upper(formatFrenchLongDate(date)),
    presidence: president
      ? upper(`${president.civility === 'Mme' ? 'Madame' : 'Monsieur'} ${president.name}`)
      : '',
    secretaire: secretary ? memberLabel(secretary) : '',
    envoiControleLegalite: session.sentToLegalityControlOn
      ? formatFrenchLongDate(session.sentToLegalityControlOn as PlainDate)
      : '',
    publication: session.publishedOn ? formatFrenchLongDate(session.publishedOn as PlainDate) : '',
  };
}

/** Everything the documents of one report are made of. */
export interface ReportPackage {
  session: SessionView;
  report: ReportView;
  collectivite: CollectivitePrint;
  seance: SeanceData;
  call: CallTree;
  applications: Application[];
  lines: AllocationLine[];
  budget: BudgetLineSituation[];
  conventionTerms: Map<number, ConventionTerms>;
}

export async function readReportPackage(
  sql: Sql,
  sessionDate: string,
  reportNumber?: string,
): Promise<ReportPackage> {
  const session = await getSession(sql, sessionDate);
  const report = reportNumber
    ? session.reports.find((candidate) => candidate.number === reportNumber)
    : session.reports[0];
  if (!report) {
    throw new DomainError(
      'NO_REPORT',
      reportNumber
        ? `La séance du ${formatFrenchDate(sessionDate as PlainDate)} n'a pas de rapport n°${reportNumber}.`
        : `La séance du ${formatFrenchDate(sessionDate as PlainDate)} n'a aucun rapport.`,
    );
  }
  if (report.callId === null)
    throw new DomainError('NO_CALL', `Le rapport n°${report.number} ne porte sur aucun appel.`);
  const collectivite = await collectivitePrint(sql);
  const callRow = await sql.query<{ code: string }>('select code from calls where id = $1', [report.callId]);
  const code = callRow[0]?.code;
  if (!code) throw new DomainError('NO_CALL', `Appel introuvable pour le rapport n°${report.number}.`);
  const call = await getCallTree(sql, code);
  const inReport = new Set(report.applicationIds);
  const applications = (await listCallApplications(sql, call.id, READER)).filter((application) =>
    inReport.has(application.id),
  );
  const table = buildAllocationTable(call, applications);
  const budgetLineIds = [
    ...new Set(call.themes.flatMap((theme) => theme.operations.map((operation) => operation.budgetLineId))),
  ];
  const budget = await getCallBudget(sql, { callId: call.id, budgetLineIds });
  const conventionTerms = await selectConventionTerms(sql, call.id);
  return {
    session,
    report,
    collectivite,
    seance: seanceData(session),
    call,
    applications,
    lines: table.lines,
    budget,
    conventionTerms,
  };
}

// ---------------------------------------------------------------------------------------------
// Report, deliberation, annexes
// ---------------------------------------------------------------------------------------------

function budgetRows(budget: readonly BudgetLineSituation[]): BudgetRowData[] {
  return budget.map((row) => ({
    code: row.line.code,
    imputation: row.line.imputation,
    libelle: row.line.label,
    ae: formatEurosNumber(row.ae),
    disponible: formatEurosNumber(row.available),
    proposition: formatEurosNumber(row.proposed),
    solde: formatEurosNumber(row.balance),
  }));
}

/** Totals per theme and operation of the report's lines (the annexe 3 amounts). */
function themeTotals(pkg: ReportPackage): Map<number, { amount: Cents; operations: Map<number, Cents> }> {
  const totals = new Map<number, { amount: Cents; operations: Map<number, Cents> }>();
  for (const line of pkg.lines) {
    const theme = totals.get(line.themeNumber) ?? { amount: cents(0), operations: new Map<number, Cents>() };
    theme.amount = cents(theme.amount + line.amount);
    theme.operations.set(
      line.operationNumber,
      cents((theme.operations.get(line.operationNumber) ?? 0) + line.amount),
    );
    totals.set(line.themeNumber, theme);
  }
  return totals;
}

/** The themes the report proposes, with their annex, article and total. */
function themeSummaries(pkg: ReportPackage): ThemeSummaryData[] {
  const totals = themeTotals(pkg);
  return pkg.call.themes
    .filter((theme) => totals.has(theme.number))
    .map((theme, index) => {
      const total = totals.get(theme.number);
      return {
        numero: String(theme.number),
        intitule: theme.title,
        annexe: String(index + 1),
        nombreOperations: String(total?.operations.size ?? 0),
        total: formatEuros(total?.amount ?? cents(0)),
        article: String(index + 1),
      };
    });
}

export function reportData(pkg: ReportPackage): ReportData {
  const budget = pkg.budget;
  return {
    collectivite: pkg.collectivite.data,
    seance: pkg.seance,
    numero: pkg.report.number,
    titre: upper(pkg.report.title),
    territoires: pkg.report.territories,
    cantons: pkg.report.cantons,
    epci: pkg.report.epci,
    contexte: paragraphs(pkg.report.context),
    thematiques: themeSummaries(pkg),
    budget: budgetRows(budget),
    avis: pkg.report.opinions.map((opinion) => ({
      commission: opinion.commission,
      avis: opinion.opinion,
      date: formatFrenchDate(opinion.date as PlainDate),
    })),
  };
}

const withoutFinalStop = (line: string) => line.replace(/\.$/, '');
function listAfterHeading(lines: readonly string[], heading: RegExp): string {
  const line = lines.find((candidate) => heading.test(candidate));
  return line ? withoutFinalStop(line.slice(line.indexOf(' : ') + 3)) : '';
}

export function deliberationData(pkg: ReportPackage): DeliberationData {
  const lists = pkg.session.attendanceLists;
  if (!lists) {
    throw new DomainError(
      'ATTENDANCE_INCOMPLETE',
      `La présence de chaque élu doit être renseignée pour la séance du ${pkg.seance.date}.`,
    );
  }
  const tally = pkg.report.tally;
  if (!tally) {
    throw new DomainError(
      'VOTE_INCOMPLETE',
      `Le vote du rapport n°${pkg.report.number} ne peut pas être décompté : ${pkg.report.tallyError ?? 'vote non saisi'}`,
    );
  }
  const themes = themeSummaries(pkg);
  const next = themes.length;
  return {
    collectivite: pkg.collectivite.data,
    seance: pkg.seance,
    numero: pkg.report.deliberationNumber ?? '',
    titre: upper(pkg.report.title),
    presents: listAfterHeading(lists.lines, /^Étai(en)?t présent/),
    excuses: lists.excused.join(', '),
    absents: lists.absent.join(', '),
    sansVoixPresents: lists.presentWithoutVote.join(', '),
    sansVoixExcuses: lists.excusedWithoutVote.join(', '),
    visas: pkg.report.visas.map((texte) => ({ texte })),
    avis: pkg.report.opinions.map((opinion) => ({
      commission: opinion.visa,
      avis: opinion.opinion,
      date: formatFrenchDate(opinion.date as PlainDate),
    })),
    conflits: pkg.report.conflictStatement ?? '',
    thematiques: themes,
    articleConventionType: String(next + 1),
    articleSignature: String(next + 2),
    articleImputation: String(next + 3),
    budget: budgetRows(pkg.budget),
    vote: tally.wording,
    resultat: tally.outcomeWording,
  };
}

export function operationsAnnexData(
  pkg: ReportPackage,
  themeNumber: number,
  annex: string,
): OperationsAnnexData {
  const theme = pkg.call.themes.find((candidate) => candidate.number === themeNumber);
  if (!theme) throw new DomainError('NO_THEME', `Thématique ${themeNumber} inconnue.`);
  const totals = themeTotals(pkg).get(themeNumber);
  return {
    collectivite: pkg.collectivite.data,
    seance: pkg.seance,
    annexe: annex,
    thematique: {
      numero: String(theme.number),
      intitule: theme.title,
      introduction: paragraphs(theme.intro),
    },
    operations: theme.operations
      .filter((operation) => totals?.operations.has(operation.number))
      .map((operation) => ({
        numero: String(operation.number),
        intitule: operation.title,
        descriptif: paragraphs(operation.description),
        bilan: paragraphs(operation.reviewPreviousYear),
        proposition: paragraphs(operation.proposal),
        total: formatEuros(totals?.operations.get(operation.number) ?? cents(0)),
      })),
  };
}

const UNIT_WORDS: Record<string, [string, string]> = {
  places: ['place', 'places'],
  posts: ['poste', 'postes'],
  participants: ['participant', 'participants'],
  persons: ['personne', 'personnes'],
};

export function quantityText(quantity: number | null, unit: string | null): string {
  if (quantity === null) return '';
  const words = unit ? UNIT_WORDS[unit] : undefined;
  const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(quantity);
  if (!words) return number;
  return `${number} ${Math.abs(quantity) > 1 ? words[1] : words[0]}`;
}

export const periodText = (start: string, end: string) =>
  `${formatFrenchDate(start as PlainDate)} – ${formatFrenchDate(end as PlainDate)}`;

export function allocationAnnexData(pkg: ReportPackage): AllocationAnnexData {
  const byTheme = new Map<number, AllocationLine[]>();
  for (const line of pkg.lines)
    byTheme.set(line.themeNumber, [...(byTheme.get(line.themeNumber) ?? []), line]);
  return {
    collectivite: pkg.collectivite.data,
    seance: pkg.seance,
    appel: upper(pkg.call.title),
    thematiques: pkg.call.themes
      .filter((theme) => byTheme.has(theme.number))
      .map((theme) => {
        const lines = byTheme.get(theme.number) ?? [];
        return {
          numero: String(theme.number),
          intitule: theme.title,
          total: formatEuros(sumCents(lines.map((line) => line.amount))),
          operations: theme.operations
            .filter((operation) => lines.some((line) => line.operationNumber === operation.number))
            .map((operation) => {
              const own = lines.filter((line) => line.operationNumber === operation.number);
              return {
                numero: String(operation.number),
                intitule: operation.shortTitle,
                lignes: own.map((line) => ({
                  structure: line.structure,
                  territoire: line.territories.join(', '),
                  periode: periodText(line.periodStart, line.periodEnd),
                  quantite: quantityText(line.quantity, line.unit),
                  montant: formatEuros(line.amount),
                })),
                total: formatEuros(sumCents(own.map((line) => line.amount))),
              };
            }),
        };
      }),
    total: formatEuros(sumCents(pkg.lines.map((line) => line.amount))),
  };
}

// ---------------------------------------------------------------------------------------------
// Conventions
// ---------------------------------------------------------------------------------------------

/** The applications of a structure that its convention of this session covers. */
export interface ConventionPlan {
  structureId: number;
  structureName: string;
  applications: Application[];
  amount: Cents;
}

/**
 * One convention per structure: its applications of the report that start a convention (an
 * amendment changes an earlier convention: it is an avenant, not a new convention) with an amount.
 */
export function conventionPlans(pkg: ReportPackage): ConventionPlan[] {
  const byStructure = new Map<number, Application[]>();
  for (const application of pkg.applications) {
    if (application.kind !== 'convention') continue;
    if (application.state !== 'proposed' && application.state !== 'voted') continue;
    if ((application.retainedCents ?? 0) <= 0) continue;
    byStructure.set(application.structureId, [
      ...(byStructure.get(application.structureId) ?? []),
      application,
    ]);
  }
  return [...byStructure.entries()]
    .map(([structureId, applications]) => ({
      structureId,
      structureName: applications[0]?.structureName ?? '',
      applications: applications.sort(
        (a, b) => a.themeNumber - b.themeNumber || a.operationNumber - b.operationNumber || a.id - b.id,
      ),
      amount: sumCents(applications.map((application) => cents(application.retainedCents ?? 0))),
    }))
    .sort((a, b) => a.structureName.localeCompare(b.structureName, 'fr') || a.structureId - b.structureId);
}

export interface MissingItem {
  /** "structure « CCAS de Calais »", "opération 1.2 « … »", "collectivité". */
  subject: string;
  /** What to open to complete it, and its id (the operation's, the structure's…). */
  kind: 'collectivite' | 'operation' | 'structure' | 'session' | 'report';
  id: number | null;
  fields: string[];
}

const STRUCTURE_FIELDS: [keyof Structure, string][] = [
  ['siret', 'SIRET'],
  ['addressStreet', 'adresse du siège (rue)'],
  ['addressPostalCode', 'code postal du siège'],
  ['addressCity', 'commune du siège'],
  ['representativeName', 'représentant légal'],
  ['iban', 'IBAN'],
  ['bic', 'BIC'],
];

const TERMS_FIELDS: [keyof ConventionTerms, string][] = [
  ['objectives', 'objectifs'],
  ['procedure', "déroulement de l'action"],
  ['professionalProfile', 'profil du professionnel intervenant'],
  ['advancePercent', 'avance versée à la signature (pourcentage ou montant)'],
  ['review', 'bilan à transmettre'],
];

/** Whether a term is known: the advance is, as a percentage (even 0) or as a fixed amount. */
function termKnown(terms: ConventionTerms, key: keyof ConventionTerms): boolean {
  if (key === 'advancePercent')
    return terms.advancePercent !== undefined || terms.advanceAmountCents !== undefined;
  const value = terms[key];
  return value !== undefined && value !== '';
}

/** What the conventions of the report need and the database lacks, by subject. */
export async function missingForConventions(
  sql: Sql,
  pkg: ReportPackage,
  plans: readonly ConventionPlan[],
): Promise<{ missing: MissingItem[]; structures: Map<number, Structure> }> {
  const missing: MissingItem[] = [];
  const collectiviteFields = [
    ...(pkg.collectivite.conventionContactEmail
      ? []
      : ['e-mail du gestionnaire des conventions (convention_contact_email)']),
    ...(pkg.collectivite.conventionService
      ? []
      : ['service destinataire des courriers (convention_service)']),
    ...(pkg.collectivite.data.signataireConventions
      ? []
      : ['signataire des conventions (convention_signatory)']),
  ];
  if (collectiviteFields.length > 0)
    missing.push({ subject: 'collectivité', kind: 'collectivite', id: null, fields: collectiviteFields });
  const operations = new Map(
    pkg.call.themes.flatMap((theme) =>
      theme.operations.map((operation) => [operation.id, operation] as const),
    ),
  );
  const used = new Set(plans.flatMap((plan) => plan.applications.map((a) => a.operationId)));
  const usedOperations = [...operations.keys()].filter((operationId) => used.has(operationId));
  for (const operationId of usedOperations) {
    const operation = operations.get(operationId);
    const terms = pkg.conventionTerms.get(operationId) ?? {};
    const fields = TERMS_FIELDS.filter(([key]) => !termKnown(terms, key)).map(([, label]) => label);
    if (!operation?.targetPublic) fields.unshift('public cible');
    // the schedule of each line of the operation, as its payments will follow it
    const problems = new Set<string>();
    for (const plan of plans) {
      for (const application of plan.applications) {
        if (application.operationId !== operationId) continue;
        const problem = scheduleProblem(cents(application.retainedCents ?? 0), terms, plan.structureName);
        if (problem !== null) problems.add(problem);
      }
    }
    fields.push(...problems);
    if (fields.length > 0 && operation) {
      missing.push({
        subject: `opération ${operation.themeNumber}.${operation.number} « ${operation.shortTitle} »`,
        kind: 'operation',
        id: operation.id,
        fields,
      });
    }
  }
  const structures = new Map<number, Structure>();
  for (const plan of plans) {
    const structure = await getStructure(sql, plan.structureId);
    structures.set(plan.structureId, structure);
    const fields = STRUCTURE_FIELDS.filter(([key]) => {
      const value = structure[key];
      return value === null || value === undefined || value === '';
    }).map(([, label]) => label);
    if (fields.length > 0)
      missing.push({
        subject: `structure « ${structure.displayName} »`,
        kind: 'structure',
        id: structure.id,
        fields,
      });
  }
  return { missing, structures };
}

export function formatMissing(missing: readonly MissingItem[]): string[] {
  return missing.map((item) => `${item.subject} : ${item.fields.join(', ')}`);
}

/** What a convention prints of a line's payments (its operation's annex). */
export interface PaymentTexts {
  /** The advance at signature: "9 360,00 €" ("0,00 €" without advance). */
  avance: string;
  /** The advance's sentence, then one sentence per instalment (acompte), one per line. */
  avanceTexte: string;
  /** The balance after the bilan, at most. */
  solde: string;
  soldeTexte: string;
}

/**
 * The payment texts of a line of `amount`, from the schedule its payments will follow
 * (payments/domain/schedule.ts), so that the convention and the payments agree to the cent. Throws
 * the schedule's refusal when the advance and instalments exceed the amount (listed as missing
 * first: see `missingForConventions`).
 */
export function paymentTexts(amount: Cents, terms: ConventionTerms): PaymentTexts {
  const paymentTerms = paymentTermsFromConvention(terms);
  const schedule = computeSchedule(amount, paymentTerms);
  const sentences: string[] = [];
  let advance = cents(0);
  let balance = amount;
  let instalmentIndex = 0;
  for (const part of schedule.parts) {
    if (part.kind === 'advance') {
      advance = part.amount;
      sentences.push(
        paymentTerms.advance.kind === 'percent'
          ? `Versement d'une avance de ${formatEuros(part.amount)} (${formatRate(percentToBasisPoints(paymentTerms.advance.percent))}), à la signature de la convention.`
          : `Versement d'une avance de ${formatEuros(part.amount)}, à la signature de la convention.`,
      );
    } else if (part.kind === 'instalment') {
      const percent = paymentTerms.instalments?.[instalmentIndex]?.percent ?? 0;
      instalmentIndex += 1;
      const when =
        typeof part.dueAfter === 'object'
          ? `à partir du ${formatFrenchDate(part.dueAfter.date)}`
          : 'après la signature de la convention';
      sentences.push(
        `Versement d'un acompte de ${formatEuros(part.amount)} (${formatRate(percentToBasisPoints(percent))}) ${when}.`,
      );
    } else {
      balance = part.amount;
    }
  }
  if (paymentTerms.advance.kind === 'none')
    sentences.unshift("Aucune avance n'est versée à la signature de la convention.");
  return {
    avance: formatEuros(advance),
    avanceTexte: sentences.join('\n'),
    solde: formatEuros(balance),
    soldeTexte: `Versement du solde, au plus ${formatEuros(balance)}, sous réserve du respect des clauses de la convention et de ses annexes, au prorata de la réalisation des objectifs.`,
  };
}

/**
 * Why a line's schedule cannot be computed (its fixed advance, or its advance and instalments,
 * exceed its amount), as a missing item of its operation; null when it can.
 */
function scheduleProblem(amount: Cents, terms: ConventionTerms, structureName: string): string | null {
  try {
    computeSchedule(amount, paymentTermsFromConvention(terms));
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code !== 'SCHEDULE_EXCEEDS_MAXIMUM')
      return `conditions de versement invalides pour ${structureName} (${error.message})`;
    const advance = paymentTermsFromConvention(terms).advance;
    return advance.kind === 'amount' && advance.amount > amount
      ? `avance supérieure au montant de la subvention de ${structureName}`
      : `avance et acomptes supérieurs au montant de la subvention de ${structureName}`;
  }
}

const DOTS = '…………………………';

export function conventionData(
  pkg: ReportPackage,
  plan: ConventionPlan | null,
  structure: Structure | null,
  numero: string,
): ConventionData {
  const operations = new Map(
    pkg.call.themes.flatMap((theme) =>
      theme.operations.map((operation) => [operation.id, operation] as const),
    ),
  );
  const lines = new Map(pkg.budget.map((row) => [row.line.id, row.line]));
  const model = plan === null || structure === null;
  const applications = plan?.applications ?? [];
  const starts = applications.map((a) => a.periodStart).sort();
  const ends = applications.map((a) => a.periodEnd).sort();
  const operationData: ConventionOperationData[] = applications.map((application, index) => {
    const operation = operations.get(application.operationId);
    const terms = pkg.conventionTerms.get(application.operationId) ?? {};
    const amount = cents(application.retainedCents ?? 0);
    const line = lines.get(application.budgetLineId);
    return {
      annexe: String(index + 2),
      intitule: operation?.title ?? application.operationTitle,
      action: application.label,
      duree: `Du ${formatFrenchDate(application.periodStart)} au ${formatFrenchDate(application.periodEnd)}`,
      cout: formatEuros(amount),
      publicCible: operation?.targetPublic ?? '',
      objectifs: terms.objectives ?? '',
      deroulement: terms.procedure ?? '',
      territoire: application.territories.map((territory) => territory.name).join(', '),
      profilIntervenant: terms.professionalProfile ?? '',
      modalitesFinancement:
        application.computation?.explanation ?? `Montant retenu : ${formatEuros(amount)}.`,
      ...paymentTexts(amount, terms),
      chapitre: line ? `${line.imputation} – ${line.label}` : '',
      bilan: terms.review ?? '',
    };
  });
  const address = structure
    ? [
        structure.addressStreet,
        [structure.addressPostalCode, structure.addressCity].filter(Boolean).join(' '),
      ]
        .filter(Boolean)
        .join(', ')
    : DOTS;
  return {
    collectivite: pkg.collectivite.data,
    seance: pkg.seance,
    modele: model,
    numero,
    objet: model
      ? `Définition du partenariat entre le Département et la structure ${DOTS} - ${DOTS}`
      : `Définition du partenariat entre le Département et ${structure.displayName} - ${operationData.map((o) => o.intitule).join(', ')}`,
    structure: {
      nom: structure?.legalName ?? DOTS,
      formeJuridique: structure ? (structure.legalForm ?? structure.categoryLabel) : DOTS,
      designation: 'la structure',
      siege: address,
      siret: structure?.siret ?? DOTS,
      representant: structure?.representativeName ?? DOTS,
      representantQualite: structure?.representativeTitle ?? 'Président(e)',
      iban: structure?.iban ?? DOTS,
      bic: structure?.bic ?? DOTS,
      domiciliation: structure ? '' : DOTS,
      titulaire: structure?.legalName ?? DOTS,
    },
    deliberationDate: pkg.seance.date,
    periodeDebut: starts[0] ? formatFrenchDate(starts[0]) : DOTS,
    periodeFin: ends.at(-1) ? formatFrenchDate(ends.at(-1) as PlainDate) : DOTS,
    montantMaximum: plan ? formatEuros(plan.amount) : DOTS,
    operations: operationData,
    emailGestionnaire: pkg.collectivite.conventionContactEmail || DOTS,
    service: pkg.collectivite.conventionService || DOTS,
  };
}
