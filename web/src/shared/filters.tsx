/**
 * The filter bar of a list page. Each filter is a parameter of the page's address, so that a filtered
 * view can be shared and comes back with the browser's history; changing a filter replaces the current
 * entry of the history, and the text of a search box goes to the address once the user pauses typing.
 */
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

/** The pause, in milliseconds, after which what is typed in a search box is sent. */
export const SEARCH_DELAY = 300;

export interface SearchParamOptions {
  /** What the filter reads when the address does not name it ('' unless told). */
  fallback?: string;
  /** A value the address leaves out: it is read when the parameter is absent, and choosing it removes it. */
  implicit?: string;
  /** Other parameters that a change removes: the page number, a filter that depends on this one. */
  resets?: readonly string[];
  /** A change adds an entry to the history (a page number) instead of replacing the current one. */
  push?: boolean;
}

/** One parameter of the page's address: its value, and a setter ('' removes it). */
export function useSearchParam(
  name: string,
  options: SearchParamOptions = {},
): [string, (value: string) => void] {
  const { fallback = '', implicit, resets = [], push = false } = options;
  const [params, setParams] = useSearchParams();
  // The list as text, so that a list written in place at each render keeps the setter the same.
  const resetNames = resets.join('&');
  const setValue = useCallback(
    (value: string) => {
      const next = new URLSearchParams(params);
      if (value && value !== implicit) next.set(name, value);
      else next.delete(name);
      for (const other of resetNames.split('&')) if (other) next.delete(other);
      setParams(next, { replace: !push });
    },
    [params, setParams, name, implicit, resetNames, push],
  );
  return [params.get(name) ?? implicit ?? fallback, setValue];
}

export interface SearchTextOptions {
  /** Other parameters that a new search removes (the page number). */
  resets?: readonly string[];
  /** The search is sent without the spaces around it. */
  trim?: boolean;
  /**
   * The address leads: each pause sends the text, and a search that the address brings (back and
   * forward in the browser's history) shows in the box. Otherwise the box leads: the address is kept
   * to the text of the last pause.
   */
  followAddress?: boolean;
  delay?: number;
}

export interface SearchText {
  /** What the box shows, as typed. */
  text: string;
  /** The search in the address. */
  value: string;
  /** Takes what the user types; the address follows at the next pause. */
  onChange: (text: string) => void;
  /** Empties the box and forgets a search not sent yet (the page clears the address). */
  clear: () => void;
}

/** The text of a search box, sent to one parameter of the address once the user pauses typing. */
export function useSearchText(name: string, options: SearchTextOptions = {}): SearchText {
  const { resets, trim = false, followAddress = false, delay = SEARCH_DELAY } = options;
  const [value, setValue] = useSearchParam(name, { resets });
  const [text, setText] = useState(value);
  const [paused, setPaused] = useState(value);
  const typed = useRef(value);
  const timer = useRef<number | undefined>(undefined);

  const onChange = (next: string) => {
    setText(next);
    typed.current = next;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      if (followAddress) setValue(trim ? next.trim() : next);
      else setPaused(next);
    }, delay);
  };
  useEffect(() => () => window.clearTimeout(timer.current), []);
  // The box leads: the address keeps the text of the last pause.
  useEffect(() => {
    const sent = trim ? paused.trim() : paused;
    if (!followAddress && sent !== value) setValue(sent);
  }, [followAddress, trim, paused, value, setValue]);
  // The address leads: what it brings shows in the box, unless a search is waiting to be sent.
  useEffect(() => {
    const sent = trim ? typed.current.trim() : typed.current;
    if (followAddress && timer.current === undefined && sent !== value) {
      typed.current = value;
      setText(value);
    }
  }, [followAddress, trim, value]);

  const clear = () => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    typed.current = '';
    setText('');
    setPaused('');
  };
  return { text, value, onChange, clear };
}

/** The filters of a list, as a `search` landmark named by its label. */
export function FilterBar(props: { label: string; children: ReactNode }) {
  return (
    <search className="filters card" aria-label={props.label}>
      {props.children}
    </search>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/** A labelled select: an option for no filter (its text in `all`), then `options`, then `children`. */
export function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The text of the empty option ("Tous", "Toutes"); none without it. */
  all?: string;
  options?: readonly FilterOption[];
  /** Options of another shape (groups). */
  children?: ReactNode;
}) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={props.id}>
        {props.label}
      </label>
      <select id={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {props.all === undefined ? null : <option value="">{props.all}</option>}
        {props.options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {props.children}
      </select>
    </div>
  );
}

/** A labelled search box, with a placeholder or a hint under its label. */
export function SearchFilter(props: {
  id: string;
  label: string;
  search: SearchText;
  placeholder?: string;
  hint?: string;
}) {
  const hintId = `${props.id}-aide`;
  return (
    <div className="field field--grow">
      <label className="field__label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint === undefined ? null : (
        <p className="field__hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <input
        id={props.id}
        type="search"
        aria-describedby={props.hint === undefined ? undefined : hintId}
        value={props.search.text}
        placeholder={props.placeholder}
        onChange={(event) => props.search.onChange(event.target.value)}
      />
    </div>
  );
}
