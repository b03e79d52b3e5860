import { activationKey, embeddingKey, type PhotoView } from './db/records/image.ts';

/** The view a square photo's `view` is the same as: its whole photo is its centre square. */
export function squareEquivalent(view: PhotoView): PhotoView {
  if (view === 'whole') return 'centre';
  if (view === 'whole-mirror') return 'mirror';
  return view;
}

/** Views worth embedding for a photo of this size: a square one skips the whole-photo views. */
export function viewsToEmbed(
  views: readonly PhotoView[],
  width: number,
  height: number,
): PhotoView[] {
  return width === height ? views.filter((view) => squareEquivalent(view) === view) : [...views];
}

/** The embedding cache's key of a view (the centre is view 0, as it always was). */
export const viewEmbeddingKey = (backbone: string, hash: string, view: PhotoView): string =>
  embeddingKey(backbone, hash, view === 'centre' ? 0 : view);

/**
 * The key that says "this view of a square photo is its centre counterpart": stored instead of
 * the view (with an empty value), so a cache lookup needs no decoding to know the photo is square.
 */
export const aliasKey = (key: string): string => `${key}=`;
export const isAliasKey = (key: string): boolean => key.endsWith('=');

/**
 * The activation keys that stand for each view of a photo, given the cached keys: the view's
 * own, or its square equivalent's where an alias says so. Null when a view is not cached.
 */
export function resolveActivationKeys(
  cached: ReadonlySet<string>,
  backbone: string,
  layer: string,
  hash: string,
  views: readonly PhotoView[],
): string[] | null {
  const keys: string[] = [];
  for (const view of views) {
    const own = activationKey(backbone, layer, hash, view);
    if (cached.has(own)) keys.push(own);
    else if (cached.has(aliasKey(own)))
      keys.push(activationKey(backbone, layer, hash, squareEquivalent(view)));
    else return null;
  }
  return keys;
}
