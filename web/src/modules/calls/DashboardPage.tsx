/**
 * Tableau de bord: the calls, and for the call the agent follows its budget lines (AE, committed
 * before, proposed, balance), its applications by state and its consistency check.
 */
import { Link } from 'react-router';
import { useReferenceData } from '../../app/reference-data.tsx';
import { Badge, Loading, Notice, PageHeader, Section } from '../../shared/ui.tsx';
import { StateCounts } from '../applications/StateCounts.tsx';
import { BudgetSituation } from '../budget/BudgetSituation.tsx';
import { CheckFindings } from '../consistency/CheckFindings.tsx';

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
      {currentCall ? (
        <>
          <Section
            title={`Situation budgétaire — ${currentCall}`}
            id="budget"
            actions={
              <a
                className="button button--secondary button--small"
                href={`/api/calls/${encodeURIComponent(currentCall)}/exports/budget?format=xlsx`}
                download
              >
                Télécharger (XLSX)
              </a>
            }
          >
            <BudgetSituation callCode={currentCall} />
          </Section>
          <div className="grid grid--2">
            <Section title="Demandes par état" id="etats">
              <StateCounts callCode={currentCall} />
            </Section>
            <Section title="Contrôle de cohérence" id="controle">
              <CheckFindings callCode={currentCall} />
            </Section>
          </div>
        </>
      ) : calls.length > 0 ? (
        <Notice kind="info">
          <p>Aucun appel n’est suivi.</p>
        </Notice>
      ) : null}
    </>
  );
}
