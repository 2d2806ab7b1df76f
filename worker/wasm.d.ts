/** `import mod from "./x.wasm"`: wrangler's CompiledWasm rule (and the Workers Vitest pool) give a compiled module. */
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
