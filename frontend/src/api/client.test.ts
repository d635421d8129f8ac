import { describe, expect, test } from "vitest";
import { authLogin, authReadMe, usersListUsers } from "../client/sdk.gen";
import { FakeApi, json, problem, USER } from "../test/fakeApi";
import { configureApiClient } from "./client";
import { ApiError } from "./problem";

function setUp() {
  const api = new FakeApi();
  configureApiClient({ fetch: api.fetch });
  return api;
}

describe("the configured API client", () => {
  test("calls the API on the page's own origin, with the session cookie and no token", async () => {
    const api = setUp().on("GET", "/api/v1/auth/me", json(200, USER));
    const { data } = await authReadMe();
    expect(data).toEqual(USER);
    const [call] = api.calls;
    expect(call?.credentials).toBe("same-origin");
    expect(call?.headers.get("Authorization")).toBeNull();
  });

  test("sends query parameters and JSON bodies as the OpenAPI describes", async () => {
    const api = setUp()
      .on("GET", "/api/v1/users", json(200, { items: [USER], total: 1 }))
      .on("POST", "/api/v1/auth/login", json(200, { access_token: "t", token_type: "bearer" }));
    await usersListUsers({ query: { limit: 1000, offset: 0 } });
    await authLogin({ body: { username: "ada", password: "pw" } });
    expect(api.calls[0]?.query.get("limit")).toBe("1000");
    expect(api.calls[1]?.body).toEqual({ username: "ada", password: "pw" });
    expect(api.calls[1]?.headers.get("Content-Type")).toBe("application/json");
  });

  test("throws a refusal as an ApiError carrying the problem's field errors", async () => {
    setUp().on(
      "POST",
      "/api/v1/auth/login",
      problem(422, "Validation failed", "username: too short", [
        { field: "username", message: "too short", code: "string_too_short" },
      ]),
    );
    const error = await authLogin({ body: { username: "", password: "x" } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.messageFor("username")).toBe("too short");
  });

  test("an expired session is a 401 ApiError", async () => {
    setUp().on("GET", "/api/v1/auth/me", problem(401, "Not signed in", "sign in again"));
    const error = await authReadMe().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.isUnauthorized).toBe(true);
    expect(error.detail).toBe("sign in again");
  });

  test("a server that cannot be reached is an ApiError too", async () => {
    configureApiClient({
      fetch: () => Promise.reject(new TypeError("Failed to fetch")),
    });
    const error = await authReadMe().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.title).toBe("Server unreachable");
  });
});
