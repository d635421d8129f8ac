// Downloads of `GET /export`: the backup that the import restores, and CSV files for spreadsheets.
import { Button, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import {
  IconArrowsExchange,
  IconChartPie,
  IconDatabaseExport,
  IconDownload,
  IconReceiptTax,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { exportUrl } from "../../api/portfolio";
import type { ExportFormat } from "../../client/types.gen";

const EXPORTS: { format: ExportFormat; title: string; text: string; icon: ReactNode }[] = [
  {
    format: "pms-json",
    title: "Backup",
    text: "Everything of yours as one JSON file: restore it here, on this or another PMS.",
    icon: <IconDatabaseExport size={20} />,
  },
  {
    format: "transactions-csv",
    title: "Transactions",
    text: "Every transaction as CSV, in the layout the PMS CSV import reads.",
    icon: <IconArrowsExchange size={20} />,
  },
  {
    format: "holdings-csv",
    title: "Holdings",
    text: "Today's positions with cost, value and gain, in your base currency.",
    icon: <IconChartPie size={20} />,
  },
  {
    format: "realized-csv",
    title: "Realized gains",
    text: "Every lot sold, with proceeds, cost and gain: for the tax return.",
    icon: <IconReceiptTax size={20} />,
  },
];

export function ExportCard() {
  return (
    <Paper withBorder p={{ base: "sm", sm: "md" }}>
      <Title order={2} fz="md">
        Export
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        Download your data at any time; nothing is left out of the backup.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        {EXPORTS.map((item) => (
          <Paper key={item.format} withBorder p="sm" radius="md">
            <Stack gap="xs" h="100%">
              <Group gap="sm" wrap="nowrap">
                <ThemeIcon variant="light" size={36} radius="md" aria-hidden>
                  {item.icon}
                </ThemeIcon>
                <Text fz="sm" fw={650}>
                  {item.title}
                </Text>
              </Group>
              <Text fz="xs" c="dimmed" style={{ flex: 1 }}>
                {item.text}
              </Text>
              <Button
                component="a"
                href={exportUrl(item.format)}
                download
                variant="default"
                size="xs"
                leftSection={<IconDownload size={14} aria-hidden />}
                aria-label={`Download ${item.title.toLowerCase()} (${item.format.endsWith("json") ? "JSON" : "CSV"})`}
              >
                {item.format.endsWith("json") ? "Download JSON" : "Download CSV"}
              </Button>
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
