/**
 * The consistency check of a call: what an agent should look at before the report goes to the
 * committee. Each finding says, in French, which record and which figures. Pure functions over
 * plain data gathered by the service.
 */
import { formatFrenchDate, type PlainDate, periodMonthsAndDays } from '../../../kernel/dates.ts';
import { type Cents, formatEuros } from '../../../kernel/money.ts';
import { findSimilarOwners, type SimilarityReason } from './similar-names.ts';

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  /** What the finding is about: 'application:12', 'operation:2.3', 'budget-line:C01-444H02'… */
  subject: string;
}

export interface CheckedLine {
  id: number;
  reference: string;
  themeNumber: number;
  operationNumber: number;
  structureId: number;
  structureName: string;
  label: string;
  territories: string[];
  periodStart: PlainDate;
  periodEnd: PlainDate;
  quantity: number | null;
  unit: string | null;
  kind: 'convention' | 'amendment';
  state: string;
  computedCents: number | null;
  computationStatus: string | null;
  computationExplanation: string | null;
  retainedCents: number | null;
  deviationJustification: string | null;
}

export interface CheckedOperation {
  themeNumber: number;
  number: number;
  title: string;
  statedAmount: number | null;
  statedQuantity: number | null;
  statedUnit: string | null;
  total: Cents;
  hasRule: boolean;
}

export interface CheckedTheme {
  number: number;
  statedAmount: number | null;
  total: Cents;
}

export interface CheckedBudgetLine {
  code: string;
  available: Cents;
  proposed: Cents;
  balance: Cents;
}

export interface CheckedStructure {
  id: number;
  name: string;
  aliases: string[];
  siret: string | null;
  hasAddress: boolean;
  hasRepresentative: boolean;
  hasBankDetails: boolean;
}

export interface CallFacts {
  callYear: number;
  lines: CheckedLine[];
  operations: CheckedOperation[];
  themes: CheckedTheme[];
  budgetLines: CheckedBudgetLine[];
  /** The structures of the call's lines (for missing data) and the whole registry (for duplicates). */
  fundedStructures: CheckedStructure[];
  registry: CheckedStructure[];
}

const money = (amount: number) => formatEuros(amount as Cents);

function checkAmounts(line: CheckedLine): Finding[] {
  const subject = `application:${line.id}`;
  const where = `${line.reference} (${line.structureName}, opération ${line.themeNumber}.${line.operationNumber})`;
  if (line.retainedCents === null) {
    return [
      {
        severity: 'error',
        code: 'RETAINED_MISSING',
        subject,
        message: `${where} : montant retenu manquant.`,
      },
    ];
  }
  if (line.computedCents === null || line.computedCents === line.retainedCents) return [];
  if (line.deviationJustification) return [];
  if (line.kind === 'amendment') {
    return [
      {
        severity: 'error',
        code: 'AMENDMENT_PRORATA_MISMATCH',
        subject,
        message: `${where} : l'avenant porte ${money(line.retainedCents)} alors que son effet au prorata temporis est de ${money(line.computedCents)} (${line.computationExplanation ?? ''}).`,
      },
    ];
  }
  return [
    {
      severity: 'error',
      code: 'RETAINED_DIFFERS_FROM_RULE',
      subject,
      message: `${where} : montant retenu ${money(line.retainedCents)} ≠ montant calculé ${money(line.computedCents)} (${line.computationExplanation ?? ''}), sans justification.`,
    },
  ];
}

/** Calendar months from the start's month to the end's ("2023-01-31" to "2023-03-01": 2). */
function monthSpan(start: PlainDate, end: PlainDate): number {
  return (
    (Number(end.slice(0, 4)) - Number(start.slice(0, 4))) * 12 +
    (Number(end.slice(5, 7)) - Number(start.slice(5, 7)))
  );
}

function checkPeriod(line: CheckedLine, callYear: number): Finding[] {
  const startsBefore = Number(line.periodStart.slice(0, 4)) < callYear;
  // A period spanning at most 22 calendar months lasts less than 24 months (the day after its end
  // is at most 23 months later): nothing to say, and no need to count its months and days.
  if (!startsBefore && monthSpan(line.periodStart, line.periodEnd) <= 22) return [];
  const { months, days } = periodMonthsAndDays({ start: line.periodStart, end: line.periodEnd });
  const findings: Finding[] = [];
  const where = `${line.reference} (${line.structureName}, opération ${line.themeNumber}.${line.operationNumber})`;
  if (startsBefore) {
    findings.push({
      severity: 'warning',
      code: 'PERIOD_BEFORE_CALL_YEAR',
      subject: `application:${line.id}`,
      message: `${where} : la période du ${formatFrenchDate(line.periodStart)} au ${formatFrenchDate(line.periodEnd)} commence avant l'année de l'appel (${callYear}) et dure ${months} mois${days > 0 ? ` et ${days} jours` : ''} : date de début à vérifier.`,
    });
  } else if (months > 24 || (months === 24 && days > 0)) {
    findings.push({
      severity: 'warning',
      code: 'PERIOD_LONGER_THAN_24_MONTHS',
      subject: `application:${line.id}`,
      message: `${where} : période de plus de 24 mois (${formatFrenchDate(line.periodStart)} – ${formatFrenchDate(line.periodEnd)}).`,
    });
  }
  return findings;
}

function checkDuplicateLines(lines: readonly CheckedLine[]): Finding[] {
  const findings: Finding[] = [];
  // Only lines of one structure, operation, kind and label can be duplicates: group them first.
  const groups = new Map<string, CheckedLine[]>();
  for (const line of lines) {
    const key = [
      line.structureId,
      line.themeNumber,
      line.operationNumber,
      line.kind,
      line.label.trim().toLowerCase(),
      line.territories.join(),
    ].join('|');
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  }
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += 1) {
      for (let j = i + 1; j < group.length; j += 1) {
        const a = group[i];
        const b = group[j];
        if (!a || !b || !(a.periodStart <= b.periodEnd && b.periodStart <= a.periodEnd)) continue;
        findings.push({
          severity: 'warning',
          code: 'DUPLICATE_LINE',
          subject: `application:${b.id}`,
          message: `${a.reference} et ${b.reference} : même structure (${a.structureName}), même opération, même territoire, même libellé et périodes qui se chevauchent — doublon possible.`,
        });
      }
    }
  }
  return findings;
}

function checkTotals(facts: CallFacts): Finding[] {
  const findings: Finding[] = [];
  for (const operation of facts.operations) {
    const subject = `operation:${operation.themeNumber}.${operation.number}`;
    const name = `Opération ${operation.themeNumber}.${operation.number} « ${operation.title} »`;
    if (!operation.hasRule) {
      findings.push({
        severity: 'error',
        code: 'RULE_MISSING',
        subject,
        message: `${name} : aucune règle de financement.`,
      });
    }
    if (operation.statedAmount !== null && operation.statedAmount !== operation.total) {
      findings.push({
        severity: 'error',
        code: 'OPERATION_TOTAL_MISMATCH',
        subject,
        message: `${name} : total des lignes ${money(operation.total)} ≠ montant annoncé ${money(operation.statedAmount)} (écart ${money(operation.total - operation.statedAmount)}).`,
      });
    }
    if (operation.statedQuantity !== null && operation.statedUnit !== null) {
      const counted = facts.lines.filter(
        (line) =>
          line.themeNumber === operation.themeNumber &&
          line.operationNumber === operation.number &&
          line.state !== 'postponed' &&
          line.unit === operation.statedUnit,
      );
      const allCounted = facts.lines.filter(
        (line) =>
          line.themeNumber === operation.themeNumber &&
          line.operationNumber === operation.number &&
          line.state !== 'postponed',
      );
      if (counted.length === allCounted.length && counted.every((line) => line.quantity !== null)) {
        const total = counted.reduce(
          (sum, line) => sum + (line.kind === 'amendment' ? 0 : (line.quantity ?? 0)),
          0,
        );
        const hasAmendment = counted.some((line) => line.kind === 'amendment');
        if (!hasAmendment && Math.abs(total - operation.statedQuantity) > 1e-9) {
          findings.push({
            severity: 'warning',
            code: 'OPERATION_QUANTITY_MISMATCH',
            subject,
            message: `${name} : ${total} ${operation.statedUnit} dans les lignes financées, ${operation.statedQuantity} annoncés dans le texte.`,
          });
        }
      }
    }
  }
  for (const theme of facts.themes) {
    if (theme.statedAmount !== null && theme.statedAmount !== theme.total) {
      findings.push({
        severity: 'error',
        code: 'THEME_TOTAL_MISMATCH',
        subject: `theme:${theme.number}`,
        message: `Thématique ${theme.number} : total ${money(theme.total)} ≠ montant annoncé ${money(theme.statedAmount)}.`,
      });
    }
  }
  return findings;
}

function checkBudget(lines: readonly CheckedBudgetLine[]): Finding[] {
  return lines
    .filter((line) => line.balance < 0)
    .map((line) => ({
      severity: 'error' as const,
      code: 'BUDGET_OVER_COMMITTED',
      subject: `budget-line:${line.code}`,
      message: `Ligne ${line.code} : proposition ${money(line.proposed)} pour ${money(line.available)} disponibles, dépassement de ${money(-line.balance)}.`,
    }));
}

const REASON_LABELS: Record<SimilarityReason, string> = {
  same_name: 'même nom',
  one_letter_apart: 'noms à une lettre près',
  acronym: "l'un est le sigle de l'autre",
};

function checkDuplicateStructures(registry: readonly CheckedStructure[]): Finding[] {
  const byId = new Map(registry.map((structure) => [structure.id, structure]));
  const findings: Finding[] = [];
  const bySiret = new Map<string, CheckedStructure[]>();
  for (const structure of registry) {
    if (structure.siret === null) continue;
    const group = bySiret.get(structure.siret);
    if (group) group.push(structure);
    else bySiret.set(structure.siret, [structure]);
  }
  const sameSiret = new Set<string>();
  for (const group of bySiret.values()) {
    for (let i = 1; i < group.length; i += 1) {
      const a = group[0];
      const b = group[i];
      if (!a || !b) continue;
      sameSiret.add(`${Math.min(a.id, b.id)}:${Math.max(a.id, b.id)}`);
      findings.push({
        severity: 'error',
        code: 'STRUCTURE_SAME_SIRET',
        subject: `structure:${b.id}`,
        message: `Structures n°${a.id} « ${a.name} » et n°${b.id} « ${b.name} » : même SIRET ${a.siret}.`,
      });
    }
  }
  const pairs = findSimilarOwners(
    registry.map((structure) => ({ id: structure.id, names: [structure.name, ...structure.aliases] })),
  );
  for (const pair of pairs) {
    const a = byId.get(pair.a);
    const b = byId.get(pair.b);
    if (!a || !b || sameSiret.has(`${pair.a}:${pair.b}`)) continue;
    findings.push({
      severity: 'warning',
      code: 'STRUCTURE_POSSIBLE_DUPLICATE',
      subject: `structure:${b.id}`,
      message: `Structures n°${a.id} « ${a.name} » et n°${b.id} « ${b.name} » : ${REASON_LABELS[pair.reason]}, peut-être une seule structure (à fusionner si c'est le cas).`,
    });
  }
  return findings;
}

function listNames(structures: readonly CheckedStructure[]): string {
  const names = structures.map((structure) => structure.name);
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}… (+${names.length - 12})`;
}

/** Data every convention needs (annexe 4: SIRET, seat, representative, bank details). */
function checkMissingStructureData(structures: readonly CheckedStructure[]): Finding[] {
  const findings: Finding[] = [];
  const missing: [string, string, (s: CheckedStructure) => boolean][] = [
    ['STRUCTURE_SIRET_MISSING', 'sans SIRET', (s) => s.siret === null],
    ['STRUCTURE_ADDRESS_MISSING', 'sans adresse du siège', (s) => !s.hasAddress],
    ['STRUCTURE_REPRESENTATIVE_MISSING', 'sans représentant légal', (s) => !s.hasRepresentative],
    ['STRUCTURE_BANK_DETAILS_MISSING', 'sans IBAN/BIC', (s) => !s.hasBankDetails],
  ];
  for (const [code, label, isMissing] of missing) {
    const concerned = structures.filter(isMissing);
    if (concerned.length === 0) continue;
    findings.push({
      severity: 'warning',
      code,
      subject: 'structures',
      message: `${concerned.length} structure(s) financée(s) ${label}, donnée nécessaire à leur convention : ${listNames(concerned)}.`,
    });
  }
  return findings;
}

export function checkCall(facts: CallFacts): Finding[] {
  const findings = [
    ...facts.lines.flatMap(checkAmounts),
    ...facts.lines.flatMap((line) => checkPeriod(line, facts.callYear)),
    ...checkDuplicateLines(facts.lines),
    ...checkTotals(facts),
    ...checkBudget(facts.budgetLines),
    ...checkDuplicateStructures(facts.registry),
    ...checkMissingStructureData(facts.fundedStructures),
  ];
  const order: Record<Severity, number> = { error: 0, warning: 1 };
  return findings.sort((a, b) => order[a.severity] - order[b.severity]);
}
