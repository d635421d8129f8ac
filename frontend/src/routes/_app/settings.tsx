import { Stack } from "@mantine/core";
import { createFileRoute } from "@tanstack/react-router";
import { useMe } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { ExchangeRatesCard } from "../../components/settings/ExchangeRatesCard";
import { PasswordCard } from "../../components/settings/PasswordCard";
import { PreferencesCard } from "../../components/settings/PreferencesCard";
import { UsersCard } from "../../components/settings/UsersCard";

export const Route = createFileRoute("/_app/settings")({
  component: SettingsPage,
});

function SettingsPage() {
  const me = useMe();
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your preferences, your password and who can sign in"
      />
      <Stack gap="lg">
        <PreferencesCard />
        <ExchangeRatesCard />
        <PasswordCard />
        {me.role === "admin" ? <UsersCard /> : null}
      </Stack>
    </>
  );
}
