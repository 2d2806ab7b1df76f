/**
 * Runs a Trainer a chunk of steps at a time, yielding to the event loop between chunks so
 * progress events flush while the job runs and a disconnected client is noticed; stops at the
 * next chunk boundary once `shouldStop()` says so. The same driver serves the JSON answer
 * (no events) and the event stream.
 */
import type { ProgressEvent, Trainer } from "../../core/nn/train";
import { yieldToEventLoop } from "../http/sse";
import { TRAIN_LIMITS } from "./limits";

export interface ProgressPayload {
  step: number;
  steps: number;
  loss: number;
  lr: number;
  train_accuracy?: number;
  test_accuracy?: number | null;
  test_loss?: number | null;
}

export interface JobHooks {
  /** Steps between progress events (evaluations always send one). */
  progressEvery: number;
  /** Steps per chunk between yields (the caller sizes it to a few tens of ms of work). */
  chunkSteps: number;
  shouldStop: () => boolean;
  onProgress?: (p: ProgressPayload) => Promise<void>;
}

export interface JobStatus {
  step: number;
  steps: number;
  state: "running" | "finished" | "stopped" | "failed";
}

/** The last few jobs of this isolate and their step counters (diagnostics, and the cancel test). */
export const recentJobs = new Map<string, JobStatus>();
const KEEP = 32;

/** Records that a job's client went away (the job stops at its next chunk, or never resumes). */
export function markStopped(id: string): void {
  const status = recentJobs.get(id);
  if (status && status.state === "running") status.state = "stopped";
}

/** Drives the trainer to the end (true) or until shouldStop (false). */
export async function runTrainer(id: string, trainer: Trainer, hooks: JobHooks): Promise<boolean> {
  const steps = trainer.options.steps;
  const status: JobStatus = { step: 0, steps, state: "running" };
  recentJobs.set(id, status);
  for (const key of recentJobs.keys()) if (recentJobs.size > KEEP) recentJobs.delete(key);
  try {
    const events = trainer.events();
    let last: Extract<ProgressEvent, { type: "step" }> | null = null;
    let sinceYield = 0;
    for (;;) {
      if (hooks.shouldStop() || status.state === "stopped") {
        status.state = "stopped";
        return false;
      }
      const next = events.next();
      if (next.done) {
        status.state = "finished";
        return true;
      }
      const e = next.value;
      if (e.type === "step") {
        last = e;
        status.step = e.step;
        sinceYield++;
        // When an evaluation follows this step, its event carries the loss instead.
        const due = e.step % hooks.progressEvery === 0 || e.step === 1;
        if (hooks.onProgress && due && !trainer.done && !willEvaluate(trainer)) {
          await hooks.onProgress({ step: e.step, steps, loss: e.loss, lr: e.lr });
          sinceYield = 0;
        }
      } else if (hooks.onProgress) {
        await hooks.onProgress({
          step: e.step,
          steps,
          loss: last?.loss ?? NaN,
          lr: last?.lr ?? trainer.currentLearningRate(),
          train_accuracy: e.trainAccuracy,
          test_accuracy: e.testAccuracy,
          test_loss: e.testLoss,
        });
        sinceYield = 0;
      }
      if (sinceYield >= hooks.chunkSteps) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  } catch (err) {
    status.state = "failed";
    throw err;
  }
}

function willEvaluate(trainer: Trainer): boolean {
  const every = trainer.options.evalEvery;
  return every > 0 && trainer.stepsDone % every === 0;
}

/** The loss of every step, or bucket means when there are more than maxCurve steps. */
export function lossCurve(history: readonly number[]): { every: number; loss: number[] } {
  const every = Math.max(1, Math.ceil(history.length / TRAIN_LIMITS.maxCurve));
  if (every === 1) return { every, loss: history.slice() };
  const loss: number[] = [];
  for (let i = 0; i < history.length; i += every) {
    const end = Math.min(i + every, history.length);
    let s = 0;
    for (let k = i; k < end; k++) s += history[k];
    loss.push(s / (end - i));
  }
  return { every, loss };
}
