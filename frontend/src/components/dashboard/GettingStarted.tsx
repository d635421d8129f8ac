// What a new user sees on the dashboard: the steps to a portfolio, and the demo to look around.
import { Button, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import {
  IconArrowsExchange,
  IconBuildingBank,
  IconCheck,
  IconFileImport,
  IconSparkles,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { ButtonLink } from "../RouterLinks";

function Step({
  icon,
  title,
  done,
  children,
  action,
}: {
  icon: ReactNode;
  title: string;
  done?: boolean;
  children: ReactNode;
  action: ReactNode;
}) {
  return (
    <Paper withBorder p="lg" data-done={done || undefined}>
      <Stack gap="sm" h="100%">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon
            size={40}
            radius="xl"
            variant="light"
            color={done ? "teal" : "brand"}
            aria-hidden
          >
            {done ? <IconCheck size={20} /> : icon}
          </ThemeIcon>
          <Title order={3} fz="md">
            {title}
            {done ? (
              <Text span c="var(--pms-gain)" fz="sm" fw={500}>
                {" "}
                · done
              </Text>
            ) : null}
          </Title>
        </Group>
        <Text fz="sm" c="dimmed" style={{ flex: 1 }}>
          {children}
        </Text>
        <Group>{action}</Group>
      </Stack>
    </Paper>
  );
}

export function GettingStarted({
  hasAccounts,
  onLoadDemo,
  loadingDemo,
}: {
  hasAccounts: boolean;
  /** Offered while the user has nothing yet (the demo fills an empty portfolio only). */
  onLoadDemo?: () => void;
  loadingDemo?: boolean;
}) {
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2} fz="lg">
          Your portfolio starts here
        </Title>
        <Text c="dimmed" fz="sm">
          Add an account and record your trades, or import them from your broker. Your total value,
          returns, allocation and income will appear here.
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: onLoadDemo ? 4 : 3 }} spacing="md">
        <Step
          icon={<IconBuildingBank size={20} />}
          title="1. Add an account"
          done={hasAccounts}
          action={
            <ButtonLink to="/accounts" variant={hasAccounts ? "default" : "filled"} size="sm">
              {hasAccounts ? "Your accounts" : "Add an account"}
            </ButtonLink>
          }
        >
          One per broker, pension plan, exchange or bank account, each in its own currency.
        </Step>
        <Step
          icon={<IconArrowsExchange size={20} />}
          title="2. Add a transaction"
          action={
            <ButtonLink to="/transactions" variant={hasAccounts ? "filled" : "default"} size="sm">
              Add a transaction
            </ButtonLink>
          }
        >
          A buy, a sale, a dividend or a deposit: every figure is worked out from them.
        </Step>
        <Step
          icon={<IconFileImport size={20} />}
          title="Or import a file"
          action={
            <ButtonLink to="/import" variant="default" size="sm">
              Import transactions
            </ButtonLink>
          }
        >
          Bring in the history your broker exports as CSV, or restore a PMS backup.
        </Step>
        {onLoadDemo ? (
          <Step
            icon={<IconSparkles size={20} />}
            title="Or look around"
            action={
              <Button size="sm" variant="light" onClick={onLoadDemo} loading={loadingDemo}>
                Load the demo
              </Button>
            }
          >
            A sample portfolio with real historical prices: three accounts, six instruments, four
            years of trades and dividends.
          </Step>
        ) : null}
      </SimpleGrid>
    </Stack>
  );
}
