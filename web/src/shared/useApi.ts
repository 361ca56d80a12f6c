/** Reading from the API in a component: data, error, loading, and a way to read again. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  /** Replaces the data with what a write returned, without reading again. */
  setData: (data: T) => void;
}

/**
 * Reads `path` (nothing when null) and reads again whenever it or `key` changes, or `reload` is
 * called.
 */
export function useApi<T>(path: string | null, key?: string | number): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    // Read again when asked to, even for the same path.
    void generation;
    void key;
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api
      .get<T>(path, { signal: controller.signal })
      .then((result) => {
        setData(result);
        setLoading(false);
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(
          caught instanceof ApiError
            ? caught
            : new ApiError(0, { error: 'CLIENT', message: 'Erreur inattendue dans le navigateur.' }),
        );
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, generation, key]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload, setData };
}
