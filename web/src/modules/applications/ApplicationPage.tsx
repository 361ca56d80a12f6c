/**
 * Demande: the application's record (structure, operation, territories, period, quantity, budget),
 * the amount computed by the operation's rule with its explanation, the retained amount and its
 * justification, its state with the changes allowed from it, its history of decisions and the
 * history of its changes (audit trail).
 */
import { type ReactNode, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { UNIT_LABELS } from '../../../../src/modules/applications/applications.schemas.ts';
import { Explanation } from '../../shared/Explanation.tsx';
import {
  formatDate,
  formatDateTime,
  formatEuros,
  formatEurosSigned,
  formatQuantity,
  NO_VALUE,
} from '../../shared/format.ts';
import { Amount, Badge, ErrorNotice, Loading, Notice, PageHeader, Section } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { AuditHistory } from '../audit/AuditHistory.tsx';
import { useSession } from '../identity/session.tsx';
import { StateBadge } from './StateBadge.tsx';
import { allowedTransitions, isEditable, STATE_LABELS, transitionLabel } from './states.ts';
import { TransitionDialog } from './TransitionDialog.tsx';
import type { ApplicationDetail, ApplicationState } from './types.ts';

export interface SavedLocationState {
  saved?: string;
}

function Item(props: { term: string; children: ReactNode }) {
  return (
    <div className="description-list__item">
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function AmountSection(props: { application: ApplicationDetail }) {
  const { application } = props;
  const computation = application.computation;
  const deviation =
    application.computedCents !== null && application.retainedCents !== null
      ? application.retainedCents - application.computedCents
      : null;
  return (
    <Section title="Montant" id="montant">
      <div className="amount-panel">
        <div className="amount-panel__box">
          <p className="amount-panel__label">Calculé par la règle</p>
          <p className="amount-panel__value">
            <Amount cents={application.computedCents} />
          </p>
          {computation ? (
            <Explanation text={computation.explanation} />
          ) : (
            <p className="amount-panel__explanation">Pas encore calculé.</p>
          )}
          {computation?.amountBefore !== undefined && computation.amountAfter !== undefined ? (
            <p className="muted">
              Convention avant avenant : {formatEuros(computation.amountBefore)} ; après :{' '}
              {formatEuros(computation.amountAfter)}.
            </p>
          ) : null}
        </div>
        <div className={`amount-panel__box${deviation ? ' amount-panel__box--deviation' : ''}`}>
          <p className="amount-panel__label">Retenu</p>
          <p className="amount-panel__value">
            <Amount cents={application.retainedCents} strong />
          </p>
          {deviation ? (
            <p>
              <Badge tone="warning">Écart avec la règle : {formatEurosSigned(deviation)}</Badge>
            </p>
          ) : application.retainedCents !== null && application.computedCents !== null ? (
            <p className="muted">Conforme au calcul de la règle.</p>
          ) : null}
          {application.deviationJustification ? (
            <p>
              <strong>Justification : </strong>
              {application.deviationJustification}
            </p>
          ) : null}
        </div>
        <div className="amount-panel__box">
          <p className="amount-panel__label">Demandé par la structure</p>
          <p className="amount-panel__value">
            <Amount cents={application.requestedCents} />
          </p>
        </div>
      </div>
    </Section>
  );
}

function HistorySection(props: { application: ApplicationDetail }) {
  return (
    <Section title="Historique des décisions" id="historique">
      <div className="table-wrapper">
        <table className="table table--compact">
          <caption>
            Décisions et modifications de la demande {props.application.reference}, de la plus ancienne à la
            plus récente
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Décision</th>
              <th scope="col">Auteur</th>
              <th scope="col">Motivation</th>
            </tr>
          </thead>
          <tbody>
            {props.application.decisions.map((decision) => (
              <tr key={decision.id}>
                <th scope="row" className="nowrap">
                  {formatDateTime(decision.decidedAt)}
                </th>
                <td>
                  {decision.from === null
                    ? `Création (${STATE_LABELS[decision.to]})`
                    : decision.from === decision.to
                      ? 'Modification'
                      : `${STATE_LABELS[decision.from]} → ${STATE_LABELS[decision.to]}`}
                </td>
                <td>{decision.author}</td>
                <td>{decision.motivation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

export function ApplicationPage() {
  const id = useParams().id ?? '';
  const location = useLocation();
  const navigate = useNavigate();
  const { can } = useSession();
  const { data, error, loading, reload, setData } = useApi<ApplicationDetail>(
    /^\d+$/.test(id) ? `/api/applications/${id}` : null,
  );
  const [pending, setPending] = useState<ApplicationState | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const saved = (location.state as SavedLocationState | null)?.saved;

  const application = data;
  const transitions = application ? allowedTransitions(application.state) : [];
  const canDecide = can('applications:decide');
  const canEdit = application ? can('applications:write') && isEditable(application.state) : false;

  return (
    <>
      <PageHeader
        title={application ? `Demande ${application.reference}` : 'Demande'}
        badge={application ? <StateBadge state={application.state} /> : undefined}
        crumbs={[{ label: 'Demandes', to: '/demandes' }]}
        subtitle={application?.label}
        actions={
          canEdit && application ? (
            <Link className="button button--secondary" to={`/demandes/${application.id}/modifier`}>
              Modifier
            </Link>
          ) : undefined
        }
      />
      {!/^\d+$/.test(id) ? (
        <Notice kind="error" title="Adresse invalide">
          <p>Identifiant de demande invalide.</p>
        </Notice>
      ) : null}
      {saved && !done ? (
        <Notice kind="success" live="status">
          <p>{saved}</p>
        </Notice>
      ) : null}
      {done ? (
        <Notice kind="success" live="status">
          <p>{done}</p>
        </Notice>
      ) : null}
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !application ? <Loading what="de la demande" /> : null}
      {application ? (
        <>
          <Section title="Dossier" id="dossier">
            <dl className="description-list">
              <Item term="Structure">
                <Link to={`/structures/${application.structureId}`}>{application.structureName}</Link>
              </Item>
              <Item term="Opération">
                <Link to={`/appels/${encodeURIComponent(application.callCode)}`}>
                  {application.themeNumber}.{application.operationNumber} {application.operationTitle}
                </Link>{' '}
                <span className="muted">({application.callCode})</span>
              </Item>
              <Item term="Territoires">
                {application.territories.map((territory) => territory.name).join(', ')}
              </Item>
              <Item term="Période">
                du {formatDate(application.periodStart)} au {formatDate(application.periodEnd)}
              </Item>
              <Item term="Quantité">
                {formatQuantity(application.quantity, application.unit)}
                {application.kind === 'amendment' && application.quantityBefore !== null
                  ? ` (avant l’avenant : ${formatQuantity(application.quantityBefore, application.unit)})`
                  : ''}
                {application.unit && application.quantity === null
                  ? ` (${UNIT_LABELS[application.unit]})`
                  : ''}
              </Item>
              <Item term="Type de SIAE">{application.siaeType ?? NO_VALUE}</Item>
              <Item term="Nature">
                {application.kind === 'amendment' ? (
                  <>
                    Avenant à la convention{' '}
                    {application.amendsApplicationId ? (
                      <Link to={`/demandes/${application.amendsApplicationId}`}>
                        {application.amendsReference ?? `n°${application.amendsApplicationId}`}
                      </Link>
                    ) : (
                      NO_VALUE
                    )}
                    {application.effectiveFrom
                      ? `, à compter du ${formatDate(application.effectiveFrom)}`
                      : ''}
                  </>
                ) : (
                  'Convention'
                )}
              </Item>
              <Item term="Coûts directs">
                <Amount cents={application.directCostsCents} />
              </Item>
              <Item term="dont prestations externes">
                <Amount cents={application.externalServicesCents} />
              </Item>
              <Item term="Dernière modification">
                {formatDateTime(application.updatedAt)} (version {application.version})
              </Item>
            </dl>
          </Section>
          <AmountSection application={application} />
          <Section title="État" id="etat">
            <p>
              État actuel : <StateBadge state={application.state} />
            </p>
            {transitions.length === 0 ? (
              <p className="muted">État final : la demande ne change plus que par un avenant.</p>
            ) : canDecide ? (
              <div className="inline-actions">
                {transitions.map((to) => (
                  <button
                    key={to}
                    type="button"
                    className={`button${to === 'rejected' || to === 'withdrawn' ? ' button--danger' : ' button--secondary'}`}
                    onClick={() => {
                      setDone(null);
                      setPending(to);
                    }}
                  >
                    {transitionLabel(application.state, to)}…
                  </button>
                ))}
              </div>
            ) : (
              <p className="muted">Votre rôle ne permet pas de changer l’état des demandes.</p>
            )}
          </Section>
          <HistorySection application={application} />
          <AuditHistory
            entity="application"
            id={application.id}
            version={application.version}
            of={`de la demande ${application.reference}`}
          />
          {pending ? (
            <TransitionDialog
              application={application}
              to={pending}
              onCancel={() => setPending(null)}
              onDone={(updated) => {
                setPending(null);
                setData(updated);
                setDone(`La demande est désormais « ${STATE_LABELS[updated.state]} ».`);
                navigate(location.pathname, { replace: true, state: null });
              }}
              onReload={() => {
                setPending(null);
                reload();
              }}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
