/**
 * After a 409: the user's values beside the ones somebody else saved in between, and the two ways
 * out (keep one's own changes on the current version, or take the current version). Nothing is
 * overwritten silently. Shared by every edit form.
 */
import type { ReactNode } from 'react';
import { Badge, Notice } from './ui.tsx';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The user's own changes (what differs from the version they had read) applied on the current
 * version: the fields they did not touch take the other person's values.
 */
export function rebaseValues<V extends object>(mine: V, read: V, current: V): V {
  const rebased: V = { ...current };
  for (const key of Object.keys(mine) as (keyof V)[]) {
    if (!same(mine[key], read[key])) rebased[key] = mine[key];
  }
  return rebased;
}

export function ConflictPanel<V extends object>(props: {
  title: string;
  children: ReactNode;
  fields: readonly (keyof V)[];
  label: (key: keyof V) => string;
  describe: (key: keyof V, values: V) => string;
  mine: V;
  /** The version the user had read before editing. */
  read: V;
  theirs: V;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const rows = props.fields.filter(
    (key) => !same(props.theirs[key], props.mine[key]) || !same(props.theirs[key], props.read[key]),
  );
  return (
    <Notice kind="warning" title={props.title} live="alert" focus>
      {props.children}
      <div className="table-wrapper">
        <table className="table table--compact table--conflict">
          <caption>Vos valeurs et celles enregistrées entre-temps</caption>
          <thead>
            <tr>
              <th scope="col">Champ</th>
              <th scope="col">Votre saisie</th>
              <th scope="col">Enregistré par l’autre personne</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((key) => {
              const changedByThem = !same(props.theirs[key], props.read[key]);
              return (
                <tr key={String(key)}>
                  <th scope="row">{props.label(key)}</th>
                  <td>{props.describe(key, props.mine)}</td>
                  <td className={changedByThem ? 'cell--changed' : undefined}>
                    {props.describe(key, props.theirs)}
                    {changedByThem ? (
                      <>
                        {' '}
                        <Badge tone="warning">modifié</Badge>
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="inline-actions">
        <button type="button" className="button" onClick={props.onKeepMine}>
          Garder ma saisie et la revoir sur la version actuelle
        </button>
        <button type="button" className="button button--secondary" onClick={props.onTakeTheirs}>
          Abandonner ma saisie et reprendre la version actuelle
        </button>
      </div>
    </Notice>
  );
}
