import { createMemoryHistory } from "@tanstack/react-router";
import { render, screen } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { App } from "../App";
import { configureApiClient } from "../api/client";
import { createQueryClient } from "../api/queryClient";
import { onSessionLost } from "../api/sessionLost";
import { createAppRouter } from "../router";
import type { FakeApi } from "./fakeApi";

/** The whole app at `path`, talking to `api` instead of a server. */
export async function renderApp(api: FakeApi, path: string) {
  configureApiClient({ fetch: api.fetch });
  const queryClient = createQueryClient(() => onSessionLost(router, queryClient));
  const router = createAppRouter(queryClient, createMemoryHistory({ initialEntries: [path] }));
  const view = render(<App router={router} queryClient={queryClient} env="test" />);
  await router.load();
  return { ...view, router, queryClient };
}

export async function findHeading(name: string | RegExp) {
  return screen.findByRole("heading", { level: 1, name }, { timeout: 5000 });
}

/** Types into an input the quick way (a paste), after clearing it. */
export async function fill(user: UserEvent, element: HTMLElement, text: string) {
  await user.clear(element);
  await user.click(element);
  await user.paste(text);
}
