/** Search-result text with the matches marked. */
import type { Segment } from '@/lib/search/match';

export function Segments({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>;
}
