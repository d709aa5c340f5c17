import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, one string per text-showing operator: the content streams are inflated
 * and the hex strings pdfkit writes for the standard fonts decoded (WinAnsi, so latin1).
 */
export function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const texts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const operation of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...operation[1]!.matchAll(/<([0-9a-fA-F]*)>/g)]
        .map((piece) => piece[1])
        .join('');
      texts.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return texts;
}
