/** Every object inside `node` (a card, an activity, a connector call) that `predicate` accepts, depth first. */
export function findIn(node: unknown, predicate: (record: Record<string, unknown>) => boolean): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      if (predicate(value as Record<string, unknown>)) found.push(value as Record<string, unknown>);
      Object.values(value).forEach(walk);
    }
  };
  walk(node);
  return found;
}
