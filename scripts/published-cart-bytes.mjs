// What a checkout downloads from a published folder (docs/benchmarks.md): the manifest and the
// shards of 20 carts of three products drawn at random (seeded) from the feed, brotli-compressed
// as a CDN would serve them; with the whole feed's brotli size beside it.
//   node scripts/published-cart-bytes.mjs DIR FEED.json
import { readFileSync } from 'node:fs';
import { brotliCompressSync } from 'node:zlib';

const [dir, feedPath] = process.argv.slice(2);
const manifest = readFileSync(`${dir}/manifest.json`);
const { published } = JSON.parse(manifest);
// Shard n of generation g is shards/n-g.json; generations come as runs "g:count,...".
const generations = published.generations.split(',').flatMap((run) => {
  const [generation, count] = run.split(':').map(Number);
  return Array(count).fill(generation);
});
// The engine's shard_of: FNV-1a (64 bits) of the id's bytes, modulo the shard count.
const shardOf = (id) => {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(id)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return Number(hash % BigInt(published.shards));
};
const brotli = (bytes) => brotliCompressSync(bytes).length;
const ids = JSON.parse(readFileSync(feedPath)).products.map((p) => p.id);
let seed = 7;
const draw = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return ids[seed % ids.length]; };
const shardBytes = new Map();
const carts = [];
for (let n = 0; n < 20; n++) {
  const shards = new Set([draw(), draw(), draw()].map(shardOf));
  let bytes = brotli(manifest);
  for (const s of shards) {
    if (!shardBytes.has(s)) shardBytes.set(s, brotli(readFileSync(`${dir}/shards/${s}-${generations[s]}.json`)));
    bytes += shardBytes.get(s);
  }
  carts.push(bytes);
}
carts.sort((a, b) => a - b);
console.log(JSON.stringify({
  shards: published.shards, manifest_brotli: brotli(manifest), cart_of_3_median_brotli: carts[10],
  cart_of_3_max_brotli: carts[19], whole_feed_brotli: brotli(readFileSync(feedPath)),
}));
