/** How many applications of a call are in each state (from the call's dashboard, GET /api/calls/:code/dashboard). */
import { Link } from 'react-router';
import { query } from '../../shared/api.ts';
import { formatNumber, formatPercent } from '../../shared/format.ts';
import { APPLICATION_STATES, type ApplicationState, STATE_LABELS } from './states.ts';

/** The dashboard lists only the states that have applications: the others count 0. */
export function StateCounts(props: {
  callCode: string;
  states: readonly { state: ApplicationState; count: number }[];
}) {
  const counts = Object.fromEntries(APPLICATION_STATES.map((state) => [state, 0])) as Record<
    ApplicationState,
    number
  >;
  for (const entry of props.states) counts[entry.state] = entry.count;
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
