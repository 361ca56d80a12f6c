/**
 * A convention after the vote: who it binds, its state and period, its signature (date and signed
 * PDF) and, if it was terminated, when and why; the changes of state it allows (ConventionActions);
 * the structure's bank details; its lines with their payment schedules, bilans and ledgers; its
 * payments, recovery orders, amendments and the structure's yearly accounts. Every write returns
 * the convention, or the page reads it again.
 */
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { formatDate, formatPeriod, plural } from '../../shared/format.ts';
import { Amount, ErrorNotice, Loading, Notice, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { useSession } from '../identity/session.tsx';
import { Amendments } from './Amendments.tsx';
import { BankDetails } from './BankDetails.tsx';
import { ConventionActions } from './ConventionActions.tsx';
import { ConventionLines, LedgerTable } from './ConventionLines.tsx';
import { ConventionStateBadge } from './ConventionsPage.tsx';
import { formatSize } from './convention-format.ts';
import { PaymentsSection } from './PaymentsSection.tsx';
import { RecoveryOrders } from './RecoveryOrders.tsx';
import type { ConventionDetail } from './types.ts';
import { YearlyAccounts } from './YearlyAccounts.tsx';

function Item(props: { term: string; children: ReactNode }) {
  return (
    <div className="description-list__item">
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Pending(props: { children: ReactNode }) {
  return <span className="muted">{props.children}</span>;
}

function Header(props: { convention: ConventionDetail }) {
  const { convention } = props;
  const document = convention.signedDocument;
  return (
    <dl className="description-list convention-header">
      <Item term="Structure">
        <Link to={`/structures/${convention.structure.id}`}>{convention.structure.name}</Link>
      </Item>
      <Item term="Vote">
        <Link to={`/seances/${convention.sessionDate}`}>
          Commission Permanente du {formatDate(convention.sessionDate)}
        </Link>
      </Item>
      <Item term="État">
        <ConventionStateBadge state={convention.state} label={convention.stateLabel} />
      </Item>
      <Item term="Période">
        {convention.period ? (
          formatPeriod(convention.period.start, convention.period.end)
        ) : (
          <Pending>—</Pending>
        )}
      </Item>
      <Item term="Envoyée pour signature">
        {convention.sentForSignatureOn ? (
          formatDate(convention.sentForSignatureOn)
        ) : (
          <Pending>non envoyée</Pending>
        )}
      </Item>
      <Item term="Signée">
        {convention.signedOn ? formatDate(convention.signedOn) : <Pending>non signée</Pending>}
      </Item>
      <Item term="Convention signée">
        {document ? (
          <>
            <a href={`/api/conventions/${convention.id}/signed-document`} target="_blank" rel="noopener">
              {document.fileName}
              <span className="visually-hidden"> (PDF, nouvel onglet)</span>
            </a>
            <span className="cell-detail">
              {formatSize(document.sizeBytes)}, déposé par {document.uploadedBy} — SHA-256{' '}
              <code title={document.sha256}>{document.sha256.slice(0, 12)}…</code>
            </span>
          </>
        ) : (
          <Pending>non déposée</Pending>
        )}
      </Item>
      <Item term="En vigueur depuis">
        {convention.inForceFrom ? formatDate(convention.inForceFrom) : <Pending>—</Pending>}
      </Item>
      {convention.closedOn ? <Item term="Close le">{formatDate(convention.closedOn)}</Item> : null}
      <Item term="Montant en vigueur">
        <Amount cents={convention.ledger.votedCents} strong />
      </Item>
      {convention.ledger.dueCents !== convention.ledger.votedCents ? (
        <Item term={convention.termination ? 'Dû (période exécutée, bilan)' : 'Dû après le bilan'}>
          <Amount cents={convention.ledger.dueCents} strong />
        </Item>
      ) : null}
      <Item term="Versé net">
        <Amount cents={convention.ledger.netPaidCents} />
      </Item>
      <Item term="Reste à verser">
        <Amount cents={convention.ledger.remainingCents} />
      </Item>
    </dl>
  );
}

function TerminationNotice(props: { convention: ConventionDetail }) {
  const { termination } = props.convention;
  if (!termination) return null;
  return (
    <Notice kind="warning" title={termination.kindLabel}>
      <p>
        {termination.groundLabel ? `Motif : ${termination.groundLabel}. ` : ''}
        {termination.leadersHeardOn
          ? `Dirigeants entendus le ${formatDate(termination.leadersHeardOn)}. `
          : ''}
        Notification reçue le {formatDate(termination.notificationReceivedOn)} ; la résiliation prend effet le{' '}
        <strong>{formatDate(termination.effectiveOn)}</strong> (un mois franc après la réception), la
        convention s’appliquant jusqu’au {formatDate(termination.lastDayInForce)} inclus.
      </p>
    </Notice>
  );
}

const TOC = [
  ['actions', 'Actions'],
  ['banque', 'Coordonnées bancaires'],
  ['lignes', 'Lignes'],
  ['versements', 'Versements'],
  ['titres', 'Titres de recettes'],
  ['avenants', 'Avenants'],
  ['comptes', 'Comptes annuels'],
] as const;

export function ConventionPage() {
  const id = Number(useParams().id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const {
    data: convention,
    error,
    loading,
    reload,
    setData,
  } = useApi<ConventionDetail>(valid ? `/api/conventions/${id}` : null);
  const { can } = useSession();
  const toc = TOC.filter(([target]) => target !== 'actions' || can('conventions:write'));
  const blocked = convention?.payments.filter((payment) => payment.blockers.length > 0).length ?? 0;

  return (
    <>
      <PageHeader
        title={convention ? `Convention ${convention.number}` : 'Convention'}
        crumbs={[{ label: 'Conventions', to: '/conventions' }]}
        subtitle={convention?.structure.name}
        badge={
          convention ? <ConventionStateBadge state={convention.state} label={convention.stateLabel} /> : null
        }
      />
      {!valid ? (
        <Notice kind="error" title="Adresse invalide">
          <p>Le numéro de la convention doit être un nombre dans l’adresse (par exemple /conventions/12).</p>
        </Notice>
      ) : null}
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !convention ? <Loading what="de la convention" /> : null}
      {convention ? (
        <>
          <Header convention={convention} />
          <TerminationNotice convention={convention} />
          {blocked > 0 ? (
            <Notice kind="warning">
              <p>
                {plural(blocked, 'versement bloqué', 'versements bloqués')} :{' '}
                <a href="#versements-titre">voir les motifs</a>.
              </p>
            </Notice>
          ) : null}
          <nav className="convention-toc" aria-label="Sur cette page">
            <ul>
              {toc.map(([target, label]) => (
                <li key={target}>
                  <a href={`#${target}-titre`}>{label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <ConventionActions convention={convention} onConvention={setData} onReload={reload} />
          <BankDetails convention={convention} onReload={reload} />
          <ConventionLines convention={convention} onConvention={setData} onReload={reload} />
          <LedgerTable
            ledger={convention.ledger}
            caption={`Suivi financier de la convention ${convention.number} (toutes lignes)`}
          />
          <PaymentsSection convention={convention} onReload={reload} />
          <RecoveryOrders convention={convention} onReload={reload} />
          <Amendments convention={convention} onReload={reload} />
          <YearlyAccounts convention={convention} onReload={reload} />
        </>
      ) : null}
    </>
  );
}
