import { IconArrowLeft, IconChartLine } from "@tabler/icons-react";
import { createFileRoute } from "@tanstack/react-router";
import { EmptyState } from "../../../components/EmptyState";
import { PageHeader } from "../../../components/PageHeader";
import { ButtonLink } from "../../../components/RouterLinks";

export const Route = createFileRoute("/_app/holdings/$instrumentId")({
  component: InstrumentPage,
});

function InstrumentPage() {
  const { instrumentId } = Route.useParams();
  return (
    <>
      <PageHeader
        title="Instrument"
        description={`Price history, lots, realized gains and dividends of instrument ${instrumentId}`}
        actions={
          <ButtonLink
            to="/holdings"
            variant="default"
            leftSection={<IconArrowLeft size={16} aria-hidden />}
          >
            All holdings
          </ButtonLink>
        }
      />
      <EmptyState icon={<IconChartLine size={28} stroke={1.6} />} title="Nothing recorded yet">
        Once you hold this instrument, its price chart with your buys and sells, your open lots, the
        gains you realized and the dividends it paid are shown here.
      </EmptyState>
    </>
  );
}
