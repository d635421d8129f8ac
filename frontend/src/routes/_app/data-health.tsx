import { Badge, Group, Paper } from "@mantine/core";
import { IconHeartCheck } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { useDataHealth } from "../../api/health";
import { useFormatter } from "../../api/session";
import { EmptyState } from "../../components/EmptyState";
import { HealthList, SEVERITIES } from "../../components/health/HealthList";
import { ListSkeleton } from "../../components/ListSkeleton";
import { LoadError } from "../../components/LoadError";
import { PageHeader } from "../../components/PageHeader";

const NOUNS = {
  error: ["error", "errors"],
  warning: ["warning", "warnings"],
  info: ["note", "notes"],
} as const;

export const Route = createFileRoute("/_app/data-health")({
  component: DataHealthPage,
});

function DataHealthPage() {
  const health = useDataHealth();
  const fmt = useFormatter();

  let body: React.ReactNode;
  if (health.isPending) {
    body = (
      <Paper withBorder p="md">
        <ListSkeleton rows={4} label="Checking your data" />
      </Paper>
    );
  } else if (health.isError) {
    body = (
      <LoadError
        what="The data-health report"
        error={health.error}
        onRetry={() => void health.refetch()}
      />
    );
  } else if (health.data.total === 0) {
    body = (
      <EmptyState icon={<IconHeartCheck size={28} stroke={1.6} />} title="All is well">
        {`Nothing makes your figures doubtful as of ${fmt.date(health.data.as_of)}: cash never goes below zero, every position has a current price and exchange rate, transfers match, and no split or duplicate seems to be missing.`}
      </EmptyState>
    );
  } else {
    const counts = health.data.counts;
    body = (
      <>
        <Group gap="xs" mb="md" aria-label="Findings by severity">
          {(["error", "warning", "info"] as const).map((severity) =>
            counts[severity] > 0 ? (
              <Badge key={severity} color={SEVERITIES[severity].color} variant="light" size="lg">
                {`${counts[severity]} ${NOUNS[severity][counts[severity] === 1 ? 0 : 1]}`}
              </Badge>
            ) : null,
          )}
        </Group>
        <HealthList items={health.data.items} fmt={fmt} />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Data health"
        description="What makes your figures doubtful, and where to fix it"
      />
      {body}
    </>
  );
}
