import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import { type FakeUser, json, problem, USER } from "../../test/fakeApi";
import { fill, findHeading, renderApp } from "../../test/renderApp";
import { signedInApi } from "../../test/session";

const GRACE: FakeUser = { ...USER, id: 2, username: "grace", role: "user" };

function adminApi() {
  const session = signedInApi(USER);
  const users: FakeUser[] = [USER, GRACE];
  session.api
    .on("GET", "/api/v1/users", () => json(200, { items: users, total: users.length }))
    .on("POST", "/api/v1/users", (request) => {
      const body = request.body as { username: string; role: "user" | "admin" };
      if (users.some((u) => u.username.toLowerCase() === body.username.toLowerCase())) {
        return problem(409, "Conflict", `'${body.username}' is already taken`, [
          { field: "username", message: `'${body.username}' is already taken`, code: "taken" },
        ]);
      }
      const created = { ...GRACE, id: users.length + 1, username: body.username, role: body.role };
      users.push(created as FakeUser);
      return json(201, created);
    })
    .on("PATCH", "/api/v1/users/2", (request) => {
      const index = users.findIndex((u) => u.id === 2);
      users[index] = { ...users[index], ...(request.body as object) } as FakeUser;
      return json(200, users[index]);
    })
    .on("DELETE", "/api/v1/users/2", () => {
      users.splice(
        users.findIndex((u) => u.id === 2),
        1,
      );
      return { status: 204 };
    });
  return { ...session, users };
}

async function openSettings(api: ReturnType<typeof adminApi>["api"]) {
  await renderApp(api, "/settings");
  await findHeading("Settings");
  return screen.findByRole("table", { name: "Users" });
}

function row(username: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`tr[data-username="${username}"]`);
  if (!found) throw new Error(`no row for ${username}`);
  return found;
}

describe("user management", () => {
  test("lists every user with role and status; the administrator's own row has no actions", async () => {
    const { api } = adminApi();
    await openSettings(api);
    expect(screen.getByText("2 users")).toBeInTheDocument();
    expect(within(row("ada")).getByText("You")).toBeInTheDocument();
    expect(within(row("ada")).queryByRole("button")).not.toBeInTheDocument();
    expect(within(row("grace")).getByRole("button", { name: "Actions for grace" })).toBeVisible();
    expect(api.callsTo("GET", "/api/v1/users")[0]?.query.get("limit")).toBe("1000");
  });

  test("adding a user sends the form and refreshes the list", async () => {
    const { api } = adminApi();
    await openSettings(api);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Add user" }));
    const dialog = await screen.findByRole("dialog", { name: "Add a user" });
    await fill(user, within(dialog).getByRole("textbox", { name: "Username" }), "linus");
    await fill(user, within(dialog).getByLabelText(/^Password/), "a long enough password");
    await user.click(within(dialog).getByRole("button", { name: "Add user" }));

    await screen.findByText("linus can now sign in.");
    expect(api.callsTo("POST", "/api/v1/users")[0]?.body).toEqual({
      username: "linus",
      password: "a long enough password",
      role: "user",
    });
    await waitFor(() => expect(row("linus")).toBeInTheDocument());
    expect(screen.getByText("3 users")).toBeInTheDocument();
  });

  test("a name that is taken is refused at the username field", async () => {
    const { api } = adminApi();
    await openSettings(api);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Add user" }));
    const dialog = await screen.findByRole("dialog", { name: "Add a user" });
    const username = within(dialog).getByRole("textbox", { name: "Username" });
    await fill(user, username, "Grace");
    await fill(user, within(dialog).getByLabelText(/^Password/), "a long enough password");
    await user.click(within(dialog).getByRole("button", { name: "Add user" }));

    await waitFor(() => expect(username).toHaveAccessibleDescription("'Grace' is already taken"));
    expect(dialog).toBeInTheDocument();
  });

  test("role, sign-in and password are changed through the row's menu", async () => {
    const { api } = adminApi();
    await openSettings(api);
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Actions for grace" }));
    await user.click(await screen.findByRole("menuitem", { name: "Make administrator" }));
    await waitFor(() =>
      expect(within(row("grace")).getAllByText("Administrator")).not.toHaveLength(0),
    );

    await user.click(screen.getByRole("button", { name: "Actions for grace" }));
    await user.click(await screen.findByRole("menuitem", { name: "Disable sign-in" }));
    await waitFor(() => expect(within(row("grace")).getAllByText("Disabled")).not.toHaveLength(0));

    await user.click(screen.getByRole("button", { name: "Actions for grace" }));
    await user.click(await screen.findByRole("menuitem", { name: "Reset password…" }));
    const dialog = await screen.findByRole("dialog", { name: "Reset the password of grace" });
    await fill(user, within(dialog).getByLabelText(/^New password/), "a fresh passphrase");
    await user.click(within(dialog).getByRole("button", { name: "Reset password" }));
    await screen.findByText(/grace is signed out everywhere/);

    expect(api.callsTo("PATCH", "/api/v1/users/2").map((call) => call.body)).toEqual([
      { role: "admin" },
      { is_active: false },
      { password: "a fresh passphrase" },
    ]);
  });

  test("the last administrator cannot be demoted: the API's reason is shown", async () => {
    const { api } = adminApi();
    api.on(
      "PATCH",
      "/api/v1/users/2",
      problem(
        409,
        "Conflict",
        "the last active administrator cannot be demoted, disabled or deleted",
      ),
    );
    await openSettings(api);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Actions for grace" }));
    await user.click(await screen.findByRole("menuitem", { name: "Disable sign-in" }));
    expect(
      await screen.findByText(
        "the last active administrator cannot be demoted, disabled or deleted",
      ),
    ).toBeInTheDocument();
  });

  test("deleting asks first, then removes the user", async () => {
    const { api } = adminApi();
    await openSettings(api);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Actions for grace" }));
    await user.click(await screen.findByRole("menuitem", { name: "Delete…" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete grace?" });
    expect(api.callsTo("DELETE", "/api/v1/users/2")).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Delete user" }));

    await screen.findByText("grace was deleted.");
    expect(api.callsTo("DELETE", "/api/v1/users/2")).toHaveLength(1);
    await waitFor(() => expect(document.querySelector('tr[data-username="grace"]')).toBeNull());
  });
});
