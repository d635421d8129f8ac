import type { AssetClass } from "../../client/types.gen";

export const ASSET_CLASS_LABELS: Record<AssetClass, string> = {
  equity: "Stock",
  etf: "ETF",
  fund: "Fund",
  bond: "Bond",
  crypto: "Crypto",
  commodity: "Commodity",
  cash: "Cash",
  real_estate: "Real estate",
  other: "Other",
};

export const ASSET_CLASS_OPTIONS = (Object.keys(ASSET_CLASS_LABELS) as AssetClass[]).map(
  (value) => ({ value, label: ASSET_CLASS_LABELS[value] }),
);
