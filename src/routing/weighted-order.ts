/** Orders weighted entries by weighted random sampling without replacement: the first is the pick, the rest the fallbacks. */
export function weightedOrder<T extends { weight: number }>(entries: readonly T[], random: () => number): T[] {
  const remaining = [...entries];
  const ordered: T[] = [];
  while (remaining.length > 0) {
    const total = remaining.reduce((sum, entry) => sum + entry.weight, 0);
    let point = random() * total;
    let index = remaining.findIndex((entry) => {
      point -= entry.weight;
      return point < 0;
    });
    if (index === -1) index = remaining.length - 1;
    ordered.push(...remaining.splice(index, 1));
  }
  return ordered;
}
