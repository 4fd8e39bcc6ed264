// A group of runs as one classifier for digit-level views: its majority vote per test digit, as predictions of its own.
import { majorityVote } from './majority-vote';
import type { RunPredictions, RunSummary } from './run-predictions';

export interface GroupVote {
  runIds: string[];
  labels: Uint8Array;
  /** Per digit, the mean confidence of the group's runs that voted for the winning label. */
  confidences: Float32Array;
}

export interface GroupVoteSummary extends RunSummary {
  /** The runs that vote; `id` is the first of them, `name` says how many. */
  runIds: string[];
}

export function groupVote(runs: readonly RunPredictions[]): GroupVote {
  const labels = majorityVote(runs);
  const confidences = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let sum = 0;
    let n = 0;
    for (const r of runs) {
      if (r.labels[i] !== labels[i]) continue;
      sum += r.confidences[i];
      n++;
    }
    confidences[i] = n > 0 ? sum / n : 0;
  }
  return { runIds: runs.map((r) => r.id), labels, confidences };
}

/** A one-run group is that run; a larger one is named for its vote. Accuracy and errors are the vote's. */
export function summarizeVote(runs: readonly RunPredictions[], vote: GroupVote, truth: Uint8Array): GroupVoteSummary {
  let errors = 0;
  for (let i = 0; i < truth.length; i++) if (vote.labels[i] !== truth[i]) errors++;
  const name = runs.length === 1 ? runs[0].name : `majority vote of ${runs.length} runs (${runs.map((r) => r.name).join(', ')})`;
  return { id: runs[0].id, name, seed: runs.length === 1 ? runs[0].seed : null, accuracy: 1 - errors / truth.length, errors, runIds: vote.runIds };
}
