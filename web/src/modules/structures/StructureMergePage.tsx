/**
 * Fusionner: one structure entered twice. From the record to merge, the agent finds the record to
 * keep, reads both side by side with what the merge will do (names become aliases, missing data
 * filled, applications moved), then confirms; the server's refusal (two SIRETs, a record changed
 * in between) is shown as it says it. Afterwards, the kept record's page with a success notice.
 * Departmental roles only: the applications moved may be in any territory.
 */
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, query } from '../../shared/api.ts';
import { plural } from '../../shared/format.ts';
import { Badge, ErrorNotice, Loading, Notice, PageHeader, Section } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { SavedLocationState } from '../applications/ApplicationPage.tsx';
import type { ApplicationList } from '../applications/types.ts';
import { useSession } from '../identity/session.tsx';
import { useMayMergeStructures } from './merge-permission.ts';
import { previewMerge } from './merge-preview.ts';
import { StructurePicker } from './StructurePicker.tsx';
import { STRUCTURE_FIELDS } from './structure-fields.ts';
import type { Structure } from './types.ts';

interface MergeResult {
  kept: Structure;
  merged: Structure;
  movedApplications: number;
}

/** The server's refusal as the agent reads it: a 400's field messages, or its message. */
function refusal(error: ApiError): { title: string; message: string } {
  if (error.status === 400 && error.fields.length > 0) {
    return { title: 'Fusion refusée', message: error.fields.map((field) => field.message).join(' ; ') };
  }
  if (error.status === 409) {
    return {
      title: "Modifiée par quelqu'un d'autre",
      message: `${error.message} Les deux fiches ont été relues : vérifiez la comparaison, puis confirmez de nouveau.`,
    };
  }
  if (error.status === 403) return { title: 'Accès refusé', message: error.message };
  return { title: 'Fusion refusée', message: error.message };
}

function Comparison(props: { merged: Structure; kept: Structure; moving: number | undefined }) {
  const { merged, kept } = props;
  const preview = previewMerge(merged, kept);
  const filled = new Set<string>(preview.filled);
  const keptValues = new Set<string>(preview.kept);
  const labelOf = (key: string) => STRUCTURE_FIELDS.find((view) => view.keys[0] === key)?.label ?? key;
  const show = (structure: Structure, view: (typeof STRUCTURE_FIELDS)[number]) => {
    const text = view.show(structure as unknown as Record<string, unknown>);
    return text === '' ? <span className="muted">vide</span> : text;
  };
  return (
    <>
      <Section title="Les deux fiches" id="comparaison">
        <div className="table-wrapper">
          <table className="table table--compact table--comparison">
            <caption>
              La fiche fusionnée, la fiche conservée et la fiche conservée après la fusion, champ par champ
            </caption>
            <thead>
              <tr>
                <th scope="col">Champ</th>
                <th scope="col">
                  Fusionnée : {merged.displayName}{' '}
                  <span className="cell-detail">n°{merged.id}, disparaît</span>
                </th>
                <th scope="col">
                  Conservée : {kept.displayName} <span className="cell-detail">n°{kept.id}</span>
                </th>
                <th scope="col">Après la fusion</th>
              </tr>
            </thead>
            <tbody>
              {STRUCTURE_FIELDS.map((view) => {
                const key = view.keys[0] ?? '';
                return (
                  <tr key={view.label}>
                    <th scope="row">{view.label}</th>
                    <td>{show(merged, view)}</td>
                    <td>{show(kept, view)}</td>
                    <td className={filled.has(key) ? 'cell--changed' : undefined}>
                      {show(preview.result, view)}
                      {filled.has(key) ? (
                        <>
                          {' '}
                          <Badge tone="info">complété</Badge>
                        </>
                      ) : null}
                      {keptValues.has(key) ? (
                        <span className="cell-detail">valeur de la fiche conservée</span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title="Ce que fera la fusion" id="effets">
        <ul className="merge-effects">
          <li>
            {preview.newAliases.length > 0 ? (
              <>
                {preview.newAliases.length > 1 ? 'Les noms ' : 'Le nom '}
                {preview.newAliases.map((name, index) => (
                  <span key={name}>
                    {index > 0 ? (index === preview.newAliases.length - 1 ? ' et ' : ', ') : ''}« {name} »
                  </span>
                ))}{' '}
                {preview.newAliases.length > 1 ? 'deviennent' : 'devient'} d’autres noms de «{' '}
                {kept.displayName} » : la recherche les trouve toujours.
              </>
            ) : (
              <>
                Les noms de « {merged.displayName} » sont déjà ceux de « {kept.displayName} ».
              </>
            )}
          </li>
          <li>
            {preview.filled.filter((key) => key !== 'aliases').length > 0 ? (
              <>
                Données complétées depuis la fiche fusionnée :{' '}
                {preview.filled
                  .filter((key) => key !== 'aliases')
                  .map(labelOf)
                  .join(', ')}
                .
              </>
            ) : (
              <>Aucune donnée à compléter : la fiche conservée a déjà tout ce que l’autre renseigne.</>
            )}
          </li>
          {preview.kept.length > 0 ? (
            <li>
              Valeurs différentes, celles de la fiche conservée restent :{' '}
              {preview.kept.map(labelOf).join(', ')}.
            </li>
          ) : null}
          <li>
            {props.moving === undefined
              ? 'Les demandes de la fiche fusionnée passent à la fiche conservée.'
              : props.moving === 0
                ? `Aucune demande à déplacer : « ${merged.displayName} » n’en a pas.`
                : `${plural(props.moving, 'demande', 'demandes')} de « ${merged.displayName} » ${props.moving > 1 ? 'passent' : 'passe'} à « ${kept.displayName} », chacune avec une ligne dans son historique.`}
          </li>
          <li>
            « {merged.displayName} » n’apparaîtra plus dans les listes ni les recherches ; son historique
            reste consultable.
          </li>
        </ul>
        {preview.differentSirets ? (
          <Notice kind="warning" title="SIRET différents">
            <p>
              Les deux fiches ont des SIRET différents : ce sont sans doute deux établissements, que le
              serveur refusera de fusionner.
            </p>
          </Notice>
        ) : null}
      </Section>
    </>
  );
}

export function StructureMergePage() {
  const id = useParams().id ?? '';
  const valid = /^\d+$/.test(id);
  const navigate = useNavigate();
  const mayMerge = useMayMergeStructures();
  const { state } = useSession();
  const merged = useApi<Structure>(valid ? `/api/structures/${id}` : null);
  const moving = useApi<ApplicationList>(
    valid && mayMerge ? `/api/applications${query({ structureId: id, limit: 1 })}` : null,
  );
  const [intoId, setIntoId] = useState('');
  const [intoName, setIntoName] = useState('');
  const kept = useApi<Structure>(intoId ? `/api/structures/${intoId}` : null);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<{ error: ApiError; generation: number } | null>(null);

  const structure = merged.data;
  const keptStructure = kept.data && String(kept.data.id) === intoId ? kept.data : undefined;
  const ready = structure !== undefined && keptStructure !== undefined && !kept.loading;
  const shown = failure ? refusal(failure.error) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!structure || !keptStructure || sending) return;
    setSending(true);
    setFailure(null);
    try {
      const result = await api.post<MergeResult>(`/api/structures/${structure.id}/merge`, {
        intoId: keptStructure.id,
        version: structure.version,
        intoVersion: keptStructure.version,
      });
      const saved = `La structure « ${result.merged.displayName} » a été fusionnée dans « ${result.kept.displayName} » : ${plural(result.movedApplications, 'demande déplacée', 'demandes déplacées')}.`;
      navigate(`/structures/${result.kept.id}`, { state: { saved } satisfies SavedLocationState });
    } catch (caught) {
      const error =
        caught instanceof ApiError
          ? caught
          : new ApiError(0, { error: 'CLIENT', message: 'Erreur inattendue dans le navigateur.' });
      setFailure((previous) => ({ error, generation: (previous?.generation ?? 0) + 1 }));
      // Another agent changed one of the records: read both again for a fresh comparison.
      if (error.status === 409) {
        merged.reload();
        kept.reload();
        moving.reload();
      }
    } finally {
      setSending(false);
    }
  };

  const title = structure ? `Fusionner ${structure.displayName}` : 'Fusionner une structure';
  return (
    <>
      <PageHeader
        title={title}
        crumbs={[
          { label: 'Structures', to: '/structures' },
          ...(structure ? [{ label: structure.displayName, to: `/structures/${structure.id}` }] : []),
        ]}
        subtitle="Une même structure saisie deux fois : ses deux fiches n’en font plus qu’une"
      />
      {!valid ? (
        <Notice kind="error" title="Adresse invalide">
          <p>Identifiant de structure invalide.</p>
        </Notice>
      ) : null}
      {state.status === 'signed-in' && !mayMerge ? (
        <Notice kind="error" title="Accès refusé">
          <p>
            La fusion déplace des demandes de tous les territoires : elle est réservée aux rôles
            départementaux qui modifient les structures.
          </p>
        </Notice>
      ) : null}
      {merged.error ? <ErrorNotice error={merged.error} onRetry={merged.reload} /> : null}
      {merged.loading && !structure ? <Loading what="de la structure" /> : null}
      {structure && mayMerge ? (
        <form className="form" aria-label="Fusionner la structure" onSubmit={submit} noValidate>
          <p>
            Choisissez la fiche à <strong>conserver</strong> : « {structure.displayName} » y sera réunie, puis
            n’apparaîtra plus dans les listes. Pour conserver plutôt « {structure.displayName} », lancez la
            fusion depuis la fiche de l’autre structure.
          </p>
          <Section title="Structure conservée" id="conservee">
            <StructurePicker
              id="fusion-structure"
              label="Structure conservée"
              value={intoId}
              selectedName={intoName}
              exclude={structure.id}
              onChange={(value, name) => {
                setIntoId(value);
                setIntoName(name);
                setFailure(null);
              }}
              onBlur={() => undefined}
              error={failure?.error.status === 400 && shown ? shown.message : undefined}
            />
          </Section>
          <p className="results-count" role="status">
            {keptStructure
              ? `Comparaison de « ${structure.displayName} » et « ${keptStructure.displayName} » prête${moving.data ? ` : ${plural(moving.data.total, 'demande')} à déplacer` : ''}.`
              : ''}
          </p>
          {kept.error ? <ErrorNotice error={kept.error} onRetry={kept.reload} /> : null}
          {intoId && kept.loading ? <Loading what="de la structure conservée" /> : null}
          {ready ? <Comparison merged={structure} kept={keptStructure} moving={moving.data?.total} /> : null}
          {shown && failure ? (
            <Notice key={failure.generation} kind="error" title={shown.title} live="alert" focus>
              <p>{shown.message}</p>
            </Notice>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button--danger" disabled={!ready || sending}>
              {sending
                ? 'Fusion en cours…'
                : keptStructure
                  ? `Fusionner « ${structure.displayName} » dans « ${keptStructure.displayName} »`
                  : 'Fusionner'}
            </button>
            <Link className="button button--tertiary" to={`/structures/${structure.id}`}>
              Annuler
            </Link>
          </div>
        </form>
      ) : null}
    </>
  );
}
