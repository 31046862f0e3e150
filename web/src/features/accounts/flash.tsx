import { Alert, Text } from "@mantine/core";
import { useLocation } from "react-router";

/** Navigation state that carries a sentence for the next page ("The account is open"). */
export interface FlashState {
  flash: string;
}

function flashOf(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("flash" in state)) return null;
  return typeof state.flash === "string" ? state.flash : null;
}

/**
 * The success message a page sent with its navigation (a new client account → the order page),
 * shown above the next page. It belongs to that history entry: moving on clears it.
 */
export function FlashNotice() {
  const flash = flashOf(useLocation().state as unknown);
  if (flash === null) return null;
  return (
    <Alert color="teal" role="status" mb="md">
      <Text size="sm">{flash}</Text>
    </Alert>
  );
}
