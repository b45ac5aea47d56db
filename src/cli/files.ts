import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';

export interface LocalFile {
  path: string;
  /** Key suffix: the file name, or the path under a directory argument, with "/" separators. */
  relativeKey: string;
}

/** Expands file and directory arguments (recursively, hidden files skipped) in a stable order. */
export async function expandFiles(args: string[]): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  for (const arg of args) {
    const info = await stat(arg);
    if (info.isDirectory()) {
      for (const path of await walk(arg))
        out.push({ path, relativeKey: relative(arg, path).split(sep).join('/') });
    } else {
      out.push({ path: arg, relativeKey: basename(arg) });
    }
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(path)));
    else if (e.isFile()) files.push(path);
  }
  return files;
}
