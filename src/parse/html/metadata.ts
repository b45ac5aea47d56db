// Page metadata: title, byline, publication date and canonical URL from <meta>, JSON-LD and the DOM.
import { normaliseInline } from '../normalize.js';
import type { DomDocument } from './dom.js';

export interface HtmlMetadata {
  headline: string | null;
  byline: string | null;
  publishedAt: string | null;
  url: string | null;
}

function meta(doc: DomDocument, ...names: string[]): string | null {
  for (const n of names) {
    const el =
      doc.querySelector(`meta[property="${n}"]`) ??
      doc.querySelector(`meta[name="${n}"]`) ??
      doc.querySelector(`meta[itemprop="${n}"]`);
    const v = el?.getAttribute('content');
    if (v?.trim()) return normaliseInline(v);
  }
  return null;
}

function jsonLd(doc: DomDocument): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) {
    try {
      const parsed: unknown = JSON.parse(scripts[i]!.textContent ?? '');
      const items = Array.isArray(parsed) ? parsed : [parsed];
      for (const it of items) {
        if (!it || typeof it !== 'object') continue;
        const graph = (it as Record<string, unknown>)['@graph'];
        // A loop, not push(...graph): spreading a 100k-entry @graph into a call overflows the stack.
        if (Array.isArray(graph)) {
          for (const g of graph) if (g && typeof g === 'object') out.push(g as Record<string, unknown>);
        } else out.push(it as Record<string, unknown>);
      }
    } catch {
      /* invalid JSON-LD is common; ignore it */
    }
  }
  return out;
}

function authorName(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const names = v.map(authorName).filter((x): x is string => !!x);
    return names.length ? names.join(', ') : null;
  }
  if (v && typeof v === 'object') {
    const n = (v as Record<string, unknown>).name;
    return typeof n === 'string' ? n : null;
  }
  return null;
}

function isoDate(value: string | null): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function extractMetadata(doc: DomDocument): HtmlMetadata {
  const ld = jsonLd(doc).find((x) => typeof x.headline === 'string' || typeof x.datePublished === 'string');
  const h1 = normaliseInline(doc.querySelector('h1')?.textContent ?? '') || null;
  const headline =
    meta(doc, 'og:title', 'twitter:title') ??
    (typeof ld?.headline === 'string' ? normaliseInline(ld.headline) : null) ??
    h1 ??
    (normaliseInline(doc.title ?? '') || null);
  const byline =
    meta(doc, 'author', 'article:author', 'byl', 'sailthru.author', 'parsely-author') ??
    authorName(ld?.author);
  const published =
    meta(
      doc,
      'article:published_time',
      'datePublished',
      'pubdate',
      'publishdate',
      'date',
      'dc.date',
      'sailthru.date',
      'parsely-pub-date',
    ) ??
    (typeof ld?.datePublished === 'string' ? ld.datePublished : null) ??
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ??
    null;
  const url = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(doc, 'og:url') ?? null;
  return {
    headline: headline ? headline.slice(0, 500) : null,
    byline: byline && !/^https?:/.test(byline) ? byline.slice(0, 300) : null,
    publishedAt: isoDate(published),
    url: url?.trim() || null,
  };
}
