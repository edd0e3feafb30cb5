/**
 * The layout of the vendor model files (provider/vendors/<vendor>/model.json): sections and types
 * spread over lines, each field on one line, so that a diff of a model reads field by field.
 */
export function formatModel(value: unknown): string {
  return `${pretty(value, 0)}\n`;
}

/** Objects down to three levels (model, section, entry) get a line per key; deeper values, one line. */
function pretty(value: unknown, depth: number): string {
  if (depth >= 3 || value === null || typeof value !== "object") return JSON.stringify(value);
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${pad}${pretty(v, depth + 1)}`).join(",\n")}\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pretty(v, depth + 1)}`).join(",\n")}\n${end}}`;
}
