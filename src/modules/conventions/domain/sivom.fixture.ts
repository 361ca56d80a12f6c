/**
 * The specification's avenant, as test data: the SIVOM du Bruaysis's two lines voted by the
 * Commission Permanente of 15 May 2023 (620 places référent solidarité at 160 €, 560 places
 * accompagnement socioprofessionnel at 250 €, 1 January – 31 December 2023, budget line
 * C02-446A05), amended from 1 April 2023 by délibération n°2023-259 of 12 June 2023 (170 and 380
 * places), and the CCAS de Bruay-la-Buissière's new lines for the other 450 and 180 places.
 */
import { type Period, type PlainDate, parsePlainDate } from '../../../kernel/dates.ts';
import { type Cents, parseEuros } from '../../../kernel/money.ts';
import type { FundingRule } from '../../funding/index.ts';
import { type ConventionRecord, draftConvention, recordSignature, sendForSignature } from './lifecycle.ts';
import { type ConventionLine, createLine } from './segments.ts';

export const date = (text: string): PlainDate => parsePlainDate(text);
export const period = (start: string, end: string): Period => ({ start: date(start), end: date(end) });
export const eur = (text: string): Cents => parseEuros(text);
/** Expected strings are written with ordinary spaces where the code puts no-break spaces. */
export const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

export const YEAR_2023 = period('2023-01-01', '2023-12-31');
export const APR_DEC_2023 = period('2023-04-01', '2023-12-31');
export const BUDGET_LINE = 'C02-446A05';

export const SOLIDARITE: FundingRule = { kind: 'per_place_per_year', annualRatePerPlace: eur('160') };
export const SOCIOPRO: FundingRule = { kind: 'per_place_per_year', annualRatePerPlace: eur('250') };

export const SIVOM_SOLIDARITE: ConventionLine = createLine({
  key: 'T1-O1',
  label: 'Dispositif référent solidarité',
  budgetLine: BUDGET_LINE,
  rule: SOLIDARITE,
  unit: 'places',
  quantity: 620,
  period: YEAR_2023,
  amount: eur('99 200'),
});

export const SIVOM_SOCIOPRO: ConventionLine = createLine({
  key: 'T1-O2',
  label: 'Accompagnement socioprofessionnel',
  budgetLine: BUDGET_LINE,
  rule: SOCIOPRO,
  unit: 'places',
  quantity: 560,
  period: YEAR_2023,
  amount: eur('140 000'),
});

/** The SIVOM's convention, signed on 22 May 2023. */
export function signedSivom(): ConventionRecord {
  const sent = sendForSignature(draftConvention(YEAR_2023), { on: date('2023-05-16') }).after;
  return recordSignature(sent, {
    signedOn: date('2023-05-22'),
    signedDocument: 'conventions/2023-0042-signee.pdf',
    today: date('2023-05-23'),
  }).after;
}
