import { Center, Stack, Text, Title } from "@mantine/core";
import { createRootRouteWithContext, Outlet } from "@tanstack/react-router";
import { usePageTitle } from "../components/PageHeader";
import { ButtonLink } from "../components/RouterLinks";
import type { RouterContext } from "../router";

function NotFound() {
  usePageTitle("Not found");
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="xs" ta="center">
        <Text fz={48} fw={800} c="dimmed" lh={1}>
          404
        </Text>
        <Title order={1} fz="xl">
          This page does not exist
        </Title>
        <Text c="dimmed" fz="sm">
          The address may be mistyped, or the page has moved.
        </Text>
        <ButtonLink to="/" variant="light" mt="sm">
          Back to the dashboard
        </ButtonLink>
      </Stack>
    </Center>
  );
}

export const Route = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});
