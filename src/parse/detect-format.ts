// Which container a document is: HTML page, JSON Lines of articles, or plain page text.
import type { InputFormat } from './types.js';

export function detectFormat(text: string, contentType?: string, name?: string): InputFormat {
  const ct = (contentType ?? '').toLowerCase();
  const ext = (name ?? '').toLowerCase().match(/\.([a-z0-9]+)(?:\.gz)?$/)?.[1] ?? '';
  const head = text.slice(0, 2048).trimStart();
  if (
    ct.includes('ndjson') ||
    ct.includes('jsonl') ||
    ct.includes('json-seq') ||
    ext === 'jsonl' ||
    ext === 'ndjson'
  )
    return 'jsonl';
  if (ct.includes('html') || ct.includes('xhtml') || ext === 'html' || ext === 'htm' || ext === 'xhtml')
    return 'html';
  if (ct.includes('json') || ext === 'json') return 'jsonl';
  if (/^(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<\?xml[^>]*>\s*<!doctype html|<!--)/i.test(head)) {
    if (/<(?:html|head|body|p|div|article)[\s>]/i.test(text.slice(0, 20000))) return 'html';
  }
  if (/^[{[]/.test(head) && looksLikeJsonLines(text)) return 'jsonl';
  // Markup-heavy text without a doctype (fragments) is still HTML.
  const tags =
    head.match(/<\/?(?:p|div|span|a|br|h[1-6]|article|section|ul|li|meta|title|script)\b[^>]*>/gi)?.length ??
    0;
  if (tags >= 5) return 'html';
  return 'text';
}

function looksLikeJsonLines(text: string): boolean {
  const trimmed = text.trim();
  // A JSON array of records must parse as a whole ("[Title] ..." page text starts with "[" too).
  if (trimmed.startsWith('[')) {
    if (!/^\[\s*[{\]]/.test(trimmed)) return false;
    try {
      return Array.isArray(JSON.parse(trimmed));
    } catch {
      return false;
    }
  }
  const lines = text
    .split('\n', 50)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 5);
  let ok = 0;
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === 'object') ok++;
    } catch {
      /* a bad line among good ones is still JSON Lines */
    }
  }
  // Most lines must be objects: one stray bad line is a rejected item, not a different format.
  return ok >= 1 && ok >= lines.length * 0.5;
}
