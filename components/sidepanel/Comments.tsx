/**
 * The comments of a saved post in the reader: a collapsible section with the count in its
 * heading, replies nested under what they answer, and a filter that shows only the original
 * poster's comments. Comment text is rendered as text (never as HTML).
 */
import { useState } from 'preact/hooks';
import type { SavedComment } from '@/lib/model';
import { formatDateTime, t } from '../i18n';

/** Props of {@link Comments}. */
export interface CommentsProps {
  comments: readonly SavedComment[];
}

/** Children of each comment id ('' for the post), in saved order. */
function childrenOf(comments: readonly SavedComment[]): Map<string, SavedComment[]> {
  const ids = new Set(comments.map((c) => c.id));
  const out = new Map<string, SavedComment[]>();
  for (const c of comments) {
    // A reply whose parent is not saved (a limit, a broken import) shows at the top level.
    const key = c.parent && ids.has(c.parent) ? c.parent : '';
    const list = out.get(key);
    if (list) list.push(c);
    else out.set(key, [c]);
  }
  return out;
}

function CommentView({ comment, replies }: { comment: SavedComment; replies?: preact.ComponentChildren }) {
  const when = comment.date ? formatDateTime(comment.date) : comment.dateText;
  return (
    <li
      class={comment.byPoster ? 'comment by-poster' : 'comment'}
      data-comment-id={comment.id}
      data-depth={comment.depth}
      data-by-poster={String(comment.byPoster)}
    >
      <div class="comment-meta">
        <strong class="comment-author">{comment.author ?? '?'}</strong>
        {comment.ip && <span class="muted"> ({comment.ip})</span>}
        {comment.byPoster && <span class="comment-badge">{t('commentByPoster')}</span>}
        {when && (
          <time class="muted" dateTime={comment.date ?? undefined}>
            {when}
          </time>
        )}
      </div>
      <div class="comment-text">
        {comment.text.split('\n').map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      {replies}
    </li>
  );
}

function Thread({ parent, tree }: { parent: string; tree: Map<string, SavedComment[]> }) {
  const list = tree.get(parent);
  if (!list) return null;
  return (
    <ol class="comment-list">
      {list.map((c) => (
        <CommentView key={c.id} comment={c} replies={tree.has(c.id) ? <Thread parent={c.id} tree={tree} /> : null} />
      ))}
    </ol>
  );
}

export default function Comments({ comments }: CommentsProps) {
  const [posterOnly, setPosterOnly] = useState(false);
  if (!comments.length) return null;
  const mine = comments.filter((c) => c.byPoster);
  return (
    <details class="reader-comments" data-comment-count={comments.length}>
      <summary>
        <h3 id="reader-comments-title">{t('commentsHeading', String(comments.length))}</h3>
      </summary>
      <label class="comment-filter">
        <input
          type="checkbox"
          checked={posterOnly}
          onChange={(e) => setPosterOnly((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        {t('commentsByPosterOnly')}
      </label>
      {posterOnly ? (
        mine.length ? (
          <ol class="comment-list">
            {mine.map((c) => (
              <CommentView key={c.id} comment={c} />
            ))}
          </ol>
        ) : (
          <p class="muted">{t('commentsNoneByPoster')}</p>
        )
      ) : (
        <Thread parent="" tree={childrenOf(comments)} />
      )}
    </details>
  );
}
