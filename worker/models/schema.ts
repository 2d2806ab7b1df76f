import { z } from "@hono/zod-openapi";
import { ACTIVATIONS, ARCHS } from "../../core/nn/network";

/** The architectures and activations as zod enums, for every schema that names them. */
export const ArchSchema = z.enum(ARCHS);
export const ActivationSchema = z.enum(ACTIVATIONS);
