import { describe, expect, test } from "vitest";
import { rangeStart } from "./ranges";

describe("where a range starts", () => {
  test("calendar months are clamped to the month's last day", () => {
    expect(rangeStart("1M", "2026-03-31")).toBe("2026-02-28");
    expect(rangeStart("1M", "2024-03-31")).toBe("2024-02-29");
    expect(rangeStart("3M", "2026-05-15")).toBe("2026-02-15");
    expect(rangeStart("1Y", "2024-02-29")).toBe("2023-02-28");
    expect(rangeStart("5Y", "2026-11-25")).toBe("2021-11-25");
  });

  test("to-date ranges start at the previous period's last close", () => {
    expect(rangeStart("YTD", "2026-11-25")).toBe("2025-12-31");
    expect(rangeStart("MTD", "2026-03-10")).toBe("2026-02-28");
    expect(rangeStart("MTD", "2026-01-05")).toBe("2025-12-31");
  });

  test("days and weeks count calendar days; MAX has no start", () => {
    expect(rangeStart("1D", "2026-03-01")).toBe("2026-02-28");
    expect(rangeStart("1W", "2026-01-03")).toBe("2025-12-27");
    expect(rangeStart("MAX", "2026-01-03")).toBeNull();
  });
});
