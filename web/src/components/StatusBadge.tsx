import { Badge } from "@mantine/core";

export type Tone = "success" | "info" | "warning" | "danger" | "neutral";

// Shades chosen for at least 4.5:1 text contrast; Mantine's default badge colours are too light.
const TONES: Record<Tone, { background: string; text: string }> = {
  success: { background: "teal.9", text: "white" },
  info: { background: "blue.9", text: "white" },
  warning: { background: "yellow.3", text: "dark.9" },
  danger: { background: "red.9", text: "white" },
  neutral: { background: "gray.7", text: "white" },
};

export function StatusBadge({ tone, children }: { tone: Tone; children: string }) {
  const { background, text } = TONES[tone];
  return (
    // max-content: in a crowded table the badge would otherwise shrink to an ellipsis.
    <Badge variant="filled" color={background} c={text} miw="max-content">
      {children}
    </Badge>
  );
}
