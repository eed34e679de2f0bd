// What the measuring scripts share about a published folder (docs/feed.md): where the publisher
// put a product, and seeded carts to measure with.

/** The file, relative to the folder, of the shard holding `id`, for a manifest's `published`:
 * the engine's `shard_of` (FNV-1a, 64 bits, of the id's UTF-8 bytes, modulo the shard count)
 * and the shard's generation from the runs "g:count,...". */
export function shardFiles(published) {
  const generations = published.generations.split(',').flatMap((run) => {
    const [generation, count] = run.split(':');
    return Array(Number(count)).fill(generation);
  });
  return (id) => {
    let hash = 0xcbf29ce484222325n;
    for (const byte of Buffer.from(id)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    const n = Number(hash % BigInt(published.shards));
    return `shards/${n}-${generations[n]}.json`;
  };
}

/** `count` carts of three of `ids`, drawn with a seeded generator: the same every run. */
export function seededCarts(ids, count, seed) {
  const draw = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return ids[seed % ids.length]; };
  return Array.from({ length: count }, () => [draw(), draw(), draw()]);
}
