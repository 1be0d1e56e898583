/**
 * Tags as chips with a text field that suggests tags already used. Korean input is safe: Enter
 * during an IME composition (isComposing, or keyCode 229 in Chromium) never commits a half-typed
 * syllable.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from './i18n';

export interface TagEditorProps {
  tags: string[];
  /** Every tag in use, most used first, for suggestions. */
  known: string[];
  /** A tag was added (at the end). */
  onAdd(tag: string): void;
  /** A tag was removed. */
  onRemove(tag: string): void;
  /** Accessible label of the text field. */
  label: string;
  idPrefix?: string;
}

export function normalizeTag(raw: string): string {
  return raw.normalize('NFC').trim().replace(/^#/, '').replace(/\s+/g, ' ');
}

export default function TagEditor({ tags, known, onAdd, onRemove, label, idPrefix = 'tags' }: TagEditorProps) {
  // The latest list, ahead of the stored one: tags typed in quick succession must not overwrite
  // each other while the first write is still on its way back through the database.
  const [local, setLocal] = useState(tags);
  const latest = useRef(tags);
  const stored = tags.join('\u0000');
  useEffect(() => {
    latest.current = tags;
    setLocal(tags);
  }, [stored]);
  const add = (tag: string) => {
    latest.current = [...latest.current, tag];
    setLocal(latest.current);
    onAdd(tag);
  };
  const remove = (tag: string) => {
    latest.current = latest.current.filter((x) => x !== tag);
    setLocal(latest.current);
    onRemove(tag);
  };
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const composing = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const listId = `${idPrefix}-suggestions`;

  const suggestions = useMemo(() => {
    const q = normalizeTag(text).toLowerCase();
    if (!q) return [];
    return known.filter((k) => !local.includes(k) && k.toLowerCase().includes(q)).slice(0, 6);
  }, [text, known, local]);

  const commit = (raw: string) => {
    const tag = normalizeTag(raw);
    setText('');
    setActive(-1);
    if (!tag || latest.current.includes(tag)) return;
    add(tag);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // An IME is still composing (Korean): the key belongs to the composition.
    if (e.isComposing || composing.current || e.keyCode === 229) return;
    if (e.key === 'ArrowDown' && suggestions.length) {
      e.preventDefault();
      setActive((a) => (a + 1) % suggestions.length);
    } else if (e.key === 'ArrowUp' && suggestions.length) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
    } else if (e.key === 'Enter' || e.key === ',') {
      // The field's own value: state may lag a render behind fast typing.
      const typed = (e.currentTarget as HTMLInputElement).value;
      const value = active >= 0 ? suggestions[active] : typed;
      if (value?.trim()) {
        e.preventDefault();
        commit(value);
      }
    } else if (e.key === 'Escape' && text) {
      e.preventDefault();
      e.stopPropagation();
      setText('');
      setActive(-1);
    } else if (e.key === 'Backspace' && !(e.currentTarget as HTMLInputElement).value && latest.current.length) {
      const last = latest.current.at(-1);
      if (last) remove(last);
    }
  };

  return (
    <div class="tag-editor">
      <ul class="chips" aria-label={t('tags')}>
        {local.map((tag) => (
          <li key={tag} class="chip">
            <span>{tag}</span>
            <button
              type="button"
              class="chip-remove"
              aria-label={t('removeTag', tag)}
              onClick={() => {
                remove(tag);
                input.current?.focus();
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        ref={input}
        type="text"
        role="combobox"
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={suggestions.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={t('addTagPlaceholder')}
        value={text}
        onInput={(e) => {
          setText((e.target as HTMLInputElement).value);
          setActive(-1);
        }}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={(e) => {
          composing.current = false;
          setText((e.target as HTMLInputElement).value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (!composing.current && text.trim()) commit(text);
        }}
      />
      {suggestions.length > 0 && (
        <div id={listId} role="listbox" class="suggestions" aria-label={t('tagSuggestions')}>
          {suggestions.map((s, i) => (
            <div
              key={s}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                commit(s);
              }}
            >
              {s}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
