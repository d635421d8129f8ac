import { Anchor, Badge, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconArrowRight,
  IconInfoCircle,
} from "@tabler/icons-react";
import { useRouter } from "@tanstack/react-router";
import type { MouseEvent, ReactNode } from "react";
import type { HealthItemPublic } from "../../client/types.gen";
import type { Formatter } from "../../format";

export type HealthSeverity = HealthItemPublic["severity"];

interface SeverityStyle {
  title: string;
  color: string;
  icon: ReactNode;
}

export const SEVERITIES: Record<HealthSeverity, SeverityStyle> = {
  error: {
    title: "Errors",
    color: "red",
    icon: <IconAlertCircle size={18} stroke={1.8} />,
  },
  warning: {
    title: "Warnings",
    color: "orange",
    icon: <IconAlertTriangle size={18} stroke={1.8} />,
  },
  info: {
    title: "Notes",
    color: "blue",
    icon: <IconInfoCircle size={18} stroke={1.8} />,
  },
};

const ORDER: HealthSeverity[] = ["error", "warning", "info"];

/** What a check is called on screen. */
export const CODE_LABELS: Record<HealthItemPublic["code"], string> = {
  negative_cash: "Cash below zero",
  valued_at_trade_price: "No price",
  price_stale: "Stale price",
  rate_missing: "Exchange rate missing",
  rate_carried_forward: "Old exchange rate",
  suspected_split: "Unrecorded split?",
  unmatched_transfer: "Unmatched transfer",
  dividend_not_held: "Dividend without holding",
  possible_duplicate: "Possible duplicate",
};

/** The label of a fix's link, from the page it leads to. */
export function fixLabel(path: string): string {
  if (path.startsWith("/holdings/")) return "Open the instrument";
  if (path.startsWith("/transactions")) return "Show the transactions";
  if (path.startsWith("/accounts")) return "Open the accounts";
  if (path.startsWith("/settings")) return "Open the settings";
  return "Go to the dashboard";
}

/** A link to a path of this app (with its query) that navigates without reloading. */
function FixLink({ path }: { path: string }) {
  const router = useRouter();
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    void router.navigate({ href: path });
  };
  return (
    <Anchor href={path} onClick={follow} fz="sm" fw={500}>
      <Group gap={4} wrap="nowrap" component="span">
        {fixLabel(path)}
        <IconArrowRight size={14} aria-hidden />
      </Group>
    </Anchor>
  );
}

function HealthItem({
  item,
  fmt,
  first,
}: {
  item: HealthItemPublic;
  fmt: Formatter;
  first: boolean;
}) {
  const style = SEVERITIES[item.severity];
  return (
    <Group
      component="li"
      align="flex-start"
      gap="sm"
      wrap="nowrap"
      py="sm"
      style={first ? undefined : { borderTop: "1px solid var(--mantine-color-default-border)" }}
    >
      <ThemeIcon color={style.color} variant="light" radius="xl" size={32} aria-hidden>
        {style.icon}
      </ThemeIcon>
      <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
        <Group gap="xs" wrap="wrap">
          <Text fw={600} fz="sm">
            {CODE_LABELS[item.code]}
          </Text>
          {item.since ? (
            <Text fz="xs" c="dimmed">
              since {fmt.date(item.since)}
            </Text>
          ) : null}
        </Group>
        <Text fz="sm">{item.message}</Text>
        <Group gap="sm" wrap="wrap">
          <Text fz="sm" c="dimmed">
            {item.fix.text}
          </Text>
          <FixLink path={item.fix.path} />
        </Group>
      </Stack>
    </Group>
  );
}

/** The findings grouped by severity, errors first; each with its message and a way to fix it. */
export function HealthList({ items, fmt }: { items: HealthItemPublic[]; fmt: Formatter }) {
  return (
    <Stack gap="lg">
      {ORDER.map((severity) => {
        const group = items.filter((item) => item.severity === severity);
        if (group.length === 0) return null;
        const style = SEVERITIES[severity];
        const id = `health-${severity}`;
        return (
          <Paper key={severity} withBorder p={{ base: "sm", sm: "md" }}>
            <Group gap="xs" mb={4}>
              <Title order={2} fz="md" id={id}>
                {style.title}
              </Title>
              <Badge color={style.color} variant="light" aria-hidden>
                {group.length}
              </Badge>
            </Group>
            <Stack
              component="ul"
              gap={0}
              aria-labelledby={id}
              style={{ listStyle: "none", margin: 0, padding: 0 }}
            >
              {group.map((item, index) => (
                <HealthItem
                  first={index === 0}
                  key={`${item.code}-${item.account_id}-${item.instrument_id}-${item.currency}-${item.since}-${(item.transaction_ids ?? []).join(",")}`}
                  item={item}
                  fmt={fmt}
                />
              ))}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
