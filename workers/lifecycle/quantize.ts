/**
 * Weight quantisation as TF.js reads it from a weights manifest: float16 halves, or uint8
 * affine per tensor (`value = q * scale + min`, with 0 exactly representable, the way the
 * tfjs converter nudges its range). Plain arithmetic, so it runs in tests and workers alike.
 */
import type { WeightPrecision } from '@shared/contracts/lifecycle.ts';

export type { WeightPrecision };
export const WEIGHT_PRECISIONS: readonly WeightPrecision[] = ['float32', 'float16', 'uint8'];

export const BYTES_PER_VALUE: Record<WeightPrecision, number> = {
  float32: 4,
  float16: 2,
  uint8: 1,
};

const floatView = new Float32Array(1);
const bitsView = new Uint32Array(floatView.buffer);

/** IEEE 754 half precision bits of `value`, rounded to nearest even. */
export function toFloat16Bits(value: number): number {
  floatView[0] = value;
  const bits = bitsView[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal half: the implicit leading one becomes explicit and shifts out.
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (halfExponent << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return sign | half;
}

export function fromFloat16Bits(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

export interface AffineQuantization {
  dtype: 'uint8';
  scale: number;
  min: number;
}

const UINT8_MAX = 255;

/** The tfjs converter's range: widened to hold 0, then nudged so 0 is a whole step. */
export function affineRange(values: Float32Array): AffineQuantization {
  let low = 0;
  let high = 0;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  const scale = high > low ? (high - low) / UINT8_MAX : 1;
  const zero = Math.round(-low / scale);
  return { dtype: 'uint8', scale, min: -zero * scale };
}

export function quantizeUint8(
  values: Float32Array,
): { quantized: Uint8Array } & { quantization: AffineQuantization } {
  const quantization = affineRange(values);
  const { scale, min } = quantization;
  const quantized = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const step = Math.round(((values[i] as number) - min) / scale);
    quantized[i] = step < 0 ? 0 : step > UINT8_MAX ? UINT8_MAX : step;
  }
  return { quantized, quantization };
}

export function dequantizeUint8(quantized: Uint8Array, { scale, min }: AffineQuantization) {
  const values = new Float32Array(quantized.length);
  for (let i = 0; i < quantized.length; i++) values[i] = (quantized[i] as number) * scale + min;
  return values;
}

export function toFloat16(values: Float32Array): Uint16Array {
  const halves = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) halves[i] = toFloat16Bits(values[i] as number);
  return halves;
}

export function fromFloat16(halves: Uint16Array): Float32Array {
  const values = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) values[i] = fromFloat16Bits(halves[i] as number);
  return values;
}
