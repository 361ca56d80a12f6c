/**
 * Avenants of a convention: each with its state, effective date, the amounts before and after with
 * the French explanation of the computation, what it adds to (or gives back from) each budget line,
 * and its document (DOCX, PDF). For conventions:write, a form to propose one: its effective date and,
 * per line, the new quantity, end of period or amount (with its justification); the server's preview
 * (nothing saved) is shown before saving, and any change of the form asks for a new preview. For
 * committee:write, the vote of a proposed amendment; for conventions:write, its rejection or withdrawal.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Explanation } from '../../shared/Explanation.tsx';
import { Field, type FieldErrors } from '../../shared/form.tsx';
import {
  formatDate,
  formatEuros,
  formatEurosSigned,
  formatQuantity,
  parseDateInput,
  parseDecimalInput,
  parseEurosInput,
} from '../../shared/format.ts';
import { Amount, Badge, Notice, Section } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import { DateField, reasonsOf } from './action.tsx';
import { AMENDMENT_STATE_TONES, requiredDate, todayText } from './convention-format.ts';
import { SmallForm } from './SmallForm.tsx';
import type { AmendmentView, ConventionDetail, ConventionLineDetail } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Reading an amendment

function AmendmentLines(props: { amendment: AmendmentView; caption: string }) {
  const { amendment } = props;
  return (
    <div className="table-wrapper">
      <table className="table table--compact">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Ligne</th>
            <th scope="col" className="numeric">
              Avant
            </th>
            <th scope="col" className="numeric">
              Après
            </th>
            <th scope="col" className="numeric">
              Écart
            </th>
            <th scope="col">Calcul</th>
          </tr>
        </thead>
        <tbody>
          {amendment.lines.map((line) => (
            <tr key={line.conventionLineId}>
              <th scope="row">
                {line.label}
                <span className="cell-detail line-code">{line.budgetLineCode}</span>
              </th>
              <td className="numeric">
                <Amount cents={line.amountBeforeCents} />
              </td>
              <td className="numeric">
                <Amount cents={line.amountAfterCents} />
                {line.computedAmountAfterCents !== null &&
                line.computedAmountAfterCents !== line.amountAfterCents ? (
                  <span className="cell-detail">
                    règle : <Amount cents={line.computedAmountAfterCents} />
                  </span>
                ) : null}
              </td>
              <td className="numeric nowrap">
                <span className={line.deltaCents < 0 ? 'amount amount--negative' : 'amount'}>
                  {formatEurosSigned(line.deltaCents)}
                </span>
              </td>
              <td>
                <Explanation text={line.explanation} />
                {line.justification ? (
                  <p className="cell-detail">Justification : {line.justification}</p>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BudgetDeltas(props: { amendment: AmendmentView }) {
  const { budgetDeltas } = props.amendment;
  if (budgetDeltas.length === 0) return <p className="muted">Aucun effet sur les lignes budgétaires.</p>;
  return (
    <ul className="convention-budget-deltas">
      {budgetDeltas.map((delta) => (
        <li key={delta.budgetLineCode}>
          Ligne budgétaire <span className="line-code">{delta.budgetLineCode}</span> :{' '}
          <span className={delta.deltaCents < 0 ? 'amount amount--negative' : 'amount'}>
            {formatEurosSigned(delta.deltaCents)}
          </span>{' '}
          {delta.deltaCents > 0
            ? '(engagement supplémentaire, réservé dès la proposition)'
            : delta.deltaCents < 0
              ? '(rendu à la ligne une fois l’avenant voté)'
              : ''}
        </li>
      ))}
    </ul>
  );
}

function AmendmentBlock(props: {
  convention: ConventionDetail;
  amendment: AmendmentView;
  onChanged: (message: string) => void;
  onReload: () => void;
}) {
  const { amendment } = props;
  const { can } = useSession();
  const [open, setOpen] = useState<'vote' | 'close' | null>(null);
  const headingId = `avenant-${amendment.id}-titre`;
  const name = `Avenant n°${amendment.rank}`;
  return (
    <article className="convention-amendment" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {name} <Badge tone={AMENDMENT_STATE_TONES[amendment.state]}>{amendment.stateLabel}</Badge>
      </h3>
      <dl className="description-list">
        <div className="description-list__item">
          <dt>Prend effet le</dt>
          <dd>{formatDate(amendment.effectiveFrom)}</dd>
        </div>
        <div className="description-list__item">
          <dt>Montant de la convention</dt>
          <dd>
            {formatEuros(amendment.amountBeforeCents)} →{' '}
            <strong>{formatEuros(amendment.amountAfterCents)}</strong> (
            <span className={amendment.deltaCents < 0 ? 'amount amount--negative' : 'amount'}>
              {formatEurosSigned(amendment.deltaCents)}
            </span>
            )
          </dd>
        </div>
        <div className="description-list__item">
          <dt>Proposé</dt>
          <dd>
            le {formatDate(amendment.proposedOn)} par {amendment.proposedBy}
          </dd>
        </div>
        {amendment.decidedOn ? (
          <div className="description-list__item">
            <dt>{amendment.state === 'withdrawn' ? 'Retiré' : 'Décision'}</dt>
            <dd>
              le {formatDate(amendment.decidedOn)}
              {amendment.decisionRef ? ` — ${amendment.decisionRef}` : ''}
            </dd>
          </div>
        ) : null}
        <div className="description-list__item">
          <dt>Document</dt>
          <dd className="inline-actions">
            <a href={`/api/amendments/${amendment.id}/document?format=docx`} download>
              DOCX<span className="visually-hidden"> : {name}</span>
            </a>
            <a href={`/api/amendments/${amendment.id}/document?format=pdf`} target="_blank" rel="noopener">
              PDF<span className="visually-hidden"> : {name} (nouvel onglet)</span>
            </a>
          </dd>
        </div>
      </dl>
      <Explanation text={amendment.explanation} />
      <AmendmentLines amendment={amendment} caption={`Lignes modifiées par l’${name.toLowerCase()}`} />
      <BudgetDeltas amendment={amendment} />
      {amendment.state === 'proposed' && (can('committee:write') || can('conventions:write')) ? (
        <div className="inline-actions convention-amendment__decide">
          {can('committee:write') ? (
            <button
              type="button"
              className="button button--secondary button--small"
              aria-expanded={open === 'vote'}
              onClick={() => setOpen(open === 'vote' ? null : 'vote')}
            >
              Enregistrer le vote<span className="visually-hidden"> de l’{name.toLowerCase()}</span>
            </button>
          ) : null}
          {can('conventions:write') ? (
            <button
              type="button"
              className="button button--danger button--small"
              aria-expanded={open === 'close'}
              onClick={() => setOpen(open === 'close' ? null : 'close')}
            >
              Rejeter ou retirer<span className="visually-hidden"> l’{name.toLowerCase()}</span>
            </button>
          ) : null}
        </div>
      ) : null}
      {open === 'vote' ? (
        <SmallForm
          id={`avenant-${amendment.id}-vote`}
          title={`Vote de l’${name.toLowerCase()} par la Commission Permanente`}
          fields={[
            { key: 'votedOn', kind: 'date', label: 'Voté le', initial: todayText() },
            {
              key: 'decisionRef',
              kind: 'text',
              label: 'Délibération',
              hint: 'Numéro de la délibération, par exemple 2023-412.',
            },
          ]}
          submitLabel="Enregistrer le vote"
          send={(values) =>
            api.post<AmendmentView>(`/api/amendments/${amendment.id}/vote`, {
              ...values,
              version: amendment.version,
            })
          }
          onDone={(updated) => {
            setOpen(null);
            props.onChanged(
              `Avenant n°${updated.rank} voté le ${formatDate(updated.decidedOn)} : il prend effet le ${formatDate(updated.effectiveFrom)}.`,
            );
          }}
          onCancel={() => setOpen(null)}
          onReload={props.onReload}
        />
      ) : null}
      {open === 'close' ? (
        <SmallForm
          id={`avenant-${amendment.id}-cloture`}
          title={`Rejet ou retrait de l’${name.toLowerCase()}`}
          fields={[
            {
              key: 'to',
              kind: 'select',
              label: 'Décision',
              initial: 'rejected',
              options: [
                { value: 'rejected', label: 'Rejeté par la commission' },
                { value: 'withdrawn', label: 'Retiré avant le vote' },
              ],
            },
            { key: 'on', kind: 'date', label: 'Le', initial: todayText() },
            {
              key: 'decisionRef',
              kind: 'text',
              label: 'Délibération ou motif du retrait',
            },
          ]}
          submitLabel="Enregistrer la décision"
          danger
          send={(values) =>
            api.post<AmendmentView>(`/api/amendments/${amendment.id}/close`, {
              ...values,
              version: amendment.version,
            })
          }
          onDone={(updated) => {
            setOpen(null);
            props.onChanged(
              `Avenant n°${updated.rank} ${updated.state === 'withdrawn' ? 'retiré' : 'rejeté'} : l’engagement qu’il réservait est rendu.`,
            );
          }}
          onCancel={() => setOpen(null)}
          onReload={props.onReload}
        />
      ) : null}
    </article>
  );
}

// ---------------------------------------------------------------------------------------------
// Proposing an amendment

interface LineDraft {
  quantity: string;
  periodEnd: string;
  amount: string;
  justification: string;
}

const EMPTY_LINE: LineDraft = { quantity: '', periodEnd: '', amount: '', justification: '' };

interface ChangeBody {
  conventionLineId: number;
  quantity?: number | null;
  periodEnd?: string | null;
  amountCents?: number | null;
  justification?: string | null;
}

interface AmendmentBody {
  effectiveFrom: string;
  changes: ChangeBody[];
}

/** The body the form describes, or the message of each field the client refuses ("12.quantity"). */
function bodyOf(
  lines: readonly ConventionLineDetail[],
  effectiveFrom: string,
  drafts: Readonly<Record<number, LineDraft>>,
): { body: AmendmentBody | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const effective = requiredDate(effectiveFrom, 'la date de prise d’effet');
  if (effective.error) errors.effectiveFrom = effective.error;
  const changes: ChangeBody[] = [];
  for (const line of lines) {
    const draft = drafts[line.id] ?? EMPTY_LINE;
    if (Object.values(draft).every((value) => value.trim() === '')) continue;
    const change: ChangeBody = { conventionLineId: line.id };
    const quantity = parseDecimalInput(draft.quantity, 'La quantité');
    if (!quantity.ok) errors[`${line.id}.quantity`] = quantity.message;
    else if (quantity.value !== null) change.quantity = quantity.value;
    const periodEnd = parseDateInput(draft.periodEnd, 'fin de période');
    if (!periodEnd.ok) errors[`${line.id}.periodEnd`] = periodEnd.message;
    else if (periodEnd.value !== null) change.periodEnd = periodEnd.value;
    const amount = parseEurosInput(draft.amount, 'Montant après avenant');
    if (!amount.ok) errors[`${line.id}.amountCents`] = amount.message;
    else if (amount.value !== null) change.amountCents = amount.value;
    if (draft.justification.trim() !== '') change.justification = draft.justification.trim();
    else if (change.amountCents !== undefined)
      errors[`${line.id}.justification`] = 'Justifiez le montant saisi (il remplace le calcul de la règle).';
    if (change.quantity === undefined && change.periodEnd === undefined && change.amountCents === undefined)
      errors[`${line.id}.quantity`] ??=
        'Indiquez la nouvelle quantité, la nouvelle fin de période ou le montant.';
    changes.push(change);
  }
  if (changes.length === 0 && !errors.effectiveFrom)
    errors.changes = 'Modifiez au moins une ligne : quantité, fin de période ou montant.';
  if (Object.keys(errors).length > 0 || !effective.value) return { body: null, errors };
  return { body: { effectiveFrom: effective.value, changes }, errors };
}

/** The server's field messages ("changes.0.quantity") on the form's fields ("12.quantity"). */
function serverErrorsOf(error: ApiError, body: AmendmentBody): { fields: FieldErrors; others: string[] } {
  const fields: FieldErrors = {};
  const others: string[] = [];
  for (const issue of error.fields) {
    const path = issue.field.replace(/^body\.?/, '');
    const match = /^changes\.(\d+)\.(\w+)/.exec(path);
    const change = match ? body.changes[Number(match[1])] : undefined;
    if (match && change) fields[`${change.conventionLineId}.${match[2]}`] = issue.message;
    else if (path === 'effectiveFrom') fields.effectiveFrom = issue.message;
    else others.push(issue.message);
  }
  if (error.fields.length === 0)
    others.push(...(reasonsOf(error).length > 0 ? reasonsOf(error) : [error.message]));
  return { fields, others };
}

function ProposeForm(props: {
  convention: ConventionDetail;
  onDone: (amendment: AmendmentView) => void;
  onCancel: () => void;
}) {
  const { convention } = props;
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [drafts, setDrafts] = useState<Record<number, LineDraft>>({});
  const [attempted, setAttempted] = useState(false);
  const [serverFields, setServerFields] = useState<FieldErrors>({});
  const [others, setOthers] = useState<string[]>([]);
  const [preview, setPreview] = useState<{ key: string; amendment: AmendmentView } | null>(null);
  const [sending, setSending] = useState<'preview' | 'save' | null>(null);
  const { body, errors } = useMemo(
    () => bodyOf(convention.lines, effectiveFrom, drafts),
    [convention.lines, effectiveFrom, drafts],
  );
  const bodyKey = body ? JSON.stringify(body) : '';
  const current = preview && preview.key === bodyKey ? preview.amendment : null;
  const errorFor = (key: string) => serverFields[key] ?? (attempted ? errors[key] : undefined);

  const change = (lineId: number, key: keyof LineDraft, value: string) => {
    setDrafts((all) => ({ ...all, [lineId]: { ...(all[lineId] ?? EMPTY_LINE), [key]: value } }));
    setServerFields(({ [`${lineId}.${key}`]: _removed, ...rest }) => rest);
  };

  const send = async (what: 'preview' | 'save') => {
    setAttempted(true);
    setOthers([]);
    setServerFields({});
    if (!body) return;
    setSending(what);
    try {
      const path = `/api/conventions/${convention.id}/amendments${what === 'preview' ? '/preview' : ''}`;
      const amendment = await api.post<AmendmentView>(path, body);
      if (what === 'preview') setPreview({ key: bodyKey, amendment });
      else props.onDone(amendment);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const mapped = serverErrorsOf(error, body);
      setServerFields(mapped.fields);
      setOthers(mapped.others);
      setPreview(null);
    } finally {
      setSending(null);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send(current ? 'save' : 'preview');
  };

  return (
    <form
      className="convention-form-panel"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="avenant-nouveau-titre"
    >
      <h3 id="avenant-nouveau-titre">Proposer un avenant</h3>
      <p className="muted">
        L’avenant prend effet à sa date une fois voté par la Commission Permanente ; son montant est l’écart
        que la modification produit, au prorata temporis. Laissez vides les lignes qui ne changent pas.
      </p>
      {others.length > 0 ? (
        <Notice kind="error" live="alert" title="Avenant refusé">
          <ul className="convention-reasons">
            {others.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {attempted && errors.changes ? (
        <Notice kind="error" live="alert">
          <p>{errors.changes}</p>
        </Notice>
      ) : null}
      <DateField
        id="avenant-effet"
        label="Prend effet le"
        hint="JJ/MM/AAAA ; un jour de la période de la convention."
        required
        value={effectiveFrom}
        error={errorFor('effectiveFrom')}
        onChange={(value) => {
          setEffectiveFrom(value);
          setServerFields(({ effectiveFrom: _removed, ...rest }) => rest);
        }}
      />
      {convention.lines.map((line) => {
        const draft = drafts[line.id] ?? EMPTY_LINE;
        const last = line.segments.at(-1);
        const id = `avenant-ligne-${line.id}`;
        return (
          <fieldset key={line.id} className="form-section convention-amendment-line">
            <legend>
              {line.applicationReference} — {line.label}
            </legend>
            <p className="field__hint">
              Aujourd’hui : {formatEuros(line.amountCents)}
              {last ? `, ${formatQuantity(last.quantity, line.unit)} jusqu’au ${formatDate(last.end)}` : ''}.
            </p>
            <div className="form-grid form-grid--4">
              <Field id={`${id}-quantite`} label="Nouvelle quantité" error={errorFor(`${line.id}.quantity`)}>
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    value={draft.quantity}
                    onChange={(event) => change(line.id, 'quantity', event.target.value)}
                  />
                )}
              </Field>
              <DateField
                id={`${id}-fin`}
                label="Nouvelle fin de période"
                value={draft.periodEnd}
                error={errorFor(`${line.id}.periodEnd`)}
                onChange={(value) => change(line.id, 'periodEnd', value)}
              />
              <Field
                id={`${id}-montant`}
                label="Montant après avenant (€)"
                hint="Seulement pour remplacer le calcul."
                error={errorFor(`${line.id}.amountCents`)}
              >
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    className="input--amount"
                    value={draft.amount}
                    onChange={(event) => change(line.id, 'amount', event.target.value)}
                  />
                )}
              </Field>
              <Field
                id={`${id}-justification`}
                label="Justification"
                error={errorFor(`${line.id}.justification`)}
              >
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    autoComplete="off"
                    value={draft.justification}
                    onChange={(event) => change(line.id, 'justification', event.target.value)}
                  />
                )}
              </Field>
            </div>
          </fieldset>
        );
      })}
      <div aria-live="polite">
        {current ? (
          <div className="computed convention-preview">
            <p className="computed__label">Aperçu de l’avenant (non enregistré)</p>
            <p className="computed__value">
              {formatEuros(current.amountBeforeCents)} → {formatEuros(current.amountAfterCents)} (
              {formatEurosSigned(current.deltaCents)})
            </p>
            <Explanation text={current.explanation} />
            <AmendmentLines amendment={current} caption="Lignes modifiées (aperçu)" />
            <BudgetDeltas amendment={current} />
          </div>
        ) : preview ? (
          <p className="muted">
            Le formulaire a changé depuis l’aperçu : calculez-le à nouveau avant d’enregistrer.
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        <button
          type="button"
          className={current ? 'button button--secondary' : 'button'}
          disabled={sending !== null}
          onClick={() => void send('preview')}
        >
          {sending === 'preview' ? 'Calcul…' : 'Calculer l’avenant'}
        </button>
        <button type="submit" className="button" disabled={sending !== null || !current}>
          {sending === 'save' ? 'Enregistrement…' : 'Enregistrer l’avenant'}
        </button>
        <button type="button" className="button button--tertiary" onClick={props.onCancel}>
          Annuler
        </button>
        {!current ? <span className="muted">L’avenant s’enregistre après son aperçu.</span> : null}
      </div>
    </form>
  );
}

export function Amendments(props: { convention: ConventionDetail; onReload: () => void }) {
  const { convention } = props;
  const { can } = useSession();
  const [proposing, setProposing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const pending = convention.amendments.some((amendment) => amendment.state === 'proposed');
  const binding = convention.state === 'signed' || convention.state === 'in_force';
  const onChanged = (text: string) => {
    setMessage(text);
    props.onReload();
  };

  return (
    <Section title="Avenants" id="avenants">
      {message ? (
        <Notice kind="success" live="status">
          <p>{message}</p>
        </Notice>
      ) : null}
      {convention.amendments.length === 0 ? <p className="empty">Aucun avenant.</p> : null}
      {convention.amendments.map((amendment) => (
        <AmendmentBlock
          key={amendment.id}
          convention={convention}
          amendment={amendment}
          onChanged={onChanged}
          onReload={props.onReload}
        />
      ))}
      {can('conventions:write') && binding ? (
        proposing ? (
          <ProposeForm
            convention={convention}
            onDone={(amendment) => {
              setProposing(false);
              onChanged(
                `Avenant n°${amendment.rank} proposé (${formatEurosSigned(amendment.deltaCents)}) : il prendra effet le ${formatDate(amendment.effectiveFrom)} une fois voté.`,
              );
            }}
            onCancel={() => setProposing(false)}
          />
        ) : pending ? (
          <p className="muted">
            Un avenant est en attente du vote : le suivant se calcule une fois celui-ci décidé.
          </p>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={false}
            onClick={() => {
              setMessage(null);
              setProposing(true);
            }}
          >
            Proposer un avenant
          </button>
        )
      ) : null}
    </Section>
  );
}
