import { Grid, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** One block of the settings page: what it is about on the left, its controls on the right. */
export function SettingsSection({
  title,
  description,
  children,
  headingId,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
  headingId: string;
}) {
  return (
    <Paper withBorder p={{ base: "md", sm: "xl" }} component="section" aria-labelledby={headingId}>
      <Grid gap={{ base: "md", md: "xl" }}>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap={4}>
            <Title order={2} fz="lg" id={headingId}>
              {title}
            </Title>
            <Text c="dimmed" fz="sm">
              {description}
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>{children}</Grid.Col>
      </Grid>
    </Paper>
  );
}
