// "Refresh prices": starts a refresh of prices and exchange rates and follows its job, with its
// progress while it runs and what failed, symbol by symbol, when it ends.
import {
  Alert,
  Anchor,
  Button,
  CloseButton,
  Group,
  List,
  Progress,
  Stack,
  Text,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconCheck, IconRefresh } from "@tabler/icons-react";
import { useRefreshPrices } from "../../api/market";
import { asApiError } from "../../api/problem";
import type { JobPublic } from "../../client/types.gen";

/** How many failures are listed before "show all". */
const FIRST_ERRORS = 5;

export function JobReport({ job, onDismiss }: { job: JobPublic; onDismiss: () => void }) {
  const [expanded, { toggle }] = useDisclosure(false);
  const running = job.status === "queued" || job.status === "running";
  if (running) {
    return (
      <Stack gap={4} aria-live="polite">
        <Group justify="space-between">
          <Text fz="sm">
            {job.status === "queued"
              ? "Waiting to start…"
              : `Refreshing ${job.done} of ${job.total}…`}
          </Text>
          <Text fz="sm" c="dimmed" className="pms-figures">
            {Math.round(job.progress * 100)} %
          </Text>
        </Group>
        <Progress value={job.progress * 100} animated aria-label="Refresh progress" size="sm" />
      </Stack>
    );
  }
  const failed = job.status === "failed";
  const clean = !failed && job.errors.length === 0;
  return (
    <Alert
      color={clean ? "teal" : failed ? "red" : "orange"}
      variant="light"
      icon={clean ? <IconCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
      title={
        clean
          ? "Prices are up to date"
          : failed
            ? "The refresh failed"
            : `${job.errors.length} of ${job.total} could not be refreshed`
      }
      withCloseButton={false}
      role="status"
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={6} style={{ minWidth: 0 }}>
          {job.message ? <Text fz="sm">{job.message}</Text> : null}
          {job.errors.length > 0 ? (
            <List size="sm" spacing={2} aria-label="Refresh errors">
              {(expanded ? job.errors : job.errors.slice(0, FIRST_ERRORS)).map((error) => (
                <List.Item key={`${error.symbol}-${error.instrument_id ?? "fx"}`}>
                  <Text span fw={600} fz="sm">
                    {error.symbol}
                  </Text>{" "}
                  <Text span fz="sm" style={{ overflowWrap: "anywhere" }}>
                    {error.message}
                  </Text>
                </List.Item>
              ))}
            </List>
          ) : null}
          {job.errors.length > FIRST_ERRORS ? (
            <Anchor
              component="button"
              type="button"
              fz="sm"
              onClick={toggle}
              style={{ alignSelf: "flex-start" }}
            >
              {expanded ? "Show fewer" : `Show all ${job.errors.length}`}
            </Anchor>
          ) : null}
        </Stack>
        <CloseButton aria-label="Dismiss the refresh report" onClick={onDismiss} />
      </Group>
    </Alert>
  );
}

/** The refresh button beside `children` (what it is about), the job's report below both. */
export function RefreshPrices({ children }: { children?: React.ReactNode }) {
  const refresh = useRefreshPrices();
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" gap="sm">
        {children}
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} aria-hidden />}
          onClick={refresh.start}
          loading={refresh.starting || refresh.running}
          loaderProps={{ type: "dots" }}
        >
          Refresh prices
        </Button>
      </Group>
      {refresh.startError ? (
        <Text c="red" fz="sm" role="alert">
          The refresh could not start: {asApiError(refresh.startError).detail}
        </Text>
      ) : null}
      {refresh.jobError ? (
        <Text c="red" fz="sm" role="alert">
          The refresh's progress could not be read: {asApiError(refresh.jobError).detail}
        </Text>
      ) : null}
      {refresh.job ? <JobReport job={refresh.job} onDismiss={refresh.dismiss} /> : null}
    </Stack>
  );
}
