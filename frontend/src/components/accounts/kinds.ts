import type { AccountKind } from "../../client/types.gen";

export const KIND_LABELS: Record<AccountKind, string> = {
  brokerage: "Brokerage",
  retirement: "Retirement",
  crypto: "Crypto",
  cash: "Cash",
  other: "Other",
};

export const KIND_OPTIONS = (Object.keys(KIND_LABELS) as AccountKind[]).map((kind) => ({
  value: kind,
  label: KIND_LABELS[kind],
}));
