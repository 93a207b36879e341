/**
 * Splits a template into lowercase word tokens the way a human reads identifiers:
 * `PacketResponder` → packet responder, `blk_id` → blk id, `dfs.DataNode` → dfs data node.
 * Placeholders (`<*>`) and pure numbers carry no meaning and are dropped.
 */
export function tokenizeTemplate(text: string): string[] {
  const out: string[] = [];
  const cleaned = text.replace(/<\*>/g, ' ');
  for (const raw of cleaned.split(/[^A-Za-z0-9]+/)) {
    if (raw === '') continue;
    const parts = raw
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(' ');
    for (const p of parts) {
      const lower = p.toLowerCase();
      if (lower === '' || /^\d+$/.test(lower) || /^0x[0-9a-f]+$/.test(lower)) continue;
      out.push(lower);
    }
  }
  return out;
}
