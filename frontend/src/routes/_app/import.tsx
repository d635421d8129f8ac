import { Alert, Button, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconFileImport,
  IconListCheck,
} from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { useState } from "react";
import { useAccounts } from "../../api/accounts";
import { type ImportOutcome, useImportFile } from "../../api/imports";
import { asApiError } from "../../api/problem";
import { useFormatter } from "../../api/session";
import { ExportCard } from "../../components/imports/ExportCard";
import {
  type ImportChoices,
  ImportFileForm,
  INITIAL_CHOICES,
  missingChoice,
} from "../../components/imports/ImportFileForm";
import { CountBadges, ImportPreview } from "../../components/imports/ImportPreview";
import { importBlocker, importOptions } from "../../components/imports/options";
import { PageHeader } from "../../components/PageHeader";
import { AnchorLink, ButtonLink } from "../../components/RouterLinks";

export const Route = createFileRoute("/_app/import")({
  component: ImportPage,
});

function Done({
  outcome,
  choices,
  onAgain,
}: {
  outcome: ImportOutcome;
  choices: ImportChoices;
  onAgain: () => void;
}) {
  const { result } = outcome;
  const prices = choices.format === "prices-csv" && choices.instrument;
  return (
    <Paper withBorder p={{ base: "md", sm: "lg" }}>
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconCircleCheck size={28} color="var(--pms-gain)" aria-hidden />
          <Title order={2} fz="lg">
            Import complete
          </Title>
        </Group>
        <CountBadges counts={result.counts} dryRun={false} />
        <Text fz="sm" role="status">
          {[
            result.counts.transactions > 0
              ? `${result.counts.transactions} ${result.counts.transactions === 1 ? "transaction" : "transactions"}`
              : null,
            result.counts.prices > 0 ? `${result.counts.prices} prices` : null,
            result.counts.fx_rates > 0 ? `${result.counts.fx_rates} exchange rates` : null,
            result.counts.splits > 0 ? `${result.counts.splits} splits` : null,
          ]
            .filter(Boolean)
            .join(", ") || "Nothing"}{" "}
          saved
          {result.counts.invalid > 0 ? `; ${result.counts.invalid} refused rows left out` : ""}.
        </Text>
        {(result.counts.shared_skipped ?? 0) > 0 ? (
          <Text fz="sm" c="dimmed">
            {result.counts.shared_skipped} prices, splits or exchange rates of shared market data
            were left out: only an administrator changes the data every user shares.
          </Text>
        ) : null}
        {result.accounts_created.length > 0 || result.instruments_created.length > 0 ? (
          <List size="sm" spacing={4}>
            {result.accounts_created.map((account) => (
              <List.Item key={`a-${account.name}`}>
                New account{" "}
                <AnchorLink to="/accounts" fw={600}>
                  {account.name}
                </AnchorLink>{" "}
                ({account.currency})
              </List.Item>
            ))}
            {result.instruments_created.map((instrument) => (
              <List.Item key={`i-${instrument.symbol}`}>
                New instrument{" "}
                {instrument.id ? (
                  <AnchorLink
                    to="/holdings/$instrumentId"
                    params={{ instrumentId: String(instrument.id) }}
                    fw={600}
                  >
                    {instrument.symbol}
                  </AnchorLink>
                ) : (
                  instrument.symbol
                )}{" "}
                — {instrument.name}
              </List.Item>
            ))}
          </List>
        ) : null}
        <Group gap="sm" mt="xs">
          {prices ? (
            <ButtonLink to="/holdings/$instrumentId" params={{ instrumentId: String(prices.id) }}>
              See {prices.symbol}
            </ButtonLink>
          ) : (
            <ButtonLink to="/transactions">See the transactions</ButtonLink>
          )}
          <ButtonLink to="/" variant="default">
            Go to the dashboard
          </ButtonLink>
          <Button variant="subtle" onClick={onAgain}>
            Import another file
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ImportPage() {
  const fmt = useFormatter();
  const accounts = useAccounts();
  const [choices, setChoices] = useState<ImportChoices>(INITIAL_CHOICES);
  const [preview, setPreview] = useState<ImportOutcome | null>(null);
  const [done, setDone] = useState<ImportOutcome | null>(null);
  const check = useImportFile();
  const run = useImportFile();
  const missing = missingChoice(choices);

  const change = (patch: Partial<ImportChoices>) => {
    setChoices((current) => ({ ...current, ...patch }));
    // Skipping refused rows changes only what the real run writes, not what the rows read as.
    const onlySkip = Object.keys(patch).every((key) => key === "skipInvalid");
    if (!onlySkip) {
      setPreview(null);
      check.reset();
      run.reset();
    }
  };

  const onCheck = () => {
    if (!choices.file) return;
    run.reset();
    check.mutate(
      { file: choices.file, options: importOptions(choices), dryRun: true },
      { onSuccess: setPreview },
    );
  };

  const onImport = () => {
    if (!choices.file) return;
    run.mutate(
      { file: choices.file, options: importOptions(choices), dryRun: false },
      {
        onSuccess: (outcome) => {
          if (outcome.refused) setPreview(outcome);
          else setDone(outcome);
        },
      },
    );
  };

  const reset = () => {
    setChoices((current) => ({ ...INITIAL_CHOICES, format: current.format }));
    setPreview(null);
    setDone(null);
    check.reset();
    run.reset();
  };

  const stop = preview ? importBlocker(preview.result, choices.skipInvalid) : null;
  const importable = preview ? preview.result.counts.new + preview.result.counts.updates : 0;

  return (
    <>
      <PageHeader
        title="Import"
        description="Bring in transactions from a CSV file, restore a PMS backup, or download yours"
      />
      <Stack gap="lg">
        {done ? (
          <Done outcome={done} choices={choices} onAgain={reset} />
        ) : (
          <>
            <Paper withBorder p={{ base: "sm", sm: "lg" }}>
              <Stack gap="lg">
                <ImportFileForm
                  choices={choices}
                  onChange={change}
                  accounts={accounts.data?.items ?? []}
                  locale={fmt.locale}
                />
                <Group justify="space-between" gap="sm">
                  <Text fz="sm" c="dimmed">
                    {missing ?? "Nothing is saved until you confirm the preview."}
                  </Text>
                  <Button
                    leftSection={<IconListCheck size={16} aria-hidden />}
                    onClick={onCheck}
                    disabled={missing !== null}
                    loading={check.isPending}
                  >
                    Check the file
                  </Button>
                </Group>
                {check.isError ? (
                  <Alert
                    color="red"
                    variant="light"
                    icon={<IconAlertTriangle aria-hidden />}
                    title={asApiError(check.error).title}
                    role="alert"
                  >
                    {asApiError(check.error).detail}
                  </Alert>
                ) : null}
              </Stack>
            </Paper>

            {preview ? (
              <Paper
                withBorder
                p={{ base: "sm", sm: "lg" }}
                aria-label="Preview"
                component="section"
              >
                <Stack gap="md">
                  <Title order={2} fz="md">
                    {preview.refused ? "The import was refused" : "Preview"}
                  </Title>
                  {preview.refused ? (
                    <Alert
                      color="red"
                      variant="light"
                      icon={<IconAlertTriangle aria-hidden />}
                      role="alert"
                    >
                      {preview.refused.detail}
                    </Alert>
                  ) : null}
                  <ImportPreview
                    key={`${preview.result.counts.rows}-${preview.result.dry_run}`}
                    result={preview.result}
                    fmt={fmt}
                    onlyProblemsListed={importOptions(choices).rows === "errors"}
                  />
                  <Group justify="space-between" gap="sm">
                    <Text fz="sm" c={stop ? "var(--pms-loss)" : "dimmed"}>
                      {stop ??
                        (preview.result.counts.invalid > 0
                          ? `The ${preview.result.counts.invalid} refused rows will be left out.`
                          : "Every row can be imported.")}
                    </Text>
                    <Button
                      leftSection={<IconFileImport size={16} aria-hidden />}
                      onClick={onImport}
                      disabled={stop !== null}
                      loading={run.isPending}
                    >
                      {`Import ${importable} ${importable === 1 ? "row" : "rows"}`}
                    </Button>
                  </Group>
                  {run.isError ? (
                    <Alert
                      color="red"
                      variant="light"
                      icon={<IconAlertTriangle aria-hidden />}
                      title={asApiError(run.error).title}
                      role="alert"
                    >
                      {asApiError(run.error).detail}
                    </Alert>
                  ) : null}
                </Stack>
              </Paper>
            ) : null}
          </>
        )}
        <ExportCard />
      </Stack>
    </>
  );
}
