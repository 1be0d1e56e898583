/**
 * Body cleanup shared by the profile and Readability paths: remove page furniture, copyright and
 * boilerplate lines (ⓒ, 무단 전재, 재배포 금지, 저작권자) and a closing outlet-name line; keep
 * captions. Also text with line structure (block boundaries and <br> become newlines).
 */

const BOILERPLATE =
  /ⓒ|©|무단\s*전재|무단\s*복제|재배포\s*금지|저작권자|all rights reserved|copyright\s*(?:\(c\)|\d{4})/i;
/** BOILERPLATE over raw text (any whitespace between words), to test a whole body without collapsing it first. */
const BOILERPLATE_RAW =
  /ⓒ|©|무단\s*전재|무단\s*복제|재배포\s*금지|저작권자|all\s+rights\s+reserved|copyright\s*(?:\(c\)|\d{4})/i;
/**
 * Script, forms and ad units (AdSense, Google Publisher Tag slots, `ad-`/`ad_` classes and ids,
 * `advert…`): by selector, one query over the body.
 */
const FURNITURE =
  'script, style, noscript, template, iframe, form, button, input, select, textarea, object, embed, ' +
  'ins.adsbygoogle, [id^="div-gpt-ad"], [data-ad-slot], [data-ad-unit], [class~="ad"], [class~="ads"], ' +
  '[class^="ad-"], [class^="ad_"], [class*=" ad-"], [class*=" ad_"], [id^="ad-"], [id^="ad_"], [class*="advert"]';
const CAPTION = 'figcaption, .img_desc, .txt_caption, .caption, .photo_caption, em.img_desc';
const BLOCK = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'LI',
  'UL',
  'OL',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'PRE',
  'TABLE',
  'TR',
  'FIGURE',
  'FIGCAPTION',
  'HEADER',
  'FOOTER',
  'DL',
  'DT',
  'DD',
  'HR',
  'ADDRESS',
  'ASIDE',
]);
/** Outlet names that close Korean stories, and the shape of an outlet name. */
const OUTLET =
  /^(?:[가-힣A-Za-z0-9]{1,10}(?:신문|일보|뉴스|방송|경제|타임스|미디어|데일리|저널|투데이|헤럴드|비즈|닷컴|TV|tv)|한겨레(?:21)?|연합뉴스|뉴시스|뉴스1|경향|조선비즈|MBC|KBS|SBS|JTBC|YTN|MBN|채널A|TV조선|오마이뉴스|프레시안|노컷뉴스|머니투데이|이데일리|아시아경제)$/;

/** Remove script, forms and the given selectors from a body element (in place); how many went. */
export function removeFurniture(root: Element, strip: readonly string[] = []): number {
  const found = root.querySelectorAll(strip.length ? [FURNITURE, ...strip].join(',') : FURNITURE);
  for (const el of found) el.remove();
  return found.length;
}

/** A Korean sentence ends in 다/요 (and a stop or a closing quote): `…밝혔다.`, `…있습니다`. */
const SENTENCE_END = /[다요][.!?]?["'”’)]?$/;
/** A line that opens as a copyright notice does: `<저작권자 ⓒ`, `ⓒ 한빛일보`, `Copyright ⓒ`, `[ⓒ`. */
const COPYRIGHT_START = /^[<[(〈《※■]?\s*(?:ⓒ|©|\(c\)\s|copyright\b|저작권자\s*[:(ⓒ©])/i;
/** A notice's own words, wherever they are in its line. */
const COPYRIGHT_WORDS = /무단\s*(?:전재|복제)|재배포\s*금지|all rights reserved/i;

/**
 * A photo caption that ends in its credit (`…붙어 있다. 2025.2.4/뉴스원 © News1 강민석 기자`,
 * `…모습. ⓒ한빛일보 DB`): a sentence, then a short credit with the © that names who took the picture.
 */
const CAPTION_CREDIT =
  /[다요][.!?]["'”’)]?\s+[^!?]{0,40}(?:ⓒ|©)[^.!?]{0,30}(?:기자|특파원|제공|DB|자료\s*사진|사진|포토)\)?$/i;

function isBoilerplate(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  // A sentence that talks about 무단 전재 or 저작권자 is text: a notice opens with its marker.
  return (
    t.length > 0 &&
    t.length < 200 &&
    BOILERPLATE.test(t) &&
    (!SENTENCE_END.test(t) || COPYRIGHT_START.test(t)) &&
    !(CAPTION_CREDIT.test(t) && !COPYRIGHT_WORDS.test(t) && !COPYRIGHT_START.test(t))
  );
}

/**
 * What a line of the body container is when it is no body text: a copyright notice, a date line
 * (`입력 2025.02.05. 08:15 업데이트 …`, `송고2025-02-05 10:31`), or a promotion (`이 기사에
 * 공감하시나요?`, `제보는 카카오톡 …`, `기자 구독`, `▶ 뉴스레터 구독하기`). Whole lines only, in
 * the shapes the press prints them: a sentence that mentions 제보 or 저작권 is text.
 */
export type LineKind = 'copyright' | 'date' | 'promo';

/** A date as printed in date lines: `2025.02.05. 08:15`, `2025-02-05 10:31`, `2025년 02월 05일 10시 31분`. */
const DATE_TEXT = String.raw`\d{2,4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}\s*[.일]?\s*(?:\([^)]{1,3}\)\s*)?(?:(?:오전|오후|AM|PM)\s*)?(?:\(?\s*\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2})?\s*\)?|\d{1,2}\s*시(?:\s*\d{1,2}\s*분)?)?`;
/** The labels of date lines (published and modified). */
const DATE_LABELS = String.raw`기사\s*입력|입력|송고|기사\s*전송|전송|승인|등록|게재|발행|작성|최종\s*수정|수정|업데이트|갱신`;
const DATE_PAIR_SOURCE = String.raw`(?:${DATE_LABELS})(?:일|일시|시간)?\s*[:：]?\s*${DATE_TEXT}`;
const DATE_PAIR = new RegExp(DATE_PAIR_SOURCE, 'g');
const DATE_PAIR_TEST = new RegExp(DATE_PAIR_SOURCE);
/** Everything a date line holds besides its label and date pairs: separators and white space. */
const DATE_REST = /^[\s|·,/()[\]<>:]*$/;
const PROMO = [
  // What is left of an ad unit once Readability has dropped its classes: its label alone.
  /^(?:광고|\[광고\]|AD|PR|스폰서|Sponsored by)$/,
  // Reaction prompts.
  /^이\s*기사(?:가|를|에|의)?\s*(?:공감|추천|좋아요|어떠|어땠|도움)[^.]{0,20}\??$/,
  // Tip lines: `제보는 카카오톡 okjebo`, `▶ 기사 제보: 이메일 …`.
  /^[▶■※●◆☞▷◇>\s]*(?:\[[^\]]{1,10}\]\s*)?(?:기사\s*|뉴스\s*)?제보(?:는|하기|\s*및\s*보도자료|\s*안내)?\s*[:▷▶)]?\s*(?:카카오톡|카톡|이메일|e-?mail|메일|전화|☎|문자|홈페이지|앱|\(|[\w.+-]+@)/i,
  // Subscription prompts: `기자 구독`, `홍길동 기자 구독`, `▶ 한빛일보 뉴스레터 구독하기`.
  /^[▶■※●◆☞▷◇>\s]*(?:[가-힣]{2,4}\s*)?기자\s*(?:구독|구독하기|팔로우)\s*[+>▶!]*$/,
  /^[▶■※●◆☞▷◇>\s]*[^.!?]{0,30}(?:뉴스레터|채널|구독|네이버|유튜브|카카오톡|앱)\s*(?:구독|추가|설정|다운로드?|다운받기|설치)(?:하기|하세요)?\s*[~!>▶]*$/,
];
/** Link text that sells: a whole-line link with these words is a promotion. */
const PROMO_LINK =
  /바로가기|할인|특가|구매|구입|주문|쿠폰|이벤트|강의|강좌|수강|클래스|신청하기|상담|무료\s*체험|분양|구독|다운로드|다운받기/;

/** The kind of furniture a whole line is, or null for body text. */
export function lineKind(text: string): LineKind | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t || t.length > 160) return null;
  if (isBoilerplate(t) && (COPYRIGHT_START.test(t) || COPYRIGHT_WORDS.test(t))) return 'copyright';
  // Date lines: label-and-date pairs and separators, nothing else.
  // Date lines: label-and-date pairs and separators, nothing else but maybe the outlet before
  // them (`머니데일리 기사전송 2025-02-04 16:20` on portals).
  if (/\d/.test(t) && DATE_PAIR_TEST.test(t)) {
    const rest = t.replace(DATE_PAIR, '');
    if (DATE_REST.test(rest) || /^[가-힣A-Za-z0-9]{2,12}[\s|·,/()[\]<>:]*$/.test(rest)) return 'date';
  }
  if (t.length <= 100) for (const re of PROMO) if (re.test(t)) return 'promo';
  return null;
}

/** Whether a short line is only an outlet name (`한겨레`), or equals the given site name. */
export function isOutletLine(text: string, siteName: string | null): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t || t.length > 16) return false;
  if (siteName && t === siteName.trim()) return true;
  return OUTLET.test(t);
}

/** Whether a node is a line of its own: only <br>s, blocks or nothing on either side, up to its block. */
function fillsLine(node: Node): boolean {
  for (let n: Node | null = node; n && !(n.nodeType === 1 && BLOCK.has((n as Element).tagName)); n = n.parentNode) {
    if (!edgeIsBreak(n.previousSibling, 'previousSibling') || !edgeIsBreak(n.nextSibling, 'nextSibling')) return false;
  }
  return true;
}

function edgeIsBreak(start: Node | null, dir: 'previousSibling' | 'nextSibling'): boolean {
  let n = start;
  while (n && n.nodeType === 3 && !(n.textContent ?? '').trim()) n = n[dir];
  if (!n) return true;
  if (n.nodeType !== 1) return n.nodeType === 8; // comments do not count
  const tag = (n as Element).tagName;
  return tag === 'BR' || BLOCK.has(tag);
}

function hasBlockChild(el: Element): boolean {
  for (const c of el.children) if (BLOCK.has(c.tagName)) return true;
  return false;
}

/** Removes a text node and the <br> right after it. */
function removeLine(node: Node): void {
  let next = node.nextSibling;
  while (next && next.nodeType === 3 && !(next.textContent ?? '').trim()) next = next.nextSibling;
  if (next && (next as Element).tagName === 'BR') next.parentNode?.removeChild(next);
  node.parentNode?.removeChild(node);
}

/** A whole-line link that sells (`[한빛몰] 설 선물세트 할인 바로가기`, `▶ 온라인 강의 신청하기`). */
function isPromoLink(el: Element, t: string): boolean {
  if (t.length > 100 || !PROMO_LINK.test(t)) return false;
  const links = el.tagName === 'A' ? [el] : Array.from(el.getElementsByTagName('a'));
  if (!links.length) return false;
  let linked = 0;
  for (const a of links) linked += (a.textContent ?? '').replace(/\s+/g, '').length;
  // Nothing but link text (a marker such as ▶ aside).
  return linked >= t.replace(/[\s▶▷☞◆■●※>]+/g, '').length;
}

/**
 * Words of the lines stripBoilerplate removes, checked on each text node: only a text node with
 * one of them has its line read. Every such line has one in some text node of its own.
 */
const TRIGGER =
  /ⓒ|©|무단|재배포|저작권자|rights\s+reserved|copyright|\(c\)|입력|송고|전송|승인|등록|게재|발행|작성|수정|업데이트|갱신|기사|제보|구독|팔로우|다운|설치|광고|스폰서|sponsored|바로가기|할인|특가|구매|구입|주문|쿠폰|이벤트|강의|강좌|수강|클래스|신청|상담|체험|분양|^\s*(?:AD|PR)\s*$/i;

/**
 * The line a text node is part of: the smallest inline element around it that fills its line, else
 * its block; null when that is the root itself.
 */
function lineElementOf(n: Text, root: Element): Element | null {
  for (let el = n.parentElement; el && el !== root; el = el.parentElement) {
    if (BLOCK.has(el.tagName) || fillsLine(el)) return el;
  }
  return null;
}

/** The result of stripBoilerplate. */
export interface Stripped {
  /** The removed lines, as printed. */
  removed: string[];
  /** The outlet named by the closing line, if any. */
  outlet: string | null;
  /** Removed date lines (`입력 2025.02.05. 08:15 업데이트 …`), for the article's dates. */
  dateLines: string[];
}

/**
 * Strip boilerplate, date lines, promotions and a closing outlet line from a body element (in
 * place). Returns the removed lines, the date lines among them and the outlet named by the closing
 * line, if any.
 */
export function stripBoilerplate(
  root: Element,
  siteName: string | null,
  /** root.textContent, when the caller has it already. */
  rootText?: string,
): Stripped {
  const removed: string[] = [];
  const dateLines: string[] = [];
  const doc = root.ownerDocument;
  // Most bodies have none of these words: one look at the whole text spares the per-element
  // passes (any line that matches is part of this text, so this never skips one).
  const all = rootText ?? root.textContent ?? '';
  if (BOILERPLATE_RAW.test(all) || TRIGGER.test(all)) {
    // Whole lines only: a text node that fills its line, else the leaf block or inline element
    // that holds its line, whose text is boilerplate, a date line or a promotion. A © or 제보
    // inside a sentence stays. Only text nodes with a trigger word are looked at.
    // In a document (isConnected) any short line with ©, 무단 전재, 저작권자… goes; in the
    // extractors' detached copies only lines shaped as notices (lineKind): the broader rule
    // removes real text there (a headline ending in ©, medium-1 and table-style-attributes in
    // the Readability corpus).
    const connected = root.isConnected;
    const walker = doc.createTreeWalker(root, 4);
    const texts: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const data = (n as Text).data;
      if (data.length <= 600 && TRIGGER.test(data)) texts.push(n as Text);
    }
    const seen = new Set<Element>();
    const take = (t: string, kind: LineKind) => {
      removed.push(t);
      if (kind === 'date') dateLines.push(t);
    };
    for (const n of texts) {
      // Gone with a line removed before it.
      if (!root.contains(n) || n.parentElement?.closest(CAPTION)) continue;
      if (fillsLine(n)) {
        const kind = isBoilerplate(n.data) ? 'copyright' : lineKind(n.data);
        if (kind) {
          take(n.data.replace(/\s+/g, ' ').trim(), kind);
          removeLine(n);
          continue;
        }
      }
      const el = lineElementOf(n, root);
      if (!el || seen.has(el)) continue;
      seen.add(el);
      if (hasBlockChild(el) || el.querySelector('img')) continue;
      const raw = el.textContent ?? '';
      // Lines are short: a long text is body text (checked before collapsing it).
      if (raw.length > 600) continue;
      const t = raw.replace(/\s+/g, ' ').trim();
      if (!t || t.length > 200) continue;
      const kind: LineKind | null =
        lineKind(t) ?? (connected && isBoilerplate(t) ? 'copyright' : null) ?? (isPromoLink(el, t) ? 'promo' : null);
      if (!kind) continue;
      take(t, kind);
      el.remove();
    }
  }
  // The closing outlet-name line: the last non-empty text of the body.
  let outlet: string | null = null;
  const tail = lastTextNode(root);
  if (tail && isOutletLine(tail.data, siteName)) {
    const parent = tail.parentElement;
    const lineEl = parent && parent !== root && (parent.textContent ?? '').trim() === tail.data.trim() ? parent : null;
    outlet = tail.data.trim();
    removed.push(outlet);
    if (lineEl && !lineEl.closest(CAPTION)) lineEl.remove();
    else removeLine(tail);
  }
  return { removed, outlet, dateLines };
}

/** The last non-blank text node under root, walking back from the end. */
function lastTextNode(root: Element): Text | null {
  const walker = root.ownerDocument.createTreeWalker(root, 4);
  let deepest: Node = root;
  while (deepest.lastChild) deepest = deepest.lastChild;
  walker.currentNode = deepest;
  let n: Node | null = deepest.nodeType === 3 ? deepest : walker.previousNode();
  while (n && !(n.textContent ?? '').trim()) n = walker.previousNode();
  return n as Text | null;
}

/** Text of an element with its line structure: blocks and <br> end lines; runs of spaces collapse. */
export function blockText(root: Element): string {
  const out: string[] = [];
  // The current line's raw text: concatenated (V8 keeps it a rope until the regex reads it).
  let line = '';
  const flush = () => {
    if (!line) return;
    const t = line.replace(/[ \t\r\n\f\u00a0]+/g, ' ').trim();
    if (t) out.push(t);
    line = '';
  };
  const walk = (node: Node) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const type = c.nodeType;
      if (type === 3) line += (c as Text).data;
      else if (type === 1) {
        const tag = (c as Element).tagName;
        if (tag === 'BR') flush();
        else if (tag === 'TD' || tag === 'TH') {
          walk(c);
          line += ' ';
        } else if (tag === 'SCRIPT' || tag === 'STYLE') continue;
        else if (BLOCK.has(tag)) {
          flush();
          walk(c);
          flush();
        } else walk(c);
      }
    }
  };
  walk(root);
  flush();
  return out.join('\n');
}

/**
 * Headings of the story lists that follow a story in its container: `관련 기사`, `관련뉴스`,
 * `지금 뜨는 뉴스`, `많이 본 뉴스`, `별빛연예 주요뉴스`, `이 기사와 함께 본 뉴스`, `Related articles`.
 */
const RELATED_HEADING =
  /^(?:[가-힣A-Za-z0-9]{1,12}\s*)?(?:관련\s*(?:기사|뉴스|글)|주요\s*뉴스|추천\s*(?:기사|뉴스)|인기\s*(?:기사|뉴스)|많이\s*본\s*(?:기사|뉴스)|지금\s*뜨는\s*(?:기사|뉴스)|최신\s*(?:기사|뉴스)|함께\s*(?:보면\s*좋은|볼만한|본)\s*(?:기사|뉴스)|이\s*기사와\s*함께\s*(?:본|많이\s*본)\s*(?:기사|뉴스)|related\s+(?:articles?|stories|news)|more\s+stories)\s*[>▶›]*$/i;

/** The share of an element's text that is link text (0 for an element without text). */
function linkShare(el: Element, skip: number): number {
  const total = (el.textContent ?? '').replace(/\s+/g, '').length - skip;
  if (total <= 0) return 0;
  let linked = 0;
  for (const a of el.getElementsByTagName('a')) linked += (a.textContent ?? '').replace(/\s+/g, '').length;
  return linked / total;
}

/**
 * Remove the story lists inside a body container (in place): a related-stories heading with the
 * links under it, and keyword lists made only of `#tag` links. Returns the removed texts.
 */
export function removeStoryLists(root: Element): string[] {
  const removed: string[] = [];
  for (const heading of root.querySelectorAll('h2, h3, h4, h5, h6, strong, b, p, span, div, dt')) {
    if (!root.contains(heading) || heading.children.length > 2) continue;
    const text = (heading.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!text || text.length > 30 || !RELATED_HEADING.test(text)) continue;
    // The list goes with its heading: the largest block around both that is mostly links.
    const skip = text.replace(/\s+/g, '').length;
    let box: Element | null = null;
    for (let el = heading.parentElement; el && el !== root; el = el.parentElement) {
      if ((el.textContent ?? '').length > 1500 || linkShare(el, skip) < 0.6) break;
      box = el;
    }
    if (box) {
      removed.push((box.textContent ?? '').replace(/\s+/g, ' ').trim());
      box.remove();
      continue;
    }
    // A heading among the body's own blocks: it and the link lists right after it.
    let next = heading.nextElementSibling;
    const gone: Element[] = [heading];
    while (next && /^(?:UL|OL|DL|DIV)$/.test(next.tagName) && linkShare(next, 0) >= 0.6) {
      gone.push(next);
      next = next.nextElementSibling;
    }
    if (gone.length > 1) {
      removed.push(gone.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()).join(' '));
      for (const el of gone) el.remove();
    }
  }
  for (const list of root.querySelectorAll('ul, ol, div, p')) {
    const links = list.getElementsByTagName('a');
    if (!root.contains(list) || !links.length || links.length > 30) continue;
    const tags = Array.from(links).every((a) => /^#\S/.test((a.textContent ?? '').trim()));
    if (tags && linkShare(list, 0) >= 0.9) {
      removed.push((list.textContent ?? '').replace(/\s+/g, ' ').trim());
      list.remove();
    }
  }
  return removed;
}

/** Reporter-card words left after their buttons are gone: `기자 구독`, `기자 페이지`, `구독`. */
const CARD_WORDS = /(?:\s*(?:기자\s*)?(?:구독|구독하기|페이지|프로필|다른\s*기사\s*보기|기사\s*더\s*보기))+$/;
/** A syndication line on portals: `누리통신 제공 기사 · 네이트 뉴스`, `머니데일리 제공`. */
const SUPPLIED = /^[^.!?]{1,20}\s*제공(?:\s*기사)?(?:\s*[·|]\s*[^.!?]{1,12})?$/;
/** A line of hashtags: `#경제 #물가`. */
const HASHTAGS = /^(?:#[^\s#]+\s*)+$/;
/** Broadcast credits: `(영상취재 : 이승훈, 영상편집 : 정다운)`, `촬영기자:박정우/영상편집:최가은`. */
const CREDITS =
  /^[([]?\s*(?:(?:영상\s*(?:취재|편집|디자인|촬영)|촬영(?:\s*기자)?|카메라|그래픽|디자인|편집|자막|CG|VJ|구성|작가)\s*[:：]\s*[가-힣A-Za-z ]{2,20}\s*[/,·]?\s*)+[)\]]?$/;
/** How to send the newsroom a tip, as broadcasters close: `▷ 전화 02-784-4000 ▷ 이메일 …`, `[카카오톡] … 채널 추가`. */
const TIP_LINE =
  /^(?:[▷▶※■◆●]\s*)?(?:\[(?:전화|이메일|메일|카카오톡|카톡|홈페이지)\]|(?:전화|이메일|메일|카카오톡|카톡)\s*[:：]?\s*[\d@\w])|제보(?:를|는)?\s*기다립니다|당신의\s*제보/;
/** A short closing line that ends in an e-mail address: `◎공감언론 뉴스온 jiwon@newson.example`. */
const EMAIL_END = /^[^.!?]{0,30}[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?$/;

/**
 * Remove the closing lines of a story from the end of its body (in place): the reporter's line
 * (`신유나 기자 yuna@…`, `도쿄/홍재석 특파원`, an e-mail alone, a reporter card's `오세진 기자 기자 구독`),
 * hashtags, syndication lines, broadcast credits and tip lines (`▷ 전화 … ▷ 이메일 …`). Only at the very end, one line at a time, and only lines shaped
 * so. Returns the removed lines, last first, so a byline can still be read from them.
 */
export function trimClosingLines(root: Element, isByline: (line: string) => boolean): string[] {
  const removed: string[] = [];
  for (let i = 0; i < 8; i++) {
    const tail = lastTextNode(root);
    if (!tail) break;
    const own = fillsLine(tail);
    const el = own ? null : lineElementOf(tail, root);
    if (!own && (!el || hasBlockChild(el) || el.querySelector('img'))) break;
    const raw = own ? tail.data : (el!.textContent ?? '');
    if (raw.length > 200) break;
    const text = raw.replace(/\s+/g, ' ').trim();
    const card = text.replace(CARD_WORDS, '').trim();
    const closing =
      HASHTAGS.test(text) ||
      SUPPLIED.test(text) ||
      (text.length <= 120 && (CREDITS.test(text) || TIP_LINE.test(text))) ||
      (text.length <= 60 && EMAIL_END.test(text)) ||
      (card.length <= 80 && card.length > 0 && isByline(card));
    if (!closing) break;
    removed.push(card || text);
    if (own) removeLine(tail);
    else el!.remove();
  }
  return removed;
}

/** A date label alone (`입력 :`), a date alone (`2025.02.03. 오전 7:41`), or both: the header's date parts. */
const DATE_PART = new RegExp(String.raw`^(?:(?:${DATE_LABELS})(?:일|일시|시간)?\s*[:：]?\s*)?(?:${DATE_TEXT})?$`);
/** Header furniture: a breadcrumb (`홈 > 정치`), a comment count (`댓글 0`), one section word (`경제`). */
const HEADER_BITS =
  /^(?:(?:홈|home)(?:\s*[>›»]?\s*[가-힣A-Za-z]{1,12})*|댓글\s*\d+|[가-힣]{2,6}(?: [가-힣]{2,6})?|기자명\s*[가-힣]{2,4})$/i;

/** A wire story's dateline at the start of its lead: `(서울=연합뉴스) 홍길동 기자 =`, `[인천공항=뉴시스]`. */
const WIRE_LEAD = /^(?:\([^=()[\]]{1,20}=[^()[\]]{1,20}\)|\[[^=()[\]]{1,20}=[^()[\]\s=]{1,20}\])\s*\S/;

/** One line at the start of a body: the text node that fills it, or the element that holds it. */
interface Line {
  node: Text | Element;
  text: string;
}

/** The first `max` lines of a body, in order (a line with a block inside it, or an image, ends the list). */
function openingLines(root: Element, max: number): Line[] {
  const lines: Line[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4);
  for (let n = walker.nextNode() as Text | null; n && lines.length < max; n = walker.nextNode() as Text | null) {
    if (!n.data.trim()) continue;
    const last = lines[lines.length - 1];
    if (last && last.node.nodeType === 1 && (last.node as Element).contains(n)) continue;
    const own = fillsLine(n);
    const el = own ? null : lineElementOf(n, root);
    if (!own && (!el || hasBlockChild(el) || el.querySelector('img'))) break;
    const node = own ? n : el!;
    lines.push({ node, text: (node.textContent ?? '').replace(/\s+/g, ' ').trim() });
  }
  return lines;
}

/**
 * Remove the header lines a body container starts with on some sites (in place): the section,
 * breadcrumbs, the headline again (`isTitle`) and its subtitle, the reporter (`오세진 기자`,
 * `류가온 기자| gaon@…`), date labels and dates (`입력 :`, `2025-02-04 10:05`), a comment count.
 * The header ends at the last such line among the first twelve (the items of a site menu Readability
 * kept count as lines); the lines before it go too when they are short and no sentence (a
 * subtitle). A wire lead (`(서울=연합뉴스) 홍길동 기자 = …`) is body text, and the story's first
 * line: the short lines before it are header. Returns the removed lines in order, so the byline
 * and dates can still be read.
 */
export function trimOpeningLines(
  root: Element,
  isByline: (line: string) => boolean,
  isTitle: (line: string) => boolean,
): string[] {
  const lines = openingLines(root, 12);
  const isHeader = (text: string) => {
    const plain = text.replace(/\s*[|｜]\s*/g, ' ').trim();
    return (
      DATE_PART.test(text) ||
      lineKind(text) === 'date' ||
      HEADER_BITS.test(text) ||
      isTitle(text) ||
      (plain.length <= 60 && isByline(plain))
    );
  };
  let end = -1;
  for (let i = 0; i < lines.length; i++) {
    const { text } = lines[i]!;
    // A wire story starts with its dateline (`[강릉=뉴스온]한지원 기자 = …`): what is before it is header.
    if (WIRE_LEAD.test(text)) {
      end = i - 1;
      break;
    }
    if (text && isHeader(text)) end = i;
    // A sentence or a long line is the story: the header is before it.
    else if (text.length > 100 || SENTENCE_END.test(text)) break;
  }
  const removed: string[] = [];
  for (let i = 0; i <= end; i++) {
    const { node, text } = lines[i]!;
    removed.push(text);
    if (node.nodeType === 3) removeLine(node);
    else (node as Element).remove();
  }
  return removed;
}
