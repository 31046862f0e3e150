import { Box, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** A titled part of a page (h2). `first`: directly under the page title, without the top gap. */
export function Section({
  title,
  children,
  first = false,
}: {
  title: string;
  children: ReactNode;
  first?: boolean;
}) {
  return (
    <Box component="section" mt={first ? 0 : "xl"}>
      <Title order={2} size="h3" mb="sm">
        {title}
      </Title>
      {children}
    </Box>
  );
}
