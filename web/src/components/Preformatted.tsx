import { Code } from "@mantine/core";

/** Server text (mail bodies, error messages) with its line breaks kept and long words wrapped. */
export function Preformatted({ children }: { children: string }) {
  return (
    <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {children}
    </Code>
  );
}
