/**
 * What merging one record of a structure into another will do, said before the user confirms: the
 * kept record's data win, the merged one's fill what it lacks, every name of the merged record
 * becomes an alias of the kept one. The server decides (POST /api/structures/:id/merge, its
 * structures module's mergeStructureRecords): this preview only describes its rule, and the page
 * shows the server's answer afterwards.
 */
import type { Structure } from './types.ts';

/** The fields a merge fills from the merged record when the kept one has none. */
const FILLED = [
  'shortName',
  'legalForm',
  'siret',
  'rna',
  'addressStreet',
  'addressPostalCode',
  'addressCity',
  'representativeName',
  'representativeTitle',
  'email',
  'phone',
  'iban',
  'bic',
] as const satisfies readonly (keyof Structure)[];

export interface MergePreview {
  /** The kept record as it will be. */
  result: Structure;
  /** The merged record's names that become aliases of the kept one. */
  newAliases: string[];
  /** The fields of the kept record filled from the merged one. */
  filled: (keyof Structure)[];
  /** The fields both records fill with different values: the kept record's value stays. */
  kept: (keyof Structure)[];
  /** Two SIRETs: two establishments, which the server refuses to merge. */
  differentSirets: boolean;
}

export function previewMerge(merged: Structure, kept: Structure): MergePreview {
  const result: Structure = { ...kept };
  const filled: (keyof Structure)[] = [];
  const keptValues: (keyof Structure)[] = [];
  for (const key of FILLED) {
    const mine = kept[key];
    const theirs = merged[key];
    if (mine === null && theirs !== null) {
      result[key] = theirs;
      filled.push(key);
    } else if (mine !== null && theirs !== null && mine !== theirs) {
      keptValues.push(key);
    }
  }
  const names = [merged.legalName, merged.shortName, ...merged.aliases].filter(
    (name): name is string => name !== null && name !== kept.legalName && name !== kept.shortName,
  );
  const aliases = [...new Set([...kept.aliases, ...names])];
  const newAliases = aliases.filter((alias) => !kept.aliases.includes(alias));
  result.aliases = aliases;
  result.siaeTypes = [...new Set([...kept.siaeTypes, ...merged.siaeTypes])];
  if (result.siaeTypes.length > kept.siaeTypes.length) filled.push('siaeTypes');
  if (newAliases.length > 0) filled.push('aliases');
  result.displayName = result.shortName ?? result.legalName;
  return {
    result,
    newAliases,
    filled,
    kept: keptValues,
    differentSirets: merged.siret !== null && kept.siret !== null && merged.siret !== kept.siret,
  };
}
