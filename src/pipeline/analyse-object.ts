// Pure CPU work on an object's bytes: binary sniffing, decoding, parsing. Runs in a worker thread in
// the service (so the event loop stays free to renew job locks) and inline in the CLI and tests.
import { decodeBytes, isProbablyBinary, parseDocument } from '../parse/index.js';
import type { ParseResult } from '../parse/types.js';

export interface AnalyseRequest {
  bytes: Uint8Array;
  contentType: string | undefined;
  name: string;
  maxArticleChars: number;
  /** MAX_ARTICLES_PER_OBJECT; the parser's default when absent. */
  maxArticles?: number | undefined;
}

export type AnalyseResult =
  | { kind: 'binary' }
  | {
      kind: 'parsed';
      charset: string;
      lossy: boolean;
      result: ParseResult;
      decodeSeconds: number;
      parseSeconds: number;
    };

export function analyseObject(request: AnalyseRequest): AnalyseResult {
  if (isProbablyBinary(request.bytes)) return { kind: 'binary' };
  const t0 = performance.now();
  const decoded = decodeBytes(request.bytes, request.contentType);
  const t1 = performance.now();
  const result = parseDocument(decoded.text, {
    contentType: request.contentType,
    name: request.name,
    maxArticleChars: request.maxArticleChars,
    maxArticles: request.maxArticles,
  });
  const t2 = performance.now();
  return {
    kind: 'parsed',
    charset: decoded.charset,
    lossy: decoded.lossy,
    result,
    decodeSeconds: (t1 - t0) / 1000,
    parseSeconds: (t2 - t1) / 1000,
  };
}

/** analyseObject as an AnalyseRunner's analyse, in the calling thread (offline commands, the bench). */
export const analyseInline = async (request: AnalyseRequest): Promise<AnalyseResult> =>
  analyseObject(request);
