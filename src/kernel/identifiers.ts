/**
 * Identifiers of the organisations we fund and pay: SIRET / SIREN (INSEE), RNA number (associations),
 * IBAN and BIC (bank details).
 *
 * Each `validate…` function returns a result object and never throws; each `parse…` function returns
 * the normalised, branded value or throws a DomainError carrying the field name; each `assert…`
 * function checks that a string is already the normalised form (what `parse…` would return).
 * Messages are in French, for the people who typed the value.
 */
import { DomainError } from './errors.ts';

declare const siretBrand: unique symbol;
declare const sirenBrand: unique symbol;
declare const rnaBrand: unique symbol;
declare const ibanBrand: unique symbol;
declare const bicBrand: unique symbol;

/** 14 digits, no spaces. */
export type Siret = string & { readonly [siretBrand]: true };
/** 9 digits, no spaces. */
export type Siren = string & { readonly [sirenBrand]: true };
/** "W" followed by 9 characters, upper case ("W751234567", "W9R1002760"). */
export type Rna = string & { readonly [rnaBrand]: true };
/** Upper case, no spaces ("FR7630006000011234567890189"); see `formatIban` for display. */
export type Iban = string & { readonly [ibanBrand]: true };
/** 8 or 11 characters, upper case. */
export type Bic = string & { readonly [bicBrand]: true };

export type IdentifierResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string };

function success<T>(value: T): IdentifierResult<T> {
  return { ok: true, value };
}

function failure<T>(code: string, message: string): IdentifierResult<T> {
  return { ok: false, code, message };
}

function valueOrThrow<T>(result: IdentifierResult<T>, field: string): T {
  if (result.ok) return result.value;
  throw new DomainError(result.code, result.message, { field });
}

function requireNormalised(
  value: string,
  normalised: string,
  code: string,
  label: string,
  field: string,
): void {
  if (value !== normalised) {
    throw new DomainError(code, `${label} doit être écrit sous sa forme normalisée : ${normalised}.`, {
      field,
    });
  }
}

/** Spaces of every kind (including no-break spaces) are typing aids, never part of an identifier. */
function withoutSpaces(text: string): string {
  return text.replace(/\s/g, '');
}

// ---------------------------------------------------------------------------------------------------
// Luhn (SIREN, SIRET)

function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum;
}

function isLuhnValid(digits: string): boolean {
  return luhnSum(digits) % 10 === 0;
}

/** The digit to append to `payload` (digits only) so that the whole passes the Luhn check. */
export function luhnCheckDigit(payload: string): string {
  if (!/^\d*$/.test(payload))
    throw new DomainError('LUHN_NOT_DIGITS', 'La formule de Luhn ne porte que sur des chiffres.');
  return String((10 - (luhnSum(`${payload}0`) % 10)) % 10);
}

function digitSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) sum += digits.charCodeAt(i) - 48;
  return sum;
}

// ---------------------------------------------------------------------------------------------------
// SIREN, SIRET

/** La Poste: its establishments' SIRET do not follow Luhn (see validateSiret). */
export const LA_POSTE_SIREN = '356000000';

function digitsOfLength(
  input: string,
  label: string,
  length: number,
  prefix: string,
): IdentifierResult<string> {
  const compact = withoutSpaces(input);
  if (!/^\d*$/.test(compact)) {
    return failure(
      `${prefix}_FORMAT`,
      `${label} ne doit comporter que des chiffres (reçu : « ${input.trim()} »).`,
    );
  }
  if (compact.length !== length) {
    return failure(
      `${prefix}_LENGTH`,
      `${label} doit comporter ${length} chiffres (reçu : ${compact.length}).`,
    );
  }
  return success(compact);
}

export function validateSiren(input: string): IdentifierResult<Siren> {
  const digits = digitsOfLength(input, 'Le SIREN', 9, 'SIREN');
  if (!digits.ok) return digits;
  if (!isLuhnValid(digits.value)) {
    return failure('SIREN_CHECKSUM', `Le SIREN ${digits.value} est invalide (clé de contrôle incorrecte).`);
  }
  return success(digits.value as Siren);
}

/**
 * A SIRET is the SIREN (9 digits, its own Luhn key) followed by the NIC (5 digits), the whole 14 digits
 * passing the Luhn check. Exception: the establishments of La Poste (SIREN 356000000) were numbered
 * with the rule "the sum of the 14 digits is a multiple of 5" instead; its head office,
 * 35600000000048, does pass Luhn (digit sum 26), so for La Poste either rule is accepted.
 */
export function validateSiret(input: string): IdentifierResult<Siret> {
  const digits = digitsOfLength(input, 'Le SIRET', 14, 'SIRET');
  if (!digits.ok) return digits;
  const siret = digits.value;
  const siren = siret.slice(0, 9);
  const valid =
    siren === LA_POSTE_SIREN
      ? isLuhnValid(siret) || digitSum(siret) % 5 === 0
      : isLuhnValid(siren) && isLuhnValid(siret);
  if (!valid)
    return failure('SIRET_CHECKSUM', `Le SIRET ${siret} est invalide (clé de contrôle incorrecte).`);
  return success(siret as Siret);
}

export function parseSiren(input: string, field = 'siren'): Siren {
  return valueOrThrow(validateSiren(input), field);
}

export function parseSiret(input: string, field = 'siret'): Siret {
  return valueOrThrow(validateSiret(input), field);
}

export function assertSiren(value: string, field = 'siren'): asserts value is Siren {
  requireNormalised(value, parseSiren(value, field), 'SIREN_NOT_NORMALISED', 'Le SIREN', field);
}

export function assertSiret(value: string, field = 'siret'): asserts value is Siret {
  requireNormalised(value, parseSiret(value, field), 'SIRET_NOT_NORMALISED', 'Le SIRET', field);
}

export function isSiren(value: string): value is Siren {
  const result = validateSiren(value);
  return result.ok && result.value === value;
}

export function isSiret(value: string): value is Siret {
  const result = validateSiret(value);
  return result.ok && result.value === value;
}

/** The SIREN of the company an establishment belongs to (the first 9 digits). */
export function sirenOf(siret: Siret): Siren {
  return siret.slice(0, 9) as Siren;
}

// ---------------------------------------------------------------------------------------------------
// RNA (répertoire national des associations)

/**
 * "W" + 9 characters. The first is a digit; the second is a digit or a letter, because the first
 * characters after the W identify the prefecture that registered the association, and some of these
 * codes are not numeric: Corsica (2A, 2B) and overseas (9B, 9C, 9F, 9G, 9M, 9N, 9P, 9R, 9S, 9T — e.g. W9P1002760 in
 * French Polynesia); the last 7 are digits. This is the format observed in the whole RNA (see
 * betagouv/api-subventions-asso issues #1931 and #3210); numbers of the older Waldec system were
 * requalified as RNA numbers, and associations of Alsace-Moselle (registered at the tribunal
 * judiciaire) have no RNA number at all, so no other format is accepted here.
 */
const RNA = /^W[0-9][0-9A-Z][0-9]{7}$/;

export function validateRna(input: string): IdentifierResult<Rna> {
  const compact = withoutSpaces(input).toUpperCase();
  if (!RNA.test(compact)) {
    return failure(
      'RNA_FORMAT',
      `Le numéro RNA doit comporter la lettre W suivie de 9 caractères, par exemple W751234567 (reçu : « ${input.trim()} »).`,
    );
  }
  return success(compact as Rna);
}

export function parseRna(input: string, field = 'rna'): Rna {
  return valueOrThrow(validateRna(input), field);
}

export function assertRna(value: string, field = 'rna'): asserts value is Rna {
  requireNormalised(value, parseRna(value, field), 'RNA_NOT_NORMALISED', 'Le numéro RNA', field);
}

export function isRna(value: string): value is Rna {
  const result = validateRna(value);
  return result.ok && result.value === value;
}

// ---------------------------------------------------------------------------------------------------
// IBAN (ISO 13616)

/**
 * Length of the IBAN of each country of the SWIFT IBAN registry (all SEPA countries among them), plus
 * the territories that use their parent country's format (French overseas: FR; Åland: FI; Jersey,
 * Guernsey, Isle of Man: GB).
 */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    'AD24 AE23 AL28 AT20 AX18 AZ28 BA20 BE16 BG22 BH22 BI27 BL27 BR29 BY28 CH21 CR22 CY28 CZ24 ' +
    'DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GF27 GG22 GI23 GL18 GP27 ' +
    'GR27 GT28 HN28 HR21 HU28 IE22 IL23 IM22 IQ23 IS26 IT27 JE22 JO30 KW30 KZ20 LB28 LC32 LI21 ' +
    'LT20 LU20 LV21 LY25 MC27 MD24 ME22 MF27 MK19 MN20 MQ27 MR27 MT31 MU30 NC27 NI28 NL18 NO15 ' +
    'OM23 PF27 PK24 PL28 PM27 PS29 PT25 QA29 RE27 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 ' +
    'SM27 SO23 ST25 SV28 TF27 TL23 TN24 TR26 UA29 VA22 VG24 WF27 XK20 YE30 YT27'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

/** Countries whose IBAN holds a French RIB: banque (5 digits), guichet (5), compte (11), clé (2). */
const FRENCH_BBAN_COUNTRIES: ReadonlySet<string> = new Set(
  'FR MC BL GF GP MF MQ NC PF PM RE TF WF YT'.split(' '),
);

/** The countries whose IBAN format this module knows, sorted. */
export function ibanCountries(): readonly string[] {
  return [...IBAN_LENGTHS.keys()].sort();
}

export function ibanLength(country: string): number | undefined {
  return IBAN_LENGTHS.get(country);
}

/** ISO 7064 MOD 97-10 of an upper-case alphanumeric text, letters counting A = 10 … Z = 35. */
function mod97(text: string): number {
  let remainder = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

/** The two check digits of the IBAN of `country` (2 letters) with `bban` (upper case alphanumeric). */
export function ibanCheckDigits(country: string, bban: string): string {
  if (!/^[A-Z]{2}$/.test(country) || !/^[A-Z0-9]*$/.test(bban)) {
    throw new DomainError('IBAN_FORMAT', 'Un IBAN ne comporte que des lettres majuscules et des chiffres.');
  }
  return String(98 - mod97(`${bban}${country}00`)).padStart(2, '0');
}

/** A/J → 1, B/K/S → 2, … I/R/Z → 9: the letters a French account number may contain. */
const RIB_LETTER_DIGITS = '12345678912345678923456789';

function ribDigits(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => RIB_LETTER_DIGITS.charAt(letter.charCodeAt(0) - 65));
}

/**
 * The French "clé RIB" of an account: 97 − ((89 × banque + 15 × guichet + 3 × compte) mod 97), two
 * digits, the letters of the account number being replaced by digits first.
 */
export function ribKey(banque: string, guichet: string, compte: string): string {
  if (!/^\d{5}$/.test(banque) || !/^\d{5}$/.test(guichet) || !/^[A-Z0-9]{11}$/.test(compte)) {
    throw new DomainError(
      'RIB_FORMAT',
      'Un RIB comporte un code banque de 5 chiffres, un code guichet de 5 chiffres et un numéro de compte de 11 caractères.',
    );
  }
  const total = 89 * Number(banque) + 15 * Number(guichet) + 3 * Number(ribDigits(compte));
  return String(97 - (total % 97)).padStart(2, '0');
}

/** "FR76 3000 6000 0112 3456 7890 189": upper case, groups of 4. */
export function formatIban(iban: string): string {
  return withoutSpaces(iban)
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}

export function validateIban(input: string): IdentifierResult<Iban> {
  const compact = withoutSpaces(input).toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) {
    return failure(
      'IBAN_FORMAT',
      `L'IBAN doit commencer par le code du pays (2 lettres) et la clé (2 chiffres), suivis de lettres et de chiffres (reçu : « ${input.trim()} »).`,
    );
  }
  const country = compact.slice(0, 2);
  const length = IBAN_LENGTHS.get(country);
  if (length === undefined) {
    return failure(
      'IBAN_COUNTRY',
      `L'IBAN ${formatIban(compact)} commence par un code pays inconnu (${country}).`,
    );
  }
  if (compact.length !== length) {
    return failure(
      'IBAN_LENGTH',
      `Un IBAN ${country} doit comporter ${length} caractères (reçu : ${compact.length}).`,
    );
  }
  if (mod97(`${compact.slice(4)}${compact.slice(0, 4)}`) !== 1) {
    return failure(
      'IBAN_CHECKSUM',
      `L'IBAN ${formatIban(compact)} est invalide (clé de contrôle incorrecte).`,
    );
  }
  if (FRENCH_BBAN_COUNTRIES.has(country)) {
    const rib = /^(\d{5})(\d{5})([A-Z0-9]{11})(\d{2})$/.exec(compact.slice(4));
    if (!rib) {
      return failure(
        'IBAN_FORMAT',
        `L'IBAN ${formatIban(compact)} est invalide (après la clé viennent le code banque et le code guichet, 5 chiffres chacun, le numéro de compte, 11 caractères, et la clé RIB, 2 chiffres).`,
      );
    }
    const [, banque = '', guichet = '', compte = '', key = ''] = rib;
    if (ribKey(banque, guichet, compte) !== key) {
      return failure('IBAN_RIB_KEY', `L'IBAN ${formatIban(compact)} est invalide (clé RIB incorrecte).`);
    }
  }
  return success(compact as Iban);
}

export function parseIban(input: string, field = 'iban'): Iban {
  return valueOrThrow(validateIban(input), field);
}

export function assertIban(value: string, field = 'iban'): asserts value is Iban {
  requireNormalised(value, parseIban(value, field), 'IBAN_NOT_NORMALISED', "L'IBAN", field);
}

export function isIban(value: string): value is Iban {
  const result = validateIban(value);
  return result.ok && result.value === value;
}

export function ibanCountry(iban: Iban): string {
  return iban.slice(0, 2);
}

// ---------------------------------------------------------------------------------------------------
// BIC (ISO 9362)

/** ISO 3166-1 alpha-2, plus XK (Kosovo), which SWIFT uses. */
const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
    'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
    'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
    'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
    'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
    'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
    'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
  ).split(' '),
);

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

export function validateBic(input: string): IdentifierResult<Bic> {
  const compact = withoutSpaces(input).toUpperCase();
  if (compact.length !== 8 && compact.length !== 11) {
    return failure('BIC_LENGTH', `Le BIC doit comporter 8 ou 11 caractères (reçu : ${compact.length}).`);
  }
  if (!BIC.test(compact)) {
    return failure(
      'BIC_FORMAT',
      `Le BIC ${compact} est mal formé (attendu : 4 lettres pour la banque, 2 lettres pour le pays, 2 lettres ou chiffres pour la place, puis éventuellement 3 pour l'agence).`,
    );
  }
  const country = compact.slice(4, 6);
  if (!COUNTRY_CODES.has(country)) {
    return failure('BIC_COUNTRY', `Le BIC ${compact} désigne un pays inconnu (${country}).`);
  }
  return success(compact as Bic);
}

export function parseBic(input: string, field = 'bic'): Bic {
  return valueOrThrow(validateBic(input), field);
}

export function assertBic(value: string, field = 'bic'): asserts value is Bic {
  requireNormalised(value, parseBic(value, field), 'BIC_NOT_NORMALISED', 'Le BIC', field);
}

export function isBic(value: string): value is Bic {
  const result = validateBic(value);
  return result.ok && result.value === value;
}

export function bicCountry(bic: Bic): string {
  return bic.slice(4, 6);
}

/**
 * Territories whose accounts are commonly held in a bank of another member of the same group:
 * Monaco and the French overseas collectivities with France, the Crown dependencies with the United
 * Kingdom, Åland with Finland. A BIC/IBAN country difference inside a group only deserves a warning.
 */
const COUNTRY_GROUPS: readonly ReadonlySet<string>[] = [
  FRENCH_BBAN_COUNTRIES,
  new Set(['GB', 'GG', 'IM', 'JE']),
  new Set(['FI', 'AX']),
];

export type BicIbanCheck =
  | { readonly level: 'ok' }
  | { readonly level: 'warning' | 'error'; readonly code: string; readonly message: string };

/** Whether a BIC and an IBAN plausibly designate the same bank country. */
export function checkBicMatchesIban(bic: Bic, iban: Iban): BicIbanCheck {
  const fromBic = bicCountry(bic);
  const fromIban = ibanCountry(iban);
  if (fromBic === fromIban) return { level: 'ok' };
  if (COUNTRY_GROUPS.some((group) => group.has(fromBic) && group.has(fromIban))) {
    return {
      level: 'warning',
      code: 'BIC_IBAN_COUNTRY_DIFFERENT',
      message: `Le BIC ${bic} (${fromBic}) et l'IBAN (${fromIban}) ne désignent pas le même pays ; c'est possible pour Monaco et l'outre-mer, à vérifier sur le RIB.`,
    };
  }
  return {
    level: 'error',
    code: 'BIC_IBAN_COUNTRY_MISMATCH',
    message: `Le BIC ${bic} désigne une banque d'un autre pays (${fromBic}) que celui de l'IBAN (${fromIban}).`,
  };
}
