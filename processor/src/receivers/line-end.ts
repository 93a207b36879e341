/** `text.replace(/\r?\n$/, '')` without a regular expression: one trailing LF or CRLF goes. */
export function withoutLineEnd(text: string): string {
  const n = text.length;
  if (text.charCodeAt(n - 1) !== 10) return text;
  return text.slice(0, text.charCodeAt(n - 2) === 13 ? n - 2 : n - 1);
}
