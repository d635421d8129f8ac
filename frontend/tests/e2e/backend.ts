// Starts the real backend (`pms serve`, embedded: SQLite in a fresh data directory, in-process
// cache) on a free port, serving the built app from dist/, for the end-to-end tests.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

const frontend = resolve(import.meta.dirname, "../..");
const pms = resolve(frontend, "../backend/.venv/bin/pms");
const dist = join(frontend, "dist");

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`pms serve exited with ${child.exitCode}:\n${log()}`);
    }
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }
  throw new Error(`pms serve did not answer ${url}/api/v1/health within 60 s:\n${log()}`);
}

export default async function setup(project: TestProject) {
  if (!existsSync(pms)) throw new Error(`${pms} is missing: run 'make install' first`);
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error("dist/index.html is missing: build the app first ('npm run build')");
  }
  const dataDir = mkdtempSync(join(tmpdir(), "pms-e2e-"));
  const port = await freePort();
  // Only the settings this run chooses: none inherited from the shell.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("PMS_")),
  );
  const child = spawn(pms, ["serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: dataDir,
    env: {
      ...env,
      PMS_DATA_DIR: dataDir,
      PMS_STATIC_DIR: dist,
      PMS_LOG_LEVEL: "WARNING",
      PMS_MARKET_REFRESH: "false",
      // The tests never reach the network: symbol lookups answer "provider unavailable" (503).
      PMS_MARKET_OFFLINE: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide("baseUrl", baseUrl);

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
