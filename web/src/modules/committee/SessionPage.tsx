/**
 * Séance: a session of the Commission Permanente — who chaired it, when its deliberations were sent
 * to the contrôle de légalité and published, who attended (the printed lists and a table of the
 * members with their delegations of vote), each report with its conflicts of interest, votes and
 * tally, and the documents of the session.
 */
import { type ReactNode, useMemo } from 'react';
import { useParams } from 'react-router';
import { useReferenceData } from '../../app/reference-data.tsx';
import { formatDate, plural } from '../../shared/format.ts';
import { ErrorNotice, Loading, Notice, PageHeader, Section } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { attendanceLabel, delegations, labelOf, memberLabel, membersById } from './committee-format.ts';
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

function AttendanceSection(props: { session: SessionView }) {
  const { session } = props;
  const byId = useMemo(() => membersById(session), [session]);
  const { givenTo, receivedFrom } = useMemo(() => delegations(session), [session]);
  const count = (kind: 'present' | 'excused' | 'absent') =>
    session.members.filter((member) => member.hasVotingRight && session.attendance[member.id]?.kind === kind)
      .length;
  const voting = session.members.filter((member) => member.hasVotingRight).length;
  return (
    <Section title="Présences" id="presences">
      <p>
        {plural(voting, 'élu', 'élus')} avec voix délibérative : {count('present')} présents,{' '}
        {count('excused')} excusés (dont {givenTo.size} ayant donné délégation de vote), {count('absent')}{' '}
        absents.
      </p>
      {session.attendanceLists ? (
        <figure className="committee-quote">
          <figcaption>Listes de présence, telles que la délibération les imprime</figcaption>
          <blockquote>
            {session.attendanceLists.lines.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </blockquote>
        </figure>
      ) : (
        <Notice kind="warning" title="Présences incomplètes">
          <p>La présence de chaque élu doit être renseignée pour imprimer les listes.</p>
        </Notice>
      )}
      <details className="details">
        <summary>Tableau des présences ({plural(session.members.length, 'élu', 'élus')})</summary>
        <div className="table-wrapper">
          <table className="table table--compact">
            <caption>Présence de chaque élu à la séance et délégations de vote</caption>
            <thead>
              <tr>
                <th scope="col">Élu(e)</th>
                <th scope="col">Groupe</th>
                <th scope="col">Présence</th>
                <th scope="col">Délégation de vote</th>
              </tr>
            </thead>
            <tbody>
              {session.members.map((member) => {
                const holder = givenTo.get(member.id);
                const giver = receivedFrom.get(member.id);
                return (
                  <tr key={member.id}>
                    <th scope="row">
                      {memberLabel(member)}
                      {member.hasVotingRight ? null : (
                        <span className="muted"> (sans voix délibérative)</span>
                      )}
                    </th>
                    <td>{member.group}</td>
                    <td>{attendanceLabel(member, session.attendance[member.id])}</td>
                    <td>
                      {holder ? `donnée à ${labelOf(byId, holder)}` : null}
                      {giver ? `reçue de ${labelOf(byId, giver)}` : null}
                      {!holder && !giver ? <span className="muted">—</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </Section>
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
  // The package depends on the votes (the deliberation prints the tally): read again after a save.
  const refreshKey = session?.reports.map((report) => `${report.id}:${report.version}`).join(',') ?? '';

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
            <Item term="Transmission au contrôle de légalité">
              {formatDate(session.sentToLegalityControlOn)}
            </Item>
            <Item term="Publication">{formatDate(session.publishedOn)}</Item>
          </dl>
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
          <AttendanceSection session={session} />
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
