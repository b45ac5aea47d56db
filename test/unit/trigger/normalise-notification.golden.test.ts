// Golden fixtures: every test/fixtures/s3-events/NAME.json (a raw body, exactly as it arrives over
// HTTP or in an SQS message Body) must normalise to NAME.expected.json. New fixtures are picked up
// automatically.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type NormaliseOptions, normaliseNotification } from '../../../src/trigger/normalise-notification.js';

const normalise = (payload: unknown, options: Partial<NormaliseOptions> = {}) =>
  normaliseNotification(payload, { trigger: 'webhook', ...options });

const dir = join(import.meta.dirname, '../../fixtures/s3-events');
const inputs = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .sort();

describe('normaliseNotification golden fixtures', () => {
  it('has fixtures, each with an expected file', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(12);
    for (const f of inputs) {
      expect(readdirSync(dir), `${f} needs an expected file`).toContain(
        f.replace(/\.json$/, '.expected.json'),
      );
    }
  });

  for (const file of inputs) {
    const text = readFileSync(join(dir, file), 'utf8');
    const expected: unknown = JSON.parse(
      readFileSync(join(dir, file.replace(/\.json$/, '.expected.json')), 'utf8'),
    );

    it(`${file} (raw text)`, () => {
      expect(normalise(text)).toStrictEqual(expected);
    });

    it(`${file} (bytes)`, () => {
      expect(normalise(Buffer.from(text, 'utf8'))).toStrictEqual(expected);
    });

    const parsed = tryParse(text);
    if (parsed.ok) {
      // An HTTP framework may hand over the parsed JSON instead of the text.
      it(`${file} (parsed JSON)`, () => {
        expect(normalise(parsed.value)).toStrictEqual(expected);
      });
    }
  }
});

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
