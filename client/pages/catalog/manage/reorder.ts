/** Moves the item with `id` one place up (-1) or down (+1); the same order when it cannot move. */
export function moveBy<T extends { id: number }>(items: readonly T[], id: number, step: -1 | 1): T[] {
  const from = items.findIndex((item) => item.id === id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= items.length) return [...items];
  const out = [...items];
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved as T);
  return out;
}

export const idsOf = (items: ReadonlyArray<{ id: number }>): number[] => items.map((item) => item.id);
