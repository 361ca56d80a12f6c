/**
 * Élus et conseils: the elected members with the boards of structures they sit on, the source of
 * the members proposed as "intéressés à l'affaire" on a session's reports. With committee:write, a
 * seat is added (structure searched and picked, role typed or suggested) or removed; the server's
 * messages show beside their field and the input is kept.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, query, request } from '../../shared/api.ts';
import {
  ErrorSummary,
  errorsFromServer,
  Field,
  type FieldErrors,
  summaryItems,
  useForm,
} from '../../shared/form.tsx';
import { plural } from '../../shared/format.ts';
import { ErrorNotice, Loading, Notice, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { useSession } from '../identity/session.tsx';
import { StructurePicker } from '../structures/StructurePicker.tsx';
import { memberLabel } from './committee-format.ts';
import type { MemberWithSeats } from './types.ts';

type Seat = MemberWithSeats['seats'][number];

/** The roles offered as the user types (any other may be written). */
const ROLE_SUGGESTIONS = ['administrateur', 'président', 'représentant du Département'];
const ROLES_LIST_ID = 'elus-qualites';

interface SeatValues {
  structureId: string;
  structureName: string;
  role: string;
}

const EMPTY_SEAT: SeatValues = { structureId: '', structureName: '', role: '' };

/** The server's rules (committee.routes.ts, seatBody), with its messages. */
function validateSeat(values: SeatValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!/^\d+$/.test(values.structureId)) errors.structureId = 'Choisissez une structure dans la liste.';
  const role = values.role.trim();
  if (role.length < 2)
    errors.role = 'qualité attendue (administrateur, président, représentant du Département…)';
  else if (role.length > 200) errors.role = 'qualité trop longue : 200 caractères au plus';
  return errors;
}

function seatLabel(member: MemberWithSeats, seat: Pick<Seat, 'structureName' | 'role'>): string {
  return `${memberLabel(member)} au conseil de ${seat.structureName} (${seat.role})`;
}

const addButtonId = (member: MemberWithSeats) => `elu-${member.id}-ajouter`;
const formId = (member: MemberWithSeats) => `elu-${member.id}-siege`;

function SeatForm(props: {
  member: MemberWithSeats;
  onAdded: (members: MemberWithSeats[], seat: SeatValues) => void;
  onCancel: () => void;
}) {
  const { member } = props;
  const id = formId(member);
  const form = useForm<SeatValues>(EMPTY_SEAT, validateSeat);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [attempts, setAttempts] = useState(0);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    document.getElementById(`${id}-structure-recherche`)?.focus();
  }, [id]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!form.attemptSubmit()) {
      setAttempts((value) => value + 1);
      return;
    }
    setSending(true);
    try {
      const members = await request<MemberWithSeats[]>('POST', `/api/members/${member.id}/board-seats`, {
        structureId: Number(form.values.structureId),
        role: form.values.role.trim(),
      });
      props.onAdded(members, { ...form.values, role: form.values.role.trim() });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.fields.length > 0) form.setServerErrors(errorsFromServer(error.fields));
      else setFailure(error);
      setAttempts((value) => value + 1);
    } finally {
      setSending(false);
    }
  };

  const items = summaryItems(
    [
      { key: 'structureId', target: `${id}-structure`, label: 'Structure' },
      { key: 'role', target: `${id}-qualite`, label: 'Qualité' },
    ],
    form,
  );

  return (
    <form
      id={id}
      className="members-form"
      noValidate
      onSubmit={onSubmit}
      aria-label={`Ajouter un siège à ${memberLabel(member)}`}
    >
      <p className="members-form__title">
        Nouveau siège de <strong>{memberLabel(member)}</strong> au conseil d’une structure
      </p>
      {failure ? (
        <Notice kind="error" live="alert" title="Ajout refusé">
          <p>{failure.message}</p>
        </Notice>
      ) : null}
      <ErrorSummary items={items} generation={attempts} />
      <div className="members-form__fields">
        <StructurePicker
          id={`${id}-structure`}
          value={form.values.structureId}
          selectedName={form.values.structureName}
          onChange={(structureId, name) => {
            form.set('structureId', structureId);
            form.set('structureName', name);
          }}
          onBlur={() => form.touch('structureId')}
          error={form.errorFor('structureId')}
        />
        <Field
          id={`${id}-qualite`}
          label="Qualité"
          hint="Par exemple : administrateur, président, représentant du Département."
          required
          error={form.errorFor('role')}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              list={ROLES_LIST_ID}
              autoComplete="off"
              maxLength={250}
              value={form.values.role}
              onChange={(event) => form.set('role', event.target.value)}
              onBlur={() => form.touch('role')}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Ajout…' : 'Ajouter le siège'}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          Annuler<span className="visually-hidden"> l’ajout d’un siège à {memberLabel(member)}</span>
        </button>
      </div>
    </form>
  );
}

interface Change {
  memberId: string;
  kind: 'success' | 'error';
  text: string;
}

export function MembersPage() {
  const { can } = useSession();
  const writer = can('committee:write');
  const { data, error, loading, reload, setData } = useApi<MemberWithSeats[]>('/api/members');
  const [open, setOpen] = useState<string | null>(null);
  const [change, setChange] = useState<Change | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [focusTarget, setFocusTarget] = useState<{ id: string; generation: number } | null>(null);

  useEffect(() => {
    if (focusTarget) document.getElementById(focusTarget.id)?.focus();
  }, [focusTarget]);
  const focusLater = useCallback(
    (id: string) => setFocusTarget((current) => ({ id, generation: (current?.generation ?? 0) + 1 })),
    [],
  );

  const remove = async (member: MemberWithSeats, seat: Seat) => {
    const key = `${member.id}-${seat.structureId}-${seat.role}`;
    setRemoving(key);
    setChange(null);
    try {
      const members = await api.delete<MemberWithSeats[]>(
        `/api/members/${member.id}/board-seats${query({ structureId: seat.structureId, role: seat.role })}`,
      );
      setData(members);
      setChange({ memberId: member.id, kind: 'success', text: `Siège retiré : ${seatLabel(member, seat)}.` });
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setChange({ memberId: member.id, kind: 'error', text: `Retrait refusé : ${caught.message}` });
    } finally {
      setRemoving(null);
      if (writer) focusLater(addButtonId(member));
    }
  };

  const seatCount = data?.reduce((total, member) => total + member.seats.length, 0) ?? 0;

  return (
    <>
      <PageHeader
        title="Élus et conseils"
        crumbs={[{ label: 'Séances', to: '/seances' }]}
        subtitle="Les élus de la Commission Permanente et les conseils des structures où ils siègent : un élu qui siège au conseil d’une structure financée par un rapport est proposé comme intéressé à l’affaire."
      />
      {/* Announces each addition or removal; the visible message is in the member's row. */}
      <div className="visually-hidden" role="status">
        {change?.kind === 'success' ? change.text : ''}
      </div>
      <div className="visually-hidden" role="alert">
        {change?.kind === 'error' ? change.text : ''}
      </div>
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading what="des élus" /> : null}
      {data && data.length === 0 ? <p className="empty">Aucun élu enregistré.</p> : null}
      {data && data.length > 0 ? (
        <div className="table-wrapper">
          <table className="table">
            <caption>
              {plural(data.length, 'élu')} de la Commission Permanente,{' '}
              {plural(seatCount, 'siège enregistré', 'sièges enregistrés')} aux conseils des structures
            </caption>
            <thead>
              <tr>
                <th scope="col">Élu(e)</th>
                <th scope="col">Groupe</th>
                <th scope="col">Sièges aux conseils des structures</th>
                {writer ? <th scope="col">Action</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.map((member) => {
                const label = memberLabel(member);
                const isOpen = open === member.id;
                return [
                  <tr key={member.id}>
                    <th scope="row">
                      {label}
                      {member.hasVotingRight ? null : (
                        <span className="muted"> (sans voix délibérative)</span>
                      )}
                    </th>
                    <td>{member.group}</td>
                    <td>
                      {member.seats.length === 0 ? (
                        <span className="muted">aucun siège enregistré</span>
                      ) : (
                        <ul className="members-seats">
                          {member.seats.map((seat) => {
                            const key = `${member.id}-${seat.structureId}-${seat.role}`;
                            return (
                              <li key={key} className="members-seat">
                                <span>
                                  <Link to={`/structures/${seat.structureId}`}>{seat.structureName}</Link> :{' '}
                                  {seat.role}
                                </span>
                                {writer ? (
                                  <button
                                    type="button"
                                    className="button button--secondary button--small"
                                    aria-label={`Retirer le siège de ${seatLabel(member, seat)}`}
                                    disabled={removing === key}
                                    onClick={() => void remove(member, seat)}
                                  >
                                    {removing === key ? 'Retrait…' : 'Retirer'}
                                  </button>
                                ) : null}
                              </li>
                            );
                          })}
                        </ul>
                      )}
                      {change?.memberId === member.id ? (
                        <p className={`members-change members-change--${change.kind}`}>{change.text}</p>
                      ) : null}
                    </td>
                    {writer ? (
                      <td>
                        <button
                          type="button"
                          id={addButtonId(member)}
                          className="button button--secondary button--small nowrap"
                          aria-expanded={isOpen}
                          aria-controls={isOpen ? formId(member) : undefined}
                          onClick={() => {
                            setChange(null);
                            setOpen(isOpen ? null : member.id);
                          }}
                        >
                          Ajouter un siège<span className="visually-hidden"> à {label}</span>
                        </button>
                      </td>
                    ) : null}
                  </tr>,
                  isOpen ? (
                    <tr key={`${member.id}-formulaire`}>
                      <td colSpan={4} className="members-form-cell">
                        <SeatForm
                          member={member}
                          onAdded={(members, seat) => {
                            setData(members);
                            setOpen(null);
                            setChange({
                              memberId: member.id,
                              kind: 'success',
                              text: `Siège ajouté : ${seatLabel(member, seat)}.`,
                            });
                            focusLater(addButtonId(member));
                          }}
                          onCancel={() => {
                            setOpen(null);
                            focusLater(addButtonId(member));
                          }}
                        />
                      </td>
                    </tr>
                  ) : null,
                ];
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <datalist id={ROLES_LIST_ID}>
        {ROLE_SUGGESTIONS.map((role) => (
          <option key={role} value={role} />
        ))}
      </datalist>
    </>
  );
}
