/** YYYY-MM-DD -> YYYYMMDD (LEDES). */
export function compactDate(date: string): string {
  return date.replaceAll('-', '');
}
