import { Skeleton, Stack } from "@mantine/core";

/** Rows that stand in for a list while it loads. */
export function ListSkeleton({ rows = 4, label }: { rows?: number; label: string }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, index) => index).map((key) => (
        <Skeleton key={key} height={40} radius="sm" />
      ))}
    </Stack>
  );
}
