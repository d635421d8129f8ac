// A stand-in for the backend in component tests: answers the requests a test declares, records
// every request, and answers anything else with a 404 problem so nothing passes by accident.

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
  credentials: RequestCredentials;
}

export interface Answer {
  status: number;
  body?: unknown;
  contentType?: string;
}

type Handler = (request: Recorded) => Answer | Promise<Answer>;

export function json(status: number, body: unknown): Answer {
  return { status, body };
}

export function problem(
  status: number,
  title: string,
  detail: string,
  errors: { field: string; message: string; code: string }[] = [],
): Answer {
  return {
    status,
    body: { type: "about:blank", title, status, detail, errors },
    contentType: "application/problem+json",
  };
}

export class FakeApi {
  readonly calls: Recorded[] = [];
  private readonly handlers = new Map<string, Handler>();

  on(method: string, path: string, handler: Handler | Answer): this {
    this.handlers.set(`${method} ${path}`, typeof handler === "function" ? handler : () => handler);
    return this;
  }

  callsTo(method: string, path: string): Recorded[] {
    return this.calls.filter((call) => call.method === method && call.path === path);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const isJson = (request.headers.get("Content-Type") ?? "").includes("json");
    const text = await request.text();
    const recorded: Recorded = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      body: text ? (isJson ? JSON.parse(text) : text) : undefined,
      headers: request.headers,
      credentials: request.credentials,
    };
    this.calls.push(recorded);
    const handler = this.handlers.get(`${recorded.method} ${recorded.path}`);
    const answer = handler
      ? await handler(recorded)
      : problem(404, "Not found", `no fake for ${recorded.method} ${recorded.path}`);
    if (answer.status === 204) return new Response(null, { status: 204 });
    return new Response(JSON.stringify(answer.body ?? {}), {
      status: answer.status,
      headers: { "Content-Type": answer.contentType ?? "application/json" },
    });
  };
}

export const USER = {
  id: 1,
  username: "ada",
  role: "admin" as const,
  is_active: true,
  base_currency: "EUR",
  cost_basis_method: "fifo" as const,
  theme: "light" as const,
  locale: "en-US",
  risk_free_rate: "0.00",
  long_term_days: 365,
  tax_year_start: "01-01",
  created_at: "2026-11-25T10:00:00Z",
};

export type FakeUser = Omit<typeof USER, "role" | "theme" | "cost_basis_method"> & {
  role: "admin" | "user";
  theme: "system" | "light" | "dark";
  cost_basis_method: "fifo" | "average";
};
