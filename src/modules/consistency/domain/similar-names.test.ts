import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  editDistance,
  findSimilarOwners,
  normaliseName,
  similarityReason,
  withinOneEdit,
} from './similar-names.ts';

test('names that look like one structure are reported, with the reason', () => {
  const cases: [string, string, ReturnType<typeof similarityReason>][] = [
    ['AFP21', 'APF21', 'one_letter_apart'],
    ['Audotri', 'AUDOTRI', 'same_name'],
    ["Recup'aire", 'RECUPAIRE', 'same_name'],
    ["Activ'cites", "ACTIV'CITES", 'same_name'],
    ['Association Défi Mobilité', 'DEFI MOBILITE', 'same_name'],
    ['ATS', 'Artois Technique Services', 'acronym'],
    ['DIE', 'Dynamique Insertion Emploi', 'acronym'],
    ['Elfouad', 'EI FOUAD', 'one_letter_apart'],
  ];
  for (const [a, b, expected] of cases) assert.equal(similarityReason(a, b), expected, `${a} ~ ${b}`);
});

test('distinct structures with close names are not reported', () => {
  const cases: [string, string][] = [
    ['ADS', 'ADSI'],
    ['SAPI', 'SAPIH Insertion'],
    ['Le relais', 'Le relais vervellois'],
    ['Travail services', 'Travail Partage 62'],
    ['Impulsion Régie de quartier', 'Régie de Quartier de Calais'],
    ['Espoir Littoral Services', 'Espoir Hucqueliers'],
  ];
  for (const [a, b] of cases) assert.equal(similarityReason(a, b), null, `${a} ~ ${b}`);
});

test('normalisation and edit distance', () => {
  assert.equal(normaliseName("  Régie de Quartier — l'Été "), 'regie de quartier l ete');
  assert.equal(editDistance('afp21', 'apf21'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
});

test('findSimilarOwners finds the same pairs as comparing every pair of names', () => {
  const name = fc.oneof(
    fc.constantFrom(
      'AFP21',
      'APF21',
      'ATS',
      'Artois Technique Services',
      'Audotri',
      'AUDOTRI',
      'ADS',
      'ADSI',
      'Le relais',
    ),
    fc.stringMatching(/^[A-Za-z]{2,7}( [A-Za-z]{2,6}){0,2}$/),
  );
  fc.assert(
    fc.property(fc.array(fc.array(name, { minLength: 1, maxLength: 3 }), { maxLength: 12 }), (nameLists) => {
      const owners = nameLists.map((names, index) => ({ id: index + 1, names }));
      const expected = new Set<string>();
      for (const a of owners) {
        for (const b of owners) {
          if (a.id >= b.id) continue;
          if (a.names.some((x) => b.names.some((y) => similarityReason(x, y) !== null)))
            expected.add(`${a.id}:${b.id}`);
        }
      }
      const actual = new Set(findSimilarOwners(owners).map((pair) => `${pair.a}:${pair.b}`));
      assert.deepEqual([...actual].sort(), [...expected].sort());
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
      assert.equal(withinOneEdit(a, b), editDistance(a, b) <= 1);
    }),
    { numRuns: 2000 },
  );
});
