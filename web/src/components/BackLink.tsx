import { Anchor } from "@mantine/core";
import { Link } from "react-router";

export function BackLink({ to, children }: { to: string; children: string }) {
  return (
    <Anchor component={Link} to={to} display="inline-block" mb="sm">
      <span aria-hidden="true">← </span>
      {children}
    </Anchor>
  );
}
