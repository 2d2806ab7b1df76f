import type { Room } from "./rooms/room";

/** Bindings of the edgegrad Worker (see wrangler.toml). */
export interface Env {
  KV: KVNamespace;
  DB: D1Database;
  /** Named datasets: images, labels and metadata of each split (worker/datasets/bucket.ts). */
  DATASETS: R2Bucket;
  ASSETS: Fetcher;
  /** Classroom rooms: one Durable Object per room code (worker/rooms). */
  ROOMS: DurableObjectNamespace<Room>;
  /** Bearer token for admin routes; writes are refused (403) when it is not set. */
  ADMIN_TOKEN?: string;
  /** Key of the HMAC that derives each student's assignment variant. */
  GRADING_SECRET?: string;
  ENVIRONMENT?: string;
}

export type AppEnv = { Bindings: Env };
