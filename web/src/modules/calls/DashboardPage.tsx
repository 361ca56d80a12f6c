/**
 * Tableau de bord: the calls, and for the call the agent follows its budget lines (AE, committed
 * before, proposed, balance), its applications by state and its consistency check, all three read
 * in one request (GET /api/calls/:code/dashboard).
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useReferenceData } from '../../app/reference-data.tsx';
import { Badge, ErrorNotice, Loading, Notice, PageHeader, Section } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { StateCounts } from '../applications/StateCounts.tsx';
import { BudgetSituation } from '../budget/BudgetSituation.tsx';
import { CheckFindings } from '../consistency/CheckFindings.tsx';
import type { CallDashboard } from './dashboard.ts';

function CallsTable() {
  const { calls, currentCall, setCurrentCall } = useReferenceData();
  return (
    <div className="table-wrapper">
      <table className="table">
        <caption className="visually-hidden">Appels à projets</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Intitulé</th>
            <th scope="col" className="numeric">
              Année
            </th>
            <th scope="col" className="numeric">
              Phase
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr key={call.code} className={call.code === currentCall ? 'row--current' : undefined}>
              <th scope="row">
                <Link to={`/appels/${encodeURIComponent(call.code)}`}>{call.code}</Link>
              </th>
              <td>
                {call.title} {call.isPartial ? <Badge tone="neutral">Reprise partielle</Badge> : null}
              </td>
              <td className="numeric">{call.year}</td>
              <td className="numeric">{call.phase}</td>
              <td>
                <div className="inline-actions">
                  <Link to={`/appels/${encodeURIComponent(call.code)}/repartition`}>
                    Répartition<span className="visually-hidden"> de {call.code}</span>
                  </Link>
                  {call.code === currentCall ? (
                    <Badge tone="info">Appel suivi</Badge>
                  ) : (
                    <button
                      type="button"
                      className="button button--tertiary button--small"
                      onClick={() => setCurrentCall(call.code)}
                    >
                      Suivre<span className="visually-hidden"> l’appel {call.code}</span>
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The followed call's budget, applications by state and consistency check: one request for the three. */
function CallSections(props: { callCode: string }) {
  const { callCode } = props;
  const { data, error, loading, reload } = useApi<CallDashboard>(
    `/api/calls/${encodeURIComponent(callCode)}/dashboard`,
  );
  // Not a dashboard still being read again, nor one of the call followed before.
  const dashboard = !loading && data?.call.code === callCode ? data : undefined;
  /** A section's content: shown once read; "loading" meanwhile; nothing after an error (said once above). */
  const content = (what: string, show: (read: CallDashboard) => ReactNode) =>
    dashboard ? show(dashboard) : error ? null : <Loading what={what} />;
  return (
    <>
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      <Section
        title={`Situation budgétaire — ${callCode}`}
        id="budget"
        actions={
          <a
            className="button button--secondary button--small"
            href={`/api/calls/${encodeURIComponent(callCode)}/exports/budget?format=xlsx`}
            download
          >
            Télécharger (XLSX)
          </a>
        }
      >
        {content('de la situation budgétaire', (read) => (
          <BudgetSituation callCode={callCode} rows={read.budget} />
        ))}
      </Section>
      <div className="grid grid--2">
        <Section title="Demandes par état" id="etats">
          {content('des demandes', (read) => (
            <StateCounts callCode={callCode} states={read.states} />
          ))}
        </Section>
        <Section title="Contrôle de cohérence" id="controle">
          {content('du contrôle de cohérence', (read) => (
            <CheckFindings report={read.check} />
          ))}
        </Section>
      </div>
    </>
  );
}

export function DashboardPage() {
  const { calls, currentCall } = useReferenceData();
  const call = calls.find((item) => item.code === currentCall);
  return (
    <>
      <PageHeader
        title="Tableau de bord"
        subtitle={call ? `Appel suivi : ${call.title} (${call.code})` : undefined}
      />
      <Section title="Appels à projets" id="appels">
        {calls.length === 0 ? <Loading what="des appels" /> : <CallsTable />}
      </Section>
      {currentCall ? <CallSections callCode={currentCall} /> : null}
      {!currentCall && calls.length > 0 ? (
        <Notice kind="info">
          <p>Aucun appel n’est suivi.</p>
        </Notice>
      ) : null}
    </>
  );
}
