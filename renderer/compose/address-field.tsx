// One of To, Cc, Bcc: a text field that checks its addresses and offers completion from the
// store as a combobox (ARIA 1.2 pattern): ↓/↑ move through the suggestions, Enter or Tab takes
// the highlighted one, Escape closes the list (not the window), a click takes one too.
import { useEffect, useId, useRef, useState } from 'react';
import type { AddressSuggestion } from '../../shared/model/compose';
import { useApi } from '../app/api-context';
import { typedEntry, withCompletion } from './addresses';

interface AddressFieldProps {
  label: string;
  value: string;
  /** Entries that are not addresses, as typed. */
  invalid: readonly string[];
  onChange(value: string): void;
}

/** Quiet time after a keypress before asking main: typing fast sends one question, not ten. */
const LOOKUP_DELAY_MS = 120;

export function AddressField({ label, value, invalid, onChange }: AddressFieldProps) {
  const api = useApi();
  const id = `compose-${label}`;
  const listId = useId();
  const [suggestions, setSuggestions] = useState<AddressSuggestion[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  // Only the answer to the newest question is shown.
  const asked = useRef(0);
  const typed = useRef(false);

  useEffect(() => {
    const query = typedEntry(value);
    if (!typed.current || !query) {
      setOpen(false);
      return;
    }
    const ask = ++asked.current;
    const timer = setTimeout(() => {
      void api.compose.completeAddress({ query }).then((result) => {
        if (ask !== asked.current) return;
        const found = result.ok ? result.value : [];
        setSuggestions(found);
        setActive(0);
        setOpen(found.length > 0);
      });
    }, LOOKUP_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, value]);

  const accept = (chosen: AddressSuggestion | undefined) => {
    if (!chosen) return;
    typed.current = false;
    asked.current++;
    setOpen(false);
    onChange(withCompletion(value, chosen));
  };
  const optionId = (i: number) => `${listId}-option-${i}`;
  const shown = open && suggestions.length > 0;
  // While suggestions are offered the entry is still being typed: not yet an error.
  const flagged = shown ? [] : invalid;

  return (
    <div className="field address-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown ? optionId(active) : undefined}
        value={value}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={flagged.length ? true : undefined}
        aria-describedby={flagged.length ? `${id}-error` : undefined}
        onChange={(event) => {
          typed.current = true;
          onChange(event.target.value);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (!shown) {
            if (event.key === 'ArrowDown' && typedEntry(value)) {
              event.preventDefault();
              typed.current = true;
              setOpen(suggestions.length > 0);
            }
            return;
          }
          const last = suggestions.length - 1;
          if (event.key === 'ArrowDown') setActive((i) => (i >= last ? 0 : i + 1));
          else if (event.key === 'ArrowUp') setActive((i) => (i <= 0 ? last : i - 1));
          else if (event.key === 'Enter' || (event.key === 'Tab' && !event.shiftKey))
            accept(suggestions[active]);
          else if (event.key === 'Escape') setOpen(false);
          else return;
          // Handled here: not the form's submit, the focus move, or the dialog's close.
          event.preventDefault();
          event.stopPropagation();
        }}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} suggestions`}
        className="address-suggestions"
        hidden={!shown}
      >
        {shown
          ? suggestions.map((s, i) => (
              <li
                key={s.address}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                // Taken on mousedown, before the field's blur closes the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  accept(s);
                }}
                onMouseEnter={() => setActive(i)}
              >
                {s.name ? (
                  <>
                    <span className="suggestion-name">{s.name}</span>{' '}
                    <span className="suggestion-address">{s.address}</span>
                  </>
                ) : (
                  <span className="suggestion-address">{s.address}</span>
                )}
              </li>
            ))
          : null}
      </ul>
      {flagged.length ? (
        <p id={`${id}-error`} className="field-error">
          Not an e-mail address: {flagged.join(', ')}
        </p>
      ) : null}
    </div>
  );
}
