import { useCallback, useEffect, useRef } from "react";
import { useSearchParams } from "react-router";

/**
 * The page's search parameters, and a function that changes them (replacing the history entry).
 * react-router's own functional update starts from the parameters of the last render, so two
 * changes in quick succession (two filters picked before the page re-renders) would lose the
 * first; this one starts from the latest requested parameters.
 */
export function useUpdateSearchParams(): [
  URLSearchParams,
  (change: (params: URLSearchParams) => URLSearchParams) => void,
] {
  const [searchParams, setSearchParams] = useSearchParams();
  const latest = useRef(searchParams);
  useEffect(() => {
    latest.current = searchParams;
  }, [searchParams]);

  const update = useCallback(
    (change: (params: URLSearchParams) => URLSearchParams) => {
      const next = change(new URLSearchParams(latest.current));
      latest.current = next;
      setSearchParams(next, { replace: true });
    },
    [setSearchParams],
  );
  return [searchParams, update];
}
