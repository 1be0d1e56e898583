/**
 * Reader view of a saved item: its saved HTML (sanitized at render), highlights painted with the
 * CSS Custom Highlight API after anchoring their selectors in the reader's own DOM, notes
 * editable, a link to the original.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Highlight, ItemImage } from '@/lib/model';
import { errorMessage } from '@/lib/result';
import { firstMatch } from '@/lib/search/locate';
import { allVersions, versionOfHighlight } from '@/lib/versions/check';
import { formatDateTime, t } from '../i18n';
import { ask, reads, useLibrary } from '../library';
import Comments from './Comments';
import { shortDate } from './format';
import { readerFragment } from './readerHtml';
import { usePaintedHighlights } from './usePaintedHighlights';
import { Changes, CheckAgain, VersionPicker } from './Versions';

export interface ReaderViewProps {
  itemId: string;
  onBack: () => void;
  /** The search that opened the item: the reader scrolls to its first match in the text and marks it. */
  find?: string;
}

/** The CSS Custom Highlight that marks the search's first match. */
const FIND_HIGHLIGHT = 'scrapnote-find';

/**
 * Scroll to the first match of `query` in `root`'s text and mark it; returns whether one was
 * found. The text is its text nodes in order; the match's offsets map back to a DOM range.
 */
function revealFirstMatch(root: HTMLElement, query: string): boolean {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
    starts.push(text.length);
    text += (n as Text).data;
  }
  const found = firstMatch(text, query);
  if (!found) return false;
  const at = (offset: number, end: boolean): [Text, number] => {
    let i = 0;
    while (i + 1 < nodes.length && (end ? starts[i + 1]! < offset : starts[i + 1]! <= offset)) i++;
    return [nodes[i]!, offset - starts[i]!];
  };
  const range = root.ownerDocument.createRange();
  range.setStart(...at(found[0], false));
  range.setEnd(...at(found[1], true));
  range.startContainer.parentElement?.scrollIntoView?.({ block: 'center' });
  const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
  const HighlightCtor = (globalThis as { Highlight?: new (r: Range) => unknown }).Highlight;
  if (registry && HighlightCtor) registry.set(FIND_HIGHLIGHT, new HighlightCtor(range));
  return true;
}

function quoteOf(h: Highlight): string {
  const q = h.target.selector.find((s) => s.type === 'TextQuoteSelector');
  return q?.type === 'TextQuoteSelector' ? q.exact : '';
}

/**
 * blob: URLs of an item's stored images, by image URL, made when its image list is known and
 * revoked when the reader leaves the item (or its list changes). `urls` is null for an item saved
 * before images were kept (no list); `list` undefined: the item is still loading.
 */
function useImageCopies(
  list: ItemImage[] | null | undefined,
  key: string | null,
): { key: string | null; urls: Map<string, string> | null } | null {
  const [state, setState] = useState<{ key: string | null; urls: Map<string, string> | null } | null>(null);
  useEffect(() => {
    if (list === undefined) return;
    if (list === null) {
      setState({ key, urls: null });
      return;
    }
    let alive = true;
    const made: string[] = [];
    const hashes = list.map((i) => i.hash).filter((h): h is string => h !== null);
    const show = (blobs: Map<string, Blob>) => {
      if (!alive) return;
      const byHash = new Map<string, string>();
      const urls = new Map<string, string>();
      for (const img of list) {
        const blob = img.hash ? blobs.get(img.hash) : undefined;
        if (!img.hash || !blob) continue;
        let url = byHash.get(img.hash);
        if (!url) {
          url = URL.createObjectURL(blob);
          made.push(url);
          byHash.set(img.hash, url);
        }
        urls.set(img.url, url);
      }
      setState({ key, urls });
    };
    void (hashes.length ? reads.images(hashes) : Promise.resolve(new Map<string, Blob>())).then(show, () =>
      show(new Map()),
    );
    return () => {
      alive = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [key, list === undefined]);
  return state;
}

export function ReaderView({ itemId, onBack, find }: ReaderViewProps) {
  // null: the item is gone; undefined: still loading.
  const item = useLibrary(async () => (await reads.item(itemId)) ?? null, [itemId]);
  const highlights = useLibrary(() => reads.highlights(itemId), [itemId]);
  const article = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The version shown (its fetchedAt); null: the newest. A new version found by a check shows at once.
  const [chosen, setChosen] = useState<string | null>(null);
  const [showChanges, setShowChanges] = useState(true);
  const versions = item.value ? allVersions(item.value) : [];
  const shownIndex = Math.max(
    0,
    chosen === null ? versions.length - 1 : versions.findIndex((v) => v.fetchedAt === chosen),
  );
  const shown = versions[shownIndex];
  const html = shown?.html;
  const versionOf = (h: Highlight) => (item.value ? versionOfHighlight(h, item.value) : '');
  const numberOf = (id: string) => versions.findIndex((v) => v.fetchedAt === id) + 1;

  useEffect(() => setChosen(null), [itemId, versions.length]);
  const images = item.value?.images;
  // The image list as a key: its copies are read again only when it changes.
  const imageKey = images ? images.map((i) => `${i.url} ${i.hash ?? ''}`).join('\n') : null;
  const copies = useImageCopies(item.value === undefined ? undefined : (images ?? null), imageKey);
  // Grows each time the saved HTML is put in place: highlights and the search match follow it.
  const [rendered, setRendered] = useState(0);

  useEffect(() => heading.current?.focus(), [itemId]);

  // Render the saved HTML, its images from their stored copies (once they are read).
  useEffect(() => {
    const el = article.current;
    if (!el || html === undefined || !copies || copies.key !== imageKey) return;
    el.replaceChildren(
      readerFragment(
        html,
        document,
        copies.urls
          ? {
              copies: copies.urls,
              hidden: new Set(images?.filter((i) => i.skipped === 'pixel' || i.skipped === 'ad').map((i) => i.url)),
              missing: (alt) => (alt ? t('imageMissing', alt) : t('imageMissingNoAlt')),
              openOriginal: t('imageOpenOriginal'),
            }
          : undefined,
      ),
    );
    setRendered((n) => n + 1);
  }, [html, copies]);

  // Opened from a search: scroll to the first match in the text.
  useEffect(() => {
    const el = article.current;
    if (!el || !rendered || !find?.trim()) return;
    el.dataset.found = String(revealFirstMatch(el, find));
    return () => {
      (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights?.delete(FIND_HIGHLIGHT);
    };
  }, [rendered, find]);

  // Each highlight shows on the version it was made on, and on any other whose text holds it.
  const { anchored, painter } = usePaintedHighlights(article, highlights.value, rendered, rendered > 0);

  function scrollTo(id: string) {
    const range = painter.current?.rangeOf(id);
    const target = range?.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  if (item.error) {
    return (
      <p class="error" role="alert">
        {t('errorPrefix')} {item.error}
      </p>
    );
  }
  const it = item.value;
  if (!it) {
    return (
      <section class="reader">
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
        <p class="muted">{item.value === undefined ? t('loading') : t('itemGone')}</p>
      </section>
    );
  }

  const previous = shownIndex > 0 ? versions[shownIndex - 1] : undefined;
  return (
    <section
      class="reader"
      aria-labelledby="reader-title"
      data-reader-item={it.id}
      data-version={shown?.fetchedAt}
      data-versions={versions.length}
      data-status={it.status ?? 'ok'}
    >
      <div class="reader-bar">
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
        <a href={it.url} target="_blank" rel="noopener noreferrer">
          {t('openOriginal')}
        </a>
      </div>
      <h2 id="reader-title" tabIndex={-1} ref={heading}>
        {shown?.title ?? it.title}
      </h2>
      <p class="muted">
        {[it.site.name ?? it.site.host, it.byline, shortDate(it.publishedAt)].filter(Boolean).join(' · ')}
      </p>
      {it.status === 'gone' && (
        <p class="gone-badge">{it.goneAt ? t('goneSince', formatDateTime(it.goneAt)) : t('goneAtSource')}</p>
      )}
      <div class="versions-bar">
        <CheckAgain itemId={it.id} />
        {it.checkedAt && <span class="muted">{t('lastChecked', formatDateTime(it.checkedAt))}</span>}
      </div>
      {versions.length > 1 && shown && (
        <div class="versions-bar">
          <VersionPicker versions={versions} shown={shown.fetchedAt} onShow={setChosen} />
          {previous && (
            <label class="check">
              <input
                type="checkbox"
                checked={showChanges}
                onChange={(e) => setShowChanges((e.currentTarget as HTMLInputElement).checked)}
              />{' '}
              {t('showChanges')}
            </label>
          )}
        </div>
      )}
      {previous && shown && showChanges && <Changes before={previous} after={shown} />}
      <ItemNotes id={it.id} note={it.note} tags={it.tags} />
      {highlights.value && highlights.value.length > 0 && (
        <section class="reader-highlights" aria-labelledby="reader-hl-title">
          <h3 id="reader-hl-title">{t('highlights')}</h3>
          <ul>
            {highlights.value.map((h) => (
              <li
                key={h.id}
                data-highlight-id={h.id}
                data-anchored={String(anchored.get(h.id) ?? false)}
                data-highlight-version={versionOf(h)}
              >
                <button type="button" class={`quote swatch-${h.color}`} onClick={() => scrollTo(h.id)}>
                  {quoteOf(h)}
                </button>
                {anchored.get(h.id) === false &&
                  (versionOf(h) !== shown?.fetchedAt && numberOf(versionOf(h)) > 0 ? (
                    <>
                      <span class="muted"> {t('onOtherVersion', String(numberOf(versionOf(h))))} </span>
                      <button type="button" class="link" onClick={() => setChosen(versionOf(h))}>
                        {t('showVersion', String(numberOf(versionOf(h))))}
                      </button>
                    </>
                  ) : (
                    <span class="muted"> {t('orphanInReader')}</span>
                  ))}
                <HighlightNote highlight={h} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="reader-body" ref={article} lang={it.lang ?? undefined} />
      {shown?.comments && shown.comments.length > 0 && <Comments comments={shown.comments} />}
    </section>
  );
}

function ItemNotes({ id, note, tags }: { id: string; note: string; tags: string[] }) {
  const [draft, setDraft] = useState(note);
  const [tagDraft, setTagDraft] = useState(tags.join(', '));
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(note), [note]);
  useEffect(() => setTagDraft(tags.join(', ')), [tags.join('\n')]);

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const nextTags = tagDraft
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter(Boolean);
      await ask('updateItems', { ids: [id], patch: { note: draft, tags: nextTags } });
      setSaved(true);
      setTimeout(() => setSaved(false), 1500);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form class="item-notes" onSubmit={save}>
      <label>
        {t('note')}
        <textarea rows={3} value={draft} onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <label>
        {t('tags')}
        <input type="text" value={tagDraft} onInput={(e) => setTagDraft((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit">{saved ? t('saved') : t('saveNotes')}</button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function HighlightNote({ highlight }: { highlight: Highlight }) {
  const [draft, setDraft] = useState(highlight.note);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(highlight.note), [highlight.note]);

  async function commit() {
    if (draft === highlight.note) return;
    setError(null);
    try {
      await ask('updateHighlight', { itemId: highlight.itemId, id: highlight.id, note: draft });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <>
      <label class="hl-note">
        <span class="visually-hidden">{t('highlightNote')}</span>
        <textarea
          rows={1}
          placeholder={t('highlightNote')}
          value={draft}
          onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)}
          onBlur={commit}
        />
      </label>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
