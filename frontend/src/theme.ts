// The design system: Mantine, themed once here. Inter is bundled with the app (no font CDN), and
// figures are tabular so columns of amounts line up.
import { createTheme, type MantineColorsTuple } from "@mantine/core";

// A deep blue-violet for the brand, from light (0) to dark (9).
const brand: MantineColorsTuple = [
  "#eef3ff",
  "#dce4f5",
  "#b9c7e2",
  "#94a8d0",
  "#748dc1",
  "#5f7cb8",
  "#5474b4",
  "#44639f",
  "#39588f",
  "#2d4b81",
];

export const theme = createTheme({
  primaryColor: "brand",
  primaryShade: { light: 7, dark: 5 },
  colors: { brand },
  fontFamily:
    "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: "ui-monospace, 'SF Mono', 'DejaVu Sans Mono', Menlo, monospace",
  headings: {
    fontFamily:
      "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    fontWeight: "650",
  },
  defaultRadius: "md",
  cursorType: "pointer",
  components: {
    Paper: { defaultProps: { radius: "lg" } },
    Card: { defaultProps: { radius: "lg" } },
    Button: { defaultProps: { radius: "md" } },
    Modal: {
      defaultProps: { radius: "lg", centered: true, closeButtonProps: { "aria-label": "Close" } },
    },
    Drawer: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
    Notification: { defaultProps: { closeButtonProps: { "aria-label": "Dismiss" } } },
  },
});
