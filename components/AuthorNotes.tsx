/**
 * Notes on authors and muting, for board lists: the popup's editor for one listed post's author
 * (AuthorEditor), and the settings' lists of muted words and of the authors the reader keeps
 * something about (MutedSettings). Every change is asked of the background's library service.
 */
import { useState } from 'preact/hooks';
import type { AuthorRecord } from '@/lib/model';
import { errorMessage } from '@/lib/result';
import { t } from './i18n';
import { ask, reads, useLibrary } from './library';

/** One site's authors the reader keeps something about, by identity (re-read on every change). */
export function useAuthors(host: string): Map<string, AuthorRecord> {
  const { value } = useLibrary(async () => new Map((await reads.authors(host)).map((a) => [a.authorId, a])), [host]);
  return value ?? new Map();
}

export interface AuthorEditorProps {
  host: string;
  authorId: string;
  name: string;
  record: AuthorRecord | undefined;
  onDone: () => void;
}

/** A note on an author and whether their posts are hidden on this site. */
export function AuthorEditor({ host, authorId, name, record, onDone }: AuthorEditorProps) {
  const [note, setNote] = useState(record?.note ?? '');
  const [muted, setMuted] = useState(record?.muted === 1);
  const [error, setError] = useState<string | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await ask('setAuthor', { host, authorId, name, note, muted });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <form class="author-editor" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <label>
        {t('authorNote')} ({name}){/* biome-ignore lint/a11y/noAutofocus: the editor opens on the reader's request */}
        <textarea value={note} maxLength={500} rows={2} autoFocus onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <label>
        <input type="checkbox" checked={muted} onChange={(e) => setMuted(e.currentTarget.checked)} /> {t('authorMute')}
      </label>
      <div class="row">
        <button type="submit" class="primary">
          {t('authorSave')}
        </button>
        <button type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

/** Settings: muted words (add, remove) and the authors with notes or muted (show again, forget). */
export function MutedSettings() {
  const { value: words } = useLibrary(() => reads.mutedWords(), []);
  const { value: authors } = useLibrary(() => reads.authors(), []);
  const [word, setWord] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  async function run(action: () => Promise<unknown>) {
    setStatus(null);
    try {
      await action();
    } catch (e) {
      setStatus(errorMessage(e));
    }
  }
  return (
    <>
      <fieldset>
        <legend>{t('mutedWordsTitle')}</legend>
        <p class="muted">{t('mutedWordsHelp')}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await ask('setMutedWord', { word, muted: true });
              setWord('');
            });
          }}
        >
          <label>
            {t('mutedWordInput')}{' '}
            <input type="text" value={word} maxLength={100} onInput={(e) => setWord(e.currentTarget.value)} />
          </label>{' '}
          <button type="submit">{t('mutedWordAdd')}</button>
        </form>
        {words?.length ? (
          <ul class="muted-words">
            {words.map((w) => (
              <li key={w.word}>
                {w.word}{' '}
                <button
                  type="button"
                  aria-label={t('mutedWordRemove', w.word)}
                  onClick={() => run(() => ask('setMutedWord', { word: w.word, muted: false }))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('mutedWordsNone')}</p>
        )}
        {status && <p role="alert">{status}</p>}
      </fieldset>
      <fieldset>
        <legend>{t('authorsTitle')}</legend>
        {authors?.length ? (
          <ul class="authors">
            {authors.map((a) => (
              <li key={a.key}>
                <strong>{a.name}</strong> <span class="muted">{a.host}</span>
                {a.muted === 1 && <span class="badge">{t('authorMuted')}</span>}
                {a.note && <span> · {a.note}</span>}{' '}
                {a.muted === 1 && (
                  <button
                    type="button"
                    onClick={() =>
                      run(() => ask('setAuthor', { host: a.host, authorId: a.authorId, name: a.name, muted: false }))
                    }
                  >
                    {t('authorUnmute', a.name)}
                  </button>
                )}{' '}
                <button
                  type="button"
                  onClick={() =>
                    run(() =>
                      ask('setAuthor', { host: a.host, authorId: a.authorId, name: a.name, note: '', muted: false }),
                    )
                  }
                >
                  {t('authorForget', a.name)}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('authorsNone')}</p>
        )}
      </fieldset>
    </>
  );
}
