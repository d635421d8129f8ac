// What to import and how: the format (each with its columns), the account or instrument the rows
// go to, the file (dropped or chosen) and the reading options.
import {
  Anchor,
  Box,
  Button,
  Group,
  List,
  Modal,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFile, IconFileUpload, IconUpload, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useDropzone } from "react-dropzone";
import type {
  AccountPublic,
  DateOrder,
  DecimalSeparator,
  ImportFormat,
} from "../../client/types.gen";
import { InstrumentPicker } from "../instruments/InstrumentPicker";
import type { InstrumentRef } from "../transactions/rules";
import { FORMAT_ORDER, FORMATS, PMS_CSV_TEMPLATE } from "./formats";

export interface ImportChoices {
  format: ImportFormat;
  accountId: number | null;
  instrument: InstrumentRef | null;
  file: File | null;
  skipInvalid: boolean;
  dateFormat: DateOrder | null;
  decimalSeparator: DecimalSeparator | null;
  splitAdjusted: boolean;
}

export const INITIAL_CHOICES: ImportChoices = {
  format: "pms-csv",
  accountId: null,
  instrument: null,
  file: null,
  skipInvalid: false,
  dateFormat: null,
  decimalSeparator: null,
  splitAdjusted: false,
};

/** What keeps the import from being checked, in words; null when it can be. */
export function missingChoice(choices: ImportChoices): string | null {
  const info = FORMATS[choices.format];
  if (info.account === "required" && choices.accountId === null) return "Choose an account.";
  if (info.instrument && choices.instrument === null) return "Choose the instrument.";
  if (choices.file === null) return "Choose a file.";
  return null;
}

function fileSize(bytes: number, locale: string): string {
  const units = ["byte", "kilobyte", "megabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: units[unit],
    unitDisplay: unit === 0 ? "long" : "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

function ColumnsHelp({ format }: { format: ImportFormat }) {
  const [opened, { open, close }] = useDisclosure(false);
  const info = FORMATS[format];
  const template =
    format === "pms-csv"
      ? `data:text/csv;charset=utf-8,${encodeURIComponent(PMS_CSV_TEMPLATE)}`
      : null;
  return (
    <>
      <Anchor component="button" type="button" fz="sm" onClick={open}>
        What a {info.label} file holds
      </Anchor>
      <Modal opened={opened} onClose={close} title={`${info.label}: what is read`} size="lg">
        <Stack gap="sm">
          <Text fz="sm" c="dimmed">
            {info.description}
          </Text>
          <List size="sm" spacing={6} aria-label={`Columns of ${info.label}`}>
            {info.columns.map((column) => (
              <List.Item key={column.name}>
                <Text span fw={600} ff="monospace" fz="sm">
                  {column.name}
                </Text>{" "}
                — {column.meaning}
              </List.Item>
            ))}
          </List>
          {info.columnsNote ? <Text fz="sm">{info.columnsNote}</Text> : null}
          <Text fz="sm" c="dimmed">
            The delimiter, the text encoding, the date format and the decimal separator are found
            out from the file itself.
          </Text>
          {template ? (
            <Group>
              <Button
                component="a"
                href={template}
                download="pms-transactions-template.csv"
                variant="light"
                size="xs"
              >
                Download a template
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Modal>
    </>
  );
}

function FileDrop({
  file,
  onFile,
  locale,
}: {
  file: File | null;
  onFile: (file: File | null) => void;
  locale: string;
}) {
  const [rejected, setRejected] = useState<string | null>(null);
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    multiple: false,
    // The button opens the file dialog; the whole area takes a dropped file.
    noClick: true,
    noKeyboard: true,
    onDrop: (accepted, refused) => {
      const first = accepted[0];
      if (first) {
        setRejected(null);
        onFile(first);
      } else if (refused.length > 0) {
        setRejected("Drop one file at a time.");
      }
    },
  });
  return (
    <Stack gap={6}>
      <Paper
        {...getRootProps()}
        withBorder
        p="lg"
        data-dragging={isDragActive || undefined}
        style={{
          borderStyle: "dashed",
          borderWidth: 2,
          borderColor: isDragActive ? "var(--mantine-primary-color-filled)" : undefined,
          background: isDragActive ? "var(--mantine-primary-color-light)" : "transparent",
          transition: "background 120ms, border-color 120ms",
        }}
      >
        <input {...getInputProps()} aria-label="File to import" />
        {file ? (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <ThemeIcon variant="light" size={40} radius="md" aria-hidden>
                <IconFile size={22} />
              </ThemeIcon>
              <Box style={{ minWidth: 0 }}>
                <Text fz="sm" fw={600} truncate data-testid="chosen-file">
                  {file.name}
                </Text>
                <Text fz="xs" c="dimmed">
                  {fileSize(file.size, locale)}
                </Text>
              </Box>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Button variant="default" size="xs" onClick={open}>
                Another file
              </Button>
              <Button
                variant="subtle"
                color="gray"
                size="xs"
                px={6}
                aria-label="Remove the file"
                onClick={() => onFile(null)}
              >
                <IconX size={16} aria-hidden />
              </Button>
            </Group>
          </Group>
        ) : (
          <Stack align="center" gap={6} py="sm" ta="center">
            <ThemeIcon variant="light" size={48} radius="xl" aria-hidden>
              {isDragActive ? <IconFileUpload size={26} /> : <IconUpload size={24} />}
            </ThemeIcon>
            {/* Phones choose files; they have nothing to drag from. */}
            <Text fz="sm" fw={600} visibleFrom="sm">
              {isDragActive ? "Drop the file here" : "Drag a file here"}
            </Text>
            <Text fz="xs" c="dimmed" visibleFrom="sm">
              or
            </Text>
            <Button size="sm" onClick={open}>
              Choose a file…
            </Button>
          </Stack>
        )}
      </Paper>
      {rejected ? (
        <Text fz="sm" c="red" role="alert">
          {rejected}
        </Text>
      ) : null}
    </Stack>
  );
}

export function ImportFileForm({
  choices,
  onChange,
  accounts,
  locale,
}: {
  choices: ImportChoices;
  onChange: (patch: Partial<ImportChoices>) => void;
  accounts: readonly AccountPublic[];
  locale: string;
}) {
  const info = FORMATS[choices.format];
  const json = choices.format.endsWith("json");
  return (
    <Stack gap="lg">
      <Radio.Group
        label={
          <Title order={2} fz="md" component="span">
            1. Format
          </Title>
        }
        value={choices.format}
        onChange={(value) => onChange({ format: value as ImportFormat })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" mt="xs">
          {FORMAT_ORDER.map((format) => (
            <Radio.Card
              key={format}
              value={format}
              radius="md"
              p="sm"
              aria-label={FORMATS[format].label}
              style={{ height: "100%", display: "flex", alignItems: "flex-start" }}
            >
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator mt={2} />
                <Box>
                  <Text fz="sm" fw={650}>
                    {FORMATS[format].label}
                  </Text>
                  <Text fz="xs" c="dimmed" mt={2}>
                    {FORMATS[format].description}
                  </Text>
                </Box>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>
      <Group gap="xs" mt={-8}>
        <ColumnsHelp format={choices.format} />
      </Group>

      <Stack gap="xs">
        <Title order={2} fz="md">
          2. File
        </Title>
        <SimpleGrid cols={{ base: 1, md: info.account === "none" && !info.instrument ? 1 : 2 }}>
          {info.account !== "none" ? (
            <Select
              label={info.account === "required" ? "Account" : "Account for rows without one"}
              description={
                info.account === "required"
                  ? "The rows of this file name no account."
                  : "Rows that name an account go to it."
              }
              placeholder={info.account === "required" ? "Choose an account" : "None"}
              required={info.account === "required"}
              clearable={info.account !== "required"}
              data={accounts.map((account) => ({
                value: String(account.id),
                label: `${account.name} (${account.currency})`,
              }))}
              value={choices.accountId === null ? null : String(choices.accountId)}
              onChange={(value) => onChange({ accountId: value === null ? null : Number(value) })}
              comboboxProps={{ withinPortal: true }}
            />
          ) : null}
          {info.instrument ? (
            <InstrumentPicker
              label="Instrument"
              description="The prices are stored for this instrument."
              required
              withLookup={false}
              value={choices.instrument}
              onChange={(instrument) => onChange({ instrument })}
            />
          ) : null}
          <FileDrop file={choices.file} onFile={(file) => onChange({ file })} locale={locale} />
        </SimpleGrid>
      </Stack>

      <Stack gap="xs">
        <Title order={2} fz="md">
          3. Options
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label="Date format"
            description="Of dates that are not like 2024-03-05"
            disabled={json}
            allowDeselect={false}
            data={[
              { value: "auto", label: "Find out from the file" },
              { value: "dmy", label: "Day first (31.12.2024)" },
              { value: "mdy", label: "Month first (12/31/2024)" },
              { value: "ymd", label: "Year first (2024/12/31)" },
            ]}
            value={choices.dateFormat ?? "auto"}
            onChange={(value) =>
              onChange({ dateFormat: value === "auto" || !value ? null : (value as DateOrder) })
            }
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Decimal separator"
            description="Of the numbers in the file"
            disabled={json}
            allowDeselect={false}
            data={[
              { value: "auto", label: "Find out from the file" },
              { value: ".", label: "Point (1,234.56)" },
              { value: ",", label: "Comma (1.234,56)" },
            ]}
            value={choices.decimalSeparator ?? "auto"}
            onChange={(value) =>
              onChange({
                decimalSeparator: value === "auto" || !value ? null : (value as DecimalSeparator),
              })
            }
            comboboxProps={{ withinPortal: true }}
          />
          <Stack gap="xs" pt={{ base: 0, sm: 26 }}>
            <Switch
              label="Skip invalid rows"
              description="Import the good rows and leave the refused ones out"
              checked={choices.skipInvalid}
              onChange={(event) => onChange({ skipInvalid: event.currentTarget.checked })}
            />
            {info.instrument ? (
              <Switch
                label="Closes are split-adjusted"
                description="As Yahoo's downloads are: stored as traded"
                checked={choices.splitAdjusted}
                onChange={(event) => onChange({ splitAdjusted: event.currentTarget.checked })}
              />
            ) : null}
          </Stack>
        </SimpleGrid>
      </Stack>
    </Stack>
  );
}
