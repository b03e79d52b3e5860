import type { TFunction } from 'i18next';
import type { BackendName } from '@shared/contracts/jobs.ts';
import type { FallbackNotice } from './backend-fallback.ts';

/** A backend as the owner knows it. */
export const backendName = (backend: BackendName, t: TFunction): string => t(`backends.${backend}`);

/** "WebGPU stopped (device lost); continued on wasm from the checkpoint of epoch 2." */
export function fallbackText(notice: FallbackNotice, t: TFunction): string {
  const values = {
    from: backendName(notice.from, t),
    to: backendName(notice.to, t),
    why: t(notice.cause === 'BackendLost' ? 'train.fallback.lost' : 'train.fallback.memory'),
    epoch: notice.resumedAfterEpoch ?? 0,
  };
  return notice.resumedAfterEpoch === null
    ? t('train.fallback.restarted', values)
    : t('train.fallback.continued', values);
}
