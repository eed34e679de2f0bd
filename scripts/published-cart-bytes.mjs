// What a checkout downloads from a published folder (docs/benchmarks.md): the manifest and the
// shards of 20 carts of three products drawn at random (seeded) from the feed, brotli-compressed
// as a CDN would serve them; with the whole feed's brotli size beside it.
//   node scripts/published-cart-bytes.mjs DIR FEED.json
import { readFileSync } from 'node:fs';
import { brotliCompressSync } from 'node:zlib';
import { seededCarts, shardFiles } from './published-folder.mjs';

const [dir, feedPath] = process.argv.slice(2);
const manifest = readFileSync(`${dir}/manifest.json`);
const { published } = JSON.parse(manifest);
const shardFile = shardFiles(published);
const brotli = (bytes) => brotliCompressSync(bytes).length;
const ids = JSON.parse(readFileSync(feedPath)).products.map((p) => p.id);
const shardBytes = new Map();
const carts = seededCarts(ids, 20, 7).map((cart) => {
  let bytes = brotli(manifest);
  for (const file of new Set(cart.map(shardFile))) {
    if (!shardBytes.has(file)) shardBytes.set(file, brotli(readFileSync(`${dir}/${file}`)));
    bytes += shardBytes.get(file);
  }
  return bytes;
});
carts.sort((a, b) => a - b);
console.log(JSON.stringify({
  shards: published.shards, manifest_brotli: brotli(manifest), cart_of_3_median_brotli: carts[10],
  cart_of_3_max_brotli: carts[19], whole_feed_brotli: brotli(readFileSync(feedPath)),
}));
