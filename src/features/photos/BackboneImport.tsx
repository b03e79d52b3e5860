import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackboneSummary } from '@shared/db/backbone-store.ts';
import type { InputScaling } from '@shared/db/records/image.ts';
import type { IncomingPhoto } from '@shared/contracts/image.ts';
import { useBackendChoice } from '../../app/backend-context.tsx';
import { useWorker } from '../../app/workers-context.tsx';
import { Banner } from '../../common/components/Banner.tsx';
import { useConfirm } from '../../common/components/ConfirmDialog.tsx';
import { DropZone } from '../../common/components/DropZone.tsx';
import { ErrorNote } from '../../common/components/ErrorNote.tsx';
import { asFailure } from '../../common/failure.ts';
import { count, formatBytes } from '../../common/format.ts';
import { Data, rich, slot } from '../../i18n/rich.tsx';
import { filesFromInput } from './dropped-files.ts';

interface BackboneImportProps {
  imported: BackboneSummary[];
  /** Called after an import or a delete, with the new backbone when there is one. */
  onChanged: (added: BackboneSummary | null) => void;
  disabled: boolean;
}

const SCALINGS: InputScaling[] = ['minusOneToOne', 'zeroToOne', 'zeroTo255'];

type State =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'imported'; backbone: BackboneSummary }
  | { status: 'deleted'; name: string }
  | { status: 'failed'; code: string; message: string };

/** Brings the owner's own TF.js image network in, from files on this computer, and lists them. */
export function BackboneImport({ imported, onChanged, disabled }: BackboneImportProps) {
  const { t } = useTranslation();
  const worker = useWorker('image');
  const confirm = useConfirm();
  const { backend } = useBackendChoice();
  const [files, setFiles] = useState<IncomingPhoto[]>([]);
  const [name, setName] = useState('');
  const [scaling, setScaling] = useState<InputScaling>('minusOneToOne');
  const [state, setState] = useState<State>({ status: 'idle' });

  const pick = (list: File[]) => {
    setFiles(filesFromInput(list));
    setState({ status: 'idle' });
  };
  const report = (error: unknown) => setState({ status: 'failed', ...asFailure(error) });

  async function importModel() {
    if (!backend) return;
    setState({ status: 'checking' });
    try {
      // The check runs the network once, so the worker needs its backend first.
      await worker.get().api.useBackend(backend);
      const added = await worker.get().api.importBackbone({
        name,
        kind: 'image',
        inputScaling: scaling,
        files: files.map(({ path, file }) => ({ path, file })),
      });
      setState({ status: 'imported', backbone: added });
      setFiles([]);
      setName('');
      onChanged(added);
    } catch (error) {
      report(error);
    }
  }

  async function remove(backbone: BackboneSummary) {
    const yes = await confirm({
      title: t('backbone.delete.title'),
      body: (
        <p>
          {rich(t('backbone.delete.body', { name: slot('name') }), {
            name: <Data>{backbone.name}</Data>,
          })}
        </p>
      ),
      confirmLabel: t('backbone.delete.confirm'),
      danger: true,
    });
    if (!yes) return;
    try {
      await worker.get().api.deleteBackbone(backbone.id);
      setState({ status: 'deleted', name: backbone.name });
      onChanged(null);
    } catch (error) {
      report(error);
    }
  }

  const checking = state.status === 'checking';
  return (
    <fieldset className="backbone-import">
      <legend>{t('backbone.legend')}</legend>
      <p className="muted">{t('backbone.help')}</p>
      <div className="dropzones">
        <DropZone
          label={t('backbone.files')}
          accept=".json,.bin"
          multiple
          compact
          testId="backbone-files"
          onFiles={pick}
        />
        <DropZone
          label={t('backbone.folder')}
          directory
          multiple
          compact
          testId="backbone-folder"
          onFiles={pick}
        />
      </div>
      <label className="field">
        <span>{t('backbone.name')}</span>
        <input
          value={name}
          placeholder={t('backbone.namePlaceholder')}
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('backbone.scaling')}</span>
        <select
          value={scaling}
          onChange={(event) => setScaling(event.target.value as InputScaling)}
        >
          {SCALINGS.map((value) => (
            <option key={value} value={value}>
              {t(`backbone.scalings.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={disabled || checking || !backend || files.length === 0}
        onClick={() => importModel().catch(report)}
      >
        {checking
          ? t('backbone.checking')
          : t('backbone.import', { count: files.length, n: count(files.length) })}
      </button>
      {state.status === 'imported' && (
        <Banner kind="success" testId="backbone-status">
          <p>
            {rich(
              t('backbone.imported', {
                name: slot('name'),
                width: state.backbone.inputShape[0],
                height: state.backbone.inputShape[1],
                features: state.backbone.outputDim,
              }),
              { name: <Data>{state.backbone.name}</Data> },
            )}
          </p>
        </Banner>
      )}
      {state.status === 'deleted' && (
        <Banner kind="success" testId="backbone-status">
          <p>
            {rich(t('backbone.deleted', { name: slot('name') }), {
              name: <Data>{state.name}</Data>,
            })}
          </p>
        </Banner>
      )}
      {state.status === 'failed' && <ErrorNote code={state.code} message={state.message} />}
      {imported.length > 0 && (
        <ul aria-label={t('backbone.list')} data-testid="imported-backbones">
          {imported.map((backbone) => (
            <li key={backbone.id}>
              <Data className="strong">{backbone.name}</Data>:{' '}
              {t('backbone.facts', {
                width: backbone.inputShape[0],
                height: backbone.inputShape[1],
                features: backbone.outputDim,
                size: formatBytes(backbone.size),
              })}{' '}
              <button
                type="button"
                className="quiet"
                disabled={disabled}
                aria-label={t('backbone.deleteLabel', { name: backbone.name })}
                onClick={() => remove(backbone).catch(report)}
              >
                {t('common.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
