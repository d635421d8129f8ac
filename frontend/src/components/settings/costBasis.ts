// The cost-basis methods a user or an account can choose: which lots a sale takes.
import type { CostBasisMethod } from "../../client/types.gen";

export const COST_BASIS_METHODS: { value: CostBasisMethod; label: string; help: string }[] = [
  {
    value: "fifo",
    label: "FIFO",
    help: "First in, first out: a sale takes the oldest lots first.",
  },
  { value: "lifo", label: "LIFO", help: "Last in, first out: a sale takes the newest lots first." },
  {
    value: "hifo",
    label: "Highest cost",
    help: "A sale takes the lots that cost the most per unit first (the smallest gain).",
  },
  {
    value: "average",
    label: "Average",
    help: "Moving average: a sale takes the same share of every lot, so each keeps its cost per unit.",
  },
];

export function methodLabel(method: string | null | undefined): string {
  return COST_BASIS_METHODS.find((m) => m.value === method)?.label ?? "FIFO";
}
