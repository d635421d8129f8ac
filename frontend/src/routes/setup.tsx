import { createFileRoute, redirect } from "@tanstack/react-router";
import { authStatusQuery } from "../api/session";
import { SetupPage } from "../components/auth/SetupPage";

// The first-run screen creates the administrator; when sign-up is open it lets anyone create an
// account. Otherwise there is nothing to do here.
export const Route = createFileRoute("/setup")({
  loader: async ({ context: { queryClient } }) => {
    const status = await queryClient.fetchQuery(authStatusQuery());
    if (!status.needs_setup && !status.allow_signup) throw redirect({ to: "/login" });
    return status;
  },
  component: SetupRoute,
});

function SetupRoute() {
  const status = Route.useLoaderData();
  return <SetupPage firstRun={status.needs_setup} />;
}
