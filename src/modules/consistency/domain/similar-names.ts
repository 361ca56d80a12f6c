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
 * Is the distance between a and b at most 1 (one insertion, deletion, substitution or adjacent
 * transposition)? Linear time, for comparing many names.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (longer.length - shorter.length > 1) return false;
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i += 1;
  if (shorter.length === longer.length) {
    const tail = (from: number) => shorter.slice(from) === longer.slice(from);
    // one substitution, or the transposition of i and i + 1
    return tail(i + 1) || (shorter[i] === longer[i + 1] && shorter[i + 1] === longer[i] && tail(i + 2));
  }
  return shorter.slice(i) === longer.slice(i + 1);
}

interface PreparedName {
  owner: number;
  compact: string;
  /** The single significant word, when the name has only one (a possible acronym). */
  single: string | null;
  /** Initials of the significant words, when there are two or more. */
  initials: string | null;
}

function prepare(owner: number, name: string): PreparedName | null {
  const words = significantWords(name);
  const compact = words.join('');
  if (compact === '') return null;
  return {
    owner,
    compact,
    single: words.length === 1 && compact.length >= 2 ? compact : null,
    initials: words.length >= 2 ? words.map((word) => word[0]).join('') : null,
  };
}

/** Adds `value` to the list of `key`. */
function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The text and each way of removing one of its characters: two texts one edit apart (insertion,
 * deletion, substitution or adjacent transposition) always share one of these.
 */
function deletionKeys(text: string): Set<string> {
  const keys = new Set([text]);
  for (let i = 0; i < text.length; i += 1) keys.add(text.slice(0, i) + text.slice(i + 1));
  return keys;
}

/**
 * Every pair of owners (structures) one of whose names looks like one of the other's, with the
 * first reason found; the same test as similarityReason, without comparing every pair of names:
 * names are indexed by compact form, by initials, and by the forms with one character removed
 * (names one edit apart share one), so that only candidates are compared.
 */
export function findSimilarOwners(
  owners: readonly { id: number; names: readonly string[] }[],
): { a: number; b: number; reason: SimilarityReason }[] {
  // A record's names often give the same form (legal name, short name, display name): once is enough.
  const distinct = new Map<string, PreparedName>();
  for (const owner of owners) {
    for (const name of owner.names) {
      const entry = prepare(owner.id, name);
      const key = entry && `${entry.owner}|${entry.compact}|${entry.single}|${entry.initials}`;
      if (entry && key && !distinct.has(key)) distinct.set(key, entry);
    }
  }
  const prepared = [...distinct.values()];
  const found = new Map<string, { a: number; b: number; reason: SimilarityReason }>();
  const note = (x: number, y: number, reason: SimilarityReason) => {
    if (x === y) return;
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = `${a}:${b}`;
    if (!found.has(key)) found.set(key, { a, b, reason });
  };
  const byCompact = new Map<string, number[]>();
  const byInitials = new Map<string, number[]>();
  const byDeletion = new Map<string, PreparedName[]>();
  const keysOf = new Map<PreparedName, Set<string>>();
  for (const entry of prepared) {
    addTo(byCompact, entry.compact, entry.owner);
    if (entry.initials) addTo(byInitials, entry.initials, entry.owner);
    if (entry.compact.length >= 5) {
      const keys = deletionKeys(entry.compact);
      keysOf.set(entry, keys);
      for (const key of keys) addTo(byDeletion, key, entry);
    }
  }
  for (const ids of byCompact.values()) {
    for (let i = 0; i < ids.length; i += 1) {
      for (let j = i + 1; j < ids.length; j += 1) note(ids[i] ?? 0, ids[j] ?? 0, 'same_name');
    }
  }
  for (const entry of prepared) {
    const keys = keysOf.get(entry);
    if (keys) {
      // Names of the same length or one longer, as each name is met in turn: the shorter of two
      // names of different lengths notes the pair (the order decides the reason kept for a pair).
      const length = entry.compact.length;
      const seen = new Set<PreparedName>();
      for (const key of keys) {
        for (const other of byDeletion.get(key) ?? []) {
          if (seen.has(other)) continue;
          seen.add(other);
          if (
            (other.compact.length === length || other.compact.length === length + 1) &&
            other.owner !== entry.owner &&
            other.compact !== entry.compact &&
            withinOneEdit(entry.compact, other.compact)
          ) {
            note(entry.owner, other.owner, 'one_letter_apart');
          }
        }
      }
    }
    if (entry.single)
      for (const owner of byInitials.get(entry.single) ?? []) note(entry.owner, owner, 'acronym');
  }
  return [...found.values()].sort((x, y) => x.a - y.a || x.b - y.b);
}

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
