// Bundles the card into the one JavaScript module the integration serves.
//
//   node build.mjs                 -> custom_components/datacenter_assistant/frontend/
//   node build.mjs --outfile PATH  -> PATH (the staleness test compares it with the committed one)
//   node build.mjs --tests         -> build-tests/ (the unit tests, for `node --test`)

import { build } from "esbuild";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const BUNDLE = join(
  here,
  "..",
  "custom_components",
  "datacenter_assistant",
  "frontend",
  "datacenter-assistant-upgrade-card.js",
);

const args = process.argv.slice(2);
if (args.includes("--tests")) {
  const tests = readdirSync(join(here, "tests")).filter((name) => name.endsWith(".test.ts"));
  await build({
    entryPoints: tests.map((name) => join(here, "tests", name)),
    outdir: join(here, "build-tests"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
} else {
  const at = args.indexOf("--outfile");
  await build({
    entryPoints: [join(here, "src", "upgrade-card.ts")],
    outfile: at >= 0 ? args[at + 1] : BUNDLE,
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    legalComments: "eof",
    charset: "utf8",
    logLevel: "warning",
  });
}
