import { Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { IconArrowDownRight, IconArrowUpRight } from "@tabler/icons-react";
import type { ReactNode } from "react";

/** The direction of a change, from its decimal text or number: 1 up, -1 down, 0 flat. */
export function direction(value: string | number | null | undefined): -1 | 0 | 1 {
  if (value === null || value === undefined || value === "") return 0;
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(number) || number === 0) return 0;
  return number > 0 ? 1 : -1;
}

/** Mantine colours of gains and losses, dark enough for text on a light card (WCAG AA). */
export function toneColor(tone: -1 | 0 | 1): string | undefined {
  return tone > 0 ? "var(--pms-gain)" : tone < 0 ? "var(--pms-loss)" : undefined;
}

/** One headline figure (total value, day change, a return) with an optional change below it. */
export function StatCard({
  label,
  value,
  valueTone = 0,
  change,
  changeDirection = 0,
  hint,
  action,
  children,
}: {
  label: string;
  /** A control beside the label (e.g. "Why?"). */
  action?: ReactNode;
  value: ReactNode;
  /** Colour the figure itself as a gain or a loss. */
  valueTone?: -1 | 0 | 1;
  /** Already formatted (e.g. "+€120.00 (+1.2 %)"). */
  change?: ReactNode;
  changeDirection?: -1 | 0 | 1;
  hint?: ReactNode;
  /** More detail below the figure (a breakdown). */
  children?: ReactNode;
}) {
  const color = toneColor(changeDirection) ?? "var(--mantine-color-dimmed)";
  const Arrow = changeDirection < 0 ? IconArrowDownRight : IconArrowUpRight;
  return (
    <Paper withBorder p="md" role="group" aria-label={label} h="100%">
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="nowrap" mih={22}>
          <Text fz="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.04em" }}>
            {label}
          </Text>
          {action}
        </Group>
        <Text
          fz={{ base: 22, sm: 26 }}
          fw={700}
          className="pms-figures"
          lh={1.15}
          c={toneColor(valueTone)}
        >
          {value}
        </Text>
        {change !== undefined ? (
          <Group gap={4} wrap="nowrap" style={{ color }}>
            {changeDirection !== 0 ? <Arrow size={16} aria-hidden /> : null}
            <Text fz="sm" fw={600} className="pms-figures" c={color}>
              {change}
            </Text>
          </Group>
        ) : null}
        {children}
        {hint ? (
          <Text fz="xs" c="dimmed">
            {hint}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** One labelled figure under a card's headline (a part of a breakdown). */
export function StatLine({
  label,
  value,
  tone = 0,
}: {
  label: string;
  value: string;
  tone?: -1 | 0 | 1;
}) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text fz="xs" c="dimmed">
        {label}
      </Text>
      <Text fz="xs" fw={600} className="pms-figures" c={toneColor(tone)}>
        {value}
      </Text>
    </Group>
  );
}

export function StatCardSkeleton({ label }: { label: string }) {
  return (
    <Paper withBorder p="md" aria-busy="true" aria-label={`Loading ${label}`}>
      <Skeleton height={10} width="45%" radius="sm" />
      <Skeleton height={26} width="75%" mt={10} radius="sm" />
      <Skeleton height={12} width="35%" mt={10} radius="sm" />
    </Paper>
  );
}
