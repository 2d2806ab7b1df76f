import { setKernels } from "../core/nn/kernel-registry";
import kernelsWasm from "../core/nn/wasm/kernels.wasm";
import { createWasmKernels } from "../core/nn/wasm/wasm-kernels";
import { createApp } from "./app";

/**
 * The Worker: the Wasm SIMD kernels installed for core/nn (a module compiled at build time;
 * instantiated on first use) and one Hono app built at module evaluation — no other global-scope work.
 */
setKernels(createWasmKernels(kernelsWasm));
const app = createApp();
export default app;

// Durable Object classes are exported by the entry module (wrangler config: durable_objects).
export { Room } from "./rooms/room";
