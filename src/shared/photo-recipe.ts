import type { ImageBackboneId, PhotoView } from './db/records/image.ts';

/**
 * How a photo model is trained unless someone picks otherwise: chosen on validation photos
 * inside the training files (docs/BENCHMARKS.md, "Photo models: what each step is worth").
 */
export interface PhotoRecipe {
  backbone: ImageBackboneId;
  /** Views every photo is learnt from and classified by, averaged: flips when the mirror is in. */
  views: PhotoView[];
  /** Fine-tune the top of the backbone from cached activations. */
  fineTune: boolean;
}

/**
 * The views of a recipe: the centre crop; its mirror with flips; the whole photo squeezed
 * square (and its mirror, with flips) with multi-crop. A square photo's whole views are its
 * centre ones and cost nothing more.
 */
export function recipeViews(flips: boolean, wholePhoto: boolean): PhotoView[] {
  const views: PhotoView[] = flips ? ['centre', 'mirror'] : ['centre'];
  if (wholePhoto)
    views.push(...(flips ? (['whole', 'whole-mirror'] as const) : (['whole'] as const)));
  return views;
}

export const DEFAULT_PHOTO_RECIPE: PhotoRecipe = {
  backbone: 'mobilenet_v2_0.35_224',
  views: recipeViews(true, false),
  fineTune: true,
};

/** Shipped backbones whose top can be fine-tuned (MobileNet v2: its top is made of 1x1 convolutions). */
export const FINE_TUNABLE_BACKBONES: readonly ImageBackboneId[] = [
  'mobilenet_v2_0.35_224',
  'mobilenet_v2_0.35_160',
];
