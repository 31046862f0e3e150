import { Button, CopyButton, Group } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A value to type elsewhere (an IBAN, a payment reference) with a button that copies it.
 * `value` is what is copied (without the spaces of `children`); `what` names it for screen
 * readers ("Copy: IBAN"), and the button says "Copied" for a moment after a click.
 */
export function CopyValue({
  value,
  what,
  children,
}: {
  value: string;
  what: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="wrap" component="span" display="inline-flex">
      <span translate="no">{children ?? value}</span>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => {
          const text = copied ? t("common.copied") : t("common.copy");
          return (
            // The name starts with the visible text ("Copy: IBAN"); the live text says "Copied".
            <Button
              size="compact-xs"
              variant="default"
              onClick={copy}
              aria-label={`${text}: ${what}`}
            >
              <span aria-live="polite">{text}</span>
            </Button>
          );
        }}
      </CopyButton>
    </Group>
  );
}
