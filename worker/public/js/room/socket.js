// A room connection that comes back by itself: it reconnects with growing pauses, with the same
// phone id, so the room gives the phone its seat again and a snapshot of everything so far.
// "ping" every 20 s keeps the connection alive; the room's runtime answers "pong" without
// waking the room.

/** Close codes after which reconnecting cannot help (see worker/rooms/room.ts). */
const FINAL = new Set([4000, 4001, 4003, 4004, 4008, 4010]);

/** @param {string} code @param {Record<string, string>} params */
export function roomUrl(code, params) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/v1/rooms/${encodeURIComponent(code)}/ws?${new URLSearchParams(params)}`;
}

/**
 * Opens the room's WebSocket and keeps it open. onMessage(m) gets every JSON message; onState(s,
 * detail) hears "open", "retrying" (with the close event) and "ended" (a final close).
 * @param {string} code
 * @param {Record<string, string>} params
 * @param {{ onOpen?: () => void, onMessage: (m: any) => void, onState?: (s: "open" | "retrying" | "ended", e?: CloseEvent) => void }} handlers
 */
export function joinRoom(code, params, { onOpen = () => {}, onMessage, onState = () => {} }) {
  /** @type {WebSocket | null} */
  let ws = null;
  let retry = 0;
  let stopped = false;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let ping;
  function open() {
    const socket = new WebSocket(roomUrl(code, params));
    ws = socket;
    socket.addEventListener("open", () => {
      retry = 0;
      ping = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send("ping"), 20_000);
      onState("open");
      onOpen();
    });
    socket.addEventListener("message", (e) => {
      if (e.data !== "pong") onMessage(JSON.parse(e.data));
    });
    socket.addEventListener("close", (e) => {
      clearInterval(ping);
      if (stopped || FINAL.has(e.code)) {
        onState("ended", e);
        return;
      }
      onState("retrying", e);
      setTimeout(open, Math.min(10_000, 500 * 2 ** retry++));
    });
  }
  open();
  return {
    /**
     * Sends a message when connected; false when it could not be sent.
     * @param {{ type: string } & Record<string, unknown>} m
     */
    send(m) {
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(m));
      return true;
    },
    close() {
      stopped = true;
      ws?.close(1000, "bye");
    },
  };
}
