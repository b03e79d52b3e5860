import { appError } from '@shared/errors.ts';
import type { ShelfwiseDb } from '@shared/db/open.ts';
import { isImportedBackbone, type BackboneId } from '@shared/db/records/image.ts';
import {
  backboneSpec,
  loadBackbone,
  loadCutNetwork,
  type CutNetwork,
  type ImageEmbedder,
} from './backbones.ts';
import { loadImportedEmbedder } from './imported-backbone.ts';
import type { InputSize } from './preprocess.ts';

/** What the photo pipeline needs to know of any backbone, shipped or imported. */
export interface BackboneInfo {
  id: BackboneId;
  dimensions: number;
  inputSize: InputSize;
}

async function readImported(db: ShelfwiseDb, id: string) {
  const record = await db.get('backbones', id);
  if (!record)
    throw appError('NotFound', `The imported image model ${id} was deleted; import it again`);
  return record;
}

/** @throws InvalidInput for an unknown shipped id; NotFound for a deleted imported one. */
export async function describeBackbone(db: ShelfwiseDb, id: string): Promise<BackboneInfo> {
  if (!isImportedBackbone(id)) {
    const spec = backboneSpec(id);
    return { id: spec.id, dimensions: spec.dimensions, inputSize: spec.inputSize };
  }
  const record = await readImported(db, id);
  const [height, width] = record.inputShape as [number, number];
  return { id: record.id, dimensions: record.outputDim, inputSize: [height, width] };
}

/** Backbones loaded in this worker, one per id, reloaded after a backend switch. */
export class BackboneCache {
  private readonly models = new Map<string, Promise<ImageEmbedder>>();
  private readonly cuts = new Map<string, Promise<CutNetwork>>();

  /** A shipped network split where fine-tuning starts (MobileNet v2 only). */
  getCut(id: string, modelsUrl: string): Promise<CutNetwork> {
    let cut = this.cuts.get(id);
    if (!cut) {
      cut = loadCutNetwork(backboneSpec(id), modelsUrl).catch((error: unknown) => {
        this.cuts.delete(id);
        throw error instanceof Error && error.name === 'InvalidInput'
          ? error
          : appError(
              'NotFound',
              `The image model ${id} could not be loaded from this site (${error instanceof Error ? error.message : String(error)})`,
            );
      });
      this.cuts.set(id, cut);
    }
    return cut;
  }

  /** Shipped networks come from the app's `models/` URL, imported ones from IndexedDB. */
  get(db: ShelfwiseDb, id: string, modelsUrl: string): Promise<ImageEmbedder> {
    let model = this.models.get(id);
    if (!model) {
      model = (
        isImportedBackbone(id)
          ? readImported(db, id).then(loadImportedEmbedder)
          : loadBackbone(backboneSpec(id), modelsUrl).catch((error: unknown) => {
              throw appError(
                'NotFound',
                `The image model ${id} could not be loaded from this site (${error instanceof Error ? error.message : String(error)})`,
              );
            })
      ).catch((error: unknown) => {
        this.models.delete(id);
        throw error;
      });
      this.models.set(id, model);
    }
    return model;
  }

  /** Frees one network, as after its backbone was deleted. */
  forget(id: string): void {
    const model = this.models.get(id);
    this.models.delete(id);
    model?.then(
      (m) => m.dispose(),
      () => undefined,
    );
    const cut = this.cuts.get(id);
    this.cuts.delete(id);
    cut?.then(
      (c) => c.dispose(),
      () => undefined,
    );
  }

  clear(): void {
    for (const id of new Set([...this.models.keys(), ...this.cuts.keys()])) this.forget(id);
  }
}
