/**
 * Going back after a form: the page that opened it passes where it is (`from`, `fromLabel`) in the
 * router's location state; once saved, the form goes back there with a message (`saved`) and what
 * it saved (`savedTarget`), which that page shows beside the thing saved.
 */

/** What the form saved, for the page the user goes back to. */
export interface SavedTarget {
  kind: 'operation' | 'collectivite';
  id: number | null;
}

export interface ReturnState {
  /** An address of the application ("/seances/2023-06-12"), never another site. */
  from?: string;
  /** How to name it ("la séance du 12/06/2023"). */
  fromLabel?: string;
  saved?: string;
  savedTarget?: SavedTarget;
}

export interface ReturnTarget {
  to: string;
  label: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Only a path of this application: "/…", not "//host" nor "http:…". */
function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//');
}

/** Where to go back to: the page that opened the form, or `fallback`. */
export function returnTarget(state: unknown, fallback: ReturnTarget): ReturnTarget {
  if (!isRecord(state) || !isLocalPath(state.from)) return fallback;
  return {
    to: state.from,
    label: typeof state.fromLabel === 'string' && state.fromLabel !== '' ? state.fromLabel : fallback.label,
  };
}

/** The message a form left when it came back here, with what it saved. */
export function savedFrom(state: unknown): { message: string; target: SavedTarget | null } | null {
  if (!isRecord(state) || typeof state.saved !== 'string') return null;
  const target = state.savedTarget;
  const valid =
    isRecord(target) &&
    (target.kind === 'operation' || target.kind === 'collectivite') &&
    (typeof target.id === 'number' || target.id === null);
  return { message: state.saved, target: valid ? (target as unknown as SavedTarget) : null };
}
