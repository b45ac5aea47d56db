// The parser's version on its own: the worker's event loop stamps it on events without loading the
// parser, which runs in the analyse threads (tens of MB of RSS saved in the main isolate).

/** Bump whenever parse output changes for the same input (consumers key caches and re-parses on it). */
export const PARSER_VERSION = '1.4.0';
