import { Box, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** A titled part of a page (h2). */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" mt="xl">
      <Title order={2} size="h3" mb="sm">
        {title}
      </Title>
      {children}
    </Box>
  );
}
