// Plain words for each part of the value bridge and for the two returns, worked out from the
// answer of `GET /portfolio/explain` so each sentence speaks of the figures on screen.
import type { ExplainPublic } from "../../client/types.gen";
import { compareDecimals } from "../../decimal";
import type { Formatter } from "../../format";

export interface Sentence {
  term: string;
  text: string;
}

/** The money-weighted return (a yearly rate) over the period's own length. */
export function mwrOverPeriod(mwr: number, start: string, end: string): number {
  const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000;
  return (1 + mwr) ** (days / 365) - 1;
}

/** Why the time- and money-weighted returns differ here, from the sign of their difference. */
export function whyReturnsDiffer(bridge: ExplainPublic, fmt: Formatter): string {
  if (bridge.mwr === null) {
    return "There is no money-weighted return: the money in and out has no single rate (nothing was invested, or everything was taken out and more).";
  }
  const own = mwrOverPeriod(bridge.mwr, bridge.start, bridge.end);
  const both = `Over this period your money earned ${fmt.percent(own, { signed: true })}, the investments ${fmt.percent(bridge.twr, { signed: true })}.`;
  if (Math.abs(own - bridge.twr) < 0.005) {
    return `${both} They agree: little money came or went, or it did so evenly.`;
  }
  if (own < bridge.twr) {
    return `${both} Yours is lower because more of your money was invested while they did worse: money added before a fall, or taken out before a rise.`;
  }
  return `${both} Yours is higher because more of your money was invested while they did better: money added before a rise, or taken out before a fall.`;
}

export function explainSentences(bridge: ExplainPublic, fmt: Formatter): Sentence[] {
  const ccy = bridge.currency;
  const money = (value: string, signed = false) => fmt.money(value, ccy, { signed });
  const sentences: Sentence[] = [
    {
      term: "Gain",
      text: `${money(bridge.absolute_gain, true)}: the end value minus the start value minus the money put in (net). It is the sum of income, fees and taxes, prices and currencies below.`,
    },
    {
      term: "Money in",
      text:
        compareDecimals(bridge.net_flows, "0") === 0
          ? "No money came in or went out in this period."
          : bridge.instrument_id !== null
            ? `${money(bridge.inflows)} went into this holding (its buys with their fees and taxes, and transfers in) and ${money(bridge.outflows)} came out of it (its sales, transfers out and payments after withholding). Money moved in is not a gain.`
            : `${money(bridge.inflows)} in and ${money(bridge.outflows)} out: deposits and withdrawals, and buys, sales and payments of accounts that do not track cash. Money moved in is not a gain.`,
    },
    {
      term: "Income",
      text: `${money(bridge.income)} of dividends and interest before withholding tax (the dashboard's income is after it; the withholding is among the taxes).`,
    },
    {
      term: "Fees and taxes",
      text: `${money(bridge.fees)} of fees and ${money(bridge.taxes)} of taxes paid on the period's transactions.`,
    },
    {
      term: "Prices",
      text: `${money(bridge.price_effect, true)}: what price moves did to what was held, day by day, and what trades paid or got against their day's close.`,
    },
    {
      term: "Currencies",
      text:
        compareDecimals(bridge.currency_effect, "0") === 0
          ? `Exchange rates moved nothing: everything counted was in ${ccy}, or the rates did not change.`
          : `${money(bridge.currency_effect, true)}: what exchange rates did to holdings and cash in other currencies than ${ccy}.`,
    },
    {
      term: "Time-weighted return",
      text: `${fmt.percent(bridge.twr, { signed: true })}: how the investments did, whatever money came or went. Compare it with a fund or an index.`,
    },
    {
      term: "Money-weighted return",
      text:
        bridge.mwr === null
          ? "None: see below."
          : `${fmt.percent(bridge.mwr, { signed: true })} a year: your own return on the money, as and when you put it in.`,
    },
    { term: "Why they differ", text: whyReturnsDiffer(bridge, fmt) },
  ];
  return sentences;
}
