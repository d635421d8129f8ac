import { createFileRoute, redirect } from "@tanstack/react-router";
import { asApiError } from "../api/problem";
import { authStatusQuery, meQuery } from "../api/session";
import { AppLayout } from "../components/AppLayout";

// Every page behind sign-in sits under this layout: it loads the user first, and sends anyone
// without a session to the first-run screen (no user yet) or the sign-in page.
export const Route = createFileRoute("/_app")({
  beforeLoad: async ({ context: { queryClient }, location }) => {
    try {
      await queryClient.ensureQueryData(meQuery());
    } catch (error) {
      if (!asApiError(error).isUnauthorized) throw error;
      const status = await queryClient.fetchQuery(authStatusQuery());
      if (status.needs_setup) throw redirect({ to: "/setup" });
      throw redirect({ to: "/login", search: { redirect: location.href } });
    }
  },
  component: AppLayout,
});
