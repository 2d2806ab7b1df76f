// Shared by the benchmark parts: timing with a warm-up, medians, and the shared work directory layout.
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median ms of `reps` timed calls after `warm` untimed ones. */
export function time(fn, reps, warm = Math.min(reps, 20)) {
  for (let i = 0; i < warm; i++) fn();
  const ts = new Array(reps);
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    ts[i] = performance.now() - t;
  }
  return median(ts);
}

/** Median ms of `runs` runs of a long job (no warm-up beyond what the job does itself). */
export function timeRuns(fn, runs) {
  const ts = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = fn();
    ts.push(performance.now() - t);
  }
  return { ms: median(ts), last };
}

export const REPS = { predict10k: 15, predict1: 3000, sgdStep: 300 };
