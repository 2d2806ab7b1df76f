/**
 * Decoder stages, for the structure-aware fuzz tests: each decoder calls `reached(stage)` as it
 * enters a stage, so a test can count how many mutated files get past the checksums into
 * inflate, unfiltering, Adam7 and npy parsing. A no-op unless a test installs a listener.
 */
export type DecoderStage =
  | "png.chunks" // signature accepted, chunks being read (CRC-checked)
  | "png.inflate" // every chunk's CRC passed: the zlib stream goes to inflate
  | "png.unfilter" // inflate gave enough bytes: filters are being reversed
  | "png.adam7" // an interlaced image's passes are being placed
  | "zip.entries" // the central directory was read
  | "zip.inflate" // a deflated entry goes to inflate
  | "npy.header" // a .npy header is being parsed
  | "npy.data" // the header was valid: the data is being read
  | "npz.arrays"; // every entry of an .npz became an array

let listener: ((stage: DecoderStage) => void) | null = null;

/** Installs (or with null removes) the listener; returns the previous one. */
export function onDecoderStage(l: ((stage: DecoderStage) => void) | null): ((stage: DecoderStage) => void) | null {
  const previous = listener;
  listener = l;
  return previous;
}

export function reached(stage: DecoderStage): void {
  if (listener !== null) listener(stage);
}
