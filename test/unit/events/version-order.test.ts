// versionOrder must sort, as a plain string, in the order object versions were written: by time, then
// by S3 sequencer (a hex number of any length), a version without a sequencer first.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleEventSchema } from '../../../src/events/article-event.js';
import {
  supersedesVersion,
  VERSION_ORDER_PATTERN,
  versionOrderFor,
} from '../../../src/events/version-order.js';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';

const at = new Date('2026-11-30T08:15:02.123Z');
const dates = fc.date({
  min: new Date('1970-01-01T00:00:00Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});
const sequencers = fc.string({
  unit: fc.constantFrom(...'0123456789ABCDEFabcdef'),
  minLength: 1,
  maxLength: 32,
});
const hexValue = (s: string) => BigInt(`0x${s}`);

describe('versionOrderFor', () => {
  it('is the ISO time with ms, a slash and the sequencer left-padded to 32 upper-case hex digits', () => {
    expect(versionOrderFor(at, '0055AED6DCD90281E5')).toBe(
      `2026-11-30T08:15:02.123Z/${'0'.repeat(14)}0055AED6DCD90281E5`,
    );
    expect(versionOrderFor(at, 'ff')).toBe(`2026-11-30T08:15:02.123Z/${'0'.repeat(30)}FF`);
    expect(versionOrderFor(at)).toBe(`2026-11-30T08:15:02.123Z/${'0'.repeat(32)}`);
  });

  it('treats a sequencer that is not 1-32 hex digits as unknown instead of throwing', () => {
    const unknown = versionOrderFor(at);
    for (const bad of ['', 'xyz', '12 34', 'A'.repeat(33), '-1', '0x1F', null])
      expect(versionOrderFor(at, bad)).toBe(unknown);
  });

  it('rejects an invalid date or one outside years 0000-9999 (no fixed-width form)', () => {
    expect(() => versionOrderFor(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => versionOrderFor(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => versionOrderFor(new Date('-000001-01-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('always matches the pattern the event schema checks', () => {
    fc.assert(
      fc.property(dates, fc.option(sequencers), (date, seq) => {
        expect(versionOrderFor(date, seq)).toMatch(VERSION_ORDER_PATTERN);
      }),
    );
  });

  it('sorts by time first, whatever the sequencers', () => {
    fc.assert(
      fc.property(dates, dates, fc.option(sequencers), fc.option(sequencers), (a, b, sa, sb) => {
        fc.pre(a.getTime() !== b.getTime());
        const earlierFirst = a < b;
        expect(versionOrderFor(a, sa) < versionOrderFor(b, sb)).toBe(earlierFirst);
      }),
    );
  });

  it('within one millisecond sorts by the sequencer as a hex number (any length, any case)', () => {
    fc.assert(
      fc.property(dates, sequencers, sequencers, (date, sa, sb) => {
        const [x, y] = [versionOrderFor(date, sa), versionOrderFor(date, sb)];
        expect(x < y).toBe(hexValue(sa) < hexValue(sb));
        expect(x === y).toBe(hexValue(sa) === hexValue(sb));
      }),
    );
  });

  it('puts a version without a sequencer before any with one at the same millisecond', () => {
    fc.assert(
      fc.property(dates, sequencers, (date, seq) => {
        fc.pre(hexValue(seq) > 0n);
        expect(versionOrderFor(date) < versionOrderFor(date, seq)).toBe(true);
      }),
    );
  });

  it('is accepted by the event schema, and a malformed order is not', () => {
    const event = exampleArticleEvent({ versionOrder: versionOrderFor(at, 'A1') });
    expect(articleEventSchema.safeParse(event).success).toBe(true);
    for (const bad of [
      '2026-11-30T08:15:02Z/00',
      `${at.toISOString()}/${'0'.repeat(31)}`,
      `${at.toISOString()}/${'a'.repeat(32)}`,
    ])
      expect(articleEventSchema.safeParse({ ...event, versionOrder: bad }).success).toBe(false);
  });
});

describe('supersedesVersion', () => {
  const older = versionOrderFor(at);
  const newer = versionOrderFor(new Date(at.getTime() + 1));
  it('applies only a strictly higher order over a known one', () => {
    expect(supersedesVersion(newer, older)).toBe(true);
    expect(supersedesVersion(older, newer)).toBe(false);
    expect(supersedesVersion(older, older)).toBe(false);
  });
  it('applies anything over nothing held, and an event without an order only over one without', () => {
    expect(supersedesVersion(older, null)).toBe(true);
    expect(supersedesVersion(older, undefined)).toBe(true);
    expect(supersedesVersion(undefined, undefined)).toBe(true);
    expect(supersedesVersion(undefined, older)).toBe(false);
  });
});
