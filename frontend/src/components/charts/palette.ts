import { useComputedColorScheme, useMantineTheme } from "@mantine/core";

/** Colours of a chart, from the design system, for the light or dark scheme in use. */
export interface ChartPalette {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  series: string[];
  gain: string;
  loss: string;
}

export function useChartPalette(): ChartPalette {
  const theme = useMantineTheme();
  const dark = useComputedColorScheme("light") === "dark";
  const c = theme.colors;
  const pick = (name: keyof typeof c, light: number, darkShade: number) =>
    c[name]?.[dark ? darkShade : light] ?? "#888";
  return {
    text: dark ? c.dark[0] : c.gray[8],
    muted: dark ? c.dark[2] : c.gray[6],
    grid: dark ? c.dark[5] : c.gray[2],
    surface: dark ? c.dark[7] : theme.white,
    series: [
      pick("brand", 6, 4),
      pick("cyan", 6, 4),
      pick("grape", 5, 4),
      pick("orange", 6, 5),
      pick("teal", 6, 5),
      pick("pink", 5, 4),
      pick("lime", 7, 5),
      pick("indigo", 4, 3),
    ],
    gain: pick("teal", 7, 5),
    loss: pick("red", 7, 5),
  };
}
