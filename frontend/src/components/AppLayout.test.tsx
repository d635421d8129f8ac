import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { type FakeUser, json, problem, USER } from "../test/fakeApi";
import { findHeading, renderApp } from "../test/renderApp";
import { signedInApi } from "../test/session";

describe("the signed-in app", () => {
  test("navigation links are real addresses and mark the current page", async () => {
    const { api } = signedInApi();
    await renderApp(api, "/transactions");
    await findHeading("Transactions");
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((link) => link.getAttribute("href"))).toEqual([
      "/",
      "/holdings",
      "/transactions",
      "/accounts",
      "/taxes",
      "/import",
      "/data-health",
      "/settings",
    ]);
    expect(within(nav).getByRole("link", { name: "Transactions" })).toHaveAttribute(
      "aria-current",
      "page",
    );

    await userEvent.setup().click(within(nav).getByRole("link", { name: "Accounts" }));
    await findHeading("Accounts");
  });

  test("signing out revokes the session and shows the sign-in page", async () => {
    const { api } = signedInApi();
    const { queryClient } = await renderApp(api, "/");
    await findHeading("Dashboard");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Account menu for ada" }));
    await user.click(await screen.findByRole("menuitem", { name: "Sign out" }));

    await findHeading("Sign in");
    expect(api.callsTo("POST", "/api/v1/auth/logout")).toHaveLength(1);
    // Nothing of the signed-out user stays in memory.
    await waitFor(() =>
      expect(
        queryClient.getQueryCache().findAll({ queryKey: [{ _id: "authReadMe" }] }),
      ).toHaveLength(0),
    );
  });

  test("when the session ends on the server, the next request leads to sign-in", async () => {
    const { api, state } = signedInApi();
    api.on("GET", "/api/v1/users", json(200, { items: [USER], total: 1 }));
    const { router, queryClient } = await renderApp(api, "/settings");
    await findHeading("Settings");

    state.user = null;
    api.on("GET", "/api/v1/users", problem(401, "Not signed in", "the session has expired"));
    await queryClient.invalidateQueries();

    await findHeading("Sign in");
    expect(router.state.location.pathname).toBe("/login");
    expect(router.state.location.search).toEqual({ redirect: "/settings" });
  });

  test("the user's theme setting is applied", async () => {
    const { api } = signedInApi({ ...USER, theme: "dark" as const } as FakeUser);
    await renderApp(api, "/");
    await findHeading("Dashboard");
    await waitFor(() =>
      expect(document.documentElement).toHaveAttribute("data-mantine-color-scheme", "dark"),
    );
  });

  test("a page that cannot load says why and offers to try again", async () => {
    // React reports the error it caught; the page is what this test is about.
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { api } = signedInApi();
    api.on("GET", "/api/v1/auth/me", problem(503, "Database unavailable", "try again shortly"));
    await renderApp(api, "/");
    expect(await screen.findByText("Database unavailable")).toBeInTheDocument();
    expect(screen.getByText("try again shortly")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  test("an unknown address says the page does not exist", async () => {
    const { api } = signedInApi();
    await renderApp(api, "/nowhere");
    expect(
      await screen.findByRole("heading", { name: "This page does not exist" }),
    ).toBeInTheDocument();
  });
});
