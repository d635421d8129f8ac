// Generates the typed API client in src/client/ from the backend's OpenAPI, or checks that the
// committed client is what the backend would generate now.
//
//   node scripts/client.mjs generate   dump the OpenAPI, regenerate src/client/
//   node scripts/client.mjs check      regenerate into a temporary folder; fail if it differs
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@hey-api/openapi-ts";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, "..");
const backend = resolve(frontend, "../backend");
const committed = join(frontend, "src/client");
const python = join(backend, ".venv/bin/python");

function dumpOpenApi(target) {
  if (!existsSync(python)) {
    throw new Error(`${python} is missing: run 'make install' first`);
  }
  execFileSync(python, [join(backend, "scripts/dump_openapi.py"), target], {
    cwd: backend,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function generate(input, output) {
  await createClient({
    input,
    output: { path: output, clean: true },
    logs: { level: "silent" },
    plugins: [
      "@hey-api/client-fetch",
      { name: "@hey-api/typescript", enums: "javascript" },
      "@hey-api/sdk",
      "@tanstack/react-query",
    ],
  });
}

function listFiles(root) {
  if (!existsSync(root)) return [];
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

function differences(expected, actual) {
  const want = listFiles(expected);
  const have = listFiles(actual);
  const problems = [];
  for (const file of want) {
    if (!have.includes(file)) problems.push(`missing: src/client/${file}`);
    else if (
      readFileSync(join(expected, file), "utf8") !== readFileSync(join(actual, file), "utf8")
    )
      problems.push(`differs: src/client/${file}`);
  }
  for (const file of have) {
    if (!want.includes(file)) problems.push(`not generated any more: src/client/${file}`);
  }
  return problems;
}

const mode = process.argv[2];
const work = mkdtempSync(join(tmpdir(), "pms-client-"));
try {
  const spec = join(work, "openapi.json");
  dumpOpenApi(spec);
  if (mode === "generate") {
    await generate(spec, committed);
    console.log(`generated ${listFiles(committed).length} files in src/client/`);
  } else if (mode === "check") {
    const fresh = join(work, "client");
    await generate(spec, fresh);
    const problems = differences(fresh, committed);
    if (problems.length > 0) {
      console.error("The committed API client is stale; run 'npm run generate-client':");
      for (const line of problems) console.error(`  ${line}`);
      process.exitCode = 1;
    } else {
      console.log("the API client is up to date with the backend's OpenAPI");
    }
  } else {
    console.error("usage: node scripts/client.mjs generate|check");
    process.exitCode = 2;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
