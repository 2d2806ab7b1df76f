/** A room's limits: one classroom on one Durable Object, for one lesson. */
export const ROOM_LIMITS = {
  /** Distinct phones that may join one room (a reconnecting phone keeps its seat). */
  maxPhones: 400,
  /** Projector/teacher connections at once (authenticated or not). */
  maxTeachers: 8,
  /** Lifetime of a room unless the teacher asks for another (minutes). */
  defaultLifetimeMinutes: 180,
  minLifetimeMinutes: 5,
  maxLifetimeMinutes: 480,
  /** Messages per phone: a bucket of 20, refilled by 4 a second. */
  phoneRate: { capacity: 20, refillPerSecond: 4 },
  /** Rate-limited messages after which a phone's connection is closed. */
  maxStrikes: 50,
  /** Bytes of one message (a drawn digit is 784 bytes, ~1 kB as base64). */
  maxPhoneMessageBytes: 4096,
  maxTeacherMessageBytes: 16384,
  /** Points of one training curve kept and sent to late joiners. */
  maxTrainPoints: 1000,
  /** Learning rates on one ballot. */
  maxVoteChoices: 6,
  /** Rooms one client address may open per minute (per isolate). */
  createsPerMinute: 10,
} as const;

/** The learning rates of the book's figures: too large, large, just right, small, far too small. */
export const DEFAULT_VOTE_CHOICES = [10, 1, 0.1, 0.01, 1e-10];

/** The model that answers the wall's digits unless the teacher picks another. */
export const DEFAULT_ROOM_MODEL = "mnist-two-layer";
