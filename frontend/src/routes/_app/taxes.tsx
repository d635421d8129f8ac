import { Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconDownload, IconFileTypePdf } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { useAccounts } from "../../api/accounts";
import { taxReportUrl, useTaxReport } from "../../api/portfolio";
import { useFormatter, useMe } from "../../api/session";
import type { TaxReportPublic } from "../../client/types.gen";
import { direction, StatCard, StatLine, toneColor } from "../../components/dashboard/StatCard";
import { ListSkeleton } from "../../components/ListSkeleton";
import { LoadError } from "../../components/LoadError";
import { ReportWarnings } from "../../components/market/ReportWarnings";
import { PageHeader } from "../../components/PageHeader";
import { AnchorLink } from "../../components/RouterLinks";
import { HarvestCard } from "../../components/taxes/HarvestCard";
import { TERM_LABELS } from "../../components/taxes/terms";
import { addDecimals } from "../../decimal";
import type { Formatter } from "../../format";

interface TaxesSearch {
  year?: number;
}

export const Route = createFileRoute("/_app/taxes")({
  validateSearch: (raw: Record<string, unknown>): TaxesSearch => {
    const year = Number(raw.year);
    return Number.isInteger(year) && year >= 1900 && year <= 9999 ? { year } : {};
  },
  component: TaxesPage,
});

/** The tax year starting in `year` on `start` (MM-DD), as people name it: "2024", "2024/25". */
export function taxYearLabel(year: number, start: string): string {
  return start === "01-01" ? String(year) : `${year}/${String((year + 1) % 100).padStart(2, "0")}`;
}

/** The tax year today falls in, for a year starting on `start` (MM-DD). */
export function currentTaxYear(today: string, start: string): number {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= start ? year : year - 1;
}

function Totals({ report, fmt }: { report: TaxReportPublic; fmt: Formatter }) {
  const ccy = report.currency;
  const signed = (value: string) => fmt.money(value, ccy, { signed: true });
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
      <StatCard
        label="Realized gains"
        value={signed(report.totals.gain)}
        valueTone={direction(report.totals.gain)}
      >
        <Stack gap={2} mt={4}>
          {report.by_term.map((term) => (
            <StatLine
              key={term.term ?? "none"}
              label={term.term ? (TERM_LABELS[term.term] ?? term.term) : "All sales"}
              value={signed(term.gain)}
              tone={direction(term.gain)}
            />
          ))}
          <StatLine label="Proceeds" value={fmt.money(report.totals.proceeds, ccy)} />
        </Stack>
      </StatCard>
      <StatCard label="Income" value={fmt.money(report.income_totals.gross, ccy)}>
        <Stack gap={2} mt={4}>
          <StatLine label="Withheld" value={fmt.money(report.income_totals.withholding, ccy)} />
          <StatLine label="Received" value={fmt.money(report.income_totals.net, ccy)} />
        </Stack>
      </StatCard>
      <StatCard
        label="Fees and taxes"
        value={fmt.money(addDecimals(report.fees, report.taxes), ccy)}
      >
        <Stack gap={2} mt={4}>
          <StatLine label="Fees" value={fmt.money(report.fees, ccy)} />
          <StatLine label="Taxes, withholding included" value={fmt.money(report.taxes, ccy)} />
        </Stack>
      </StatCard>
    </SimpleGrid>
  );
}

function RealizedTable({ report, fmt }: { report: TaxReportPublic; fmt: Formatter }) {
  const ccy = report.currency;
  return (
    <Paper withBorder p={{ base: "xs", md: "md" }}>
      <Title order={2} fz="md" mb="xs">
        Sales
      </Title>
      {report.realized.length === 0 ? (
        <Text fz="sm" c="dimmed">
          Nothing was sold in this tax year.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={860} type="native">
          <Table aria-label="Lots sold" className="pms-figures" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Instrument</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>Acquired → sold</Table.Th>
                <Table.Th ta="right">Quantity</Table.Th>
                <Table.Th ta="right">Proceeds</Table.Th>
                <Table.Th ta="right">Cost</Table.Th>
                <Table.Th ta="right">Gain</Table.Th>
                <Table.Th ta="right">Held</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.realized.map((row) => (
                <Table.Tr
                  key={`${row.sold}-${row.account_id}-${row.lot_id ?? row.acquired}-${row.instrument_id}`}
                >
                  <Table.Td>
                    <Text fz="sm" fw={650}>
                      {row.symbol}
                    </Text>
                    <Text fz="xs" c="dimmed">
                      {row.isin ?? row.name}
                    </Text>
                  </Table.Td>
                  <Table.Td fz="sm">{row.account}</Table.Td>
                  <Table.Td fz="sm" style={{ whiteSpace: "nowrap" }}>
                    {fmt.date(row.acquired)} → {fmt.date(row.sold)}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm">
                    {fmt.quantity(row.quantity)}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(row.proceeds, ccy)}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                    {fmt.money(row.cost, ccy)}
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    fz="sm"
                    c={toneColor(direction(row.gain))}
                    style={{ whiteSpace: "nowrap" }}
                  >
                    {fmt.money(row.gain, ccy, { signed: true })}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm" style={{ whiteSpace: "nowrap" }}>
                    {row.holding_days} days
                    {row.term ? (
                      <Text fz="xs" c="dimmed">
                        {TERM_LABELS[row.term]}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function IncomeTable({ report, fmt }: { report: TaxReportPublic; fmt: Formatter }) {
  const ccy = report.currency;
  return (
    <Paper withBorder p={{ base: "xs", md: "md" }}>
      <Title order={2} fz="md" mb="xs">
        Dividends and interest
      </Title>
      {report.income.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No income was paid in this tax year.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table aria-label="Income" className="pms-figures" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>From</Table.Th>
                <Table.Th>Country</Table.Th>
                <Table.Th ta="right">Gross</Table.Th>
                <Table.Th ta="right">Withheld</Table.Th>
                <Table.Th ta="right">Received</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.income.map((row) => (
                <Table.Tr key={row.instrument_id ?? "other"}>
                  <Table.Td fz="sm" fw={row.symbol ? 650 : 400}>
                    {row.symbol ?? "Interest and other payments"}
                  </Table.Td>
                  <Table.Td fz="sm">{row.country ?? "—"}</Table.Td>
                  <Table.Td ta="right" fz="sm">
                    {fmt.money(row.gross, ccy)}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm">
                    {fmt.money(row.withholding, ccy)}
                  </Table.Td>
                  <Table.Td ta="right" fz="sm">
                    {fmt.money(row.net, ccy)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function TaxesPage() {
  const me = useMe();
  const fmt = useFormatter();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const start = me.tax_year_start;
  const today = new Date().toISOString().slice(0, 10);
  const current = currentTaxYear(today, start);
  const year = search.year ?? current;
  const report = useTaxReport(year);
  const years = Array.from({ length: 15 }, (_, i) => current - i);
  const accounts = useAccounts();
  const accountName = (id: number) =>
    accounts.data?.items.find((account) => account.id === id)?.name ?? `#${id}`;

  let body: React.ReactNode;
  if (report.isError) {
    body = (
      <LoadError what="The tax report" error={report.error} onRetry={() => void report.refetch()} />
    );
  } else if (!report.data) {
    body = (
      <Paper withBorder p="md">
        <ListSkeleton rows={4} label="Loading the tax report" />
      </Paper>
    );
  } else {
    const data = report.data;
    body = (
      <Stack gap="lg" style={{ opacity: report.isPlaceholderData ? 0.6 : 1 }}>
        {data.warnings.length > 0 ? <ReportWarnings warnings={data.warnings} /> : null}
        <Text fz="sm" c="dimmed">
          {fmt.date(data.start)} to {fmt.date(data.end)}
          {data.year === current ? " (so far)" : ""}, in {data.currency} at each day's rate.{" "}
          {data.long_term_days > 0
            ? `Long-term: held more than ${data.long_term_days} days.`
            : "No short- or long-term distinction."}{" "}
          <AnchorLink to="/settings" fz="sm">
            Change the tax year or the holding period
          </AnchorLink>
        </Text>
        <Totals report={data} fmt={fmt} />
        <RealizedTable report={data} fmt={fmt} />
        <IncomeTable report={data} fmt={fmt} />
        <HarvestCard fmt={fmt} accountName={accountName} />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Taxes"
        description="What your tax return needs: sales by holding period, income, fees and taxes"
        actions={
          <Group gap="sm" wrap="wrap">
            <Select
              aria-label="Tax year"
              data={years.map((y) => ({ value: String(y), label: taxYearLabel(y, start) }))}
              value={String(year)}
              allowDeselect={false}
              onChange={(value) =>
                void navigate({ search: value ? { year: Number(value) } : {}, replace: true })
              }
              w={130}
            />
            <Button
              component="a"
              href={taxReportUrl(year, "csv")}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              CSV
            </Button>
            <Button
              component="a"
              href={taxReportUrl(year, "pdf")}
              download
              variant="default"
              leftSection={<IconFileTypePdf size={16} aria-hidden />}
            >
              PDF
            </Button>
          </Group>
        }
      />
      {body}
      <Text fz="xs" c="dimmed" mt="lg">
        PMS counts; it does not give tax advice. Check the rules of your tax office.
      </Text>
    </>
  );
}
