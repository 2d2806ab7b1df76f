/**
 * /v1/rooms: classroom rooms. A teacher opens a room (POST) and gets its code and the
 * teacher's key; phones join by code over a WebSocket that the Worker hands to the room's
 * Durable Object (one object per code). No route lists rooms: a room is found only by its code.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { text } from "../../core/i18n";
import type { AppEnv } from "../env";
import { jsonBody } from "../http/body";
import { LIMITS } from "../http/limits";
import { jsonRequest, jsonResponse, problem } from "../http/openapi";
import { Problem } from "../http/problem";
import { enforceRateLimit, RateLimiter } from "../http/rate-limit";
import { resource } from "../http/resource";
import { MODEL_NAME } from "../models/store";
import { CODE, hashKey, newCode, newKey } from "./code";
import { DEFAULT_ROOM_MODEL, ROOM_LIMITS } from "./limits";

export { Room } from "./room";

const CreateBody = z
  .object({
    lifetime_minutes: z
      .number()
      .int()
      .min(ROOM_LIMITS.minLifetimeMinutes)
      .max(ROOM_LIMITS.maxLifetimeMinutes)
      .optional()
      .openapi({
        description: `How long the room lasts (default ${ROOM_LIMITS.defaultLifetimeMinutes}); then every connection is closed and everything the class made is deleted.`,
      }),
    model: z
      .string()
      .regex(MODEL_NAME)
      .optional()
      .openapi({ description: `The model that guesses the wall's digits (default ${DEFAULT_ROOM_MODEL}).` }),
  })
  .strict();

const RoomCreated = z
  .object({
    code: z.string().openapi({ example: "K7PQ2M" }),
    key: z.string().openapi({
      description:
        "The teacher's room key: shown once, needed for the teacher's controls (send it as the first message of the projector's WebSocket).",
    }),
    expires_at: z.string(),
    join: z.string().openapi({ description: "The phones' page for this room", example: "/room?code=K7PQ2M" }),
    projector: z.string().openapi({ example: "/projector" }),
    websocket: z.string().openapi({ example: "/v1/rooms/K7PQ2M/ws?role=phone&phone=<id>" }),
  })
  .openapi("RoomCreated");

const RoomInfo = z
  .object({
    code: z.string(),
    phones: z.number().int(),
    connected: z.number().int(),
    max_phones: z.number().int(),
    expires_at: z.string(),
  })
  .openapi("RoomInfo");

const CodeParam = z.object({ code: z.string().openapi({ param: { name: "code", in: "path" }, example: "K7PQ2M" }) });

/** Opening rooms is cheap but each one is an object with storage: a few a minute per address. */
const creates = new RateLimiter({
  capacity: ROOM_LIMITS.createsPerMinute,
  refillPerSecond: ROOM_LIMITS.createsPerMinute / 60,
});

function roomStub(env: AppEnv["Bindings"], raw: string) {
  const code = raw.toUpperCase();
  if (!CODE.test(code)) throw Problem.field("/code", text("rooms.code"));
  return { code, stub: env.ROOMS.get(env.ROOMS.idFromName(code)) };
}

export const rooms = resource();

rooms.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "createRoom",
    security: [],
    tags: ["Classroom"],
    summary: "Open a classroom room",
    description:
      "Opens a room for one lesson and answers its code (what phones type) and the teacher's key. " +
      `At most ${ROOM_LIMITS.maxPhones} phones; a phone may send ${ROOM_LIMITS.phoneRate.capacity} messages at once and ${ROOM_LIMITS.phoneRate.refillPerSecond} a second. ` +
      `Rate limit: ${ROOM_LIMITS.createsPerMinute} rooms a minute per client address (429 with Retry-After).`,
    middleware: [jsonBody({ maxBytes: LIMITS.maxJsonBytes })] as const,
    request: jsonRequest(CreateBody, { lifetime_minutes: 90 }),
    responses: {
      201: jsonResponse(RoomCreated, "The room's code and the teacher's key"),
      400: problem("Malformed JSON"),
      422: problem("Invalid field"),
      429: problem("Rate limited (Retry-After)"),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    enforceRateLimit(creates, c.req.raw, 1, text("what.rooms-opened"));
    const key = newKey();
    const now = Date.now();
    const meta = {
      keyHash: await hashKey(key),
      created: now,
      expires: now + (body.lifetime_minutes ?? ROOM_LIMITS.defaultLifetimeMinutes) * 60_000,
      model: body.model ?? DEFAULT_ROOM_MODEL,
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      const { code, stub } = roomStub(c.env, newCode());
      if (!(await stub.create({ code, ...meta }))) continue; // code taken: draw another
      return c.json(
        {
          code,
          key,
          expires_at: new Date(meta.expires).toISOString(),
          join: `/room?code=${code}`,
          projector: "/projector",
          websocket: `/v1/rooms/${code}/ws`,
        },
        201,
      );
    }
    throw new Problem(503, text("rooms.no-free-code"));
  },
);

rooms.openapi(
  createRoute({
    method: "get",
    path: "/{code}",
    operationId: "getRoom",
    security: [],
    tags: ["Classroom"],
    summary: "A room's size and end",
    request: { params: CodeParam },
    responses: {
      200: jsonResponse(RoomInfo, "The room exists"),
      404: problem("No room has this code (or it has ended)"),
      422: problem("Not a room code"),
    },
  }),
  async (c) => {
    const { code, stub } = roomStub(c.env, c.req.valid("param").code);
    const info = await stub.info();
    if (!info) throw new Problem(404, text("rooms.no-room", { code }));
    return c.json(info, 200);
  },
);

rooms.openapi(
  createRoute({
    method: "get",
    path: "/{code}/ws",
    operationId: "joinRoom",
    security: [],
    tags: ["Classroom"],
    summary: "Join a room (WebSocket)",
    description:
      "Upgrade to a WebSocket. Phones: `?role=phone&phone=<their own random id, 8-64 of A-Z a-z 0-9 - _>` (the same id later gets the same seat " +
      'back and a snapshot of the room). The projector: `?role=teacher`, then `{"type":"auth","key":"..."}` as its first message. ' +
      'Messages are JSON objects with a `type`; "ping" is answered "pong". An unknown or ended room closes the socket with code 4004.',
    request: { params: CodeParam },
    responses: {
      101: { description: "Switching protocols" },
      400: problem("Not a WebSocket upgrade"),
      422: problem("Not a room code"),
      // A WebSocket route has no 2xx: its success is the 101 above.
      default: problem("Any other failure, as problem+json"),
    },
  }),
  async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
      throw new Problem(400, text("rooms.websocket"), {
        errors: [{ pointer: "", message: text("rooms.websocket-field") }],
      });
    const { stub } = roomStub(c.env, c.req.valid("param").code);
    return (await stub.fetch(c.req.raw)) as never;
  },
);
