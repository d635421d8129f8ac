import { Badge, Group, Text } from "@mantine/core";
import type { InstrumentPublic } from "../../client/types.gen";
import { ASSET_CLASS_LABELS } from "./assetClasses";

/** What an instrument is: its facts as badges under the page title. */
export function InstrumentFacts({ instrument }: { instrument: InstrumentPublic }) {
  return (
    <Group gap={6} mt={4}>
      <Badge variant="light" color="brand" size="sm">
        {ASSET_CLASS_LABELS[instrument.asset_class]}
      </Badge>
      <Badge variant="outline" color="gray" size="sm">
        {instrument.currency}
      </Badge>
      {instrument.exchange ? (
        <Badge variant="outline" color="gray" size="sm">
          {instrument.exchange}
        </Badge>
      ) : null}
      <Badge
        variant="dot"
        color={instrument.data_source === "manual" ? "orange" : "teal"}
        size="sm"
      >
        {instrument.data_source === "manual"
          ? "Prices entered by hand"
          : "Prices from the provider"}
      </Badge>
      {instrument.isin ? (
        <Text fz="xs" c="dimmed" ff="monospace">
          ISIN {instrument.isin}
        </Text>
      ) : null}
      {instrument.sector || instrument.country ? (
        <Text fz="xs" c="dimmed">
          {[instrument.sector, instrument.country].filter(Boolean).join(" · ")}
        </Text>
      ) : null}
    </Group>
  );
}
