import type { PhotoView } from '@shared/db/records/image.ts';
import { createRandom } from '@shared/random.ts';

/**
 * One view of a photo: a crop box (normalised [y1, x1, y2, x2]), an optional mirror and colour
 * changes. View 0 is always the plain centre square, the one classification uses.
 */
export interface ViewParams {
  box: [number, number, number, number];
  flip: boolean;
  /** Added to every channel (0..1 scale). */
  brightness: number;
  /** Multiplies the distance from the image mean. */
  contrast: number;
  /** Multiplies the distance from the grey level. */
  saturation: number;
}

/**
 * A square of `side` pixels at (top, left) as a crop box in TF.js's convention, where 0 and 1
 * are the centres of the first and last pixel (coordinate = pixel / (size - 1)).
 */
export function squareBox(
  top: number,
  left: number,
  side: number,
  width: number,
  height: number,
): ViewParams['box'] {
  const y = Math.max(1, height - 1);
  const x = Math.max(1, width - 1);
  return [top / y, left / x, (top + side - 1) / y, (left + side - 1) / x];
}

/** The largest centred square, as the backbones were trained on. */
export function centreView(width: number, height: number): ViewParams {
  const side = Math.min(width, height);
  return {
    box: squareBox((height - side) / 2, (width - side) / 2, side, width, height),
    flip: false,
    brightness: 0,
    contrast: 1,
    saturation: 1,
  };
}

/** The centre square mirrored left to right: the second view of flip test-time augmentation. */
export function mirrorView(width: number, height: number): ViewParams {
  return { ...centreView(width, height), flip: true };
}

/** A named view of a photo: the centre square or the whole photo squeezed square, either mirrored. */
export function namedView(view: PhotoView, width: number, height: number): ViewParams {
  const centre = centreView(width, height);
  const whole = view === 'whole' || view === 'whole-mirror';
  return {
    ...centre,
    box: whole ? [0, 0, 1, 1] : centre.box,
    flip: view === 'mirror' || view === 'whole-mirror',
  };
}

/** A seeded random crop (70–100% of the short side), mirror and colour jitter. */
export function augmentedView(width: number, height: number, seed: number): ViewParams {
  const random = createRandom(seed);
  const side = Math.min(width, height) * (0.7 + 0.3 * random());
  const top = random() * (height - side);
  const left = random() * (width - side);
  return {
    box: squareBox(top, left, side, width, height),
    flip: random() < 0.5,
    brightness: (random() - 0.5) * 0.3,
    contrast: 0.8 + 0.4 * random(),
    saturation: 0.8 + 0.4 * random(),
  };
}

/** A stable number from a photo's hash, so its augmented views are the same on every run. */
export function seedOfHash(hash: string): number {
  return Number.parseInt(hash.slice(0, 8), 16) >>> 0;
}

/** View 0 (the centre) and `extra` augmented views, each from its own seed. */
export function photoViews(
  width: number,
  height: number,
  seed: number,
  extra: number,
): ViewParams[] {
  return [
    centreView(width, height),
    ...Array.from({ length: extra }, (_, i) => augmentedView(width, height, seed + 7919 * (i + 1))),
  ];
}
