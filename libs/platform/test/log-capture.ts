import type { DestinationStream } from 'pino';

/** A pino destination that keeps every line, raw and parsed, for assertions. */
export interface CapturedLog extends DestinationStream {
  readonly raw: string[];
  entries(): Record<string, unknown>[];
  text(): string;
}

export function captureLog(): CapturedLog {
  const raw: string[] = [];
  return {
    raw,
    write(line: string) {
      raw.push(line);
    },
    entries: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => raw.join(''),
  };
}
