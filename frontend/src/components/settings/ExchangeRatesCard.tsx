import { Group, Text } from "@mantine/core";
import { IconArrowsExchange } from "@tabler/icons-react";
import { useFxNeeds } from "../../api/fx";
import { ButtonLink } from "../RouterLinks";
import { SettingsSection } from "./SettingsSection";

/** Settings' way to the exchange rates: how many currencies need one, and how many have none. */
export function ExchangeRatesCard() {
  const needs = useFxNeeds();
  const items = needs.data?.items ?? [];
  const missing = items.filter((need) => need.source === "none").length;
  return (
    <SettingsSection
      title="Exchange rates"
      headingId="exchange-rates-heading"
      description="Where the rates your portfolio is converted with come from, and your own rates where you want others."
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text fz="sm">
          {needs.isPending
            ? "Looking at your currencies…"
            : items.length === 0
              ? "Everything you hold is in your reporting currency."
              : `${items.length} ${items.length === 1 ? "currency needs" : "currencies need"} a rate${missing > 0 ? `; ${missing} ${missing === 1 ? "has" : "have"} none yet` : ""}.`}
        </Text>
        <ButtonLink
          to="/settings/exchange-rates"
          variant="light"
          leftSection={<IconArrowsExchange size={16} aria-hidden />}
        >
          Exchange rates
        </ButtonLink>
      </Group>
    </SettingsSection>
  );
}
