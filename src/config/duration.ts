// Durations in config are written the way operators say them: "500ms", "30s", "5m", "2h", "30d".
// A bare number means seconds.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) throw new Error(`not a duration: "${text}" (use e.g. 500ms, 30s, 5m, 2h, 30d)`);
  const value = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  return Math.round(value * (UNIT_MS[unit] ?? 1000));
}
