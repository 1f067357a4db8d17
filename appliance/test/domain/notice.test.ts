// R-MTG-3: notice lead times per kind of meeting; a late publication is recorded, not refused.
import { describe, expect, it } from 'vitest';
import { checkNotice, DEFAULT_NOTICE, type NoticeSettings } from '../../src/domain/notice.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2025, 5, 10, 1, 0); // 08:00 in Việt Nam

describe('notice lead times', () => {
  it('R-MTG-3 defaults: regular 3 days, ad hoc 1 day, emergency 3 hours (in minutes)', () => {
    expect(DEFAULT_NOTICE).toEqual({ regular: 3 * 24 * 60, ad_hoc: 24 * 60, emergency: 3 * 60 });
  });

  it('R-MTG-3 exactly the lead time is in time; one millisecond less is late', () => {
    for (const [kind, minutes] of Object.entries(DEFAULT_NOTICE) as [keyof NoticeSettings, number][]) {
      const onTime = checkNotice(kind, START, START - minutes * MIN, DEFAULT_NOTICE);
      expect(onTime).toEqual({ requiredMinutes: minutes, actualMinutes: minutes, late: false });
      const late = checkNotice(kind, START, START - minutes * MIN + 1, DEFAULT_NOTICE);
      // 1 ms short of the lead time is not rounded up to it.
      expect(late).toEqual({ requiredMinutes: minutes, actualMinutes: minutes - 1, late: true });
    }
  });

  it('R-MTG-3 earlier than required is in time', () => {
    expect(checkNotice('regular', START, START - 5 * DAY, DEFAULT_NOTICE)).toEqual({
      requiredMinutes: 3 * 24 * 60,
      actualMinutes: 5 * 24 * 60,
      late: false,
    });
  });

  it('R-MTG-3 a regular meeting published 2 days ahead is late by default (BP) but not under BĐ’s 2 days', () => {
    const publishedAt = START - 2 * DAY;
    expect(checkNotice('regular', START, publishedAt, DEFAULT_NOTICE).late).toBe(true);
    const binhDinh: NoticeSettings = { regular: 2 * 24 * 60, ad_hoc: 24 * 60, emergency: 3 * 60 };
    expect(checkNotice('regular', START, publishedAt, binhDinh)).toEqual({
      requiredMinutes: 2 * 24 * 60,
      actualMinutes: 2 * 24 * 60,
      late: false,
    });
  });

  it('R-MTG-3 published after the start: late, with a negative lead time', () => {
    expect(checkNotice('emergency', START, START + 90 * 1000, DEFAULT_NOTICE)).toEqual({
      requiredMinutes: 180,
      actualMinutes: -2,
      late: true,
    });
  });

  it('R-MTG-3 a zero lead time setting is never late before the start', () => {
    const none: NoticeSettings = { regular: 0, ad_hoc: 0, emergency: 0 };
    expect(checkNotice('emergency', START, START, none).late).toBe(false);
    expect(checkNotice('emergency', START, START + 1, none).late).toBe(true);
  });
});
