/**
 * One report of a session: what it is (numbers, title, opinions of the commissions), the members
 * "intéressés à l'affaire" (confirmed, and proposed from the boards they sit on), the vote of each
 * member with a vote, and the tally as the deliberation words it. The secretariat (committee:write)
 * confirms the conflicts and enters the votes; each save carries the report's version (409: the
 * values of the other person beside one's own, nothing overwritten).
 */
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatWordingPart } from '../../../../src/modules/committee/domain/tally.ts';
import { ApiError, api, request } from '../../shared/api.ts';
import { ConflictPanel } from '../../shared/Conflict.tsx';
import { formatDate, plural } from '../../shared/format.ts';
import { Badge, Notice, Section } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import type { Structure } from '../structures/types.ts';
import {
  agree,
  attendanceLabel,
  type ConflictDraft,
  conflictDraftOf,
  labelOf,
  memberLabel,
  membersById,
  VOTE_CHOICES,
  type VoteDraft,
  voteDraftOf,
  voteLabel,
  voters,
} from './committee-format.ts';
import type { ReportView, SessionView, TallyResult, VoteChoice } from './types.ts';
import { useVersionedDraft } from './versioned-draft.ts';

interface ReportProps {
  session: SessionView;
  report: ReportView;
  /** The session as a write of this report returned it (or as read again after a conflict). */
  onSession: (session: SessionView) => void;
}

function reportOf(session: SessionView, reportId: number): ReportView | undefined {
  return session.reports.find((report) => report.id === reportId);
}

/** After a 409: the session as it is now, to show the other person's values. */
async function readCurrent(date: string): Promise<SessionView> {
  return api.get<SessionView>(`/api/sessions/${date}`);
}

/**
 * A refused save: on a stale version (409) the session as it is now, for the conflict panel; any
 * other refusal (or a failed re-read) as a message.
 */
async function showSaveError(
  error: unknown,
  date: string,
  setConflict: (current: SessionView) => void,
  setFailure: (error: ApiError) => void,
): Promise<void> {
  if (!(error instanceof ApiError)) throw error;
  if (error.status !== 409) {
    setFailure(error);
    return;
  }
  try {
    setConflict(await readCurrent(date));
  } catch {
    setFailure(error);
  }
}

function SaveFailure(props: { error: ApiError; onReload: () => void }) {
  return (
    <Notice kind="error" live="alert" title="Enregistrement refusé">
      <p>{props.error.message}</p>
      {props.error.status === 409 ? (
        <button type="button" className="button button--secondary button--small" onClick={props.onReload}>
          Recharger la séance
        </button>
      ) : null}
    </Notice>
  );
}

// ---------------------------------------------------------------------------------------------
// Structures named in the proposals (the session gives their ids only)

function useStructureNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (key === '') return;
    const controller = new AbortController();
    void Promise.all(
      key.split(',').map((id) =>
        api
          .get<Structure>(`/api/structures/${id}`, { signal: controller.signal })
          .then((structure) => [id, structure.displayName] as const)
          .catch(() => [id, `structure n°${id}`] as const),
      ),
    ).then((entries) => {
      if (!controller.signal.aborted) setNames(new Map(entries));
    });
    return () => controller.abort();
  }, [key]);
  return names;
}

// ---------------------------------------------------------------------------------------------
// Conflicts of interest

function ConflictsBlock(props: ReportProps) {
  const { session, report } = props;
  const { can } = useSession();
  const byId = useMemo(() => membersById(session), [session]);
  const proposedIds = new Set(report.proposedConflicts.map((proposal) => proposal.memberId));
  const structureNames = useStructureNames(
    report.proposedConflicts.flatMap((proposal) =>
      proposal.structures.map((structure) => structure.structureId),
    ),
  );
  const seatsOf = (memberId: string) =>
    report.proposedConflicts
      .find((proposal) => proposal.memberId === memberId)
      ?.structures.map(
        (structure) =>
          `${structureNames.get(structure.structureId) ?? `structure n°${structure.structureId}`} (${structure.roles.join(', ')})`,
      )
      .join(' ; ');
  const confirmed = report.conflicted.flatMap((id) => byId.get(id) ?? []);
  const withSeats = report.proposedConflicts.length > 0;
  const pending = report.proposedConflicts.filter(
    (proposal) => !report.conflicted.includes(proposal.memberId),
  );

  return (
    <section className="committee-block" aria-labelledby={`rapport-${report.id}-interets-titre`}>
      <h3 id={`rapport-${report.id}-interets-titre`}>Élus intéressés à l’affaire</h3>
      {report.conflictStatement ? (
        <figure className="committee-quote">
          <figcaption>Mention de la délibération</figcaption>
          <blockquote>
            <p>{report.conflictStatement}</p>
          </blockquote>
        </figure>
      ) : (
        <p className="empty">Aucun élu intéressé à l’affaire n’est confirmé pour ce rapport.</p>
      )}
      {pending.length > 0 ? (
        <Notice
          kind="warning"
          title={`${plural(pending.length, 'élu proposé', 'élus proposés')} à confirmer`}
        >
          <p>
            D’après les sièges aux conseils des structures financées, ces élus devraient être déclarés
            intéressés à l’affaire : {pending.map((proposal) => proposal.label).join(', ')}.
          </p>
        </Notice>
      ) : null}
      {confirmed.length > 0 ? (
        <div className="table-wrapper">
          <table className="table table--compact">
            <caption>
              {plural(confirmed.length, 'élu intéressé', 'élus intéressés')} à l’affaire, confirmés par le
              secrétariat
            </caption>
            <thead>
              <tr>
                <th scope="col">Élu(e)</th>
                <th scope="col">Groupe</th>
                {withSeats ? <th scope="col">Siège au conseil d’une structure financée</th> : null}
              </tr>
            </thead>
            <tbody>
              {confirmed.map((member) => (
                <tr key={member.id}>
                  <th scope="row">{memberLabel(member)}</th>
                  <td>{member.group}</td>
                  {withSeats ? (
                    <td>{seatsOf(member.id) ?? <span className="muted">aucun siège connu</span>}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {report.proposedConflicts.length > 0 ? (
        <div className="table-wrapper">
          <table className="table table--compact">
            <caption>Élus proposés d’après leurs sièges aux conseils des structures financées</caption>
            <thead>
              <tr>
                <th scope="col">Élu(e)</th>
                <th scope="col">Structures et fonctions</th>
                <th scope="col">Statut</th>
              </tr>
            </thead>
            <tbody>
              {report.proposedConflicts.map((proposal) => (
                <tr key={proposal.memberId}>
                  <th scope="row">
                    {proposal.label}
                    {proposal.hasVotingRight ? null : (
                      <span className="muted"> (sans voix délibérative)</span>
                    )}
                  </th>
                  <td>{seatsOf(proposal.memberId)}</td>
                  <td>
                    {report.conflicted.includes(proposal.memberId) ? (
                      <Badge tone="success">confirmé</Badge>
                    ) : (
                      <Badge tone="warning">à confirmer</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">
          Aucun siège d’élu au conseil d’une structure financée par ce rapport n’est enregistré : aucune
          proposition automatique.
        </p>
      )}
      {can('committee:write') ? <ConflictsEditor {...props} proposedIds={proposedIds} /> : null}
    </section>
  );
}

function ConflictsEditor(props: ReportProps & { proposedIds: ReadonlySet<string> }) {
  const { session, report, onSession, proposedIds } = props;
  const current = useMemo(() => conflictDraftOf(session, report), [session, report]);
  const draft = useVersionedDraft<ConflictDraft>(report.version, current);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [conflict, setConflict] = useState<SessionView | null>(null);
  const [open, setOpen] = useState(false);
  const byId = useMemo(() => membersById(session), [session]);
  const prefix = `rapport-${report.id}-interet`;
  const checked = Object.values(draft.values).filter(Boolean).length;
  const groups = session.groupOrder.concat(
    [...new Set(session.members.map((member) => member.group))].filter(
      (group) => !session.groupOrder.includes(group),
    ),
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setFailure(null);
    setSaved(null);
    try {
      const memberIds = session.members
        .filter((member) => draft.values[member.id])
        .map((member) => member.id);
      const updated = await request<SessionView>('PUT', `/api/reports/${report.id}/conflicts`, {
        memberIds,
        version: draft.version,
      });
      onSession(updated);
      setSaved(`Élus intéressés à l’affaire enregistrés : ${plural(memberIds.length, 'élu', 'élus')}.`);
    } catch (error) {
      await showSaveError(error, session.date, setConflict, setFailure);
    } finally {
      setSending(false);
    }
  };

  const theirsReport = conflict ? reportOf(conflict, report.id) : undefined;
  const theirs = conflict && theirsReport ? conflictDraftOf(conflict, theirsReport) : null;

  return (
    <details
      className="details committee-editor"
      open={open}
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>Modifier la liste des élus intéressés à l’affaire</summary>
      {conflict && theirs && theirsReport ? (
        <ConflictPanel<ConflictDraft>
          title="Rapport modifié par quelqu’un d’autre"
          fields={session.members.map((member) => member.id)}
          label={(id) => labelOf(byId, String(id))}
          describe={(id, values) => (values[id] ? 'intéressé(e) à l’affaire' : 'non')}
          mine={draft.values}
          read={draft.read}
          theirs={theirs}
          onKeepMine={() => {
            draft.adopt(theirsReport.version, theirs, 'mine');
            onSession(conflict);
            setConflict(null);
          }}
          onTakeTheirs={() => {
            draft.adopt(theirsReport.version, theirs, 'theirs');
            onSession(conflict);
            setConflict(null);
          }}
        >
          <p>
            Pendant que vous la modifiiez, la liste des élus intéressés ou les votes de ce rapport ont été
            enregistrés par quelqu’un d’autre (version {theirsReport.version}). Rien n’a été écrasé :
            comparez, puis choisissez.
          </p>
        </ConflictPanel>
      ) : null}
      <form onSubmit={onSubmit} aria-label={`Élus intéressés à l’affaire du rapport n°${report.number}`}>
        <p className="field__hint" id={`${prefix}-aide`}>
          Cochez chaque élu qui siège au conseil d’une structure financée ou qui a un intérêt à l’affaire : il
          ne prendra part ni au débat ni au vote.{' '}
          {proposedIds.size > 0 ? 'Les élus proposés sont signalés.' : ''}
        </p>
        {groups.map((group) => {
          const members = session.members.filter((member) => member.group === group);
          if (members.length === 0) return null;
          return (
            <fieldset className="committee-fieldset" key={group} aria-describedby={`${prefix}-aide`}>
              <legend>{group}</legend>
              <div className="committee-checkboxes">
                {members.map((member) => {
                  const id = `${prefix}-${member.id}`;
                  const changed = draft.values[member.id] !== draft.read[member.id];
                  return (
                    <div className="checkbox" key={member.id}>
                      <input
                        type="checkbox"
                        id={id}
                        checked={draft.values[member.id] ?? false}
                        onChange={(event) => {
                          const value = event.target.checked;
                          draft.setValues((values) => ({ ...values, [member.id]: value }));
                        }}
                      />
                      <label htmlFor={id} className={changed ? 'committee-changed-label' : undefined}>
                        {memberLabel(member)}
                        {member.hasVotingRight ? null : (
                          <span className="muted"> (sans voix délibérative)</span>
                        )}
                        {proposedIds.has(member.id) ? (
                          <>
                            {' '}
                            <Badge tone="info">proposé</Badge>
                          </>
                        ) : null}
                      </label>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          );
        })}
        {failure ? (
          <SaveFailure error={failure} onReload={() => void readCurrent(session.date).then(onSession)} />
        ) : null}
        {saved && !draft.dirty ? (
          <Notice kind="success" live="status">
            <p>{saved}</p>
          </Notice>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button" disabled={sending || !draft.dirty}>
            {sending ? 'Enregistrement…' : 'Enregistrer les élus intéressés'}
          </button>
          {proposedIds.size > 0 ? (
            <button
              type="button"
              className="button button--secondary"
              onClick={() =>
                draft.setValues((values) => {
                  const next = { ...values };
                  for (const id of proposedIds) next[id] = true;
                  return next;
                })
              }
            >
              Cocher les élus proposés
            </button>
          ) : null}
          <button
            type="button"
            className="button button--tertiary"
            disabled={!draft.dirty}
            onClick={() => draft.reset()}
          >
            Annuler mes modifications
          </button>
          <span className="muted" aria-live="polite">
            {plural(checked, 'élu coché', 'élus cochés')}
            {draft.dirty ? ' — modifications non enregistrées' : ''}
          </span>
        </div>
      </form>
    </details>
  );
}

// ---------------------------------------------------------------------------------------------
// Votes

function VoteBlock(props: ReportProps) {
  const { session, report, onSession } = props;
  const { can } = useSession();
  const canWrite = can('committee:write');
  const byId = useMemo(() => membersById(session), [session]);
  const rows = useMemo(() => voters(session, report), [session, report]);
  const current = useMemo(() => voteDraftOf(session, report), [session, report]);
  const draft = useVersionedDraft<VoteDraft>(report.version, current);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [conflict, setConflict] = useState<SessionView | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const prefix = `rapport-${report.id}-vote`;
  const editable = rows.filter((row) => row.status.kind === 'votes');
  const changed = editable.filter((row) => draft.values[row.member.id] !== draft.read[row.member.id]).length;
  // Votes recorded for members who no longer hold one (set absent, or excused without delegation,
  // after their vote was entered): the tally refuses them until the votes are saved without them.
  const stale = useMemo(() => {
    const holding = new Set(rows.map((row) => row.member.id));
    return Object.keys(report.votes).flatMap((id) => (holding.has(id) ? [] : (byId.get(id) ?? [])));
  }, [rows, report.votes, byId]);
  const pending = draft.dirty || stale.length > 0;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setSaved(null);
    const empty = editable.filter((row) => !draft.values[row.member.id]);
    setMissing(empty.map((row) => memberLabel(row.member)));
    if (empty.length > 0) {
      const first = empty[0];
      if (first) tableRef.current?.querySelector<HTMLSelectElement>(`#${prefix}-${first.member.id}`)?.focus();
      return;
    }
    setSending(true);
    try {
      const votes: Record<string, VoteChoice> = {};
      for (const row of editable) {
        const choice = draft.values[row.member.id];
        if (choice) votes[row.member.id] = choice;
      }
      const updated = await request<SessionView>('PUT', `/api/reports/${report.id}/votes`, {
        votes,
        version: draft.version,
      });
      onSession(updated);
      const tally = reportOf(updated, report.id)?.tally;
      setSaved(
        tally
          ? `Votes enregistrés. ${tally.wordingParts
              .slice(0, 3)
              .map((part) => `${part.label} : ${part.count}${part.unit}`)
              .join(', ')} ${tally.outcomeWording}.`
          : 'Votes enregistrés.',
      );
    } catch (error) {
      await showSaveError(error, session.date, setConflict, setFailure);
    } finally {
      setSending(false);
    }
  };

  const theirsReport = conflict ? reportOf(conflict, report.id) : undefined;
  const theirs = conflict && theirsReport ? voteDraftOf(conflict, theirsReport) : null;
  const describeVote = (choice: VoteChoice | '' | undefined) =>
    choice === undefined ? 'pas de vote à saisir' : choice === '' ? 'non saisi' : voteLabel(choice);

  return (
    <section className="committee-block" aria-labelledby={`${prefix}-titre`}>
      <h3 id={`${prefix}-titre`}>Vote</h3>
      <form onSubmit={onSubmit} aria-label={`Votes du rapport n°${report.number}`}>
        {canWrite && editable.length > 0 ? (
          <div className="inline-actions committee-toolbar">
            <button
              type="button"
              className="button button--secondary button--small"
              aria-describedby={`${prefix}-tous-pour-aide`}
              onClick={() =>
                draft.setValues((values) => {
                  const next = { ...values };
                  for (const row of editable) next[row.member.id] = 'for';
                  return next;
                })
              }
            >
              Tous pour
            </button>
            <span className="muted" id={`${prefix}-tous-pour-aide`}>
              Met « pour » à chacun des {editable.length} élus qui votent ; rien n’est enregistré avant «
              Enregistrer les votes ».
            </span>
          </div>
        ) : null}
        <div className="table-wrapper">
          <table className="table table--compact committee-votes" ref={tableRef}>
            <caption>
              Vote de chaque élu sur le rapport n°{report.number} : {plural(rows.length, 'voix', 'voix')}{' '}
              (présents et délégations de vote)
            </caption>
            <thead>
              <tr>
                <th scope="col">Élu(e)</th>
                <th scope="col">Groupe</th>
                <th scope="col">Exprimé</th>
                <th scope="col">Vote</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ member, status }) => {
                const id = `${prefix}-${member.id}`;
                const value = draft.values[member.id];
                const rowChanged = status.kind === 'votes' && value !== draft.read[member.id];
                return (
                  <tr key={member.id} className={status.kind === 'votes' ? undefined : 'row--inactive'}>
                    <th scope="row">{memberLabel(member)}</th>
                    <td>{member.group}</td>
                    <td>
                      {status.proxyHolderId === null
                        ? 'En personne'
                        : `Par délégation à ${labelOf(byId, status.proxyHolderId)}`}
                    </td>
                    <td className={rowChanged ? 'cell--changed' : undefined}>
                      {status.kind === 'conflicted' ? (
                        <>
                          <Badge tone="neutral">{agree(member, 'déporté')}</Badge>{' '}
                          <span className="muted">ne prend pas part au vote</span>
                        </>
                      ) : status.kind === 'holder_conflicted' ? (
                        <>
                          <Badge tone="neutral">délégation non exercée</Badge>{' '}
                          <span className="muted">
                            {labelOf(byId, status.proxyHolderId)} ne prend pas part au vote
                          </span>
                        </>
                      ) : canWrite ? (
                        <>
                          <label className="visually-hidden" htmlFor={id}>
                            Vote de {memberLabel(member)}
                          </label>
                          <select
                            id={id}
                            className="committee-select"
                            value={value ?? ''}
                            aria-invalid={missing.length > 0 && !value ? true : undefined}
                            onChange={(event) => {
                              const choice = event.target.value as VoteChoice | '';
                              draft.setValues((values) => ({ ...values, [member.id]: choice }));
                            }}
                          >
                            {value ? null : <option value="">— à saisir —</option>}
                            {VOTE_CHOICES.map((choice) => (
                              <option key={choice} value={choice}>
                                {voteLabel(choice)}
                              </option>
                            ))}
                          </select>
                        </>
                      ) : value ? (
                        voteLabel(value)
                      ) : (
                        <span className="missing">non saisi</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {conflict && theirs && theirsReport ? (
          <ConflictPanel<VoteDraft>
            title="Rapport modifié par quelqu’un d’autre"
            fields={[...new Set([...Object.keys(draft.values), ...Object.keys(theirs)])]}
            label={(id) => labelOf(byId, String(id))}
            describe={(id, values) => describeVote(values[id])}
            mine={draft.values}
            read={draft.read}
            theirs={theirs}
            onKeepMine={() => {
              draft.adopt(theirsReport.version, theirs, 'mine');
              onSession(conflict);
              setConflict(null);
            }}
            onTakeTheirs={() => {
              draft.adopt(theirsReport.version, theirs, 'theirs');
              onSession(conflict);
              setConflict(null);
            }}
          >
            <p>
              Pendant que vous saisissiez les votes, ce rapport a été enregistré par quelqu’un d’autre
              (version {theirsReport.version}). Rien n’a été écrasé : comparez, puis choisissez.
            </p>
          </ConflictPanel>
        ) : null}
        {failure ? (
          <SaveFailure error={failure} onReload={() => void readCurrent(session.date).then(onSession)} />
        ) : null}
        {missing.length > 0 ? (
          <Notice kind="error" live="alert" title="Votes incomplets">
            <p>Choisissez le vote de : {missing.join(', ')}.</p>
          </Notice>
        ) : null}
        {saved && !pending ? (
          <Notice kind="success" live="status">
            <p>{saved}</p>
          </Notice>
        ) : null}
        {stale.length > 0 ? (
          <Notice kind="warning" title={stale.length === 1 ? 'Vote à retirer' : 'Votes à retirer'}>
            <p>
              {stale.length === 1 ? 'Un vote est enregistré' : 'Des votes sont enregistrés'} pour{' '}
              {stale
                .map(
                  (member) =>
                    `${memberLabel(member)} (${attendanceLabel(member, session.attendance[member.id]).toLocaleLowerCase('fr')}${member.hasVotingRight ? ' sans délégation de vote' : ', sans voix délibérative'})`,
                )
                .join(', ')}
              , {stale.length === 1 ? 'qui n’a' : 'qui n’ont'} plus de voix à cette séance.{' '}
              {canWrite
                ? `Le décompte ne peut pas être fait : « Enregistrer les votes » ${stale.length === 1 ? 'le' : 'les'} retire.`
                : 'Le secrétariat doit enregistrer les votes du rapport à nouveau pour le retirer.'}
            </p>
          </Notice>
        ) : null}
        {canWrite && editable.length > 0 ? (
          <div className="form-actions">
            <button type="submit" className="button" disabled={sending || !pending}>
              {sending ? 'Enregistrement…' : 'Enregistrer les votes'}
            </button>
            <button
              type="button"
              className="button button--tertiary"
              disabled={!draft.dirty}
              onClick={() => {
                draft.reset();
                setMissing([]);
              }}
            >
              Annuler mes modifications
            </button>
            <span className="muted" aria-live="polite">
              {draft.dirty
                ? `${plural(changed, 'vote modifié', 'votes modifiés')}, ${changed > 1 ? 'non enregistrés' : 'non enregistré'}`
                : stale.length > 0
                  ? `${plural(stale.length, 'vote à retirer', 'votes à retirer')}, non enregistré${stale.length > 1 ? 's' : ''}`
                  : ''}
            </span>
          </div>
        ) : null}
      </form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Tally

function TallyBlock(props: { report: ReportView }) {
  const { report } = props;
  const tally: TallyResult | null = report.tally;
  const id = `rapport-${report.id}-decompte`;
  return (
    <section className="committee-block" aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`}>Décompte</h3>
      {tally ? (
        <>
          <figure className="committee-quote committee-tally">
            <figcaption>Tel que la délibération l’écrit (votes enregistrés)</figcaption>
            <blockquote>
              {tally.wordingParts.map((part) => (
                <p key={part.label}>{formatWordingPart(part)}</p>
              ))}
              <p className="committee-tally__outcome">{tally.outcomeWording}</p>
            </blockquote>
          </figure>
          <dl className="committee-counts">
            <div>
              <dt>Pour</dt>
              <dd>{tally.counts.for}</dd>
            </div>
            <div>
              <dt>Contre</dt>
              <dd>{tally.counts.against}</dd>
            </div>
            <div>
              <dt>Abstention</dt>
              <dd>{tally.counts.abstention}</dd>
            </div>
            <div>
              <dt>Ne prennent pas part</dt>
              <dd>{tally.counts.notTakingPart}</dd>
            </div>
            <div>
              <dt>Absents sans délégation</dt>
              <dd>{tally.counts.absentWithoutProxy}</dd>
            </div>
            <div>
              <dt>Suffrages exprimés</dt>
              <dd>{tally.votesCast}</dd>
            </div>
            <div>
              <dt>Quorum</dt>
              <dd className="committee-counts__text">
                {tally.quorum.presentOrRepresented} présents ou représentés sur {tally.votingMembers} (
                {tally.quorum.required} requis){' '}
                {tally.quorum.reached ? (
                  <Badge tone="success">atteint</Badge>
                ) : (
                  <Badge tone="error">non atteint</Badge>
                )}
              </dd>
            </div>
            <div>
              <dt>Résultat</dt>
              <dd>
                {tally.adopted ? <Badge tone="success">adopté</Badge> : <Badge tone="error">rejeté</Badge>}
                {tally.decidedByCastingVote ? ' (voix prépondérante du président)' : ''}
              </dd>
            </div>
          </dl>
          {tally.notices.length > 0 ? (
            <Notice kind="info" title="Remarques pour le secrétariat">
              <ul>
                {tally.notices.map((notice) => (
                  <li key={notice}>{notice}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
        </>
      ) : (
        <Notice kind="warning" title="Le vote ne peut pas encore être décompté">
          <p>{report.tallyError ?? 'Votes non saisis.'}</p>
        </Notice>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------

function Opinions(props: { report: ReportView }) {
  if (props.report.opinions.length === 0) return <span className="muted">aucun</span>;
  return (
    <ul className="committee-plain-list">
      {props.report.opinions.map((opinion) => (
        <li key={`${opinion.commission}-${opinion.date}`}>
          {opinion.commission} : avis <strong>{opinion.opinion}</strong> du {formatDate(opinion.date)}
        </li>
      ))}
    </ul>
  );
}

export function ReportSection(props: ReportProps) {
  const { report } = props;
  return (
    <Section title={`Rapport n°${report.number}`} id={`rapport-${report.id}`}>
      <p className="committee-report-title">{report.title}</p>
      <dl className="description-list">
        <div className="description-list__item">
          <dt>Délibération</dt>
          <dd>{report.deliberationNumber ? `n°${report.deliberationNumber}` : 'numéro non attribué'}</dd>
        </div>
        <div className="description-list__item">
          <dt>Territoires</dt>
          <dd>{report.territories || '—'}</dd>
        </div>
        <div className="description-list__item">
          <dt>Avis des commissions</dt>
          <dd>
            <Opinions report={report} />
          </dd>
        </div>
        <div className="description-list__item">
          <dt>Demandes proposées</dt>
          <dd>
            {plural(report.applicationIds.length, 'demande')}
            {report.applicationIds.length > 0 ? (
              <>
                {' '}
                (<Link to="/demandes">voir les demandes</Link>)
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      <ConflictsBlock {...props} />
      <VoteBlock {...props} />
      <TallyBlock report={report} />
    </Section>
  );
}
