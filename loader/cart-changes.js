// checkout-addons: cart changes in two steps, the same on every platform. esbuild bundles this
// into each platform adapter when it minifies them (xtask/src/loader.rs), so a page still
// loads one adapter file and the steps are written once.
//
// Each adapter passes its platform's primitives: `addLine(item, before)` adds `{id, quantity,
// ...}` and answers `{key, before, added}` (the line it went into, that line's quantity before,
// and the quantity added; `before`, the cart before the add where it is known, lets a platform
// whose answer is the whole cart tell which line that was), `setLine(key, quantity)` sets a line's quantity (0 removes it) and
// answers the whole cart, and `readCart()` answers the cart as it is now (both platforms list
// its lines as `items` with their `key` and `quantity`).

/**
 * The platform's primitives, sure of their outcome: a step whose answer was lost on the way (a
 * gateway's timeout, a dropped connection) may have been made all the same, so after a
 * failure the cart read decides. `linesOfItem(cart, item)` lists the lines an add of `item` may go
 * into (a product's lines apart by their properties, each its own); an add is judged against
 * `before`, the cart before it: made, if one of them grew by the quantity.
 */
export function surely({ addLine, setLine, readCart, linesOfItem }) {
  const read = () => readCart().catch(() => undefined);
  return {
    async addLine(item, before) {
      try {
        return await addLine(item, before);
      } catch (error) {
        const was = new Map(linesOfItem(before, item).map((line) => [line.key, line.quantity]));
        const grown = linesOfItem(await read(), item)
          .find((line) => line.quantity - (was.get(line.key) ?? 0) >= item.quantity);
        if (!grown) throw error;
        return { key: grown.key, before: was.get(grown.key) ?? 0, added: item.quantity };
      }
    },
    async setLine(key, quantity) {
      try {
        return await setLine(key, quantity);
      } catch (error) {
        const cart = await read();
        if (!cart || (cart.items?.find((line) => line.key === key)?.quantity ?? 0) !== quantity) throw error;
        return cart;
      }
    },
    readCart,
  };
}

/** Runs `second` after `first`; when it fails, `rollBack` undoes `first` and the failure stands. */
export async function inTurn(first, second, rollBack, warn) {
  const done = await first();
  try {
    return await second(done);
  } catch (error) {
    await rollBack(done).catch((failed) => warn(`could not roll back: ${failed.message}`));
    throw error;
  }
}

/**
 * Runs `work`; when it fails, `read`s the cart (a promise that does not reject) before the
 * failure stands, so the widget shows what the cart holds before its card can be pressed again:
 * an add whose answer was lost on the way may have landed, and a second press would add twice.
 */
export async function readingOnFailure(work, read) {
  try {
    return await work();
  } catch (error) {
    // A read that hangs (a stalled connection) must not keep the card busy for good.
    await atMostReadWait(read());
    throw error;
  }
}

/** How long a press waits for the cart read after it, or for the change before it, at most. */
const READ_WAIT_MS = 10_000;

/** `promise`, or undefined once READ_WAIT_MS have passed without it. */
export const atMostReadWait = (promise) => Promise.race([promise, new Promise((done) => setTimeout(done, READ_WAIT_MS))]);

// The change under way on this page (every widget's adapter of a platform shares this module).
let lastChange = Promise.resolve();

/**
 * The adapter with its changes (`add`, `replace`, `remove`) made one at a time, page-wide, each
 * whole (a swap's two steps, an undo's) before the next starts. WooCommerce loads the
 * shopper's session when a request starts and writes it back whole when it ends, so of two
 * changes at once (two cards pressed in quick succession, an undo while another card adds)
 * the later write drops the earlier: an add answered as made would not be in the cart. A
 * change stalled on the network holds the next for READ_WAIT_MS at most.
 */
export function oneChangeAtATime(adapter) {
  const queued = {};
  for (const [name, change] of Object.entries(adapter)) {
    queued[name] = (item) => {
      const made = atMostReadWait(lastChange).then(() => change(item));
      lastChange = made.catch(() => {});
      return made;
    };
  }
  return queued;
}

/**
 * Swaps the cart line `old` (`{key, quantity}`) for its upgrade: `addUpgrade(quantity)` adds
 * the upgrade in the line's quantity, then the line goes; if it cannot, the upgrade goes
 * again, so the shopper never pays for both. Answers the added line and the cart. Given
 * [`surely`]'s steps, a step made though its answer was lost counts as made, so the shopper
 * ends with one of the two, not both nor neither.
 */
export async function swapIn(old, addUpgrade, setLine, warn) {
  let upgrade;
  const cart = await inTurn(
    async () => (upgrade = await addUpgrade(old.quantity)),
    () => setLine(old.key, 0),
    (line) => setLine(line.key, line.before),
    warn,
  );
  return { upgrade, cart };
}

/**
 * Takes back what the widget added: the line less the quantity the add put in (`line.added`),
 * as the cart holds it now, so what the shopper (or another widget) put in the same line since
 * stays; a line already gone is left alone. For a swap (`line.restore`, the replaced line as an
 * item to add) the replaced line comes back first and the upgrade goes after; if it cannot, the
 * restored line goes again, so the shopper never ends with both, nor with neither. Answers the
 * cart.
 */
export function takeBack(line, { addLine, setLine, readCart }, warn) {
  // Put back once: when the upgrade would not go and neither would the line put back, the
  // line stays put back (`line.back`), and the next undo only takes the upgrade out.
  const restore = async () => (line.back ??= await addLine(line.restore, await readCart()));
  const lessen = async () => {
    const cart = await readCart();
    const quantity = cart.items?.find((item) => item.key === line.key)?.quantity ?? 0;
    return quantity > 0 ? setLine(line.key, Math.max(0, quantity - line.added)) : cart;
  };
  if (!line.restore) return lessen();
  return inTurn(
    restore,
    lessen,
    async (back) => {
      const cart = await setLine(back.key, back.before);
      line.back = undefined;
      return cart;
    },
    warn,
  );
}
