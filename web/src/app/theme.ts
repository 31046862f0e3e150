import { Anchor, createTheme, type CSSVariablesResolver } from "@mantine/core";

// Mantine's default shades fail WCAG AA contrast for small text in a few places (white on
// blue.6, dimmed gray.6, error red.6); use darker shades throughout.
export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 8, dark: 8 },
  components: {
    // Links take the size of the text around them (table cells, card titles) instead of 16px.
    Anchor: Anchor.extend({ defaultProps: { inherit: true } }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-error": "var(--mantine-color-red-9)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-7)",
  },
  dark: {},
});
