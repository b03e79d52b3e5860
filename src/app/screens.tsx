import type { ComponentType } from 'react';
import { CheckScreen } from '../features/check/CheckScreen.tsx';
import { ExportScreen } from '../features/export/ExportScreen.tsx';
import { ImportScreen } from '../features/import/ImportScreen.tsx';
import { LabelScreen } from '../features/label/LabelScreen.tsx';
import { ModelsScreen } from '../features/models/ModelsScreen.tsx';
import { PhotosScreen } from '../features/photos/PhotosScreen.tsx';
import { ProjectScreen } from '../features/project/ProjectScreen.tsx';
import { ReviewScreen } from '../features/review/ReviewScreen.tsx';
import { SettingsScreen } from '../features/settings/SettingsScreen.tsx';
import { StorageScreen } from '../features/storage/StorageScreen.tsx';
import { TaxonomyScreen } from '../features/taxonomy/TaxonomyScreen.tsx';
import { TrainScreen } from '../features/train/TrainScreen.tsx';
import type { Screen } from './routes.ts';

const SCREENS: Record<Screen, ComponentType> = {
  import: ImportScreen,
  train: TrainScreen,
  check: CheckScreen,
  review: ReviewScreen,
  label: LabelScreen,
  export: ExportScreen,
  models: ModelsScreen,
  photos: PhotosScreen,
  taxonomy: TaxonomyScreen,
  storage: StorageScreen,
  project: ProjectScreen,
  settings: SettingsScreen,
};

/** The screen a route names. */
export function ScreenView({ screen }: { screen: Screen }) {
  const View = SCREENS[screen];
  return <View />;
}
