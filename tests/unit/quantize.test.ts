import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  dequantizeUint8,
  fromFloat16,
  fromFloat16Bits,
  quantizeUint8,
  toFloat16,
  toFloat16Bits,
} from '../../workers/lifecycle/quantize.ts';
import { createRandom } from '@shared/random.ts';

function randomWeights(n: number, seed: number): Float32Array {
  const random = createRandom(seed);
  // Mostly small values with a few large ones, like a trained weight table.
  return Float32Array.from({ length: n }, (_, i) => (random() - 0.5) * (i % 97 === 0 ? 8 : 0.5));
}

describe('weight quantisation', () => {
  it('float16 bits match IEEE half precision, including rounding, subnormals and overflow', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(toFloat16Bits(2 ** -26)).toBe(0);
    // 1 + 2^-11 is halfway between two halves: ties go to the even one (1).
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    for (const bits of [0x0001, 0x03ff, 0x0400, 0x3555, 0x7bff, 0xbc00])
      expect(toFloat16Bits(fromFloat16Bits(bits))).toBe(bits);
  });

  it('float16 keeps every weight within half-precision rounding', () => {
    const values = randomWeights(10_000, 1);
    const back = fromFloat16(toFloat16(values));
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number;
      expect(Math.abs((back[i] as number) - value)).toBeLessThanOrEqual(
        Math.max(Math.abs(value) * 2 ** -11, 2 ** -25),
      );
    }
  });

  it('uint8 affine keeps every weight within half a step and zero exactly', () => {
    const values = randomWeights(10_000, 2);
    values[5] = 0;
    const { quantized, quantization } = quantizeUint8(values);
    const back = dequantizeUint8(quantized, quantization);
    expect(back[5]).toBe(0);
    let worst = 0;
    for (let i = 0; i < values.length; i++)
      worst = Math.max(worst, Math.abs((back[i] as number) - (values[i] as number)));
    expect(worst).toBeLessThanOrEqual((quantization.scale / 2) * (1 + 1e-5));
    expect(worst).toBeGreaterThan(0);
  });

  it('TF.js decodes both encodings to the same values as Shelfwise does', async () => {
    const values = randomWeights(1000, 3);
    const half = toFloat16(values);
    const { quantized, quantization } = quantizeUint8(values);
    const before = tf.memory().numTensors;
    const decodedHalf = tf.io.decodeWeights(half.slice().buffer, [
      { name: 'h', shape: [1000], dtype: 'float32', quantization: { dtype: 'float16' } },
    ]);
    const decodedByte = tf.io.decodeWeights(quantized.slice().buffer, [
      { name: 'b', shape: [1000], dtype: 'float32', quantization },
    ]);
    expect(Array.from(await decodedHalf.h!.data())).toEqual(Array.from(fromFloat16(half)));
    expect(Array.from(await decodedByte.b!.data())).toEqual(
      Array.from(dequantizeUint8(quantized, quantization)),
    );
    tf.dispose([decodedHalf.h!, decodedByte.b!]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
