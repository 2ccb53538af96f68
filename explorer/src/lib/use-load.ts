import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` now and on `reload()`; the last answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => {
        if (current) setState({ data, loading: false });
      },
      (err: unknown) => {
        if (current)
          setState((s) => ({ ...s, error: err instanceof Error ? err : new Error(String(err)), loading: false }));
      },
    );
    return () => {
      current = false;
    };
  }, [run, tick]);
  return {
    data: state.data,
    error: state.error,
    loading: state.loading,
    reload: () => {
      setTick((t) => t + 1);
    },
  };
}
