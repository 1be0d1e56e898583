/** Loading fixture pages into jsdom documents at a given URL. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';

export const FIXTURES = path.resolve(__dirname, '../../fixtures');

/** A fixture page as a jsdom document (scripts are not run). */
export function load(rel: string, url: string): Document {
  return new JSDOM(readFileSync(path.join(FIXTURES, rel), 'utf8'), { url }).window.document;
}

/** 2025-02-05 22:00 KST: the moment the fixture pages are "seen". */
export const NOW = new Date('2025-02-05T13:00:00Z');

export interface FixtureCase {
  file: string;
  url: string;
  profile: string;
  kind: 'article' | 'board' | 'article+board' | 'other';
}

/** Every profile fixture with the URL it is served at, its profile and its kind. */
export const PROFILE_FIXTURES: FixtureCase[] = [
  {
    file: 'sites/xe-seed-read.html',
    url: 'https://ranknews.example/news/47310588',
    profile: 'xe',
    kind: 'article+board',
  },
  { file: 'sites/xe-default-list.html', url: 'https://devclub.example.kr/free', profile: 'xe', kind: 'board' },
  {
    file: 'sites/xe-xedition-read.html',
    url: 'https://town.example.org/index.php?mid=town&document_srl=5521',
    profile: 'xe',
    kind: 'article+board',
  },
  {
    file: 'sites/xe-sketchbook5-read.html',
    url: 'http://camplove.example.com/1185520',
    profile: 'xe',
    kind: 'article+board',
  },
  {
    file: 'sites/gnuboard-list.html',
    url: 'https://fishing.example.kr/bbs/board.php?bo_table=free',
    profile: 'gnuboard',
    kind: 'board',
  },
  {
    file: 'sites/gnuboard-view.html',
    url: 'https://fishing.example.kr/bbs/board.php?bo_table=free&wr_id=2981',
    profile: 'gnuboard',
    kind: 'article+board',
  },
  {
    file: 'sites/naver-article.html',
    url: 'https://n.news.naver.com/mnews/article/028/0002727273',
    profile: 'naver',
    kind: 'article',
  },
  { file: 'sites/daum-article.html', url: 'https://v.daum.net/v/20250205143200123', profile: 'daum', kind: 'article' },
  {
    file: 'generic/news-article.html',
    url: 'https://www.econ.example/news/articleView.html?idxno=55',
    profile: 'generic',
    kind: 'article',
  },
  {
    file: 'generic/boards/table-korean.html',
    url: 'https://gu.example.go.kr/notice/list.do',
    profile: 'generic',
    kind: 'board',
  },
];
