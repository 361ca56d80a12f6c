/**
 * The signed-in user. `GET /api/session` says who it is (200), that nobody is (401: the user is sent
 * to the sign-in page) or, while the server has no sign-in yet (404), that the app works without a
 * user. Any later 401 from the API sends the user to sign in again, then back where they were.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from '../../shared/api.ts';
import { ErrorNotice, Loading } from '../../shared/ui.tsx';
import { type Permission, roleAllows } from './roles.ts';

export interface SessionUser {
  id: number;
  login: string;
  displayName: string;
  role: string;
  territories: string[];
}

interface SessionBody {
  user: SessionUser;
  csrfToken: string;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; user: SessionUser }
  | { status: 'signed-out' }
  /** The server has no sign-in yet: the app works without a user. */
  | { status: 'unavailable' }
  | { status: 'error'; error: ApiError };

interface SessionContextValue {
  state: SessionState;
  user: SessionUser | null;
  signIn: (login: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
  /** Whether the screens should offer an action; the server decides in the end. */
  can: (permission: Permission) => boolean;
  retry: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider(props: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    void generation;
    let cancelled = false;
    setState({ status: 'loading' });
    api
      .get<SessionBody>('/api/session', { handleUnauthenticated: false })
      .then((body) => {
        if (cancelled) return;
        setCsrfToken(body.csrfToken);
        setState({ status: 'signed-in', user: body.user });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'signed-out' });
        else if (error instanceof ApiError && error.status === 404) setState({ status: 'unavailable' });
        else if (error instanceof ApiError) setState({ status: 'error', error });
      });
    return () => {
      cancelled = true;
    };
  }, [generation]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out' });
    });
    return () => setUnauthenticatedHandler(null);
  }, []);

  const signIn = useCallback(async (login: string, password: string) => {
    const body = await api.post<SessionBody>(
      '/api/session',
      { login, password },
      { handleUnauthenticated: false },
    );
    setCsrfToken(body.csrfToken);
    setState({ status: 'signed-in', user: body.user });
    return body.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.delete('/api/session', { handleUnauthenticated: false });
    } finally {
      setCsrfToken(null);
      setState({ status: 'signed-out' });
    }
  }, []);

  const value = useMemo<SessionContextValue>(() => {
    const user = state.status === 'signed-in' ? state.user : null;
    return {
      state,
      user,
      signIn,
      signOut,
      can: (permission) => (user ? roleAllows(user.role, permission) : state.status === 'unavailable'),
      retry: () => setGeneration((value) => value + 1),
    };
  }, [state, signIn, signOut]);

  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession en dehors de SessionProvider');
  return value;
}

/** Where the sign-in page sends the user back to. */
export interface SignInLocationState {
  from?: string;
}

/** Shows its content to a signed-in user (or to anyone while the server has no sign-in). */
export function RequireSession(props: { children: ReactNode }) {
  const { state, retry } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading what="de la session" />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={retry} />;
  if (state.status === 'signed-out') {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/connexion" replace state={{ from } satisfies SignInLocationState} />;
  }
  return <>{props.children}</>;
}
