import { expose } from 'comlink';
import { appError } from '@shared/errors.ts';
import { startWorker } from '../worker-start.ts';
import type { ImageApi } from '@shared/contracts/image.ts';
import { currentBackend, switchBackend } from '../backend/backends.ts';
import { liveTensorCount } from '../backend/tensor-count.ts';
import { cancelJob, runJob } from '../jobs.ts';
import { attachPhotos } from './attach-photos.ts';
import { BackboneCache, describeBackbone } from './backbone-catalog.ts';
import { backboneSpec, embedderWithTop } from './backbones.ts';
import { activationCacheSize } from '@shared/db/activation-store.ts';
import { decodePhoto } from './decode.ts';
import { embedPhotos } from './embed-job.ts';
import {
  classifyWithModel,
  explainPhoto,
  loadImageModel,
  measureEmbedding,
  predictDataset,
  unloadImageModel,
  type LoadedImageModel,
} from './image-runtime.ts';
import { runTrainHead } from './train-head-job.ts';
import { importBackbone } from './import-backbone.ts';
import { deleteBackbone } from '@shared/db/backbone-store.ts';
import { isImportedBackbone } from '@shared/db/records/image.ts';

const db = startWorker();
/** 6 × 6 cells: 37 embeddings, a few seconds on wasm. */
const OCCLUSION_GRID = 6;
const backbones = new BackboneCache();
let loaded: LoadedImageModel | null = null;
let loadedFrom = '';

const api: ImageApi = {
  async useBackend(backend) {
    if (currentBackend() !== backend) {
      // Weights live on the old backend: load them again on the new one.
      backbones.clear();
      await switchBackend(backend);
      // The loaded model's backbone was freed with the old backend: load it on the new one.
      if (loaded) {
        const id = loaded.record.id;
        unloadImageModel(loaded);
        loaded = null;
        loaded = await loadImageModel(await db, id, backbones, loadedFrom);
      }
    }
    return currentBackend();
  },
  attachPhotos: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => attachPhotos(await db, signal, request, onProgress)),
  embedPhotos: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) => {
      const info = await describeBackbone(await db, request.backbone);
      onProgress({ kind: 'stage', stage: 'loadingBackbone' });
      const cut = request.activations
        ? await backbones.getCut(info.id, request.modelsUrl)
        : undefined;
      const backbone = cut
        ? embedderWithTop(cut.base, cut.top)
        : await backbones.get(await db, info.id, request.modelsUrl);
      return embedPhotos(
        await db,
        signal,
        request,
        {
          backboneId: info.id,
          backbone,
          dimensions: info.dimensions,
          inputSize: info.inputSize,
          decode: decodePhoto,
          ...(cut ? { cut: { layer: cut.cut.layer, base: cut.base, top: cut.top } } : {}),
        },
        onProgress,
      );
    }),
  trainHead: (jobId, request, onProgress) =>
    runJob(jobId, async (signal) =>
      runTrainHead(await db, signal, request, currentBackend(), onProgress, {
        ...(request.fineTune
          ? { cut: await backbones.getCut(request.backbone, request.modelsUrl ?? '') }
          : {}),
      }),
    ),
  async loadModel(modelId, modelsUrl) {
    const next = await loadImageModel(await db, modelId, backbones, modelsUrl);
    unloadImageModel(loaded);
    loaded = next;
    loadedFrom = modelsUrl;
    return { modelId, labels: loaded.runtime.record.labels.length };
  },
  unloadModel() {
    unloadImageModel(loaded);
    loaded = null;
  },
  async classify(products, k) {
    if (!loaded) throw appError('NotFound', 'No photo model is loaded: train one first');
    return classifyWithModel(loaded, products, k, decodePhoto);
  },
  async explainPhoto(product, label) {
    if (!loaded) throw appError('NotFound', 'No photo model is loaded: train one first');
    return explainPhoto(loaded, product, label, decodePhoto, OCCLUSION_GRID);
  },
  async predictDataset(datasetId) {
    if (!loaded) throw appError('NotFound', 'No photo model is loaded: train one first');
    return predictDataset(await db, loaded, datasetId);
  },
  async measureEmbedding(request) {
    const info = await describeBackbone(await db, request.backbone);
    const backbone = await backbones.get(await db, info.id, request.modelsUrl);
    return measureEmbedding(await db, request, info, backbone, decodePhoto);
  },
  async importBackbone(request) {
    const files = await Promise.all(
      request.files.map(async ({ path, file }) => ({ path, bytes: await file.arrayBuffer() })),
    );
    return importBackbone(await db, { ...request, files });
  },
  async deleteBackbone(id) {
    backbones.forget(id);
    await deleteBackbone(await db, id);
  },
  async activationCacheSize(backbone) {
    if (isImportedBackbone(backbone)) return { views: 0, bytes: 0 };
    const cut = backboneSpec(backbone).top;
    if (!cut) return { views: 0, bytes: 0 };
    return activationCacheSize(await db, `${backbone}@${cut.layer}/`);
  },
  cancel: cancelJob,
  tensorCount: liveTensorCount,
};

expose(api);
