/**
 * .npz archives (np.savez / np.savez_compressed): a zip of "<name>.npy" entries. Returns the
 * arrays by name without the ".npy" suffix, as np.load(f)[name] would.
 */
import { rangeErrorIn, reasonOf } from "../i18n";
import { encodeNpy, type NpyArray, parseNpy } from "./npy";
import { reached } from "./stages";
import { DEFAULT_ZIP_LIMITS, encodeZip, readZip, type ZipLimits } from "./zip";

export async function readNpz(
  bytes: Uint8Array,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<Record<string, NpyArray>> {
  const files = await readZip(bytes, limits);
  const out: Record<string, NpyArray> = {};
  for (const [file, data] of files) {
    if (!file.endsWith(".npy")) throw rangeErrorIn("readNpz", "io.npz.entry", { file });
    const name = file.slice(0, -4);
    try {
      out[name] = parseNpy(data);
    } catch (err) {
      const reason = reasonOf(err) ?? (err as Error).message.replace(/^parseNpy: /, "");
      throw rangeErrorIn("readNpz", "io.npz.array", { name, reason });
    }
  }
  reached("npz.arrays");
  return out;
}

/** An uncompressed .npz of the given arrays (what np.savez writes, readable by np.load). */
export function encodeNpz(
  arrays: Record<string, { data: Float32Array | Float64Array | Uint8Array; shape: readonly number[] }>,
): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, array] of Object.entries(arrays)) files[`${name}.npy`] = encodeNpy(array);
  return encodeZip(files);
}
