/**
 * Suivi financier: the ledger of the current call — voted, committed, due, paid, in flight,
 * recovered, net paid, what remains to pay and to recover, what the budget may get back — grouped by
 * convention line, convention, structure or budget line, with its totals and its export in CSV or
 * XLSX.
 */
import { Link, useSearchParams } from 'react-router';
import { useReferenceData } from '../../app/reference-data.tsx';
import { query } from '../../shared/api.ts';
import { plural } from '../../shared/format.ts';
import { Amount, ErrorNotice, Loading, Notice, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { conventionPath, LEDGER_FIGURES } from '../conventions/convention-format.ts';
import type { LedgerGroupingView, LedgerRowView, LedgerView } from './types.ts';

const GROUPINGS: readonly { value: LedgerGroupingView; label: string; column: string }[] = [
  { value: 'line', label: 'Ligne de convention', column: 'Ligne' },
  { value: 'convention', label: 'Convention', column: 'Convention' },
  { value: 'structure', label: 'Structure', column: 'Structure' },
  { value: 'budgetLine', label: 'Ligne budgétaire', column: 'Ligne budgétaire' },
];

function isGrouping(value: string | null): value is LedgerGroupingView {
  return GROUPINGS.some((grouping) => grouping.value === value);
}

/** The row's heading: the convention's number, the line, the structure or the budget line code. */
function RowHeading(props: { row: LedgerRowView; by: LedgerGroupingView }) {
  const { row, by } = props;
  const other = row.label && row.label !== row.key ? row.label : null;
  switch (by) {
    case 'convention':
      return (
        <>
          {row.conventionId !== null ? <Link to={conventionPath(row.conventionId)}>{row.key}</Link> : row.key}
          {other ? <span className="cell-detail">{other}</span> : null}
        </>
      );
    case 'line':
      return (
        <>
          {row.conventionId !== null ? (
            <Link to={conventionPath(row.conventionId)}>{other ?? row.key}</Link>
          ) : (
            (other ?? row.key)
          )}
          {other ? <span className="cell-detail">{row.key}</span> : null}
        </>
      );
    case 'structure':
      return row.structureId !== null ? (
        <Link to={`/structures/${row.structureId}`}>{row.label || row.key}</Link>
      ) : (
        row.label || row.key
      );
    case 'budgetLine':
      return (
        <>
          <span className="line-code">{row.key}</span>
          {other ? <span className="cell-detail">{other}</span> : null}
        </>
      );
  }
}

export function LedgerPage() {
  const { currentCall } = useReferenceData();
  const [params, setParams] = useSearchParams();
  const asked = params.get('par');
  const by: LedgerGroupingView = isGrouping(asked) ? asked : 'convention';
  const grouping = GROUPINGS.find((item) => item.value === by) ?? GROUPINGS[1];
  const ledger = useApi<LedgerView>(currentCall ? `/api/ledger${query({ call: currentCall, by })}` : null);
  const exportHref = (format: 'csv' | 'xlsx') =>
    `/api/ledger/export${query({ call: currentCall, by, format })}`;
  const rows = ledger.data?.rows ?? [];

  return (
    <>
      <PageHeader
        title="Suivi financier"
        subtitle={
          currentCall
            ? `Appel ${currentCall} : voté, engagé, dû, payé, recouvré et reste à verser`
            : 'Voté, engagé, dû, payé, recouvré et reste à verser'
        }
      />
      {!currentCall ? (
        <Notice kind="info">
          <p>Aucun appel chargé : le suivi financier porte sur les conventions d’un appel.</p>
        </Notice>
      ) : null}
      <search className="filters card" aria-label="Regrouper le suivi financier">
        <div className="field">
          <label className="field__label" htmlFor="suivi-regroupement">
            Regrouper par
          </label>
          <select
            id="suivi-regroupement"
            value={by}
            onChange={(event) => {
              const next = new URLSearchParams(params);
              next.set('par', event.target.value);
              setParams(next, { replace: true });
            }}
          >
            {GROUPINGS.map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            ))}
          </select>
        </div>
        {currentCall ? (
          <div className="inline-actions">
            <a className="button button--secondary" href={exportHref('csv')} download>
              Exporter en CSV
            </a>
            <a className="button button--secondary" href={exportHref('xlsx')} download>
              Exporter en XLSX
            </a>
          </div>
        ) : null}
      </search>
      {ledger.error ? <ErrorNotice error={ledger.error} onRetry={ledger.reload} /> : null}
      <p className="results-count" role="status">
        {ledger.data ? plural(rows.length, 'ligne') : ''}
      </p>
      {ledger.loading && !ledger.data ? <Loading what="du suivi financier" /> : null}
      {ledger.data && rows.length > 0 ? (
        <div className="table-wrapper">
          <table className="table table--compact ledger-table">
            <caption>
              Suivi financier de l’appel {ledger.data.callCode}, par {grouping?.label.toLowerCase()}
            </caption>
            <thead>
              <tr>
                <th scope="col">{grouping?.column}</th>
                {LEDGER_FIGURES.map((figure) => (
                  <th key={figure.key} scope="col" className="numeric" title={figure.hint}>
                    {figure.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.key}-${row.label}`}>
                  <th scope="row" className="ledger-table__heading">
                    <RowHeading row={row} by={by} />
                  </th>
                  {LEDGER_FIGURES.map((figure) => (
                    <td key={figure.key} className="numeric nowrap">
                      <Amount cents={row[figure.key]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                {LEDGER_FIGURES.map((figure) => (
                  <td key={figure.key} className="numeric nowrap">
                    <Amount cents={ledger.data?.total[figure.key]} />
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
      {ledger.data && rows.length === 0 ? (
        <p className="empty">Aucune convention de cet appel n’a encore de ligne.</p>
      ) : null}
      <details className="details">
        <summary>Ce que signifie chaque colonne</summary>
        <dl className="description-list description-list--single">
          {LEDGER_FIGURES.map((figure) => (
            <div key={figure.key} className="description-list__item">
              <dt>{figure.label}</dt>
              <dd>{figure.hint}</dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  );
}
