/**
 * Creating (/demandes/nouvelle) and editing (/demandes/:id/modifier) an application, validated as
 * the user types with the server's schema. The amount the rule gives is computed in the browser by
 * the server's engine, so that a retained amount departing from it asks for its justification
 * before sending. An edit sends the version read: if somebody saved in between, the other person's
 * values are shown beside the user's and nothing is overwritten until the user decides.
 */
import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { QUANTITY_UNITS, UNIT_LABELS } from '../../../../src/modules/applications/applications.schemas.ts';
import { useReferenceData } from '../../app/reference-data.tsx';
import { ApiError, api, query } from '../../shared/api.ts';
import { ConflictPanel, rebaseValues } from '../../shared/Conflict.tsx';
import { Explanation } from '../../shared/Explanation.tsx';
import {
  ErrorSummary,
  errorsFromServer,
  Field,
  FieldGroup,
  type FormState,
  summaryItems,
  useForm,
} from '../../shared/form.tsx';
import {
  eurosInputValue,
  formatDate,
  formatEuros,
  formatEurosSigned,
  formatQuantity,
  parseDateInput,
  parseEurosInput,
} from '../../shared/format.ts';
import { Amount, ErrorNotice, Loading, Notice, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { type CallTree, type Operation, operationNumber, ruleInForce } from '../calls/types.ts';
import { useSession } from '../identity/session.tsx';
import { StructurePicker } from '../structures/StructurePicker.tsx';
import type { SavedLocationState } from './ApplicationPage.tsx';
import {
  type AmendedConvention,
  type ApplicationValues,
  changedFields,
  describeValue,
  EMPTY_VALUES,
  FIELD_LABELS,
  FIELD_ORDER,
  FIELD_TARGETS,
  previewComputation,
  type QuantityUnit,
  type SiaeType,
  toInput,
  validateApplication,
  valuesFromApplication,
} from './application-form.ts';
import { isEditable, STATE_LABELS } from './states.ts';
import type { Application, ApplicationDetail, ApplicationList } from './types.ts';

const SUMMARY_FIELDS = FIELD_ORDER.map((key) => ({
  key,
  target: FIELD_TARGETS[key],
  label: FIELD_LABELS[key],
}));

function findOperation(tree: CallTree | undefined, id: string): Operation | undefined {
  return tree?.themes.flatMap((theme) => theme.operations).find((operation) => String(operation.id) === id);
}

type Mode =
  | { kind: 'create'; callCode: string; structure?: { id: string; name: string } }
  | { kind: 'edit'; application: ApplicationDetail };

function MoneyInput(props: {
  form: FormState<ApplicationValues>;
  name: 'directCostsCents' | 'externalServicesCents' | 'requestedCents' | 'retainedCents';
  hint?: string;
}) {
  const { form, name } = props;
  return (
    <Field
      id={FIELD_TARGETS[name]}
      label={`${FIELD_LABELS[name]} (€)`}
      hint={props.hint}
      error={form.errorFor(name)}
    >
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          className="input--amount"
          value={form.values[name]}
          onChange={(event) => form.set(name, event.target.value)}
          onBlur={() => {
            form.touch(name);
            // Show the amount as it will be read: "1234,5" → "1 234,50".
            const parsed = parseEurosInput(form.values[name], '');
            if (parsed.ok && parsed.value !== null) form.set(name, eurosInputValue(parsed.value));
          }}
        />
      )}
    </Field>
  );
}

function DateInput(props: {
  form: FormState<ApplicationValues>;
  name: 'periodStart' | 'periodEnd' | 'effectiveFrom';
  required?: boolean;
}) {
  const { form, name } = props;
  return (
    <Field
      id={FIELD_TARGETS[name]}
      label={FIELD_LABELS[name]}
      hint="JJ/MM/AAAA"
      required={props.required ?? false}
      error={form.errorFor(name)}
    >
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={form.values[name]}
          onChange={(event) => form.set(name, event.target.value)}
          onBlur={() => {
            form.touch(name);
            // Show the date as it will be read: "1/4/23" → "01/04/2023".
            const parsed = parseDateInput(form.values[name], '');
            if (parsed.ok && parsed.value) form.set(name, formatDate(parsed.value));
          }}
        />
      )}
    </Field>
  );
}

function ApplicationForm(props: { mode: Mode }) {
  const { mode } = props;
  const navigate = useNavigate();
  const { calls, territories, territoryName } = useReferenceData();
  const editing = mode.kind === 'edit' ? mode.application : null;
  const initialValues = useMemo<ApplicationValues>(
    () =>
      editing
        ? valuesFromApplication(editing)
        : { ...EMPTY_VALUES, structureId: mode.kind === 'create' ? (mode.structure?.id ?? '') : '' },
    [editing, mode],
  );
  const [callCode, setCallCode] = useState(
    editing ? editing.callCode : mode.kind === 'create' ? mode.callCode : '',
  );
  const [structureName, setStructureName] = useState(
    editing ? editing.structureName : mode.kind === 'create' ? (mode.structure?.name ?? '') : '',
  );
  const [base, setBase] = useState<{ version: number; values: ApplicationValues } | null>(
    editing ? { version: editing.version, values: valuesFromApplication(editing) } : null,
  );
  const [conflict, setConflict] = useState<Application | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempts, setAttempts] = useState(0);
  const [sending, setSending] = useState(false);

  const tree = useApi<CallTree>(callCode ? `/api/calls/${encodeURIComponent(callCode)}` : null);
  const [kindForList, setKindForList] = useState(initialValues.kind);
  const [structureForList, setStructureForList] = useState(initialValues.structureId);
  const conventions = useApi<ApplicationList>(
    kindForList === 'amendment' && structureForList
      ? `/api/applications${query({ structureId: structureForList, state: 'voted', limit: 200 })}`
      : null,
  );
  const amendable = useMemo(
    () =>
      (conventions.data?.items ?? []).filter((item) => item.kind === 'convention' && item.id !== editing?.id),
    [conventions.data, editing?.id],
  );
  const amendedFor = useCallback(
    (values: ApplicationValues): AmendedConvention | undefined =>
      amendable.find((item) => String(item.id) === values.amendsApplicationId),
    [amendable],
  );

  const validate = useCallback(
    (values: ApplicationValues) =>
      validateApplication(
        values,
        previewComputation(values, findOperation(tree.data, values.operationId), amendedFor(values)),
      ),
    [tree.data, amendedFor],
  );
  const form = useForm<ApplicationValues>(initialValues, validate);
  const { values } = form;
  const operation = findOperation(tree.data, values.operationId);
  const rule =
    operation && values.periodStart ? ruleInForce(operation, values.periodStart) : operation?.rules[0];
  const preview = previewComputation(values, operation, amendedFor(values));
  const retained = toInput(values).input.retainedCents;
  const deviation =
    preview?.amount !== null && preview?.amount !== undefined && typeof retained === 'number'
      ? retained - preview.amount
      : null;

  const setValue = <K extends keyof ApplicationValues>(key: K, value: ApplicationValues[K]) => {
    setNotice(null);
    form.set(key, value);
    if (key === 'kind') setKindForList(value as ApplicationValues['kind']);
    if (key === 'structureId') setStructureForList(value as string);
  };

  const names = {
    operation: (id: string) => {
      const found = findOperation(tree.data, id);
      return found ? `${operationNumber(found)} ${found.title}` : id || '—';
    },
    structure: (id: string) =>
      conflict && String(conflict.structureId) === id
        ? conflict.structureName
        : id === values.structureId
          ? structureName
          : `n°${id}`,
    territory: territoryName,
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setNotice(null);
    if (!form.attemptSubmit()) {
      setAttempts((value) => value + 1);
      return;
    }
    setSending(true);
    try {
      if (editing && base) {
        const changes = changedFields(values, base.values);
        if (Object.keys(changes).length === 0) {
          setNotice('Aucune modification à enregistrer.');
          return;
        }
        const saved = await api.patch<ApplicationDetail>(`/api/applications/${editing.id}`, {
          ...changes,
          version: base.version,
        });
        navigate(`/demandes/${saved.id}`, {
          state: {
            saved: `Modifications enregistrées (version ${saved.version}).`,
          } satisfies SavedLocationState,
        });
      } else {
        const created = await api.post<ApplicationDetail>('/api/applications', toInput(values).input);
        navigate(`/demandes/${created.id}`, {
          state: { saved: `Demande ${created.reference} créée (brouillon).` } satisfies SavedLocationState,
        });
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409 && error.details && typeof error.details.current === 'object') {
        setConflict(error.details.current as Application);
      } else {
        if (error.fields.length > 0) form.setServerErrors(errorsFromServer(error.fields));
        if (error.status !== 400) setFailure(error);
        setAttempts((value) => value + 1);
      }
    } finally {
      setSending(false);
    }
  };

  const operations = tree.data?.themes ?? [];
  const items = summaryItems(SUMMARY_FIELDS, form);

  return (
    <>
      {conflict && base ? (
        <ConflictPanel<ApplicationValues>
          title="Demande modifiée par quelqu’un d’autre"
          fields={FIELD_ORDER}
          label={(key) => FIELD_LABELS[key]}
          describe={(key, shown) => describeValue(key, shown, names)}
          mine={values}
          read={base.values}
          theirs={valuesFromApplication(conflict)}
          onKeepMine={() => {
            const theirs = valuesFromApplication(conflict);
            form.replace(rebaseValues(values, base.values, theirs));
            setBase({ version: conflict.version, values: theirs });
            setConflict(null);
            setNotice('Votre saisie est conservée sur la version actuelle : vérifiez-la puis enregistrez.');
          }}
          onTakeTheirs={() => {
            const theirs = valuesFromApplication(conflict);
            form.replace(theirs);
            setStructureName(conflict.structureName);
            setBase({ version: conflict.version, values: theirs });
            setConflict(null);
            setNotice('Le formulaire montre la version actuelle.');
          }}
        >
          <p>
            Pendant que vous la modifiiez, la demande a été enregistrée par quelqu’un d’autre (version{' '}
            {conflict.version}, état « {STATE_LABELS[conflict.state]} »). Rien n’a été écrasé : comparez, puis
            choisissez.
          </p>
        </ConflictPanel>
      ) : null}
      {notice ? (
        <Notice kind="info" live="status">
          <p>{notice}</p>
        </Notice>
      ) : null}
      {failure && failure.fields.length === 0 ? (
        <Notice
          kind="error"
          live="alert"
          title={failure.code === 'BUDGET_EXCEEDED' ? 'Crédits insuffisants' : 'Enregistrement refusé'}
        >
          <p>{failure.message}</p>
        </Notice>
      ) : null}
      <ErrorSummary
        items={items}
        generation={attempts}
        {...(failure && items.some((item) => item.message === failure.message)
          ? { title: failure.code === 'BUDGET_EXCEEDED' ? 'Crédits insuffisants' : 'Enregistrement refusé' }
          : {})}
      />
      <form
        id="formulaire"
        className="form"
        noValidate
        onSubmit={onSubmit}
        aria-label={editing ? 'Modifier la demande' : 'Nouvelle demande'}
      >
        <fieldset className="form-section">
          <legend>Appel et opération</legend>
          <div className="form-grid">
            <div className="field">
              <label className="field__label" htmlFor="demande-appel">
                Appel à projets
              </label>
              {editing ? (
                <p className="field__static" id="demande-appel">
                  {editing.callCode}
                </p>
              ) : (
                <select
                  id="demande-appel"
                  value={callCode}
                  onChange={(event) => {
                    setCallCode(event.target.value);
                    setValue('operationId', '');
                  }}
                >
                  {calls.map((call) => (
                    <option key={call.code} value={call.code}>
                      {call.code} — {call.title}
                    </option>
                  ))}
                </select>
              )}
            </div>
            <Field
              id={FIELD_TARGETS.operationId}
              label="Opération"
              required
              error={form.errorFor('operationId')}
              className="field--wide"
              hint={
                rule
                  ? rule.description.startsWith(rule.label)
                    ? rule.description
                    : `${rule.label} : ${rule.description}`
                  : 'La règle de financement de l’opération s’affiche ici.'
              }
            >
              {(control) => (
                <select
                  {...control}
                  value={values.operationId}
                  onChange={(event) => {
                    setValue('operationId', event.target.value);
                    const chosen = findOperation(tree.data, event.target.value);
                    const unit = chosen?.stated.unit;
                    if (values.unit === '' && unit && (QUANTITY_UNITS as readonly string[]).includes(unit))
                      setValue('unit', unit as QuantityUnit);
                  }}
                  onBlur={() => form.touch('operationId')}
                >
                  <option value="">— Choisir une opération —</option>
                  {operations.map((theme) => (
                    <optgroup key={theme.id} label={`Thématique ${theme.number} — ${theme.title}`}>
                      {theme.operations.map((item) => (
                        <option key={item.id} value={String(item.id)}>
                          {operationNumber(item)} {item.title}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Structure et objet</legend>
          <div className="form-grid">
            <StructurePicker
              id={FIELD_TARGETS.structureId}
              value={values.structureId}
              selectedName={structureName}
              error={form.errorFor('structureId')}
              onBlur={() => form.touch('structureId')}
              onChange={(id, name) => {
                setValue('structureId', id);
                setStructureName(name);
                setValue('amendsApplicationId', '');
              }}
            />
            <div>
              <Field
                id={FIELD_TARGETS.label}
                label="Libellé"
                required
                hint="Tel qu’il figurera dans la répartition, par exemple « 90 places d’accompagnement »."
                error={form.errorFor('label')}
              >
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    value={values.label}
                    onChange={(event) => setValue('label', event.target.value)}
                    onBlur={() => form.touch('label')}
                  />
                )}
              </Field>
              <FieldGroup
                id={FIELD_TARGETS.territories}
                legend="Territoires"
                required
                error={form.errorFor('territories')}
                layout="checkbox-grid"
              >
                {territories.map((territory) => (
                  <div className="checkbox" key={territory.code}>
                    <input
                      type="checkbox"
                      id={`demande-territoire-${territory.code}`}
                      checked={values.territories.includes(territory.code)}
                      onChange={(event) => {
                        setValue(
                          'territories',
                          event.target.checked
                            ? [...values.territories, territory.code]
                            : values.territories.filter((code) => code !== territory.code),
                        );
                        form.touch('territories');
                      }}
                    />
                    <label htmlFor={`demande-territoire-${territory.code}`}>{territory.name}</label>
                  </div>
                ))}
              </FieldGroup>
            </div>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Période et nature</legend>
          <div className="form-grid form-grid--4">
            <DateInput form={form} name="periodStart" required />
            <DateInput form={form} name="periodEnd" required />
            <FieldGroup
              id={FIELD_TARGETS.kind}
              legend="Nature"
              error={form.errorFor('kind')}
              layout="radio-row"
            >
              <div className="radio">
                <input
                  type="radio"
                  id="demande-nature-convention"
                  name="kind"
                  checked={values.kind === 'convention'}
                  onChange={() => setValue('kind', 'convention')}
                />
                <label htmlFor="demande-nature-convention">Convention</label>
              </div>
              <div className="radio">
                <input
                  type="radio"
                  id="demande-nature-avenant"
                  name="kind"
                  checked={values.kind === 'amendment'}
                  onChange={() => setValue('kind', 'amendment')}
                />
                <label htmlFor="demande-nature-avenant">Avenant</label>
              </div>
            </FieldGroup>
          </div>
          {values.kind === 'amendment' ? (
            <div className="form-grid">
              <Field
                id={FIELD_TARGETS.amendsApplicationId}
                label="Convention modifiée"
                required
                hint="Une convention votée de la même structure."
                error={form.errorFor('amendsApplicationId')}
              >
                {(control) => (
                  <select
                    {...control}
                    value={values.amendsApplicationId}
                    onChange={(event) => setValue('amendsApplicationId', event.target.value)}
                    onBlur={() => form.touch('amendsApplicationId')}
                  >
                    <option value="">
                      {values.structureId === ''
                        ? '— Choisissez d’abord la structure —'
                        : conventions.loading
                          ? 'Chargement…'
                          : amendable.length === 0
                            ? '— Aucune convention votée —'
                            : '— Choisir une convention —'}
                    </option>
                    {amendable.map((item) => (
                      <option key={item.id} value={String(item.id)}>
                        {item.reference} — {formatQuantity(item.quantity, item.unit)}, du{' '}
                        {formatDate(item.periodStart)} au {formatDate(item.periodEnd)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <DateInput form={form} name="effectiveFrom" required />
            </div>
          ) : null}
        </fieldset>

        <fieldset className="form-section">
          <legend>Quantité et budget du projet</legend>
          <div className="form-grid form-grid--4">
            <Field
              id={FIELD_TARGETS.quantity}
              label="Quantité"
              hint={values.kind === 'amendment' ? 'Après l’avenant.' : 'Places, postes, participants ou ETP.'}
              error={form.errorFor('quantity')}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  inputMode="decimal"
                  value={values.quantity}
                  onChange={(event) => setValue('quantity', event.target.value)}
                  onBlur={() => form.touch('quantity')}
                />
              )}
            </Field>
            <Field id={FIELD_TARGETS.unit} label="Unité" error={form.errorFor('unit')}>
              {(control) => (
                <select
                  {...control}
                  value={values.unit}
                  onChange={(event) => setValue('unit', event.target.value as ApplicationValues['unit'])}
                  onBlur={() => form.touch('unit')}
                >
                  <option value="">—</option>
                  {QUANTITY_UNITS.map((unit) => (
                    <option key={unit} value={unit}>
                      {UNIT_LABELS[unit]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              id={FIELD_TARGETS.siaeType}
              label="Type de SIAE"
              hint="Pour le Pacte Ambition IAE."
              error={form.errorFor('siaeType')}
            >
              {(control) => (
                <select
                  {...control}
                  value={values.siaeType}
                  onChange={(event) => setValue('siaeType', event.target.value as '' | SiaeType)}
                  onBlur={() => form.touch('siaeType')}
                >
                  <option value="">—</option>
                  <option value="AI">AI — association intermédiaire</option>
                  <option value="EI">EI — entreprise d’insertion</option>
                  <option value="ACI">ACI — atelier et chantier d’insertion</option>
                </select>
              )}
            </Field>
          </div>
          <div className="form-grid form-grid--4">
            <MoneyInput
              form={form}
              name="directCostsCents"
              hint="Frais de personnel, prestations, fonctionnement."
            />
            <MoneyInput
              form={form}
              name="externalServicesCents"
              hint="Exclues de la base des charges indirectes."
            />
            <MoneyInput form={form} name="requestedCents" hint="Par la structure." />
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Montant</legend>
          <div className="computed" aria-live="polite">
            <p className="computed__label">
              Montant calculé par la règle (aperçu, recalculé par le serveur à l’enregistrement)
            </p>
            {preview ? (
              <>
                <p className="computed__value">
                  <Amount cents={preview.amount} strong />
                </p>
                <Explanation text={preview.explanation} />
              </>
            ) : (
              <p className="muted">Choisissez l’opération et la période pour voir le calcul.</p>
            )}
          </div>
          <div className="form-grid">
            <div>
              <MoneyInput
                form={form}
                name="retainedCents"
                hint="Montant proposé à la commission ; négatif pour un avenant qui reprend des crédits."
              />
              {preview?.amount !== null && preview?.amount !== undefined ? (
                <button
                  type="button"
                  className="button button--tertiary button--small"
                  onClick={() => setValue('retainedCents', eurosInputValue(preview.amount))}
                >
                  Retenir le montant calculé ({formatEuros(preview.amount)})
                </button>
              ) : null}
            </div>
            <Field
              id={FIELD_TARGETS.deviationJustification}
              label="Justification de l’écart"
              required={deviation !== null && deviation !== 0}
              hint={
                deviation !== null && deviation !== 0 ? (
                  <span className="hint-warning">
                    Le montant retenu diffère du montant calculé (écart de {formatEurosSigned(deviation)}) :
                    la justification est obligatoire.
                  </span>
                ) : (
                  'Obligatoire si le montant retenu diffère du montant calculé.'
                )
              }
              error={form.errorFor('deviationJustification')}
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={3}
                  value={values.deviationJustification}
                  onChange={(event) => setValue('deviationJustification', event.target.value)}
                  onBlur={() => form.touch('deviationJustification')}
                />
              )}
            </Field>
          </div>
        </fieldset>

        <div className="form-actions form-actions--footer">
          <button type="submit" className="button" disabled={sending || conflict !== null}>
            {sending
              ? 'Enregistrement…'
              : editing
                ? 'Enregistrer les modifications'
                : 'Créer la demande (brouillon)'}
          </button>
          <Link className="button button--secondary" to={editing ? `/demandes/${editing.id}` : '/demandes'}>
            Annuler
          </Link>
          {editing && base ? <span className="muted">Version lue : {base.version}</span> : null}
        </div>
      </form>
    </>
  );
}

export function ApplicationNewPage() {
  const [params] = useSearchParams();
  const { currentCall, calls } = useReferenceData();
  const callCode = params.get('appel') ?? currentCall;
  const structureId = params.get('structure');
  const structure = useApi<{ id: number; displayName: string }>(
    structureId && /^\d+$/.test(structureId) ? `/api/structures/${structureId}` : null,
  );
  const ready = calls.length > 0 && callCode && (!structureId || structure.data || structure.error);
  return (
    <>
      <PageHeader title="Nouvelle demande" crumbs={[{ label: 'Demandes', to: '/demandes' }]} />
      {!ready ? (
        <Loading />
      ) : (
        <ApplicationForm
          mode={{
            kind: 'create',
            callCode: callCode ?? '',
            ...(structure.data
              ? { structure: { id: String(structure.data.id), name: structure.data.displayName } }
              : {}),
          }}
        />
      )}
    </>
  );
}

export function ApplicationEditPage() {
  const id = useParams().id ?? '';
  const { can } = useSession();
  const { data, error, loading, reload } = useApi<ApplicationDetail>(
    /^\d+$/.test(id) ? `/api/applications/${id}` : null,
  );
  const mode = useMemo<Mode | null>(() => (data ? { kind: 'edit', application: data } : null), [data]);
  return (
    <>
      <PageHeader
        title={data ? `Modifier la demande ${data.reference}` : 'Modifier la demande'}
        crumbs={[
          { label: 'Demandes', to: '/demandes' },
          ...(data ? [{ label: data.reference, to: `/demandes/${data.id}` }] : []),
        ]}
      />
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading what="de la demande" /> : null}
      {data && !isEditable(data.state) ? (
        <Notice kind="warning" title="Demande non modifiable">
          <p>
            La demande est « {STATE_LABELS[data.state]} » : elle ne peut plus être modifiée (un avenant est
            nécessaire). <Link to={`/demandes/${data.id}`}>Revenir à la demande</Link>
          </p>
        </Notice>
      ) : null}
      {data && isEditable(data.state) && !can('applications:write') ? (
        <Notice kind="warning" title="Accès refusé">
          <p>Votre rôle ne permet pas de modifier les demandes.</p>
        </Notice>
      ) : null}
      {mode && data && isEditable(data.state) && can('applications:write') ? (
        <>
          {data.state === 'proposed' ? (
            <Notice kind="info">
              <p>
                Cette demande est proposée à la commission : un nouveau montant retenu sera imputé à nouveau
                sur la ligne budgétaire et refusé s’il dépasse les crédits disponibles.
              </p>
            </Notice>
          ) : null}
          <ApplicationForm key={data.id} mode={mode} />
        </>
      ) : null}
    </>
  );
}
