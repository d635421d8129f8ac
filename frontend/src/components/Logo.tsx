import { Group, Text, ThemeIcon } from "@mantine/core";
import { IconChartLine } from "@tabler/icons-react";

export function Logo({ size = "md" }: { size?: "md" | "lg" }) {
  const large = size === "lg";
  return (
    <Group gap={10} wrap="nowrap">
      <ThemeIcon
        size={large ? 44 : 32}
        radius="md"
        variant="gradient"
        gradient={{ from: "brand.5", to: "cyan.6", deg: 135 }}
        aria-hidden
      >
        <IconChartLine size={large ? 26 : 20} stroke={2.2} />
      </ThemeIcon>
      <div>
        <Text fw={750} fz={large ? 22 : 17} lh={1.1} style={{ letterSpacing: "-0.01em" }}>
          PMS
        </Text>
        {large ? (
          <Text c="dimmed" fz="sm" lh={1.2}>
            Personal portfolio
          </Text>
        ) : null}
      </div>
    </Group>
  );
}
