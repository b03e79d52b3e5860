import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFloatsInto } from '../../workers/backend/read-into.ts';
import { useWasmBackend } from './tf-setup.ts';

describe('readFloatsInto', () => {
  afterAll(useWasmBackend);

  it.each(['wasm', 'cpu'])(
    'copies a computed tensor into the given array as data() reads it (%s)',
    async (backend) => {
      if (backend === 'wasm') await useWasmBackend();
      else await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      // A computed tensor, not an uploaded one: its values live where the backend wrote them.
      const tensor = tf.tidy(() => tf.range(0, 12, 1, 'float32').reshape([3, 4]).mul(1.5).sub(2));
      const out = new Float32Array(14).fill(-7);
      const reads = vi.spyOn(tensor, 'data');
      await readFloatsInto(tensor, out);
      // On wasm the values come straight from the backend's memory, without data()'s copy.
      expect(reads).toHaveBeenCalledTimes(backend === 'wasm' ? 0 : 1);
      reads.mockRestore();
      expect(Array.from(out.subarray(0, 12))).toEqual(Array.from(await tensor.data()));
      // Only the tensor's values are written.
      expect(Array.from(out.subarray(12))).toEqual([-7, -7]);
      tensor.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
