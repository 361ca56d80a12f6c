import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, normaliseName, similarityReason } from './similar-names.ts';

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
