import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import type { AppRouter } from "./router";
import { theme } from "./theme";

export function App({
  router,
  queryClient,
  env = "default",
}: {
  router: AppRouter;
  queryClient: QueryClient;
  /** "test" turns off Mantine's transitions and portals (component tests in jsdom). */
  env?: "default" | "test";
}) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" env={env}>
      <Notifications position="top-right" zIndex={1000} />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
