// Pages for saved images: a GNUBoard5 photo board whose images are served from another host
// that refuses any request not coming from the board's pages (hotlink protection reads the
// Referer header, as Korean image hosts and board data folders commonly do). The test can take
// that host down (`imageHost.down`) to show the saved copies are read from the library.
import { deflateSync } from 'node:zlib';
import { esc } from './pages.mjs';

export const IMAGE_BOARD = 'www.sajinbang.kr';
export const IMAGE_HOST = 'img.sajinbang-cdn.kr';

/** The image host's state: `down` answers 503 to everything; `refused` counts hotlink refusals. */
export const imageHost = { down: false, refused: 0, served: 0, referers: [], log: [] };

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A width×height PNG of one colour with a diagonal stripe (real pixels a browser decodes). */
export function png(width, height, [r, g, b]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const stripe = Math.abs(x - y) < 2;
      raw[row + 1 + x * 3] = stripe ? 255 : r;
      raw[row + 2 + x * 3] = stripe ? 255 : g;
      raw[row + 3 + x * 3] = stripe ? 255 : b;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The images: path on the image host → bytes. The same bytes under two paths (a re-upload). */
const RED = png(64, 48, [200, 30, 40]);
export const IMAGES = {
  '/data/editor/2502/harbor.png': RED,
  '/data/editor/2502/harbor-copy.png': RED,
  '/data/editor/2502/lighthouse.png': png(48, 64, [30, 60, 200]),
  '/data/editor/2502/market.png': png(80, 40, [30, 160, 60]),
  '/data/editor/2502/pixel.gif': Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
};

/** Photo posts: id → title, paragraphs and the images of its body (path, alt). */
export const IMAGE_POSTS = {
  21: {
    title: '부산 영도 바다 사진 모음',
    paragraphs: [
      '지난 주말 영도 흰여울마을에 다녀왔습니다. 바다가 보이는 골목이 정말 예뻤어요.',
      '등대 쪽은 바람이 세니 겉옷을 꼭 챙기세요. 사진 몇 장 올립니다.',
    ],
    images: [
      ['/data/editor/2502/harbor.png', '영도 앞바다'],
      ['/data/editor/2502/lighthouse.png', '빨간 등대'],
      ['/data/editor/2502/gone.png', '지워진 사진'],
    ],
  },
  22: {
    title: '자갈치 시장 골목 풍경',
    paragraphs: [
      '자갈치 시장은 아침 일찍 가야 활기찬 모습을 볼 수 있습니다.',
      '영도 사진과 같은 날 찍은 항구 사진도 다시 올립니다.',
    ],
    images: [
      ['/data/editor/2502/harbor-copy.png', '항구'],
      ['/data/editor/2502/market.png', '시장 골목'],
    ],
  },
};

export const IMAGE_URLS = {
  board: `https://${IMAGE_BOARD}/bbs/board.php?bo_table=photo`,
  post: (id) => `https://${IMAGE_BOARD}/bbs/board.php?bo_table=photo&wr_id=${id}`,
  image: (path) => `https://${IMAGE_HOST}${path}`,
};

const shell = (title, body) => `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>${esc(title)} > 사진방 | 사진방 커뮤니티</title>
<script>var g5_url = "https://${IMAGE_BOARD}"; var g5_bbs_url = "https://${IMAGE_BOARD}/bbs"; var g5_bo_table = "photo";</script>
</head><body><div id="hd"><h1><a href="/">사진방 커뮤니티</a></h1></div><div id="container">${body}</div></body></html>`;

function list() {
  const rows = Object.entries(IMAGE_POSTS)
    .reverse()
    .map(
      ([
        id,
        p,
      ]) => `<tr><td class="td_num2">${id}</td><td class="td_subject"><div class="bo_tit"><a href="${IMAGE_URLS.post(id).replace(/&/g, '&amp;')}">${esc(p.title)}</a></div></td>
<td class="td_name sv_use"><span class="sv_guest">바다사랑</span></td><td class="td_num">${Number(id) * 7}</td><td class="td_datetime">02-05</td></tr>`,
    )
    .join('\n');
  return shell(
    '사진방',
    `<div id="bo_list"><form name="fboardlist" id="fboardlist"><div class="tbl_head01 tbl_wrap"><table><caption>사진방 목록</caption>
<thead><tr><th scope="col">번호</th><th scope="col">제목</th><th scope="col">글쓴이</th><th scope="col">조회</th><th scope="col">날짜</th></tr></thead>
<tbody>${rows}</tbody></table></div></form></div>`,
  );
}

function post(id) {
  const p = IMAGE_POSTS[id];
  const images = p.images
    .map(([path, alt]) => `<p><img src="${IMAGE_URLS.image(path)}" alt="${esc(alt)}" width="600"></p>`)
    .join('\n');
  return shell(
    p.title,
    `<article id="bo_v"><header><h2 id="bo_v_title"><span class="bo_v_tit">${esc(p.title)}</span></h2></header>
<section id="bo_v_info"><div class="profile_info"><div class="profile_info_ct"><strong><span class="sv_guest">바다사랑</span></strong> <strong class="if_date"><span class="sound_only">작성일</span>25-02-05 11:${id}</strong></div></div></section>
<section id="bo_v_atc"><div id="bo_v_con"><p>${esc(p.paragraphs[0])}</p>
${images}
<p>${esc(p.paragraphs[1])}</p>
<p><img src="${IMAGE_URLS.image('/data/editor/2502/pixel.gif')}" width="1" height="1" alt=""></p></div></section></article>`,
  );
}

/** The board's pages and the image host's answers, or null; `headers` are the request's. */
export function imagesRoute(host, u, headers = {}) {
  if (host === IMAGE_HOST) {
    if (imageHost.down) return { status: 503, type: 'text/plain', body: 'down' };
    const bytes = IMAGES[u.pathname];
    if (!bytes) return { status: 404, type: 'text/plain', body: 'not found' };
    const referer = headers.referer ?? '';
    imageHost.referers.push(referer);
    imageHost.log.push(`${u.pathname} ${referer}`);
    // Hotlink protection: only the board's own pages may show its images.
    if (!referer.startsWith(`https://${IMAGE_BOARD}/`)) {
      imageHost.refused++;
      return { status: 403, type: 'text/html; charset=utf-8', body: '<h1>외부 링크 금지</h1>' };
    }
    imageHost.served++;
    return { status: 200, type: u.pathname.endsWith('.gif') ? 'image/gif' : 'image/png', body: bytes };
  }
  if (host !== IMAGE_BOARD) return null;
  if (u.pathname !== '/bbs/board.php' || u.searchParams.get('bo_table') !== 'photo') return null;
  const wrId = u.searchParams.get('wr_id');
  if (!wrId) return { status: 200, type: 'text/html; charset=utf-8', body: list() };
  if (!IMAGE_POSTS[wrId]) return null;
  return { status: 200, type: 'text/html; charset=utf-8', body: post(wrId) };
}
