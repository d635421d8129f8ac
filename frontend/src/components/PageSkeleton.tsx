import { Group, Paper, SimpleGrid, Skeleton, Stack } from "@mantine/core";

/** Shown while a page loads: the rough shape of a page, so nothing jumps when it arrives. */
export function PageSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading">
      <Stack gap={8}>
        <Skeleton height={28} width={220} radius="sm" />
        <Skeleton height={14} width={320} maw="100%" radius="sm" />
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {[0, 1, 2].map((key) => (
          <Paper key={key} withBorder p="md">
            <Skeleton height={12} width="40%" radius="sm" />
            <Skeleton height={24} width="70%" mt="sm" radius="sm" />
          </Paper>
        ))}
      </SimpleGrid>
      <Paper withBorder p="md">
        <Stack gap="sm">
          {[0, 1, 2, 3].map((key) => (
            <Group key={key} justify="space-between" wrap="nowrap">
              <Skeleton height={14} width="35%" radius="sm" />
              <Skeleton height={14} width="20%" radius="sm" />
            </Group>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}
