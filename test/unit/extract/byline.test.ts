import { describe, expect, it } from 'vitest';
import { findByline, isClosingByline, parseByline, printedReporters } from '../../../lib/extract/byline';

describe('parseByline', () => {
  it.each([
    ['도쿄/홍석재 특파원', ['홍석재'], '도쿄', '특파원', null],
    ['홍석재 기자', ['홍석재'], null, '기자', null],
    ['(서울=연합뉴스) 김동현 기자 = 정부가 5일 발표했다.', ['김동현'], '서울', '기자', null],
    ['김철수·이영희 기자', ['김철수', '이영희'], null, '기자', null],
    ['김철수 선임기자 kim@example.co.kr', ['김철수'], null, '선임기자', 'kim@example.co.kr'],
    ['[한겨레] 박민수 논설위원', ['박민수'], null, '논설위원', null],
    ['워싱턴/이본영 특파원 ebon@hani.co.kr', ['이본영'], '워싱턴', '특파원', 'ebon@hani.co.kr'],
  ])('%s', (line, authors, place, role, email) => {
    const b = parseByline(line);
    expect(b).not.toBeNull();
    expect(b!.authors).toEqual(authors);
    expect(b!.place).toBe(place);
    expect(b!.role).toBe(role);
    expect(b!.email).toBe(email);
  });

  it('reads the outlet of a wire dateline', () => {
    const b = parseByline('(서울=연합뉴스) 김동현 기자 = 본문');
    expect(b?.outlet).toBe('연합뉴스');
    expect(b?.text).toBe('(서울=연합뉴스) 김동현 기자 =');
  });

  it.each([
    [
      '[인천공항=뉴시스] 홍길동 기자 = 5일 인천국제공항',
      '[인천공항=뉴시스] 홍길동 기자 =',
      ['홍길동'],
      '인천공항',
      '뉴시스',
    ],
    [
      '[서울=뉴시스]홍길동·김철수 기자 = 정부는',
      '[서울=뉴시스]홍길동·김철수 기자 =',
      ['홍길동', '김철수'],
      '서울',
      '뉴시스',
    ],
    ['(서울=연합뉴스) 정부는 5일', '(서울=연합뉴스)', [], '서울', '연합뉴스'],
    ['[머니투데이 홍길동 기자] 정부는', '[머니투데이 홍길동 기자]', ['홍길동'], null, '머니투데이'],
    ['[머니투데이 세종=홍길동 기자] 정부는', '[머니투데이 세종=홍길동 기자]', ['홍길동'], '세종', '머니투데이'],
    ['[한빛일보=홍길동 기자] 정부는', '[한빛일보=홍길동 기자]', ['홍길동'], null, '한빛일보'],
  ])('reads the bracket lead of %j', (line, text, authors, place, outlet) => {
    const b = parseByline(line + ' 긴 리드 문장이 이어진다.'.repeat(8));
    expect(b).toMatchObject({ text, authors, place, outlet });
  });

  it.each([
    ['워싱턴=홍길동 특파원', ['홍길동'], '워싱턴'],
    ['/홍길동 기자', ['홍길동'], null],
    ['글·사진 홍길동 기자', ['홍길동'], null],
  ])('reads the closing byline %j', (line, authors, place) => {
    expect(parseByline(line)).toMatchObject({ text: line, authors, place });
  });

  it('reads a line that is only an e-mail', () => {
    expect(parseByline('hong@hani.co.kr')?.email).toBe('hong@hani.co.kr');
  });

  it.each([
    '',
    '한겨레',
    '기자회견을 열었다',
    '이시바 총리는 이 자리에서 “일본과 미국이 인공지능 분야에서 협력을 강화할 것”이라며 말했다. 정부 관계자는 기자들에게 설명했다.',
    '문의: 02-123-4567',
  ])('rejects %j', (line) => {
    expect(parseByline(line)).toBeNull();
  });
});

describe('findByline', () => {
  it('finds the closing byline and a separate e-mail line', () => {
    const b = findByline(['첫 문단.', '둘째 문단.', '도쿄/홍석재 특파원', 'hong@hani.co.kr', '한겨레']);
    expect(b?.text).toBe('도쿄/홍석재 특파원');
    expect(b?.authors).toEqual(['홍석재']);
    expect(b?.email).toBe('hong@hani.co.kr');
  });
  it('prefers the wire lead', () => {
    expect(findByline(['(세종=연합뉴스) 박재현 기자 = 기획재정부는', '끝.'])?.authors).toEqual(['박재현']);
  });
  it('a wire dateline without a reporter lets the closing byline name one', () => {
    const b = findByline(['(서울=연합뉴스) 정부는 5일 발표했다.', '둘째 문단.', '홍길동 기자 hong@yna.co.kr']);
    expect(b?.authors).toEqual(['홍길동']);
    expect(b?.outlet).toBe('연합뉴스');
    expect(findByline(['(서울=연합뉴스) 정부는 5일 발표했다.', '끝.'])?.outlet).toBe('연합뉴스');
  });
  it('returns null without a byline', () => {
    expect(findByline(['그냥 글입니다.', '끝.'])).toBeNull();
  });
  it('skips blank lines and reads lines trimmed', () => {
    expect(findByline(['', '  ', '  (서울=연합뉴스) 김동현 기자 = 정부는  ', '끝.'])?.authors).toEqual(['김동현']);
    expect(findByline(['본문.', '  김철수 기자  ', '', '   '])?.text).toBe('김철수 기자');
    expect(findByline(['', ' '])).toBeNull();
  });
  it('reads the last six non-blank lines only', () => {
    const tail = ['1', '2', '', '3', '4', '5'];
    expect(findByline(['본문.', '김철수 기자', ...tail])?.authors).toEqual(['김철수']);
    expect(findByline(['본문.', '김철수 기자', ...tail, '6'])).toBeNull();
  });
});

describe('bylines naming the outlet, sign-offs, closing lines', () => {
  it('reads the reporter before an outlet name, a broadcast sign-off, and tells closing lines from text', () => {
    expect(parseByline('김수연 가온닷컴 기자 suyeon@gaon.example')?.authors).toEqual(['김수연']);
    expect(parseByline('한결방송 뉴스 임재현입니다.')).toMatchObject({ authors: ['임재현'], outlet: '한결방송' });
    expect(isClosingByline('신유나 기자 yuna@bareun.example')).toBe(true);
    expect(isClosingByline('류가온 기자(gaon@bareunsori.example)')).toBe(true);
    expect(isClosingByline('jiwon@newson.example')).toBe(true);
    // A wire lead and a sign-off stay in the text.
    expect(isClosingByline('(서울=연합뉴스) 홍길동 기자 =')).toBe(false);
    expect(isClosingByline('한결방송 뉴스 임재현입니다.')).toBe(false);
    expect(isClosingByline('정부는 5일 이렇게 밝혔다.')).toBe(false);
  });
});

describe('credits and printed bylines', () => {
  it.each([
    '촬영기자 : 이영희',
    '촬영기자:박정우/영상편집:최가은',
    '(영상취재 : 이승훈, 영상편집 : 정다운)',
    '사진기자 : 김사진',
    '촬영 기자',
  ])('%s names no reporter', (line) => {
    expect(parseByline(line)?.authors ?? []).toEqual([]);
    expect(isClosingByline(line)).toBe(false);
  });

  it('a reporter credited by role and colon is the reporter', () => {
    expect(parseByline('취재기자 : 홍길동')?.authors).toEqual(['홍길동']);
    expect(parseByline('기자: 김철수·이영희')?.authors).toEqual(['김철수', '이영희']);
  });

  it('the credits after a sign-off do not hide it', () => {
    expect(
      findByline(['본문입니다.', '지금까지 사회부에서 24시뉴스 황보민입니다.', '촬영기자 : 이영희'])?.authors,
    ).toEqual(['황보민']);
  });

  it('a byline element whose parts ran together gives the reporter at its start', () => {
    expect(printedReporters('하윤서 기자사는 이야기를 씁니다.구독하기')).toEqual(['하윤서']);
    expect(printedReporters('권나은 기자')).toEqual(['권나은']);
    expect(printedReporters('사는 이야기를 씁니다')).toEqual([]);
    expect(printedReporters(null)).toEqual([]);
  });
});
