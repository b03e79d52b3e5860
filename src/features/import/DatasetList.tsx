import type { DatasetRecord } from '@shared/db/records/catalogue.ts';
import { ClassSizeChart } from './ClassSizeChart.tsx';

interface DatasetListProps {
  datasets: DatasetRecord[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onDelete: (id: string) => void;
}

export function DatasetList({ datasets, selectedId, onSelect, onDelete }: DatasetListProps) {
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
                <td>{dataset.skippedRows}</td>
                <td>{new Date(dataset.createdAt).toLocaleString()}</td>
                <td>
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
      {selected && <ClassSizeChart classCounts={selected.classCounts} />}
    </section>
  );
}
