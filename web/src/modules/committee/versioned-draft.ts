/**
 * A form's values kept against the version of the record they were read from. When the record
 * changes under the form (the user saved another part of the same report, or the session's
 * attendance, which changes who has a vote without changing the report's version), the user's own
 * changes are kept on top of what is now recorded; after a 409 the user chooses (ConflictPanel)
 * with `adopt`.
 */
import { useCallback, useEffect, useState } from 'react';
import { rebaseValues } from '../../shared/Conflict.tsx';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The user's changes on `current`, for the fields `current` still has (a member who no longer votes…). */
function rebase<V extends object>(mine: V, read: V, current: V): V {
  const rebased = rebaseValues(mine, read, current);
  for (const key of Object.keys(rebased) as (keyof V)[]) {
    if (!Object.hasOwn(current, key)) delete rebased[key];
  }
  return rebased;
}

export interface VersionedDraft<V extends object> {
  values: V;
  setValues: (update: (values: V) => V) => void;
  /** The values as read, at `version`. */
  read: V;
  version: number;
  dirty: boolean;
  /** Takes a newer version: keeps the user's own changes on it, or drops them. */
  adopt: (version: number, current: V, keep: 'mine' | 'theirs') => void;
  reset: () => void;
}

export function useVersionedDraft<V extends object>(version: number, current: V): VersionedDraft<V> {
  const [base, setBase] = useState({ version, read: current });
  const [values, setValuesState] = useState<V>(current);

  // The record changed under the form (a write of this page): the user's changes stay.
  useEffect(() => {
    if (version === base.version && same(current, base.read)) return;
    setValuesState((mine) => rebase(mine, base.read, current));
    setBase({ version, read: current });
  }, [version, current, base]);

  const setValues = useCallback((update: (values: V) => V) => setValuesState(update), []);
  const adopt = useCallback(
    (newVersion: number, theirs: V, keep: 'mine' | 'theirs') => {
      setValuesState((mine) => (keep === 'mine' ? rebase(mine, base.read, theirs) : theirs));
      setBase({ version: newVersion, read: theirs });
    },
    [base],
  );
  const reset = useCallback(() => setValuesState(base.read), [base]);
  return {
    values,
    setValues,
    read: base.read,
    version: base.version,
    dirty: !same(values, base.read),
    adopt,
    reset,
  };
}
