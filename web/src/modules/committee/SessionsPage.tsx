/** Séances: the sessions of the Commission Permanente, most recent first, each with its page. */
import { Link } from 'react-router';
import { formatDate, plural } from '../../shared/format.ts';
import { ErrorNotice, Loading, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { SessionSummary } from './types.ts';

export function SessionsPage() {
  const { data, error, loading, reload } = useApi<SessionSummary[]>('/api/sessions');
  const sessions = data ? [...data].sort((a, b) => b.date.localeCompare(a.date)) : [];
  return (
    <>
      <PageHeader
        title="Séances"
        subtitle="Les séances de la Commission Permanente : présences, élus intéressés, votes et documents."
        actions={
          <Link className="button button--secondary" to="/seances/elus">
            Élus et conseils
          </Link>
        }
      />
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading what="des séances" /> : null}
      {data && data.length === 0 ? <p className="empty">Aucune séance enregistrée.</p> : null}
      {data && data.length > 0 ? (
        <div className="table-wrapper">
          <table className="table">
            <caption>
              Séances de la Commission Permanente ({plural(data.length, 'séance')}), de la plus récente à la
              plus ancienne
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Instance</th>
                <th scope="col">Transmise au contrôle de légalité le</th>
                <th scope="col">Publiée le</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id}>
                  <th scope="row">
                    <Link to={`/seances/${session.date}`}>{formatDate(session.date)}</Link>
                  </th>
                  <td>{session.body}</td>
                  <td>{formatDate(session.sentToLegalityControlOn)}</td>
                  <td>{formatDate(session.publishedOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
