/** How many applications of a call are in each state (GET /api/applications?call=…&state=…). */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, query } from '../../shared/api.ts';
import { formatNumber, formatPercent } from '../../shared/format.ts';
import { ErrorNotice, Loading } from '../../shared/ui.tsx';
import { APPLICATION_STATES, type ApplicationState, STATE_LABELS } from './states.ts';
import type { ApplicationList } from './types.ts';

type Counts = Record<ApplicationState, number>;

export function StateCounts(props: { callCode: string }) {
  const [counts, setCounts] = useState<Counts | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    void generation;
    const controller = new AbortController();
    setCounts(null);
    setError(null);
    Promise.all(
      APPLICATION_STATES.map((state) =>
        api
          .get<ApplicationList>(`/api/applications${query({ call: props.callCode, state, limit: 1 })}`, {
            signal: controller.signal,
          })
          .then((list) => [state, list.total] as const),
      ),
    )
      .then((entries) => setCounts(Object.fromEntries(entries) as Counts))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted && caught instanceof ApiError) setError(caught);
      });
    return () => controller.abort();
  }, [props.callCode, generation]);

  if (error) return <ErrorNotice error={error} onRetry={() => setGeneration((value) => value + 1)} />;
  if (!counts) return <Loading what="des demandes" />;
  const total = APPLICATION_STATES.reduce((sum, state) => sum + counts[state], 0);
  const largest = Math.max(...APPLICATION_STATES.map((state) => counts[state]), 1);
  return (
    <div className="table-wrapper">
      <table className="table table--compact">
        <caption>Demandes de l’appel {props.callCode} par état</caption>
        <thead>
          <tr>
            <th scope="col">État</th>
            <th scope="col" className="numeric">
              Demandes
            </th>
            <th scope="col" className="numeric">
              Part
            </th>
            <th scope="col" className="bar-column bar-column--small">
              <span className="visually-hidden">Répartition (graphique)</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {APPLICATION_STATES.map((state) => (
            <tr key={state}>
              <th scope="row">{STATE_LABELS[state]}</th>
              <td className="numeric">
                {counts[state] > 0 ? (
                  <Link to={`/demandes${query({ appel: props.callCode, etat: state })}`}>
                    {formatNumber(counts[state])}
                    <span className="visually-hidden"> demandes « {STATE_LABELS[state]} »</span>
                  </Link>
                ) : (
                  '0'
                )}
              </td>
              <td className="numeric">{formatPercent(counts[state], total)}</td>
              <td className="bar-column bar-column--small" aria-hidden="true">
                {counts[state] > 0 ? (
                  <span className="count-bar" style={{ width: `${(counts[state] / largest) * 100}%` }} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="numeric">
              <Link to={`/demandes${query({ appel: props.callCode })}`}>{formatNumber(total)}</Link>
            </td>
            <td className="numeric">100&nbsp;%</td>
            <td aria-hidden="true" />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
