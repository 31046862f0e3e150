import { useMediaQuery } from "@mantine/hooks";

/** Below Mantine's `sm` breakpoint (48em), where the navigation collapses and tables become cards. */
const PHONE_QUERY = "(max-width: 47.99em)";

export function useIsPhone(): boolean {
  return useMediaQuery(PHONE_QUERY, window.matchMedia(PHONE_QUERY).matches, {
    getInitialValueInEffect: false,
  });
}
