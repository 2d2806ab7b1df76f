// "zod" for the Worker's bundle (see external.js): the same module shape as zod's index.js.
import * as z from "./external.js";
export * from "./external.js";
export { z, z as default };
