import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type CsvSeparator, type CsvValue, neutraliseFormula, parseCsv, toCsv } from './csv.ts';
import { DomainError } from './errors.ts';

function throwsCode(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof DomainError && error.code === code);
}

describe('toCsv', () => {
  const cases: readonly [string, readonly string[], readonly (readonly CsvValue[])[], string][] = [
    ['plain fields', ['a', 'b'], [['1', '2']], 'a,b\r\n1,2\r\n'],
    ['no rows', ['siret', 'montant'], [], 'siret,montant\r\n'],
    ['numbers and null', ['n', 'x', 'y'], [[12, -3.5, null]], 'n,x,y\r\n12,-3.5,\r\n'],
    ['separator inside', ['nom'], [['Dupont, Jean']], 'nom\r\n"Dupont, Jean"\r\n'],
    ['quote inside', ['nom'], [['Le "Relais"']], 'nom\r\n"Le ""Relais"""\r\n'],
    ['LF inside', ['adresse'], [['1 rue A\n75001 Paris']], 'adresse\r\n"1 rue A\n75001 Paris"\r\n'],
    ['CR inside', ['x'], [['a\rb']], 'x\r\n"a\rb"\r\n'],
    ['CRLF inside', ['x'], [['a\r\nb']], 'x\r\n"a\r\nb"\r\n'],
    ['semicolon not quoted with ,', ['x', 'y'], [['a;b', 'c']], 'x,y\r\na;b,c\r\n'],
    ['leading and trailing spaces kept', ['x', 'y'], [[' a ', 'b ']], 'x,y\r\n a ,b \r\n'],
    ['one empty field is written ""', ['x'], [[''], [null]], 'x\r\n""\r\n""\r\n'],
    ['empty fields among others', ['x', 'y'], [['', null]], 'x,y\r\n,\r\n'],
    ['a leading U+FEFF is quoted', ['\ufeffx', 'y'], [], '"\ufeffx",y\r\n'],
    [
      'unicode untouched',
      ['libellé'],
      [['Maison de l’emploi – Île-de-France 🏠']],
      'libellé\r\nMaison de l’emploi – Île-de-France 🏠\r\n',
    ],
  ];
  for (const [name, header, rows, expected] of cases) {
    test(name, () => {
      assert.equal(toCsv(header, rows), expected);
    });
  }

  test("French Excel: ';' and BOM", () => {
    const csv = toCsv(
      ['SIRET', 'Bénéficiaire', 'Montant'],
      [
        ['23350001600040', 'Région; Bretagne', '54000.00'],
        ['20005226400013', 'Grand Est', '-1,5'],
      ],
      { separator: ';', bom: true },
    );
    assert.equal(
      csv,
      '\ufeffSIRET;Bénéficiaire;Montant\r\n23350001600040;"Région; Bretagne";54000.00\r\n20005226400013;Grand Est;-1,5\r\n',
    );
    assert.equal(csv.charCodeAt(0), 0xfeff);
  });

  test("with ';' a comma needs no quotes", () => {
    assert.equal(toCsv(['x'], [['1,5']], { separator: ';' }), 'x\r\n1,5\r\n');
  });

  test('without the option there is no BOM', () => {
    assert.equal(toCsv(['x'], [], { bom: false }).charCodeAt(0), 'x'.charCodeAt(0));
  });

  test('refuses rows of the wrong length, an empty header and non-finite numbers', () => {
    throwsCode(() => toCsv(['a', 'b'], [['1']]), 'CSV_ROW_LENGTH');
    throwsCode(() => toCsv(['a'], [['1', '2']]), 'CSV_ROW_LENGTH');
    throwsCode(() => toCsv([], []), 'CSV_EMPTY_HEADER');
    throwsCode(() => toCsv(['a'], [[Number.NaN]]), 'CSV_NOT_FINITE');
    throwsCode(() => toCsv(['a'], [[Number.POSITIVE_INFINITY]]), 'CSV_NOT_FINITE');
    assert.throws(
      () => toCsv(['a', 'b'], [['1', '2'], ['3']]),
      /ligne 3 de l'export comporte 1 champs au lieu de 2/,
    );
  });
});

describe('parseCsv', () => {
  const cases: readonly [string, string, CsvSeparator, string[][]][] = [
    ['empty text', '', ',', []],
    [
      'CRLF',
      'a,b\r\n1,2\r\n',
      ',',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'LF and no final line break',
      'a,b\n1,2',
      ',',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['lone CR', 'a\rb\r', ',', [['a'], ['b']]],
    ['BOM stripped', '\ufeffa;b\r\n', ';', [['a', 'b']]],
    ['only the first BOM', '\ufeff\ufeffa\r\n', ',', [['\ufeffa']]],
    ['quoted separator', '"a,b",c\r\n', ',', [['a,b', 'c']]],
    ['doubled quotes', '"say ""hi""",x\r\n', ',', [['say "hi"', 'x']]],
    ['newline inside quotes', '"1 rue A\r\n75001 Paris",x\r\n', ',', [['1 rue A\r\n75001 Paris', 'x']]],
    ['empty quoted field', '"",x\r\n', ',', [['', 'x']]],
    ['empty fields', ',,\r\n', ',', [['', '', '']]],
    ['trailing separator at end of text', 'a,', ',', [['a', '']]],
    ['empty line', 'a\r\n\r\nb\r\n', ',', [['a'], [''], ['b']]],
    ['semicolon data with comma separator', 'a;b,c\r\n', ',', [['a;b', 'c']]],
  ];
  for (const [name, text, separator, expected] of cases) {
    test(name, () => {
      assert.deepEqual(parseCsv(text, separator), expected);
    });
  }

  test('refuses malformed quoting', () => {
    throwsCode(() => parseCsv('"abc'), 'CSV_MALFORMED');
    throwsCode(() => parseCsv('"abc"d,e'), 'CSV_MALFORMED');
    throwsCode(() => parseCsv('ab"c,d'), 'CSV_MALFORMED');
    assert.throws(() => parseCsv('a\r\nb\r\n"c\r\n'), /ligne 3/);
  });

  const special = fc.constantFrom(
    ',',
    ';',
    '"',
    '\r',
    '\n',
    '\r\n',
    ' ',
    '\t',
    '\ufeff',
    '=',
    'é',
    '€',
    '🏠',
  );
  const text = fc.string({
    unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
  });
  const table = fc
    .integer({ min: 1, max: 5 })
    .chain((width) =>
      fc.tuple(
        fc.array(text, { minLength: width, maxLength: width }),
        fc.array(fc.array(text, { minLength: width, maxLength: width }), { maxLength: 6 }),
      ),
    );

  test('property: parseCsv(toCsv(header, rows)) gives back the texts', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom<CsvSeparator>(',', ';'),
        fc.boolean(),
        ([header, rows], separator, bom) => {
          const csv = toCsv(header, rows, { separator, bom });
          assert.deepEqual(parseCsv(csv, separator), [header, ...rows]);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('property: numbers and null come back as their text and as empty fields', () => {
    const value = fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), (row) => {
        const header = row.map((_, index) => `c${index}`);
        const parsed = parseCsv(toCsv(header, [row]));
        assert.deepEqual(
          parsed[1],
          row.map((v) => (v === null ? '' : String(v))),
        );
      }),
    );
  });
});

describe('neutraliseFormula', () => {
  const cases: readonly [string, string][] = [
    ['=1+2', "'=1+2"],
    ['=HYPERLINK("http://x";"clic")', '\'=HYPERLINK("http://x";"clic")'],
    ['+33 6 12 34 56 78', "'+33 6 12 34 56 78"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['-2+3', "'-2+3"],
    ['-', "'-"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['-1e5', "'-1e5"],
    ['-54000.00', '-54000.00'],
    ['-54000', '-54000'],
    ['+3,5', '+3,5'],
    ['-0.05', '-0.05'],
    ['54000.00', '54000.00'],
    ['Dupont', 'Dupont'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['', ''],
    ["'=1", "'=1"],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(neutraliseFormula(input), expected);
    });
  }

  test('property: the result never starts a formula, keeps the text and is idempotent', () => {
    const unit = fc.oneof(
      fc.constantFrom('=', '+', '-', '@', '\t', '\r', '.', ',', '1', '5'),
      fc.string({ maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit }), (input) => {
        const output = neutraliseFormula(input);
        assert.ok(output === input || output === `'${input}`);
        assert.ok(!/^[=+\-@\t\r]/.test(output) || /^[+-]\d+([.,]\d+)?$/.test(output));
        assert.equal(neutraliseFormula(output), output);
      }),
    );
  });
});
