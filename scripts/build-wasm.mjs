#!/usr/bin/env node
/**
 * Builds core/nn/wasm/kernels.wasm from assembly/kernels.ts with AssemblyScript (Wasm SIMD, no
 * runtime, one fixed 16 MiB memory that never grows so that views on it never detach).
 * The .wasm is committed; core/nn/wasm/wasm-kernels.test.ts checks it equals a fresh build.
 *   node scripts/build-wasm.mjs            write the .wasm
 *   node scripts/build-wasm.mjs --check    exit 1 if the committed .wasm differs from a fresh build
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import asc from "assemblyscript/asc";

const ROOT = join(import.meta.dirname, "..");
export const WASM_PATH = join(ROOT, "core/nn/wasm/kernels.wasm");
export const MEMORY_PAGES = 256; // 16 MiB, also MEMORY_BYTES in core/nn/wasm/wasm-kernels.ts

export async function buildKernels() {
  let binary = null;
  const stderr = [];
  const { error } = await asc.main(
    [
      join(ROOT, "assembly/kernels.ts"),
      "--outFile",
      "kernels.wasm",
      "-O3",
      "--noAssert",
      "--runtime",
      "stub",
      "--enable",
      "simd",
      "--initialMemory",
      String(MEMORY_PAGES),
      "--maximumMemory",
      String(MEMORY_PAGES),
    ],
    {
      writeFile(name, contents) {
        if (name.endsWith(".wasm")) binary = contents;
      },
      stderr: { write: (s) => stderr.push(String(s)) },
      stdout: { write: () => {} },
    },
  );
  if (error || !binary) throw new Error(`asc failed: ${error?.message ?? "no output"}\n${stderr.join("")}`);
  return new Uint8Array(binary);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const fresh = await buildKernels();
  if (process.argv.includes("--check")) {
    const committed = new Uint8Array(readFileSync(WASM_PATH));
    const same = committed.length === fresh.length && committed.every((b, i) => b === fresh[i]);
    console.log(
      same ? "kernels.wasm is up to date" : "kernels.wasm differs from a fresh build: run node scripts/build-wasm.mjs",
    );
    process.exit(same ? 0 : 1);
  }
  writeFileSync(WASM_PATH, fresh);
  console.log(`wrote ${WASM_PATH} (${fresh.length} bytes)`);
}
