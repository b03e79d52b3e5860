import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import type { CategoryMerge } from '@shared/contracts/import.ts';
import { ClassSizeChart } from './ClassSizeChart.tsx';
import { SimilarCategories } from './SimilarCategories.tsx';

/** The strings added with renaming and unlabelled products, in one place. */
const TEXT = {
  unlabelled: 'Unlabelled',
  rename: 'Rename',
  renamePrompt: (name: string) => `New name for “${name}”:`,
};

interface DatasetListProps {
  datasets: DatasetRecord[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onDelete: (id: string) => void;
  onRename: (id: string, name: string) => void;
  onMerge: (id: string, merges: CategoryMerge[]) => Promise<void>;
  onError: (error: unknown) => void;
}

export function DatasetList({
  datasets,
  selectedId,
  onSelect,
  onDelete,
  onRename,
  onMerge,
  onError,
}: DatasetListProps) {
  const selected = datasets.find((d) => d.id === selectedId);
  return (
    <section className="card" aria-labelledby="datasets-heading">
      <h2 id="datasets-heading">Datasets</h2>
      {datasets.length === 0 ? (
        <p className="muted">No catalogue yet: import one or use the demo.</p>
      ) : (
        <table className="datasets" data-testid="dataset-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Rows</th>
              <th scope="col">Categories</th>
              <th scope="col">{TEXT.unlabelled}</th>
              <th scope="col">Skipped</th>
              <th scope="col">Imported</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {datasets.map((dataset) => (
              <tr
                key={dataset.id}
                aria-selected={dataset.id === selectedId}
                className={dataset.id === selectedId ? 'selected' : ''}
              >
                <td>
                  <button type="button" className="link" onClick={() => onSelect(dataset.id)}>
                    {dataset.name}
                  </button>
                  {dataset.status === 'importing' && (
                    <span className="badge warn">incomplete import</span>
                  )}
                </td>
                <td data-testid="dataset-rows">{dataset.rowCount.toLocaleString()}</td>
                <td>{Object.keys(dataset.classCounts).length}</td>
                <td data-testid="dataset-unlabelled">
                  {(dataset.unlabelledCount ?? 0).toLocaleString()}
                </td>
                <td>{dataset.skippedRows}</td>
                <td>{new Date(dataset.createdAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`${TEXT.rename} ${dataset.name}`}
                    onClick={() => {
                      const name = prompt(TEXT.renamePrompt(dataset.name), dataset.name);
                      if (name?.trim()) onRename(dataset.id, name.trim());
                    }}
                  >
                    {TEXT.rename}
                  </button>{' '}
                  <button
                    type="button"
                    aria-label={`Delete ${dataset.name}`}
                    onClick={() => {
                      if (confirm(`Delete "${dataset.name}" with its models?`))
                        onDelete(dataset.id);
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && (
        <SimilarCategories
          dataset={selected}
          onMerge={(merges) => onMerge(selected.id, merges)}
          onError={onError}
        />
      )}
      {selected && <ClassSizeChart classCounts={selected.classCounts} />}
    </section>
  );
}
