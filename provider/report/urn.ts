/** URN: urn:pulumi:<stack>::<project>::<[parent$]type>::<name>; the name may itself contain "::". */
export function urnType(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

export function urnName(urn: string): string {
  const parts = urn.split("::");
  return parts.length >= 4 ? parts.slice(3).join("::") : (parts[parts.length - 1] ?? urn);
}
