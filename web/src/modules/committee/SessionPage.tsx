/**
 * Séance: a session of the Commission Permanente — who chaired it, when its deliberations were sent
 * to the contrôle de légalité and published (changed by the secretariat), who attended (the printed
 * lists and a table of the members with their delegations of vote, edited in AttendanceSection),
 * each report with its conflicts of interest, votes and tally, and the documents of the session.
 */
import { type ReactNode, useMemo } from 'react';
import { useParams } from 'react-router';
import { useReferenceData } from '../../app/reference-data.tsx';
import { formatDate } from '../../shared/format.ts';
import { ErrorNotice, Loading, Notice, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { AttendanceSection } from './AttendanceSection.tsx';
import { labelOf, membersById } from './committee-format.ts';
import { LegalityEditor, LegalityItems } from './LegalityDates.tsx';
import { PackageSection } from './PackageSection.tsx';
import { ReportSection } from './ReportSection.tsx';
import type { SessionView } from './types.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function Item(props: { term: string; children: ReactNode }) {
  return (
    <div className="description-list__item">
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

export function SessionPage() {
  const date = useParams().date ?? '';
  const valid = DATE.test(date);
  const {
    data: session,
    error,
    loading,
    reload,
    setData,
  } = useApi<SessionView>(valid ? `/api/sessions/${date}` : null);
  const byId = useMemo(() => (session ? membersById(session) : new Map()), [session]);
  // The documents are those of the first report, about its call (documents/package).
  const { calls } = useReferenceData();
  const callId = session?.reports[0]?.callId;
  const callCode = calls.find((call) => call.id === callId)?.code;
  // The package depends on the attendance and the votes (the deliberation prints the lists and the
  // tally): read again after a save.
  const refreshKey = session
    ? [session.version, ...session.reports.map((report) => `${report.id}:${report.version}`)].join(',')
    : '';

  return (
    <>
      <PageHeader
        title={valid ? `Séance du ${formatDate(date)}` : 'Séance'}
        crumbs={[{ label: 'Séances', to: '/seances' }]}
        subtitle={session?.body}
      />
      {!valid ? (
        <Notice kind="error" title="Adresse invalide">
          <p>
            La date de la séance doit s’écrire AAAA-MM-JJ dans l’adresse (par exemple /seances/2023-06-12).
          </p>
        </Notice>
      ) : null}
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !session ? <Loading what="de la séance" /> : null}
      {session ? (
        <>
          <dl className="description-list committee-header">
            <Item term="Instance">{session.body}</Item>
            <Item term="Date">{formatDate(session.date)}</Item>
            <Item term="Présidence">{labelOf(byId, session.presidentId)}</Item>
            <Item term="Secrétariat de séance">{labelOf(byId, session.secretaryId)}</Item>
            <LegalityItems session={session} />
          </dl>
          <LegalityEditor session={session} onSession={setData} />
          <nav className="committee-toc" aria-label="Sur cette page">
            <ul>
              <li>
                <a href="#presences-titre">Présences</a>
              </li>
              {session.reports.map((report) => (
                <li key={report.id}>
                  <a href={`#rapport-${report.id}-titre`}>Rapport n°{report.number}</a>
                </li>
              ))}
              <li>
                <a href="#documents-titre">Documents</a>
              </li>
            </ul>
          </nav>
          <AttendanceSection session={session} onSession={setData} />
          {session.reports.length === 0 ? <p className="empty">Aucun rapport à cette séance.</p> : null}
          {session.reports.map((report) => (
            <ReportSection key={report.id} session={session} report={report} onSession={setData} />
          ))}
          <PackageSection date={session.date} refreshKey={refreshKey} callCode={callCode} />
        </>
      ) : null}
    </>
  );
}
