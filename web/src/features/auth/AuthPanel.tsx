import { Container, Paper } from "@mantine/core";
import type { ReactNode } from "react";
import { PageTitle } from "../../components/PageTitle";

/** Narrow, centred frame for the login, password and setup pages. */
export function AuthPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Container size={440} px={0} py="md">
      <PageTitle>{title}</PageTitle>
      <Paper withBorder p="lg" radius="md">
        {children}
      </Paper>
    </Container>
  );
}
