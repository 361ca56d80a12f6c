/**
 * Data every page needs and that rarely changes: the collectivité, its territories and the calls,
 * read once after sign-in; and the call the agent is working on (the latest complete call unless
 * they choose another, remembered in the browser).
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { CallSummary } from '../modules/calls/types.ts';
import type { Collectivite, Territory } from '../modules/collectivite/types.ts';
import { useSession } from '../modules/identity/session.tsx';
import { useApi } from '../shared/useApi.ts';

const CURRENT_CALL_KEY = 'inclusio.appel-courant';

interface ReferenceData {
  collectivite: Collectivite | null;
  territories: Territory[];
  calls: CallSummary[];
  /** The code of the call the agent works on, undefined while the calls load or if there is none. */
  currentCall: string | undefined;
  setCurrentCall: (code: string) => void;
  territoryName: (code: string) => string;
}

const ReferenceDataContext = createContext<ReferenceData | null>(null);

function readStoredCall(): string | null {
  try {
    return window.localStorage.getItem(CURRENT_CALL_KEY);
  } catch {
    return null;
  }
}

/** The latest call that is not a partial record of an earlier phase. */
export function defaultCall(calls: readonly CallSummary[]): CallSummary | undefined {
  const sorted = [...calls].sort((a, b) => a.year - b.year || a.phase - b.phase);
  return sorted.filter((call) => !call.isPartial).at(-1) ?? sorted.at(-1);
}

export function ReferenceDataProvider(props: { children: ReactNode }) {
  const { state } = useSession();
  // Read once the session is known (and again for another user).
  const ready = state.status === 'unavailable' || state.status === 'signed-in';
  const who = state.status === 'signed-in' ? state.user.id : 0;
  const collectivite = useApi<Collectivite | null>(ready ? '/api/collectivite' : null, who);
  const territories = useApi<Territory[]>(ready ? '/api/territories' : null, who);
  const calls = useApi<CallSummary[]>(ready ? '/api/calls' : null, who);
  const [chosen, setChosen] = useState<string | null>(readStoredCall);

  const setCurrentCall = useCallback((code: string) => {
    setChosen(code);
    try {
      window.localStorage.setItem(CURRENT_CALL_KEY, code);
    } catch {
      // A browser that refuses storage keeps the choice for this visit only.
    }
  }, []);

  const value = useMemo<ReferenceData>(() => {
    const callList = calls.data ?? [];
    const current = callList.find((call) => call.code === chosen) ?? defaultCall(callList);
    const territoryList = territories.data ?? [];
    return {
      collectivite: collectivite.data ?? null,
      territories: territoryList,
      calls: callList,
      currentCall: current?.code,
      setCurrentCall,
      territoryName: (code) => territoryList.find((territory) => territory.code === code)?.name ?? code,
    };
  }, [calls.data, chosen, collectivite.data, territories.data, setCurrentCall]);

  return <ReferenceDataContext.Provider value={value}>{props.children}</ReferenceDataContext.Provider>;
}

export function useReferenceData(): ReferenceData {
  const value = useContext(ReferenceDataContext);
  if (!value) throw new Error('useReferenceData en dehors de ReferenceDataProvider');
  return value;
}
