/** Above this many keys, the built-in sort is used (insertion sort is quadratic). */
const INSERTION_SORT_LIMIT = 16;

/**
 * The own enumerable keys of an object in sorted order (UTF-16 code units, as `Array.prototype.sort`
 * orders strings). Small key lists, by far the most common (labels, manifest fields), are sorted
 * in place by insertion: the built-in sort allocates work arrays on every call, which shows when
 * every object of every manifest is sorted.
 */
export function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > INSERTION_SORT_LIMIT) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * A fresh label map with keys in sorted order, merging the maps left to right (never shared
 * between documents). The one implementation: the IR, the planner and every target use it.
 */
export function sortedLabels(...maps: readonly { readonly [key: string]: string }[]): { [key: string]: string } {
  const merged: { [key: string]: string } = {};
  for (const map of maps) Object.assign(merged, map);
  const sorted: { [key: string]: string } = {};
  for (const key of sortedKeys(merged)) sorted[key] = merged[key];
  return sorted;
}
