import { describe, expect, it } from 'vitest';
import { FinishRunSchema, MAX_MODEL_UPLOAD_BYTES } from '@mnist-lab/contracts';
import { finishPayload, testResults } from './finish-payload';

const labels = () => new Uint8Array(10_000).map((_, i) => i % 10);
const confidences = () => new Float32Array(10_000).fill(0.9);
const runId = '3f9a2c1d-0000-4000-8000-000000000000';

describe('the finish event', () => {
  it('carries the test answers as base64 the API accepts, byte for byte', async () => {
    const probabilities = new Float32Array(100_000).fill(0.01);
    const payload = await finishPayload(runId, { test: { labels: labels(), confidences: confidences(), probabilities, loss: 0.3 }, bestEpoch: 4 }, () => undefined);
    expect(FinishRunSchema.safeParse(payload).success).toBe(true);
    expect(new Uint8Array(Buffer.from(payload.test?.labels ?? '', 'base64'))).toEqual(labels());
    expect(new Float32Array(new Uint8Array(Buffer.from(payload.test?.probabilities ?? '', 'base64')).buffer)).toEqual(probabilities);
    expect(payload).toMatchObject({ bestEpoch: 4, stoppedEarly: false, test: { loss: 0.3 } });
  });

  it('encodes a view into a larger buffer as the view, not the whole buffer', () => {
    const big = new Uint8Array(20_000).fill(7);
    const view = big.subarray(5_000, 15_000).fill(3);
    expect(Buffer.from(testResults({ labels: view, confidences: confidences() }).labels, 'base64')).toHaveLength(10_000);
  });

  it.each([
    [{ labels: new Uint8Array(10), confidences: confidences() }, /^run\.finish: test\.labels has 10 values; expected 10000/],
    [{ labels: Array.from(labels()) as unknown as Uint8Array, confidences: confidences() }, /^run\.finish: test\.labels must be a Uint8Array of 10000 values$/],
    [{ labels: labels().fill(10, 5, 6), confidences: confidences() }, /^run\.finish: test\.labels\[5\] is 10; labels are digits 0-9$/],
    [{ labels: labels(), confidences: confidences().fill(Number.NaN, 7, 8) }, /^run\.finish: test\.confidences\[7\] is NaN;/],
    [{ labels: labels(), confidences: confidences(), probabilities: new Float32Array(10_000) }, /^run\.finish: test\.probabilities has 10000 values; expected 100000/],
    [{ labels: labels(), confidences: confidences(), loss: Number.POSITIVE_INFINITY }, /^run\.finish: test\.loss is Infinity/],
  ])('refuses test answers no classifier gives, in one line (%#)', (test, message) => {
    expect(() => testResults(test)).toThrow(message);
  });

  it('uploads model files as given, and a model saved through a tfjs IO handler', async () => {
    const weights = new Uint8Array([1, 2, 3, 4]);
    const files = await finishPayload(runId, { model: { modelJson: { modelTopology: {} }, weights } }, () => undefined);
    expect(files.model).toEqual({ format: 'tfjs-layers', modelJson: { modelTopology: {} }, weights: 'AQIDBA==' });
    const savable = {
      save: async (handler: { save: (a: { modelTopology: unknown; weightSpecs: unknown[]; weightData: ArrayBuffer }) => Promise<unknown> }) =>
        handler.save({ modelTopology: { class_name: 'Sequential' }, weightSpecs: [{ name: 'w', shape: [4], dtype: 'uint8' }], weightData: weights.buffer }),
    };
    const saved = await finishPayload(runId, { model: savable }, () => undefined);
    expect(saved.model).toMatchObject({ format: 'tfjs-layers', weights: 'AQIDBA==', modelJson: { modelTopology: { class_name: 'Sequential' } } });
  });

  it('leaves out weights too large for one request, and says so', async () => {
    const lines: string[] = [];
    const payload = await finishPayload(runId, { model: { modelJson: {}, weights: new Uint8Array(MAX_MODEL_UPLOAD_BYTES + 1) } }, (l) => lines.push(l));
    expect(payload.model).toBeUndefined();
    expect(lines).toEqual(['model: its weights are 20.0 MB, over the 20.0 MB a run can upload; keep your own copy']);
  });
});
