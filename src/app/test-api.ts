import type { BackendName } from '../shared/model-types.ts';

/** What end-to-end tests may ask the running app; read-only, no shortcuts around the UI. */
export interface ShelfwiseTestApi {
  backend(): BackendName | null;
  /** tf.getBackend() inside the training worker. */
  trainBackend(): Promise<string>;
  trainTensors(): Promise<number>;
  classifyTensors(): Promise<number>;
}

declare global {
  interface Window {
    shelfwise?: ShelfwiseTestApi;
  }
}

export function exposeTestApi(api: ShelfwiseTestApi): void {
  window.shelfwise = api;
}
