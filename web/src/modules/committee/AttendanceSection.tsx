/**
 * Présences of a session: the counts, the lists as the deliberation prints them and a table of the
 * members with their delegations of vote. The secretariat (committee:write) switches the table to
 * "Modifier les présences": per member a presence and, for an excused member with a voting right,
 * the member present who holds the delegation of vote. What the client can check is shown as the
 * user types, on the member's row; the server's refusals (422 naming `attendance.<id>…`, each
 * problem of its `details.problems`) land on the rows they name, all listed in the summary; a 409
 * shows the other person's attendance beside the user's (ConflictPanel).
 * The page receives the session as saved: lists, counts and tallies follow.
 */
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, request } from '../../shared/api.ts';
import { ConflictPanel } from '../../shared/Conflict.tsx';
import { ErrorSummary, type SummaryItem } from '../../shared/form.tsx';
import { plural } from '../../shared/format.ts';
import { Notice, Section } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import {
  type AttendanceDraft,
  type AttendanceEntry,
  type AttendanceIssue,
  attendanceDraftOf,
  attendanceOfDraft,
  checkAttendance,
  delegatorsByHolder,
  describeEntry,
  holderOptions,
  issuesOfServer,
  problemsOf,
  type VoteEffect,
  voteEffects,
} from './attendance-draft.ts';
import {
  agree,
  attendanceLabel,
  delegations,
  labelOf,
  memberLabel,
  membersById,
} from './committee-format.ts';
import type { Member, SessionView } from './types.ts';
import { useVersionedDraft } from './versioned-draft.ts';

const PREFIX = 'presence';
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Counts of the members with a voting right, as the section's first line says them. */
function counts(session: SessionView, draft: AttendanceDraft) {
  const voting = session.members.filter((member) => member.hasVotingRight);
  const of = (kind: AttendanceEntry['kind']) => voting.filter((member) => draft[member.id]?.kind === kind);
  const excused = of('excused');
  return {
    voting: voting.length,
    present: of('present').length,
    excused: excused.length,
    delegated: excused.filter((member) => draft[member.id]?.proxyHolderId).length,
    absent: of('absent').length,
  };
}

function countsSentence(c: ReturnType<typeof counts>): string {
  return `${plural(c.voting, 'élu', 'élus')} avec voix délibérative : ${plural(c.present, 'présent')}, ${plural(c.excused, 'excusé')} (dont ${c.delegated} ayant donné délégation de vote), ${plural(c.absent, 'absent')}.`;
}

// ---------------------------------------------------------------------------------------------
// Reading

function AttendanceTable(props: { session: SessionView }) {
  const { session } = props;
  const byId = useMemo(() => membersById(session), [session]);
  const { givenTo, receivedFrom } = useMemo(() => delegations(session), [session]);
  return (
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
                    {member.hasVotingRight ? null : <span className="muted"> (sans voix délibérative)</span>}
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
  );
}

/** After a save: what the reports' tallies now wait for, with a link to their votes. */
function SavedNotice(props: { session: SessionView; message: string }) {
  const pending = props.session.reports.filter((report) => report.tally === null);
  return (
    <Notice kind={pending.length > 0 ? 'warning' : 'success'} live="status" focus title={props.message}>
      {pending.length > 0 ? (
        <ul>
          {pending.map((report) => (
            <li key={report.id}>
              Rapport n°{report.number} : le vote ne peut pas encore être décompté —{' '}
              {report.tallyError ?? 'votes non saisis'}{' '}
              <a href={`#rapport-${report.id}-vote-titre`}>Saisir les votes du rapport n°{report.number}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>Les listes de présence et le décompte de chaque rapport sont à jour.</p>
      )}
    </Notice>
  );
}

export function AttendanceSection(props: {
  session: SessionView;
  onSession: (session: SessionView) => void;
}) {
  const { session, onSession } = props;
  const { can } = useSession();
  const canWrite = can('committee:write');
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [focusEdit, setFocusEdit] = useState(false);
  const editRef = useRef<HTMLButtonElement>(null);
  const current = useMemo(() => attendanceDraftOf(session), [session]);

  useEffect(() => {
    if (focusEdit && !editing) {
      editRef.current?.focus();
      setFocusEdit(false);
    }
  }, [focusEdit, editing]);

  return (
    <Section
      title="Présences"
      id="presences"
      actions={
        canWrite && !editing ? (
          <button
            ref={editRef}
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setSaved(null);
              setEditing(true);
            }}
          >
            Modifier les présences
          </button>
        ) : null
      }
    >
      <p>{countsSentence(counts(session, current))}</p>
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
      {saved && !editing ? <SavedNotice session={session} message={saved} /> : null}
      {editing ? (
        <AttendanceEditor
          session={session}
          onSession={onSession}
          onSaved={(message) => {
            setEditing(false);
            setSaved(message);
          }}
          onCancel={() => {
            setEditing(false);
            setFocusEdit(true);
          }}
        />
      ) : (
        <AttendanceTable session={session} />
      )}
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------
// Editing

function VoteEffectsNotice(props: { effects: VoteEffect[] }) {
  if (props.effects.length === 0) return null;
  return (
    <Notice kind="info" title="Effet sur les votes déjà saisis">
      <ul>
        {props.effects.flatMap(({ report, toEnter, toRemove }) => [
          ...toEnter.map((member) => (
            <li key={`${report.id}-saisir-${member.id}`}>
              Rapport n°{report.number} : vote à saisir pour {memberLabel(member)}, qui aura une voix ; le
              décompte attendra ce vote.
            </li>
          )),
          ...toRemove.map((member) => (
            <li key={`${report.id}-retirer-${member.id}`}>
              Rapport n°{report.number} : le vote enregistré de {memberLabel(member)} sera retiré,{' '}
              {member.civility === 'Mme' ? 'elle' : 'il'} n’aura plus de voix.
            </li>
          )),
        ])}
      </ul>
    </Notice>
  );
}

function MemberRow(props: {
  session: SessionView;
  byId: ReadonlyMap<string, Member>;
  member: Member;
  draft: AttendanceDraft;
  read: AttendanceDraft;
  receivedFrom: string | undefined;
  issue: AttendanceIssue | undefined;
  onChange: (entry: AttendanceEntry) => void;
}) {
  const { session, byId, member, draft, read, receivedFrom, issue, onChange } = props;
  const entry = draft[member.id] ?? { kind: '', proxyHolderId: '' };
  const label = memberLabel(member);
  const kindId = `${PREFIX}-${member.id}`;
  const proxyId = `${PREFIX}-${member.id}-delegation`;
  const errorId = `${PREFIX}-${member.id}-erreur`;
  const kindChanged = entry.kind !== read[member.id]?.kind;
  const proxyChanged = entry.proxyHolderId !== (read[member.id]?.proxyHolderId ?? '');
  const delegates = member.hasVotingRight && entry.kind === 'excused';
  const options = delegates ? holderOptions(session, draft, read, member.id) : [];
  const invalid = (on: AttendanceIssue['on']) => (issue?.on === on ? true : undefined);
  return (
    <tr className={issue ? 'committee-attendance__row--error' : undefined}>
      <th scope="row">
        {label}
        {member.id === session.presidentId ? (
          <span className="muted"> ({agree(member, 'président')})</span>
        ) : null}
        {member.hasVotingRight ? null : <span className="visually-hidden"> (sans voix délibérative)</span>}
      </th>
      <td className="committee-attendance__group">{member.group}</td>
      <td className={kindChanged ? 'cell--changed' : undefined}>
        <label className="visually-hidden" htmlFor={kindId}>
          Présence de {label}
        </label>
        <select
          id={kindId}
          className="committee-select committee-select--presence"
          value={entry.kind}
          aria-describedby={errorId}
          aria-invalid={invalid('kind')}
          onChange={(event) => {
            const kind = event.target.value as AttendanceEntry['kind'];
            onChange({ kind, proxyHolderId: kind === 'excused' ? entry.proxyHolderId : '' });
          }}
        >
          {entry.kind === '' ? <option value="">— à renseigner —</option> : null}
          <option value="present">{agree(member, 'Présent')}</option>
          <option value="excused">{agree(member, 'Excusé')}</option>
          <option value="absent">{agree(member, 'Absent')}</option>
        </select>
      </td>
      <td className={delegates && proxyChanged ? 'cell--changed' : undefined}>
        {delegates ? (
          <>
            <label className="visually-hidden" htmlFor={proxyId}>
              Délégation de vote de {label} à
            </label>
            <select
              id={proxyId}
              className="committee-select committee-select--holder"
              value={entry.proxyHolderId}
              aria-describedby={errorId}
              aria-invalid={invalid('proxy')}
              onChange={(event) => onChange({ kind: 'excused', proxyHolderId: event.target.value })}
            >
              <option value="">aucune (excusé{member.civility === 'Mme' ? 'e' : ''} sans délégation)</option>
              {options.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                  {option.holdsFor ? ` — reçoit déjà celle de ${option.holdsFor}` : ''}
                  {option.ineligible ? ` (${option.ineligible})` : ''}
                </option>
              ))}
            </select>
          </>
        ) : member.hasVotingRight && receivedFrom ? (
          <span className="muted">reçoit la délégation de {labelOf(byId, receivedFrom)}</span>
        ) : (
          <span className="muted">{member.hasVotingRight ? '—' : 'sans voix délibérative'}</span>
        )}
        <div id={errorId} className="field-error-slot" aria-live="polite">
          {issue ? (
            <p className="field-error">
              <span className="visually-hidden">Erreur : </span>
              {issue.message}
            </p>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

function AttendanceEditor(props: {
  session: SessionView;
  onSession: (session: SessionView) => void;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const { session, onSession } = props;
  const byId = useMemo(() => membersById(session), [session]);
  const current = useMemo(() => attendanceDraftOf(session), [session]);
  const draft = useVersionedDraft<AttendanceDraft>(session.version, current);
  const [serverIssues, setServerIssues] = useState<Map<string, AttendanceIssue>>(new Map());
  const [failure, setFailure] = useState<{ title: string; messages: string[]; reload: boolean } | null>(null);
  const [conflict, setConflict] = useState<SessionView | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const check = useMemo(() => checkAttendance(session, draft.values, draft.read), [session, draft]);
  const effects = useMemo(() => voteEffects(session, draft.values, draft.read), [session, draft]);
  const receivedFrom = useMemo(() => {
    const map = new Map<string, string>();
    for (const [holder, delegators] of delegatorsByHolder(session, draft.values)) {
      if (delegators[0]) map.set(holder, delegators[0]);
    }
    return map;
  }, [session, draft.values]);
  const issueOf = (id: string) => serverIssues.get(id) ?? check.byMember.get(id);
  const changed = session.members.filter((member) => !same(draft.values[member.id], draft.read[member.id]));
  const live = counts(session, draft.values);

  const summary: SummaryItem[] =
    attempt > 0
      ? session.members.flatMap((member) => {
          const issue = issueOf(member.id);
          if (!issue) return [];
          const proxyShown =
            issue.on === 'proxy' && member.hasVotingRight && draft.values[member.id]?.kind === 'excused';
          return [
            {
              target: proxyShown ? `${PREFIX}-${member.id}-delegation` : `${PREFIX}-${member.id}`,
              label: memberLabel(member),
              message: issue.message,
            },
          ];
        })
      : [];

  const change = (memberId: string, entry: AttendanceEntry) => {
    draft.setValues((values) => ({ ...values, [memberId]: entry }));
    // The server's refusal was about what the form held then.
    setServerIssues(new Map());
    setFailure(null);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setServerIssues(new Map());
    const attendance = attendanceOfDraft(session, draft.values);
    if (check.byMember.size > 0 || !attendance) {
      setAttempt((value) => value + 1);
      return;
    }
    if (check.form) {
      setFailure({ title: 'Présences refusées', messages: [check.form], reload: false });
      return;
    }
    setSending(true);
    try {
      const updated = await request<SessionView>('PUT', `/api/sessions/${session.date}/attendance`, {
        attendance,
        version: draft.version,
      });
      onSession(updated);
      props.onSaved(
        `Présences enregistrées (${plural(changed.length, 'élu modifié', 'élus modifiés')}) : listes et décomptes mis à jour.`,
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409) {
        try {
          setConflict(await api.get<SessionView>(`/api/sessions/${session.date}`));
        } catch {
          setFailure({ title: 'Séance modifiée entre-temps', messages: [error.message], reload: true });
        }
      } else if (error.status === 422 || error.status === 400) {
        const placed = issuesOfServer(session, problemsOf(error.details, error.fields));
        setServerIssues(placed.byMember);
        const unplaced =
          placed.byMember.size === 0 && placed.unplaced.length === 0 ? [error.message] : placed.unplaced;
        if (unplaced.length > 0)
          setFailure({ title: 'Présences refusées', messages: unplaced, reload: false });
        setAttempt((value) => value + 1);
      } else {
        setFailure({ title: 'Enregistrement impossible', messages: [error.message], reload: false });
      }
    } finally {
      setSending(false);
    }
  };

  const theirs = conflict ? attendanceDraftOf(conflict) : null;
  const resolve = (keep: 'mine' | 'theirs') => {
    if (!conflict || !theirs) return;
    draft.adopt(conflict.version, theirs, keep);
    onSession(conflict);
    setConflict(null);
  };

  return (
    <form
      id={`${PREFIX}-formulaire`}
      className="committee-attendance"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={`${PREFIX}-formulaire-titre`}
    >
      <h3 id={`${PREFIX}-formulaire-titre`} tabIndex={-1} ref={headingRef}>
        Modifier les présences
      </h3>
      <p className="field__hint" id={`${PREFIX}-aide`}>
        Un élu excusé avec voix délibérative peut donner délégation de vote à un élu présent avec voix
        délibérative ; un élu ne peut en recevoir qu’une (CGCT, art. L.3121-16). Le président de séance doit
        être présent. Rien n’est enregistré avant « Enregistrer les présences ».
      </p>
      {conflict && theirs ? (
        <ConflictPanel<AttendanceDraft>
          title="Séance modifiée par quelqu’un d’autre"
          fields={session.members.map((member) => member.id)}
          label={(id) => labelOf(byId, String(id))}
          describe={(id, values) => describeEntry(byId, String(id), values[id])}
          mine={draft.values}
          read={draft.read}
          theirs={theirs}
          onKeepMine={() => resolve('mine')}
          onTakeTheirs={() => resolve('theirs')}
        >
          <p>
            Pendant que vous modifiiez les présences, la séance a été enregistrée par quelqu’un d’autre
            (version {conflict.version}). Rien n’a été écrasé : comparez, puis choisissez.
          </p>
        </ConflictPanel>
      ) : null}
      <ErrorSummary
        items={summary}
        generation={attempt}
        title={
          summary.length === 1
            ? 'Les présences contiennent une erreur'
            : `Les présences contiennent ${summary.length} erreurs`
        }
      />
      <div className="table-wrapper">
        <table
          className="table table--compact committee-attendance__table"
          aria-describedby={`${PREFIX}-aide`}
        >
          <caption>
            Présence de chaque élu ({plural(session.members.length, 'élu', 'élus')}) et délégations de vote
          </caption>
          <thead>
            <tr>
              <th scope="col">Élu(e)</th>
              <th scope="col">Groupe</th>
              <th scope="col">Présence</th>
              <th scope="col">Délégation de vote à</th>
            </tr>
          </thead>
          <tbody>
            {session.members.map((member) => (
              <MemberRow
                key={member.id}
                session={session}
                byId={byId}
                member={member}
                draft={draft.values}
                read={draft.read}
                receivedFrom={receivedFrom.get(member.id)}
                issue={issueOf(member.id)}
                onChange={(entry) => change(member.id, entry)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <VoteEffectsNotice effects={effects} />
      {failure ? (
        <Notice kind="error" live="alert" title={failure.title}>
          {failure.messages.map((message) => (
            <p key={message}>{message}</p>
          ))}
          {failure.reload ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() =>
                void api.get<SessionView>(`/api/sessions/${session.date}`).then((fresh) => {
                  draft.adopt(fresh.version, attendanceDraftOf(fresh), 'mine');
                  onSession(fresh);
                  setFailure(null);
                })
              }
            >
              Recharger la séance
            </button>
          ) : null}
        </Notice>
      ) : null}
      <div className="form-actions committee-sticky-actions">
        <button type="submit" className="button" disabled={sending || !draft.dirty}>
          {sending ? 'Enregistrement…' : 'Enregistrer les présences'}
        </button>
        <button
          type="button"
          className="button button--tertiary"
          onClick={() => {
            draft.reset();
            props.onCancel();
          }}
        >
          Annuler
        </button>
        <span className="muted" aria-live="polite">
          {draft.dirty
            ? `${plural(changed.length, 'élu modifié', 'élus modifiés')}, non enregistré${changed.length > 1 ? 's' : ''} — `
            : ''}
          {`${plural(live.present, 'présent')}, ${plural(live.excused, 'excusé')} (${plural(live.delegated, 'délégation')}), ${plural(live.absent, 'absent')}`}
        </span>
      </div>
    </form>
  );
}
