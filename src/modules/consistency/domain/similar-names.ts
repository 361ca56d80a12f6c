/**
 * Do two structure names look like one structure? Used to point at records an agent should
 * perhaps merge; a hint, never an automatic merge. Pure functions.
 */

/** Words that say what kind of body a structure is, not which one. */
const GENERIC_WORDS = new Set([
  'association',
  'asso',
  'assoc',
  'sarl',
  'sas',
  'sa',
  'scop',
  'scic',
  'eurl',
  'le',
  'la',
  'les',
  'l',
  'de',
  'des',
  'du',
  'd',
  'et',
  'en',
  'au',
  'aux',
]);

export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function significantWords(name: string): string[] {
  return normaliseName(name)
    .split(' ')
    .filter((word) => word !== '' && !GENERIC_WORDS.has(word));
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

export type SimilarityReason = 'same_name' | 'one_letter_apart' | 'acronym';

/**
 * Same significant words; or names of 5+ characters one edit apart (APF21 / AFP21); or one name
 * being the acronym of the other (ATS / Artois Technique Services). Short acronyms one letter apart
 * (ADS / ADSI) are common between distinct bodies and are not reported.
 */
export function similarityReason(a: string, b: string): SimilarityReason | null {
  const wordsA = significantWords(a);
  const wordsB = significantWords(b);
  const compactA = wordsA.join('');
  const compactB = wordsB.join('');
  if (compactA === '' || compactB === '') return null;
  if (compactA === compactB) return 'same_name';
  if (Math.min(compactA.length, compactB.length) >= 5 && editDistance(compactA, compactB) <= 1) {
    return 'one_letter_apart';
  }
  const isAcronymOf = (short: string[], long: string[]) =>
    short.length === 1 &&
    long.length >= 2 &&
    (short[0]?.length ?? 0) >= 2 &&
    short[0] === long.map((word) => word[0]).join('');
  if (isAcronymOf(wordsA, wordsB) || isAcronymOf(wordsB, wordsA)) return 'acronym';
  return null;
}
