/**
 * Tags as chips with a text field that suggests tags already used. Korean input is safe: Enter
 * during an IME composition (isComposing, or keyCode 229 in Chromium) never commits a half-typed
 * syllable.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { t } from './i18n';

export interface TagEditorProps {
  tags: string[];
  /** Every tag in use, most used first, for suggestions. */
  known: string[];
  onChange(tags: string[]): void;
  /** Accessible label of the text field. */
  label: string;
  idPrefix?: string;
}

export function normalizeTag(raw: string): string {
  return raw.normalize('NFC').trim().replace(/^#/, '').replace(/\s+/g, ' ');
}

export default function TagEditor({ tags, known, onChange, label, idPrefix = 'tags' }: TagEditorProps) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const composing = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const listId = `${idPrefix}-suggestions`;

  const suggestions = useMemo(() => {
    const q = normalizeTag(text).toLowerCase();
    if (!q) return [];
    return known.filter((k) => !tags.includes(k) && k.toLowerCase().includes(q)).slice(0, 6);
  }, [text, known, tags]);

  const commit = (raw: string) => {
    const tag = normalizeTag(raw);
    setText('');
    setActive(-1);
    if (!tag || tags.includes(tag)) return;
    onChange([...tags, tag]);
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
    } else if (e.key === 'Backspace' && !(e.currentTarget as HTMLInputElement).value && tags.length) {
      onChange(tags.slice(0, -1));
    }
  };

  return (
    <div class="tag-editor">
      <ul class="chips" aria-label={t('tags')}>
        {tags.map((tag) => (
          <li key={tag} class="chip">
            <span>{tag}</span>
            <button
              type="button"
              class="chip-remove"
              aria-label={t('removeTag', tag)}
              onClick={() => {
                onChange(tags.filter((x) => x !== tag));
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
