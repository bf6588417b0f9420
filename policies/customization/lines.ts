/**
 * Synchronous, streaming line reader for JSONL files: reads fixed-size chunks with `fs.readSync` and never holds more
 * than one chunk plus the current line in memory. Lines are split on the byte `\n` (0x0A), which never occurs inside a
 * multi-byte UTF-8 sequence, and each line is decoded on its own: a character split across two chunks is therefore
 * decoded whole. A trailing `\r` (CRLF files) and a UTF-8 byte-order mark at the start of the file are removed; a last
 * line without a final newline is read like the others; lines longer than `maxLineBytes` are reported, not buffered.
 */
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** Default chunk size: 1 MiB. */
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
/** Default longest line held in memory: 16 MiB (a 32,000-token record is well under 1 MiB). */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/** One line of the file, without its line terminator. */
export interface Line {
  /** 1-based line number. */
  readonly line: number;
  /** Length in bytes, without `\r\n` / `\n` (and without the byte-order mark on line 1). */
  readonly bytes: number;
  /** The decoded text; undefined when the line is too long or not valid UTF-8 (see `problem`). */
  readonly text?: string;
  /** Why `text` is missing. */
  readonly problem?: 'too-long' | 'invalid-utf8';
}

/** Options of readLines. */
export interface ReadLinesOptions {
  /** Bytes read per `fs.readSync` call. @default 1 MiB */
  readonly chunkSize?: number;
  /** Longest line decoded; longer lines are reported with `problem: 'too-long'`. @default 16 MiB */
  readonly maxLineBytes?: number;
}

/** Totals of a read. */
export interface ReadTotals {
  /** Bytes in the file. */
  readonly bytes: number;
  /** Lines seen (a final newline does not start another line). */
  readonly lines: number;
}

/** Reads `file` line by line, calling `onLine` for each, and returns the totals. */
export function readLines(file: string, onLine: (line: Line) => void, options: ReadLinesOptions = {}): ReadTotals {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize ${chunkSize} is not valid; accepted: a positive integer`);
  const chunk = Buffer.allocUnsafe(chunkSize);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let lineNo = 0;
  let total = 0;

  const emit = (tail: Buffer): void => {
    lineNo++;
    if (tooLong) {
      const length = pendingBytes + tail.length - (tail.length > 0 && tail[tail.length - 1] === CR ? 1 : 0);
      onLine({ line: lineNo, bytes: length, problem: 'too-long' });
      tooLong = false;
      pending = [];
      pendingBytes = 0;
      return;
    }
    const whole = pending.length === 0 ? tail : Buffer.concat([...pending, tail], pendingBytes + tail.length);
    pending = [];
    pendingBytes = 0;
    let start = 0;
    let end = whole.length;
    if (end > start && whole[end - 1] === CR) end--;
    if (lineNo === 1 && end - start >= 3 && whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf) start = 3;
    if (end - start > maxLineBytes) {
      onLine({ line: lineNo, bytes: end - start, problem: 'too-long' });
      return;
    }
    const bytes = whole.subarray(start, end);
    if (!isUtf8(bytes)) {
      onLine({ line: lineNo, bytes: bytes.length, problem: 'invalid-utf8' });
      return;
    }
    onLine({ line: lineNo, bytes: bytes.length, text: bytes.toString('utf8') });
  };

  const hold = (segment: Buffer): void => {
    if (tooLong || pendingBytes + segment.length > maxLineBytes + 4) {
      // Count the bytes but drop them: the line is reported as too long when its newline comes.
      tooLong = true;
      pendingBytes += segment.length;
      pending = [];
      return;
    }
    pending.push(Buffer.from(segment));
    pendingBytes += segment.length;
  };

  const fd = fs.openSync(file, 'r');
  try {
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, chunkSize, null);
      if (read === 0) break;
      total += read;
      const view = chunk.subarray(0, read);
      let start = 0;
      for (;;) {
        const nl = view.indexOf(LF, start);
        if (nl < 0) break;
        emit(view.subarray(start, nl));
        start = nl + 1;
      }
      if (start < read) hold(view.subarray(start));
    }
    if (pendingBytes > 0 || tooLong) emit(Buffer.alloc(0));
  } finally {
    fs.closeSync(fd);
  }
  return { bytes: total, lines: lineNo };
}
