import { Box, Group, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useEffect } from "react";

/** Names the browser tab (and the history entry) after the page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · PMS`;
  }, [title]);
}

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <Group justify="space-between" align="flex-end" gap="sm" mb="lg" wrap="wrap">
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Title order={1} fz={{ base: 24, sm: 28 }} style={{ letterSpacing: "-0.015em" }}>
          {title}
        </Title>
        {typeof description === "string" ? (
          <Text c="dimmed" fz="sm">
            {description}
          </Text>
        ) : description ? (
          <Box c="dimmed" fz="sm">
            {description}
          </Box>
        ) : null}
      </Stack>
      {actions ? <Group gap="xs">{actions}</Group> : null}
    </Group>
  );
}
