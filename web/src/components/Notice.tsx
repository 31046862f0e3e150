import { Alert, Text, type AlertProps } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * An alert with a bold first line. The line is part of the body, not Mantine's `title`: the
 * title takes the alert's colour, which on a yellow alert is far below 4.5:1 contrast.
 */
export function Notice({
  heading,
  children,
  ...props
}: Omit<AlertProps, "title"> & { heading: string; children?: ReactNode }) {
  return (
    <Alert {...props}>
      <Text fw={700} size="sm">
        {heading}
      </Text>
      {children}
    </Alert>
  );
}
