import type { ShelfwiseDb } from '@shared/db/open.ts';
import type { BackendBenchmark } from '@shared/contracts/jobs.ts';
import type { SettingsValues } from '@shared/db/records/settings.ts';
import { BACKEND_NAMES, type BackendName } from '@shared/contracts/jobs.ts';

export type BackendChoice = SettingsValues['backendChoice'];

export async function readBackendChoice(db: ShelfwiseDb): Promise<BackendChoice | null> {
  return ((await db.get('settings', 'backendChoice')) as BackendChoice | undefined) ?? null;
}

export async function saveBackendChoice(db: ShelfwiseDb, choice: BackendChoice): Promise<void> {
  await db.put('settings', choice, 'backendChoice');
}

/** `?backend=wasm` pins a backend for this visit (kiosks, tests) without measuring. */
export function backendFromUrl(search: string): BackendName | null {
  const value = new URLSearchParams(search).get('backend');
  return BACKEND_NAMES.find((name) => name === value) ?? null;
}

export function fastest(figures: readonly BackendBenchmark[]): BackendName | null {
  const working = figures
    .filter((f) => f.stepMs !== null)
    .sort((a, b) => (a.stepMs ?? 0) - (b.stepMs ?? 0));
  return working[0]?.backend ?? null;
}
