/** Response headers as the HTTP layer hands them over (undici style: lower- or mixed-case names). */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** First value of a header, matched case-insensitively; empty or whitespace-only counts as absent. */
export function headerValue(headers: ResponseHeaders | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const raw = headers[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) return value;
  }
  return undefined;
}
