import { describe, expect, it } from 'vitest';
import { labelledDates, parseKoreanDate, resolveKoreanDate } from '../../../lib/dates/korean';

// 2025-02-05 15:00 KST
const NOW = new Date('2025-02-05T06:00:00Z');

describe('parseKoreanDate', () => {
  it.each([
    ['2025.02.05', '2025-02-05T00:00:00+09:00'],
    ['2025.02.05 14:32', '2025-02-05T14:32:00+09:00'],
    ['25-02-05 14:32', '2025-02-05T14:32:00+09:00'],
    ['2025-02-05 14:32:10', '2025-02-05T14:32:10+09:00'],
    ['2025. 2. 5. 14:32', '2025-02-05T14:32:00+09:00'],
    ['2025. 2. 5.', '2025-02-05T00:00:00+09:00'],
    ['2025.02.05. 오후 2:32', '2025-02-05T14:32:00+09:00'],
    ['2025.02.05. 오전 12:05', '2025-02-05T00:05:00+09:00'],
    ['2025.02.05. 오후 12:05', '2025-02-05T12:05:00+09:00'],
    ['입력 2025.02.05. 08:15', '2025-02-05T08:15:00+09:00'],
    ['등록 2025-02-05 08:15', '2025-02-05T08:15:00+09:00'],
    ['기사입력 2025/02/05 08:15', '2025-02-05T08:15:00+09:00'],
    ['2025년 2월 5일 오후 2시 32분', '2025-02-05T14:32:00+09:00'],
    ['2025년 02월 05일(수) 14:32', '2025-02-05T14:32:00+09:00'],
    ['14:32', '2025-02-05T14:32:00+09:00'],
    ['02-05', '2025-02-05T00:00:00+09:00'],
    ['12-30', '2024-12-30T00:00:00+09:00'],
    ['02.04 09:10', '2025-02-04T09:10:00+09:00'],
    ['3분 전', '2025-02-05T14:57:00+09:00'],
    ['10초 전', '2025-02-05T14:59:50+09:00'],
    ['2시간 전', '2025-02-05T13:00:00+09:00'],
    ['1일 전', '2025-02-04T15:00:00+09:00'],
    ['방금', '2025-02-05T15:00:00+09:00'],
    ['어제 23:10', '2025-02-04T23:10:00+09:00'],
    ['2025-02-05T05:32:00Z', '2025-02-05T14:32:00+09:00'],
    ['2025-02-05T14:32:00+09:00', '2025-02-05T14:32:00+09:00'],
  ])('%s → %s', (text, iso) => {
    expect(parseKoreanDate(text, NOW)?.iso).toBe(iso);
  });

  it('uses the KST day, not the UTC day, for today-only times', () => {
    // 2025-02-05 00:30 KST is still 2025-02-04 in UTC.
    expect(resolveKoreanDate('00:10', new Date('2025-02-04T15:30:00Z'))).toBe('2025-02-05T00:10:00+09:00');
  });

  it.each(['', '번호', '랭크뉴스', '13:75', '2025.13.40', '47309', '조회 수 12'])('rejects %j', (text) => {
    expect(parseKoreanDate(text, NOW)).toBeNull();
  });

  it('marks inferred dates', () => {
    expect(parseKoreanDate('14:32', NOW)?.inferred).toBe(true);
    expect(parseKoreanDate('2025.02.05', NOW)?.inferred).toBe(false);
  });
});

describe('labelledDates', () => {
  it('finds published and modified times in one line', () => {
    const r = labelledDates('입력 2025.02.05. 08:15 수정 2025.02.05. 09:40', NOW);
    expect(r.published?.iso).toBe('2025-02-05T08:15:00+09:00');
    expect(r.modified?.iso).toBe('2025-02-05T09:40:00+09:00');
  });
  it('returns nulls for unlabelled text', () => {
    expect(labelledDates('오늘 날씨', NOW)).toEqual({ published: null, modified: null });
  });
});

describe('labelledDates: the labels of date lines in news bodies', () => {
  it.each([
    ['송고2025-02-05 10:31', '2025-02-05T10:31:00+09:00', null],
    ['기사전송 2025-02-05 10:31', '2025-02-05T10:31:00+09:00', null],
    ['승인 2025.02.05 10:31', '2025-02-05T10:31:00+09:00', null],
    ['입력일 2025.02.05 10:31', '2025-02-05T10:31:00+09:00', null],
    ['등록 2025.02.05 10:31 | 최종수정 2025.02.05 11:02', '2025-02-05T10:31:00+09:00', '2025-02-05T11:02:00+09:00'],
    ['입력 2025.02.05. 08:15 업데이트 2025.02.05. 09:10', '2025-02-05T08:15:00+09:00', '2025-02-05T09:10:00+09:00'],
    // Broadcasters put the time in parentheses; a weekday may follow the date.
    ['입력 2025.02.05 (07:05) 수정 2025.02.05 (07:40)', '2025-02-05T07:05:00+09:00', '2025-02-05T07:40:00+09:00'],
    ['입력 2025.02.05(수) 14:32', '2025-02-05T14:32:00+09:00', null],
    ['등록 2025.02.04(화) 오후 3:20', '2025-02-04T15:20:00+09:00', null],
  ])('%s', (line, published, modified) => {
    const d = labelledDates(line, NOW);
    expect(d.published?.iso ?? null).toBe(published);
    expect(d.modified?.iso ?? null).toBe(modified);
  });
});

describe('compact stamps', () => {
  it("Daum's og:regDate is Korean time to the second; a stamp that is no date is none", () => {
    const now = new Date('2025-02-06T00:00:00Z');
    expect(resolveKoreanDate('20250205060012', now)).toBe('2025-02-05T06:00:12+09:00');
    expect(resolveKoreanDate('202502050600', now)).toBe('2025-02-05T06:00:00+09:00');
    expect(resolveKoreanDate('20251305060012', now)).toBeNull();
  });
});
