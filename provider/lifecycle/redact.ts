/**
 * Scrubs secret values from text that leaves the provider (errors, logs). Vendors echo parameters
 * back in their messages, so a push URL, its query string, or its stream key could otherwise leak.
 */
export function redactor(secrets: unknown[]): (text: string) => string {
  const needles = new Set<string>();
  const add = (s: string) => {
    if (s.length >= 6) needles.add(s);
  };
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      add(v);
      add(encodeURIComponent(v));
      try {
        const u = new URL(v);
        add(u.search.slice(1));
        for (const value of u.searchParams.values()) add(value);
        add(u.pathname.split("/").pop() ?? "");
      } catch {
        /* not a URL */
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  secrets.forEach(visit);
  // Longest first, so a whole URL is replaced before a part of it.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((t, n) => t.split(n).join("[secret]"), text);
}
