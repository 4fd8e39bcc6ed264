// A run's model as a layer table, as Keras' model.summary() prints it: type, output shape, parameters, and the total.
import type { Architecture } from '@mnist-lab/contracts';
import { formatInteger, formatShape } from '../../lib/format';
import styles from './run-config.module.css';

export function ArchitectureTable({ architecture }: { architecture: Architecture }) {
  const { layers, totalParams, family } = architecture;
  return (
    <section className="card" data-testid="architecture">
      <header className="card-header">
        <h2>Architecture</h2>
        {family && <span className="tag">{family}</span>}
        <span className="muted">
          {layers.length === 1 ? '1 layer' : `${layers.length} layers`} · {formatInteger(totalParams)} parameters
        </span>
      </header>
      <div className={`table-wrap ${styles.layers}`}>
        <table className="table" data-testid="layer-table">
          <thead>
            <tr>
              <th className="numeric">#</th>
              <th>Layer</th>
              <th>Output shape</th>
              <th className="numeric">Params</th>
              <th>Settings</th>
            </tr>
          </thead>
          <tbody>
            {layers.map((layer, i) => (
              // Layer names are optional and need not be unique: the position is the identity.
              <tr key={i} data-testid="layer-row">
                <td className="numeric muted">{i + 1}</td>
                <td>
                  {layer.type}
                  {layer.name && <span className={styles.layerName}>{layer.name}</span>}
                </td>
                <td className="num">{formatShape(layer.outputShape)}</td>
                <td className="numeric">{formatInteger(layer.params)}</td>
                <td className={styles.detail}>{layer.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className={styles.total}>
              <td />
              <td>Total</td>
              <td />
              <td className="numeric" data-testid="total-params">
                {formatInteger(totalParams)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
