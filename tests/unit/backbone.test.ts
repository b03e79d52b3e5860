import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { centreView } from '../../workers/image/augment.ts';
import { BACKBONES, embedBatch, loadBackbone } from '../../workers/image/backbones.ts';
import { toBackboneInput } from '../../workers/image/preprocess.ts';
import { useWasmBackend } from './tf-setup.ts';

beforeAll(useWasmBackend);

/** The shipped files, read from public/models/ as the browser would fetch them. */
function fromPublic(path: string): tf.io.IOHandler {
  const dir = new URL(
    `../../public/models/${path.slice(0, path.lastIndexOf('/') + 1)}`,
    import.meta.url,
  );
  return {
    async load() {
      const json = JSON.parse(
        await readFile(new URL(path.slice(path.lastIndexOf('/') + 1), dir), 'utf8'),
      );
      const manifest = json.weightsManifest as tf.io.WeightsManifestConfig;
      const buffers = await Promise.all(
        manifest.flatMap((group) => group.paths).map((file) => readFile(new URL(file, dir))),
      );
      const joined = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: manifest.flatMap((group) => group.weights),
        weightData: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
      };
    },
  };
}

describe('shipped backbones', () => {
  for (const id of ['mobilenet_v2_0.35_224', 'mobilenet_v2_0.35_160'] as const) {
    it(`${id} loads and embeds a photo into ${BACKBONES[id].dimensions} finite values`, async () => {
      const spec = BACKBONES[id];
      const model = await loadBackbone(spec, fromPublic(spec.path));
      const before = tf.memory().numTensors;
      const pixels = {
        data: new Uint8ClampedArray(120 * 90 * 4).fill(128),
        width: 120,
        height: 90,
      };
      const input = toBackboneInput(pixels, [centreView(120, 90)], spec.inputSize);
      expect(input.shape).toEqual([1, spec.inputSize, spec.inputSize, 3]);
      const embedding = await embedBatch(model, input);
      input.dispose();
      expect(embedding).toHaveLength(spec.dimensions);
      expect(embedding.every(Number.isFinite)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }
});
