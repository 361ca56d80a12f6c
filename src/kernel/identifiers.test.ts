import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from './errors.ts';
import {
  assertBic,
  assertIban,
  assertRna,
  assertSiren,
  assertSiret,
  type Bic,
  checkBicMatchesIban,
  formatIban,
  type Iban,
  ibanCheckDigits,
  ibanCountries,
  ibanLength,
  isBic,
  isCountryCode,
  isIban,
  isRna,
  isSiren,
  isSiret,
  LA_POSTE_SIREN,
  luhnCheckDigit,
  parseBic,
  parseIban,
  parseRna,
  parseSiren,
  parseSiret,
  ribKey,
  sirenOf,
  validateBic,
  validateIban,
  validateRna,
  validateSiren,
  validateSiret,
} from './identifiers.ts';

const digit = fc.constantFrom(...'0123456789');
const digits = (length: number) => fc.string({ unit: digit, minLength: length, maxLength: length });

function expectFailure(
  result: { ok: true } | { ok: false; code: string; message: string },
  code: string,
  message?: string,
): void {
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.code, code);
  if (message !== undefined) assert.equal(result.message, message);
}

function throwsDomainError(run: () => unknown, code: string, field: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, code);
    assert.equal(error.field, field);
    return true;
  });
}

describe('SIRET and SIREN', () => {
  const valid: readonly [string, string][] = [
    ['73282932000074', '73282932000074'],
    ['23350001600040', '23350001600040'], // Région Bretagne
    ['20005226400013', '20005226400013'], // Région Grand Est
    ['233 500 016 00040', '23350001600040'],
    ['233\u00a0500\u00a0016\u00a000040', '23350001600040'],
    ['  20005226400013 ', '20005226400013'],
    ['35600000000048', '35600000000048'], // La Poste, head office: passes Luhn, digit sum 26
    ['35600000000001', '35600000000001'], // La Poste rule: digit sum 15
    ['35600000012340', '35600000012340'], // La Poste rule: digit sum 24 + 1 = 25
  ];
  for (const [input, expected] of valid) {
    test(`« ${input} » is a valid SIRET`, () => {
      assert.deepEqual(validateSiret(input), { ok: true, value: expected });
      assert.equal(parseSiret(input), expected);
    });
  }

  const invalid: readonly [string, string, string][] = [
    ['123456789012', 'SIRET_LENGTH', 'Le SIRET doit comporter 14 chiffres (reçu : 12).'],
    ['', 'SIRET_LENGTH', 'Le SIRET doit comporter 14 chiffres (reçu : 0).'],
    ['233500016000401', 'SIRET_LENGTH', 'Le SIRET doit comporter 14 chiffres (reçu : 15).'],
    [
      '12345678901234',
      'SIRET_CHECKSUM',
      'Le SIRET 12345678901234 est invalide (clé de contrôle incorrecte).',
    ],
    [
      '23350001600041',
      'SIRET_CHECKSUM',
      'Le SIRET 23350001600041 est invalide (clé de contrôle incorrecte).',
    ],
    [
      '35600000000000',
      'SIRET_CHECKSUM',
      'Le SIRET 35600000000000 est invalide (clé de contrôle incorrecte).',
    ],
    [
      '35600000000049',
      'SIRET_CHECKSUM',
      'Le SIRET 35600000000049 est invalide (clé de contrôle incorrecte).',
    ],
    [
      '2335000160004A',
      'SIRET_FORMAT',
      'Le SIRET ne doit comporter que des chiffres (reçu : « 2335000160004A »).',
    ],
    [
      '233-500-016-00040',
      'SIRET_FORMAT',
      'Le SIRET ne doit comporter que des chiffres (reçu : « 233-500-016-00040 »).',
    ],
  ];
  for (const [input, code, message] of invalid) {
    test(`« ${input} » is not a valid SIRET (${code})`, () => {
      expectFailure(validateSiret(input), code, message);
      throwsDomainError(() => parseSiret(input, 'beneficiary.siret'), code, 'beneficiary.siret');
    });
  }

  test('a SIRET whose 14 digits pass Luhn but whose SIREN does not is refused', () => {
    // SIREN 123456782 is Luhn-valid; 123456781 is not. Build a Luhn-valid SIRET on the invalid SIREN.
    const payload = '1234567810001';
    const siret = payload + luhnCheckDigit(payload);
    expectFailure(validateSiret(siret), 'SIRET_CHECKSUM');
  });

  const sirens: readonly [string, true | string][] = [
    ['732829320', true],
    ['233500016', true],
    [LA_POSTE_SIREN, true],
    ['356 000 000', true],
    ['123456789', 'SIREN_CHECKSUM'],
    ['73282932', 'SIREN_LENGTH'],
    ['73282932A', 'SIREN_FORMAT'],
  ];
  for (const [input, expected] of sirens) {
    test(`SIREN « ${input} »`, () => {
      const result = validateSiren(input);
      if (expected === true) assert.deepEqual(result, { ok: true, value: input.replace(/ /g, '') });
      else expectFailure(result, expected);
    });
  }

  test('SIREN messages', () => {
    expectFailure(
      validateSiren('73282932'),
      'SIREN_LENGTH',
      'Le SIREN doit comporter 9 chiffres (reçu : 8).',
    );
    expectFailure(
      validateSiren('123456789'),
      'SIREN_CHECKSUM',
      'Le SIREN 123456789 est invalide (clé de contrôle incorrecte).',
    );
    throwsDomainError(() => parseSiren('123456789'), 'SIREN_CHECKSUM', 'siren');
  });

  test('sirenOf takes the first 9 digits, which form a valid SIREN', () => {
    const siret = parseSiret('233 500 016 00040');
    assert.equal(sirenOf(siret), '233500016');
    assert.equal(validateSiren(sirenOf(siret)).ok, true);
    assert.equal(sirenOf(parseSiret('35600000000048')), LA_POSTE_SIREN);
  });

  test('assert and is accept the normalised form only', () => {
    assertSiret('23350001600040');
    assertSiren('233500016');
    throwsDomainError(() => assertSiret('233 500 016 00040', 'siret'), 'SIRET_NOT_NORMALISED', 'siret');
    throwsDomainError(() => assertSiret('23350001600041', 'x'), 'SIRET_CHECKSUM', 'x');
    throwsDomainError(() => assertSiren('233 500 016'), 'SIREN_NOT_NORMALISED', 'siren');
    assert.equal(isSiret('23350001600040'), true);
    assert.equal(isSiret('233 500 016 00040'), false);
    assert.equal(isSiren('233500016'), true);
    assert.equal(isSiren('233500017'), false);
  });

  test('luhnCheckDigit', () => {
    assert.equal(luhnCheckDigit('73282932'), '0');
    assert.equal(luhnCheckDigit('2335000160004'), '0');
    assert.equal(luhnCheckDigit('7992739871'), '3'); // the classic example
    assert.throws(() => luhnCheckDigit('12a'), DomainError);
  });

  // A valid SIRET outside La Poste: 8 digits + SIREN key + 4 digits + SIRET key.
  const validSiret = fc
    .tuple(digits(8), digits(4))
    .map(([head, nic]) => {
      const siren = head + luhnCheckDigit(head);
      const payload = siren + nic;
      return payload + luhnCheckDigit(payload);
    })
    .filter((siret) => !siret.startsWith(LA_POSTE_SIREN));

  test('property: random digits completed with their Luhn keys form a valid SIRET', () => {
    fc.assert(
      fc.property(validSiret, (siret) => {
        assert.deepEqual(validateSiret(siret), { ok: true, value: siret });
      }),
    );
  });

  test('property: 13 random digits + the Luhn digit pass as a SIRET exactly when the SIREN is valid', () => {
    fc.assert(
      fc.property(digits(13), (payload) => {
        fc.pre(!payload.startsWith(LA_POSTE_SIREN));
        const siret = payload + luhnCheckDigit(payload);
        assert.equal(validateSiret(siret).ok, validateSiren(payload.slice(0, 9)).ok);
      }),
    );
  });

  test('property: changing any one digit of a valid SIRET makes it invalid', () => {
    fc.assert(
      fc.property(
        validSiret,
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 1, max: 9 }),
        (siret, at, delta) => {
          const changed = String((Number(siret.charAt(at)) + delta) % 10);
          const mutated = siret.slice(0, at) + changed + siret.slice(at + 1);
          fc.pre(!mutated.startsWith(LA_POSTE_SIREN));
          expectFailure(validateSiret(mutated), 'SIRET_CHECKSUM');
        },
      ),
    );
  });

  test('property: a La Poste SIRET is valid when its digit sum is a multiple of 5', () => {
    fc.assert(
      fc.property(digits(5), (nic) => {
        const siret = LA_POSTE_SIREN + nic;
        const sum = [...siret].reduce((total, char) => total + Number(char), 0);
        const luhn = siret.endsWith(luhnCheckDigit(siret.slice(0, 13)));
        assert.equal(validateSiret(siret).ok, sum % 5 === 0 || luhn);
      }),
    );
  });
});

describe('RNA', () => {
  const valid: readonly [string, string][] = [
    ['W623001234', 'W623001234'],
    ['w751234567', 'W751234567'],
    [' W 751 234 567 ', 'W751234567'],
    ['W9P1002760', 'W9P1002760'], // French Polynesia
    ['W2A1000123', 'W2A1000123'], // Corse-du-Sud
    ['w2b2000456', 'W2B2000456'], // Haute-Corse
    ['W9R1234567', 'W9R1234567'], // La Réunion
  ];
  for (const [input, expected] of valid) {
    test(`« ${input} » is a valid RNA number`, () => {
      assert.deepEqual(validateRna(input), { ok: true, value: expected });
    });
  }

  const invalid: readonly string[] = [
    '',
    '623001234',
    'W62300123',
    'W6230012345',
    'X623001234',
    'WA23001234',
    'W62A001234',
    'W6230-1234',
    '156-789', // Alsace-Moselle register number, not an RNA number
  ];
  for (const input of invalid) {
    test(`« ${input} » is not a valid RNA number`, () => {
      expectFailure(validateRna(input), 'RNA_FORMAT');
    });
  }

  test('message, parse and assert', () => {
    expectFailure(
      validateRna('W12'),
      'RNA_FORMAT',
      'Le numéro RNA doit comporter la lettre W suivie de 9 caractères, par exemple W751234567 (reçu : « W12 »).',
    );
    assert.equal(parseRna('w623001234'), 'W623001234');
    throwsDomainError(() => parseRna('W12', 'association.rna'), 'RNA_FORMAT', 'association.rna');
    assertRna('W623001234');
    throwsDomainError(() => assertRna('w623001234'), 'RNA_NOT_NORMALISED', 'rna');
    assert.equal(isRna('W623001234'), true);
    assert.equal(isRna('w623001234'), false);
  });
});

describe('IBAN', () => {
  const valid: readonly string[] = [
    'FR7630006000011234567890189',
    'FR1420041010050500013M02606', // a letter in the account number
    'DE89370400440532013000',
    'GB82WEST12345698765432',
    'BE68539007547034',
    'NL91ABNA0417164300',
    'ES9121000418450200051332',
    'IT60X0542811101000000123456',
    'LU280019400644750000',
    'MC5811222000010123456789030',
    'PT50000201231234567890154',
    'CH9300762011623852957',
    'AT611904300234573201',
    'NO9386011117947',
    'MT84MALT011000012345MTLCAST001S',
  ];
  for (const iban of valid) {
    test(`${iban} is a valid IBAN`, () => {
      assert.deepEqual(validateIban(iban), { ok: true, value: iban });
    });
  }

  const normalised: readonly [string, string][] = [
    ['FR76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189'],
    ['fr76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189'],
    ['  gb82 west 1234 5698 7654 32\n', 'GB82WEST12345698765432'],
    ['FR14\u00a02004\u00a01010\u00a00505\u00a00001\u00a03m02\u00a0606', 'FR1420041010050500013M02606'],
  ];
  for (const [input, expected] of normalised) {
    test(`« ${input} » is normalised to ${expected}`, () => {
      assert.equal(parseIban(input), expected);
    });
  }

  // A French BBAN whose mod-97 check digits are right but whose clé RIB (00 instead of 89) is wrong.
  const wrongRibBban = '30006000011234567890100';
  const wrongRib = `FR${ibanCheckDigits('FR', wrongRibBban)}${wrongRibBban}`;

  const invalid: readonly [string, string, string | undefined][] = [
    [
      'FR7630006000011234567890188',
      'IBAN_CHECKSUM',
      "L'IBAN FR76 3000 6000 0112 3456 7890 188 est invalide (clé de contrôle incorrecte).",
    ],
    ['FR7630006000011234567890198', 'IBAN_CHECKSUM', undefined],
    ['FR7730006000011234567890189', 'IBAN_CHECKSUM', undefined],
    ['DE89370400440532013001', 'IBAN_CHECKSUM', undefined],
    ['GB82WEST12345698765423', 'IBAN_CHECKSUM', undefined],
    ['BE68539007547043', 'IBAN_CHECKSUM', undefined],
    ['BE86539007547034', 'IBAN_CHECKSUM', undefined],
    ['FR763000600001123456789018', 'IBAN_LENGTH', 'Un IBAN FR doit comporter 27 caractères (reçu : 26).'],
    ['DE8937040044053201300', 'IBAN_LENGTH', 'Un IBAN DE doit comporter 22 caractères (reçu : 21).'],
    ['QQ7630006000011234567890189', 'IBAN_COUNTRY', undefined],
    ['US64SVBKUS6S3300958879', 'IBAN_COUNTRY', undefined],
    ['FR76-3000-6000-0112-3456-7890-189', 'IBAN_FORMAT', undefined],
    ['7630006000011234567890189', 'IBAN_FORMAT', undefined],
    ['FRXX30006000011234567890189', 'IBAN_FORMAT', undefined],
    ['', 'IBAN_FORMAT', undefined],
    [wrongRib, 'IBAN_RIB_KEY', `L'IBAN ${formatIban(wrongRib)} est invalide (clé RIB incorrecte).`],
  ];
  for (const [input, code, message] of invalid) {
    test(`« ${input} » is not a valid IBAN (${code})`, () => {
      expectFailure(validateIban(input), code, message);
      throwsDomainError(() => parseIban(input, 'bankAccount.iban'), code, 'bankAccount.iban');
    });
  }

  test('a French IBAN with a letter in the banque code is refused even with right check digits', () => {
    const bban = '3000A000011234567890189';
    expectFailure(validateIban(`FR${ibanCheckDigits('FR', bban)}${bban}`), 'IBAN_FORMAT');
  });

  test('formatIban groups by 4', () => {
    assert.equal(formatIban('FR7630006000011234567890189'), 'FR76 3000 6000 0112 3456 7890 189');
    assert.equal(formatIban('fr76 3000 6000 0112 3456 7890 189'), 'FR76 3000 6000 0112 3456 7890 189');
    assert.equal(formatIban('BE68539007547034'), 'BE68 5390 0754 7034');
    assert.equal(formatIban(''), '');
  });

  test('clé RIB', () => {
    assert.equal(ribKey('30006', '00001', '12345678901'), '89');
    assert.equal(ribKey('20041', '01005', '0500013M026'), '06');
    assert.equal(ribKey('20041', '01005', '05000134026'), '06'); // M counts as 4
    assert.throws(() => ribKey('3000', '00001', '12345678901'), DomainError);
  });

  test('country lengths include the SEPA countries', () => {
    const expected: readonly [string, number][] = [
      ['FR', 27],
      ['DE', 22],
      ['BE', 16],
      ['ES', 24],
      ['IT', 27],
      ['LU', 20],
      ['MC', 27],
      ['NL', 18],
      ['PT', 25],
      ['CH', 21],
      ['GB', 22],
      ['AT', 20],
      ['IE', 22],
      ['NO', 15],
      ['MT', 31],
      ['RE', 27],
    ];
    for (const [country, length] of expected) assert.equal(ibanLength(country), length, country);
    const sepa =
      'AD AL AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM VA';
    for (const country of sepa.split(' ')) assert.ok(ibanLength(country) !== undefined, country);
    assert.equal(ibanLength('US'), undefined);
  });

  test('assert and is accept the normalised form only', () => {
    assertIban('FR7630006000011234567890189');
    throwsDomainError(() => assertIban('FR76 3000 6000 0112 3456 7890 189'), 'IBAN_NOT_NORMALISED', 'iban');
    assert.equal(isIban('FR7630006000011234567890189'), true);
    assert.equal(isIban('fr7630006000011234567890189'), false);
  });

  test('mod 97 cannot see a letter swapped with a digit of the same expansion (B1, M2, X3)', () => {
    // B = 11, so "B1" and "1B" both read "111": no check based on ISO 7064 can tell them apart.
    const bban = 'ABCB10203012345678';
    const iban = `GB${ibanCheckDigits('GB', bban)}${bban}`;
    assert.equal(validateIban(iban).ok, true);
    assert.equal(validateIban(iban.replace('B1', '1B')).ok, true);
    // In a French IBAN the clé RIB catches it: there B counts 2, not 11.
    const frenchBbanB1 = `3000600001B1234567890${ribKey('30006', '00001', 'B1234567890')}`;
    const french = `FR${ibanCheckDigits('FR', frenchBbanB1)}${frenchBbanB1}`;
    assert.equal(validateIban(french).ok, true);
    expectFailure(validateIban(french.replace('B1', '1B')), 'IBAN_RIB_KEY');
  });

  const upperAlnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  const frenchCountries = new Set('FR MC BL GF GP MF MQ NC PF PM RE TF WF YT'.split(' '));

  const frenchBban = fc
    .tuple(digits(5), digits(5), fc.string({ unit: upperAlnum, minLength: 11, maxLength: 11 }))
    .map(([banque, guichet, compte]) => banque + guichet + compte + ribKey(banque, guichet, compte));

  const validIbanArb = fc.constantFrom(...ibanCountries()).chain((country) => {
    const length = ibanLength(country) ?? 0;
    const bban = frenchCountries.has(country)
      ? frenchBban
      : fc.string({ unit: fc.oneof(digit, upperAlnum), minLength: length - 4, maxLength: length - 4 });
    return bban.map((b) => `${country}${ibanCheckDigits(country, b)}${b}`);
  });

  test('property: generated IBANs are valid and survive formatting', () => {
    fc.assert(
      fc.property(validIbanArb, (iban) => {
        assert.deepEqual(validateIban(iban), { ok: true, value: iban });
        assert.equal(parseIban(formatIban(iban).toLowerCase()), iban);
      }),
    );
  });

  const blindPairs = new Set(['B1', '1B', 'M2', '2M', 'X3', '3X']);

  test('property: swapping two adjacent distinct characters of a valid IBAN makes it invalid', () => {
    fc.assert(
      fc.property(validIbanArb, fc.nat(), (iban, seed) => {
        const at = seed % (iban.length - 1);
        const a = iban.charAt(at);
        const b = iban.charAt(at + 1);
        fc.pre(a !== b);
        // ISO 7064 cannot see these (see above) unless a clé RIB is also checked.
        fc.pre(!blindPairs.has(a + b) || frenchCountries.has(iban.slice(0, 2)));
        const swapped = iban.slice(0, at) + b + a + iban.slice(at + 2);
        assert.equal(validateIban(swapped).ok, false, `${iban} → ${swapped}`);
      }),
      { numRuns: 1000 },
    );
  });

  test('property: changing one digit for a digit, or a letter for a letter, makes a valid IBAN invalid', () => {
    // A letter replacing a digit (or the reverse) changes the length of the numeric expansion, which
    // mod 97 only catches with probability 96/97 (e.g. LY386OH10X6D2LZ74O0000000 → …74OS000000).
    const isDigit = (char: string) => char >= '0' && char <= '9';
    fc.assert(
      fc.property(validIbanArb, fc.nat(), upperAlnum, (iban, seed, replacement) => {
        const at = seed % iban.length;
        fc.pre(iban.charAt(at) !== replacement && isDigit(iban.charAt(at)) === isDigit(replacement));
        const changed = iban.slice(0, at) + replacement + iban.slice(at + 1);
        assert.equal(validateIban(changed).ok, false, `${iban} → ${changed}`);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('BIC', () => {
  const valid: readonly [string, string][] = [
    ['BNPAFRPP', 'BNPAFRPP'],
    ['bnpafrppxxx', 'BNPAFRPPXXX'],
    ['AGRI FR PP 882', 'AGRIFRPP882'],
    ['DEUTDEFF', 'DEUTDEFF'],
    ['CEPAFRPP313', 'CEPAFRPP313'],
    ['BNPARERX', 'BNPARERX'], // La Réunion
    ['CMCIMCM1', 'CMCIMCM1'], // Monaco, digit in the location
  ];
  for (const [input, expected] of valid) {
    test(`« ${input} » is a valid BIC`, () => {
      assert.deepEqual(validateBic(input), { ok: true, value: expected });
    });
  }

  const invalid: readonly [string, string, string | undefined][] = [
    ['BNPAFRP', 'BIC_LENGTH', 'Le BIC doit comporter 8 ou 11 caractères (reçu : 7).'],
    ['BNPAFRPPXX', 'BIC_LENGTH', undefined],
    ['', 'BIC_LENGTH', undefined],
    ['BNP1FRPP', 'BIC_FORMAT', undefined],
    ['BNPAF1PP', 'BIC_FORMAT', undefined],
    ['BNPAFRP-', 'BIC_FORMAT', undefined],
    ['BNPAQQPP', 'BIC_COUNTRY', 'Le BIC BNPAQQPP désigne un pays inconnu (QQ).'],
    ['BNPAZZPPXXX', 'BIC_COUNTRY', undefined],
  ];
  for (const [input, code, message] of invalid) {
    test(`« ${input} » is not a valid BIC (${code})`, () => {
      expectFailure(validateBic(input), code, message);
      throwsDomainError(() => parseBic(input, 'bankAccount.bic'), code, 'bankAccount.bic');
    });
  }

  test('assert, is, country codes', () => {
    assertBic('BNPAFRPP');
    throwsDomainError(() => assertBic('bnpafrpp'), 'BIC_NOT_NORMALISED', 'bic');
    assert.equal(isBic('BNPAFRPP'), true);
    assert.equal(isBic('BNPA FRPP'), false);
    assert.equal(isCountryCode('FR'), true);
    assert.equal(isCountryCode('XK'), true);
    assert.equal(isCountryCode('EU'), false);
  });

  const cases: readonly [string, string, 'ok' | 'warning' | 'error'][] = [
    ['BNPAFRPP', 'FR7630006000011234567890189', 'ok'],
    ['DEUTDEFF', 'DE89370400440532013000', 'ok'],
    ['BNPAFRPP', 'MC5811222000010123456789030', 'warning'],
    ['CMCIMCM1', 'FR7630006000011234567890189', 'warning'],
    ['BNPARERX', 'FR7630006000011234567890189', 'warning'],
    ['DEUTDEFF', 'FR7630006000011234567890189', 'error'],
    ['BNPAFRPP', 'BE68539007547034', 'error'],
  ];
  for (const [bicText, ibanText, level] of cases) {
    test(`BIC ${bicText} with IBAN ${ibanText.slice(0, 4)}… → ${level}`, () => {
      const bic: Bic = parseBic(bicText);
      const iban: Iban = parseIban(ibanText);
      const result = checkBicMatchesIban(bic, iban);
      assert.equal(result.level, level);
      if (result.level === 'error') {
        assert.equal(result.code, 'BIC_IBAN_COUNTRY_MISMATCH');
        assert.match(
          result.message,
          new RegExp(`${bicText}.*\\(${bicText.slice(4, 6)}\\).*\\(${ibanText.slice(0, 2)}\\)`),
        );
      }
      if (result.level === 'warning') assert.equal(result.code, 'BIC_IBAN_COUNTRY_DIFFERENT');
    });
  }
});
