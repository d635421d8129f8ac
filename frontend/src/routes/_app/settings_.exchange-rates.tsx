import { createFileRoute } from "@tanstack/react-router";
import { ExchangeRatesPage } from "../../components/settings/ExchangeRatesPage";

export const Route = createFileRoute("/_app/settings_/exchange-rates")({
  component: ExchangeRatesPage,
});
