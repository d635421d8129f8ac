import { SegmentedControl, type SegmentedControlProps } from "@mantine/core";
import { RANGES, type Range } from "./ranges";

/** Chooses a chart's period; a subset of the ranges may be offered. */
export function RangePicker({
  value,
  onChange,
  ranges = RANGES,
  label,
  ...props
}: {
  value: Range;
  onChange: (range: Range) => void;
  ranges?: readonly Range[];
  label: string;
} & Omit<SegmentedControlProps, "data" | "value" | "onChange">) {
  return (
    <SegmentedControl
      size="xs"
      aria-label={label}
      data={ranges.map((range) => ({ value: range, label: range }))}
      value={value}
      onChange={(next) => onChange(next as Range)}
      {...props}
    />
  );
}
