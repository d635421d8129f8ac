// The report of an import: its counts, what was found out about the file, and every row with its
// line, status and problems (a page at a time).
import {
  Alert,
  Badge,
  Box,
  Group,
  List,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import type {
  ImportCounts,
  ImportedPrice,
  ImportedTransaction,
  ImportResult,
  ImportRow,
  RowStatus,
} from "../../client/types.gen";
import type { Formatter } from "../../format";
import { Pager } from "../Pager";
import { TYPE_LABELS } from "../transactions/types";

/** Rows shown per page of the preview. */
export const PREVIEW_PAGE = 50;

const STATUS: Record<RowStatus, { label: string; color: string }> = {
  new: { label: "New", color: "teal" },
  duplicate: { label: "Already there", color: "gray" },
  update: { label: "Update", color: "blue" },
  invalid: { label: "Refused", color: "red" },
};

const DETECTED: Record<string, (value: string) => string | null> = {
  encoding: (value) => value.toUpperCase(),
  delimiter: (value) =>
    ({
      ",": "comma-separated",
      ";": "semicolon-separated",
      "\t": "tab-separated",
      "|": "pipe-separated",
    })[value] ?? `separated by “${value}”`,
  date_format: (value) =>
    ({
      iso: "ISO dates",
      dmy: "dates day first",
      mdy: "dates month first",
      ymd: "dates year first",
    })[value] ?? `dates ${value}`,
  decimal_separator: (value) => (value === "," ? "decimal comma" : "decimal point"),
  language: (value) =>
    value === "de" ? "German labels" : value === "en" ? "English labels" : value,
};

/** What was found out about the file, in words: "UTF-8 · comma-separated · ISO dates". */
export function detectedSummary(detected: Record<string, string>): string {
  return Object.entries(detected)
    .map(([key, value]) => DETECTED[key]?.(value) ?? null)
    .filter((part): part is string => Boolean(part))
    .join(" · ");
}

/** One entry read from a row, in a line: "Mar 4, 2024 · Buy · AAPL · 5 × $170.12 · Broker". */
export function describeEntry(entry: ImportedTransaction, fmt: Formatter): string {
  const currency = entry.currency ?? undefined;
  const money = (value: string | null | undefined) =>
    currency && value ? fmt.money(value, currency) : (value ?? "");
  const what =
    entry.quantity && entry.price
      ? `${fmt.quantity(entry.quantity)} × ${currency ? fmt.price(entry.price, currency) : entry.price}`
      : entry.quantity
        ? `${fmt.quantity(entry.quantity)} units`
        : money(entry.amount);
  return [
    entry.date ? fmt.date(entry.date) : null,
    entry.type ? TYPE_LABELS[entry.type] : null,
    entry.symbol,
    what || null,
    entry.account,
  ]
    .filter(Boolean)
    .join(" · ");
}

function describePrice(price: ImportedPrice, fmt: Formatter): string {
  return `${fmt.date(price.date)} · close ${fmt.quantity(price.close)}`;
}

function RowEntries({ row, fmt }: { row: ImportRow; fmt: Formatter }) {
  const lines = [
    ...row.transactions.map((entry) => describeEntry(entry, fmt)),
    ...row.prices.map((price) => describePrice(price, fmt)),
  ];
  if (lines.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      {lines.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the entries of one row never move
        <Text key={index} fz="sm" style={{ overflowWrap: "anywhere" }}>
          {line}
        </Text>
      ))}
    </Stack>
  );
}

function RowProblems({ row }: { row: ImportRow }) {
  if (row.errors.length === 0) return null;
  return (
    <Stack gap={2}>
      {row.errors.map((error) => (
        <Text key={`${error.field}-${error.code}`} fz="sm" c="var(--pms-loss)">
          {error.field ? (
            <Text span fw={600} ff="monospace" fz="xs">
              {error.field}
            </Text>
          ) : null}
          {error.field ? ": " : ""}
          {error.message}
        </Text>
      ))}
    </Stack>
  );
}

function StatusBadge({ status }: { status: RowStatus }) {
  return (
    <Badge variant="light" color={STATUS[status].color} size="sm" miw="max-content">
      {STATUS[status].label}
    </Badge>
  );
}

export function CountBadges({ counts, dryRun }: { counts: ImportCounts; dryRun: boolean }) {
  const items: [string, number, string][] = [
    [dryRun ? "to import" : "imported", counts.new, "teal"],
    ["already there", counts.duplicates, "gray"],
    ["updates", counts.updates, "blue"],
    ["refused", counts.invalid, "red"],
  ];
  return (
    <Group gap="xs" className="pms-figures" aria-label="Counts">
      <Text fz="sm" fw={600}>
        {counts.rows} {counts.rows === 1 ? "row" : "rows"}:
      </Text>
      {items
        .filter(([, count], index) => count > 0 || index === 0)
        .map(([label, count, color]) => (
          <Badge key={label} variant="light" color={color} size="lg" radius="sm" tt="none">
            {count} {label}
          </Badge>
        ))}
    </Group>
  );
}

/** What the preview says of the rows the API left out of its list (it lists a bounded number). */
export function omittedNotice(omitted: number, onlyProblems: boolean, fmt: Formatter): string {
  const rows = onlyProblems ? "rows with problems" : "rows";
  return `${fmt.number(omitted, 0)} more ${rows} are not listed (the counts above cover every row).`;
}

export function ImportPreview({
  result,
  fmt,
  onlyProblemsListed,
}: {
  result: ImportResult;
  fmt: Formatter;
  /** The answer lists only the refused rows (`rows=errors`, for a large file). */
  onlyProblemsListed: boolean;
}) {
  const problems = result.rows.filter((row) => row.status === "invalid");
  const [show, setShow] = useState<"all" | "problems">(
    problems.length > 0 && !onlyProblemsListed ? "problems" : "all",
  );
  const [page, setPage] = useState(1);
  const rows = show === "problems" ? problems : result.rows;
  const shown = rows.slice((page - 1) * PREVIEW_PAGE, page * PREVIEW_PAGE);
  const detected = detectedSummary(result.detected);

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs" align="flex-start">
        <Stack gap={4}>
          <CountBadges counts={result.counts} dryRun={result.dry_run} />
          {detected ? (
            <Text fz="xs" c="dimmed">
              Read as {detected}
            </Text>
          ) : null}
        </Stack>
        {problems.length > 0 && !onlyProblemsListed ? (
          <SegmentedControl
            size="xs"
            aria-label="Rows shown"
            value={show}
            onChange={(next) => {
              setShow(next as "all" | "problems");
              setPage(1);
            }}
            data={[
              { value: "problems", label: `Problems (${problems.length})` },
              { value: "all", label: `All rows (${result.rows.length})` },
            ]}
          />
        ) : null}
      </Group>

      {result.errors.length > 0 ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          title="The file as a whole has problems"
        >
          <List size="sm" spacing={2}>
            {result.errors.map((error) => (
              <List.Item key={`${error.field}-${error.message}`}>
                {error.field ? `${error.field}: ` : ""}
                {error.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}

      {onlyProblemsListed ? (
        <Text fz="sm" c="dimmed">
          The file is large: only the rows with problems are listed
          {problems.length === 0 ? ", and there are none" : ""}.
        </Text>
      ) : null}
      {result.rows_omitted > 0 ? (
        <Text fz="sm" c="dimmed" data-testid="rows-omitted">
          {omittedNotice(result.rows_omitted, onlyProblemsListed, fmt)}
        </Text>
      ) : null}

      {shown.length > 0 ? (
        <Paper withBorder p={{ base: "xs", sm: "sm" }}>
          <Table.ScrollContainer minWidth={640} visibleFrom="sm" type="native">
            <Table verticalSpacing="xs" aria-label="Rows of the file" className="pms-figures">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={64}>Line</Table.Th>
                  <Table.Th w={120}>Status</Table.Th>
                  <Table.Th>Read as</Table.Th>
                  <Table.Th>Problems</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((row) => (
                  <Table.Tr key={row.line} data-line={row.line} data-status={row.status}>
                    <Table.Td fz="sm" c="dimmed" style={{ verticalAlign: "top" }}>
                      {row.line}
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: "top" }}>
                      <StatusBadge status={row.status} />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: "top" }}>
                      <RowEntries row={row} fmt={fmt} />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: "top" }}>
                      <RowProblems row={row} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap={0} hiddenFrom="sm" role="list" aria-label="Rows of the file">
            {shown.map((row, index) => (
              <Box
                key={row.line}
                role="listitem"
                py="xs"
                px={4}
                style={{
                  borderTop: index === 0 ? undefined : "1px solid var(--pms-surface-border)",
                }}
              >
                <Group justify="space-between" mb={4}>
                  <Text fz="xs" c="dimmed" className="pms-figures">
                    Line {row.line}
                  </Text>
                  <StatusBadge status={row.status} />
                </Group>
                <RowEntries row={row} fmt={fmt} />
                <RowProblems row={row} />
              </Box>
            ))}
          </Stack>
        </Paper>
      ) : null}
      {rows.length > PREVIEW_PAGE ? (
        <Pager
          page={page}
          pageSize={PREVIEW_PAGE}
          total={rows.length}
          noun="rows"
          onPage={setPage}
        />
      ) : null}
    </Stack>
  );
}
