// Literal answers of the portfolio endpoints (shaped as the API sends them: money as decimal
// strings with up to 10 places, returns as numbers) for the page tests.
import type {
  AllocationList,
  ExplainPublic,
  HoldingList,
  HoldingPublic,
  IncomeList,
  LotList,
  LotPublic,
  PerformancePublic,
  PositionList,
  RealizedList,
  SummaryPublic,
} from "../client/types.gen";
import { type FakeApi, json } from "./fakeApi";

export const SUMMARY: SummaryPublic = {
  day_change_date: "2026-03-10",
  warnings: [],
  as_of: "2026-03-10",
  currency: "EUR",
  market_value: "120189.1106389704",
  cost_basis: "45232.0755753901",
  cash: "8983.720282318",
  unrealized_gain: "65973.3147812624",
  realized_gain: "12882.6808565323",
  income: "439.2615102263",
  fees: "74.9193032543",
  taxes: "77.5387883718",
  net_invested: "40208.1898229195",
  twr: 2.214764116747521,
  mwr: 0.18531065289509852,
  day_change: "676.4696318694",
  stale: [],
};

/** The names the fixtures' instruments go by (the holdings answer carries them). */
const NAMES: Record<string, string> = { AAPL: "Apple Inc.", "ASML.AS": "ASML Holding N.V." };

export function holding(patch: Partial<HoldingPublic> & { instrument_id: number; symbol: string }) {
  return {
    account_id: 1,
    name: NAMES[patch.symbol] ?? patch.symbol,
    quantity: "1",
    average_cost: "1",
    cost_basis: "1",
    price: "1",
    price_date: "2026-03-09",
    market_value: "1",
    unrealized_gain: "0",
    unrealized_gain_pct: 0,
    weight: 0,
    day_change: "0",
    currency: "EUR",
    fx_rate: "1",
    ...patch,
  } satisfies HoldingPublic;
}

export const AAPL_BROKER = holding({
  account_id: 1,
  instrument_id: 7,
  symbol: "AAPL",
  quantity: "50",
  average_cost: "74.37",
  cost_basis: "3335.8751233516",
  price: "182.31",
  price_date: "2026-03-09",
  market_value: "8465.3603268945",
  unrealized_gain: "5129.4852035429",
  unrealized_gain_pct: 1.5376730284763485,
  weight: 0.07043367141906175,
  day_change: "-71.9725111441",
  currency: "USD",
  fx_rate: "0.9286775632",
});

export const AAPL_IRA = holding({
  account_id: 2,
  instrument_id: 7,
  symbol: "AAPL",
  quantity: "10",
  average_cost: "150",
  cost_basis: "1392.0000000000",
  price: "182.31",
  price_date: "2026-03-09",
  market_value: "1693.0720653789",
  unrealized_gain: "301.0720653789",
  unrealized_gain_pct: 0.21628740328943968,
  weight: 0.014086734283812,
  day_change: "-14.3945022288",
  currency: "USD",
  fx_rate: "0.9286775632",
});

export const ASML_IRA = holding({
  account_id: 2,
  instrument_id: 3,
  symbol: "ASML.AS",
  quantity: "40",
  average_cost: "298.07",
  cost_basis: "11922.80",
  price: "874.60",
  price_date: "2026-03-09",
  market_value: "34984.00",
  unrealized_gain: "23061.20",
  unrealized_gain_pct: 1.9342100848793908,
  weight: 0.2910746224346941,
  day_change: "552.00",
  currency: "EUR",
  fx_rate: "1",
});

/** One open lot; by default the whole of a holding bought on one day. */
export function lot(patch: Partial<LotPublic> & { instrument_id: number; symbol: string }) {
  return {
    account_id: 1,
    acquired: "2026-01-02",
    days_held: 67,
    quantity: "1",
    unit_cost: "1",
    cost_basis: "1",
    price: "1",
    market_value: "1",
    unrealized_gain: "0",
    unrealized_gain_pct: 0,
    currency: "EUR",
    fx_rate: "1",
    lot_id: 1,
    ...patch,
  } satisfies LotPublic;
}

/** The lots of some holdings, one per holding, as `GET /portfolio/lots` answers. */
export function lotList(items: LotPublic[], method = "fifo", currency = "EUR"): LotList {
  return { as_of: "2026-03-10", currency, method, items, total: items.length, warnings: [] };
}

function lotsOf(holdings: HoldingPublic[]): LotPublic[] {
  return holdings.map((h) =>
    lot({
      account_id: h.account_id ?? 1,
      instrument_id: h.instrument_id,
      symbol: h.symbol,
      quantity: h.quantity,
      unit_cost: h.average_cost,
      cost_basis: h.cost_basis,
      price: h.price,
      market_value: h.market_value,
      unrealized_gain: h.unrealized_gain,
      unrealized_gain_pct: h.unrealized_gain_pct,
      currency: h.currency,
      fx_rate: h.fx_rate,
    }),
  );
}

export function holdingList(
  items: HoldingPublic[],
  currency = "EUR",
  cash: HoldingList["cash"] = [],
): HoldingList {
  return { as_of: "2026-03-10", currency, items, total: items.length, cash, warnings: [] };
}

export const PERFORMANCE: PerformancePublic = {
  start: "2026-03-05",
  end: "2026-03-10",
  currency: "EUR",
  twr: 0.0213,
  twr_annualized: null,
  mwr: 0.18531065289509852,
  absolute_gain: 2501.25,
  volatility: 0.16311481998196053,
  sharpe: 1.0840642516417802,
  sortino: 1.6190759708567937,
  max_drawdown: -0.256876604326871,
  max_drawdown_peak: "2021-11-20",
  max_drawdown_trough: "2022-06-18",
  beta: null,
  series: [
    { date: "2026-03-05", value: 117687.86, net_invested: 40208.19, twr_index: 1, drawdown: 0 },
    {
      date: "2026-03-10",
      value: 120189.11,
      net_invested: 40208.19,
      twr_index: 1.0213,
      drawdown: 0,
    },
  ],
  benchmark: null,
  warnings: [],
};

export const ALLOCATION: AllocationList = {
  warnings: [],
  as_of: "2026-03-10",
  currency: "EUR",
  by: "asset_class",
  items: [
    { key: "equity", label: null, market_value: "68250.3540764351", weight: 0.5678580506469393 },
    { key: "crypto", label: null, market_value: "29064.0044576523", weight: 0.2418189493468846 },
    { key: "etf", label: null, market_value: "13891.0318225651", weight: 0.11557645903788746 },
    { key: "cash", label: null, market_value: "8983.720282318", weight: 0.07474654096828863 },
  ],
  total: 4,
};

export const INCOME: IncomeList = {
  warnings: [],
  currency: "EUR",
  group: "month",
  items: [
    {
      period: "2026-01",
      gross: "35.6429329262",
      withholding: "5.3487735523",
      net: "30.2941593739",
    },
    {
      period: "2026-02",
      gross: "14.0395660498",
      withholding: "2.1059349075",
      net: "11.9336311423",
    },
  ],
  total: 2,
};

export const REALIZED: RealizedList = {
  warnings: [],
  year: null,
  currency: "EUR",
  items: [
    {
      account_id: 3,
      instrument_id: 6,
      symbol: "BTC-USD",
      acquired: "2020-03-13",
      sold: "2021-04-14",
      quantity: "0.2",
      proceeds: "10541.5747241725",
      cost: "1003.0097262248",
      gain: "9538.5649979477",
      holding_days: 397,
      term: "long",
      lot_id: 301,
      transaction_id: 305,
    },
    {
      account_id: 1,
      instrument_id: 7,
      symbol: "AAPL",
      acquired: "2020-01-03",
      sold: "2023-07-31",
      quantity: "30",
      proceeds: "5345.6409325955",
      cost: "2001.5250740109",
      gain: "3344.1158585846",
      holding_days: 1305,
      term: "long",
      lot_id: 101,
      transaction_id: 140,
    },
  ],
  total: 2,
};

/** Answers every portfolio endpoint with the literals above (each a test may replace). */
/** The bridge of the whole portfolio since inception: 1000 in, up to 1240.50 (EUR). */
export const EXPLAIN: ExplainPublic = {
  start: "2026-01-01",
  end: "2026-03-10",
  currency: "EUR",
  instrument_id: null,
  start_value: "0.00",
  end_value: "1240.50",
  inflows: "1000.00",
  outflows: "0.00",
  net_flows: "1000.00",
  income: "12.00",
  fees: "2.00",
  taxes: "1.80",
  price_effect: "260.30",
  currency_effect: "-28.00",
  absolute_gain: "240.50",
  twr: 0.25,
  mwr: 1.2,
  by_instrument: [
    {
      instrument_id: 7,
      label: "AAPL",
      start_value: "0.00",
      end_value: "1100.00",
      net_flows: "850.00",
      income: "12.00",
      fees: "2.00",
      taxes: "1.80",
      price_effect: "260.30",
      currency_effect: "-18.50",
      absolute_gain: "250.00",
    },
    {
      instrument_id: null,
      label: "Cash",
      start_value: "0.00",
      end_value: "140.50",
      net_flows: "150.00",
      income: "0.00",
      fees: "0.00",
      taxes: "0.00",
      price_effect: "0.00",
      currency_effect: "-9.50",
      absolute_gain: "-9.50",
    },
  ],
  warnings: [],
};

/** No position closed yet. */
export const POSITIONS: PositionList = {
  as_of: "2026-03-10",
  currency: "EUR",
  status: "closed",
  items: [],
  total: 0,
  warnings: [],
};

export function withPortfolio(api: FakeApi, holdings: HoldingPublic[] = [AAPL_BROKER, ASML_IRA]) {
  return api
    .on("GET", "/api/v1/portfolio/summary", json(200, SUMMARY))
    .on("GET", "/api/v1/portfolio/holdings", json(200, holdingList(holdings)))
    .on("GET", "/api/v1/portfolio/lots", (request) => {
      const wanted = Number(request.query.get("instrument_id") ?? 0);
      const lots = lotsOf(holdings).filter((l) => !wanted || l.instrument_id === wanted);
      return json(200, lotList(lots));
    })
    .on("GET", "/api/v1/portfolio/performance", json(200, PERFORMANCE))
    .on("GET", "/api/v1/portfolio/allocation", json(200, ALLOCATION))
    .on("GET", "/api/v1/portfolio/income", json(200, INCOME))
    .on("GET", "/api/v1/portfolio/realized", json(200, REALIZED))
    .on("GET", "/api/v1/portfolio/explain", json(200, EXPLAIN))
    .on("GET", "/api/v1/portfolio/positions", json(200, POSITIONS));
}
