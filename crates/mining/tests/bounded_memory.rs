//! Mining streams: the memory it needs follows the products and pairs, not the file's length.
//! A counting allocator measures the peak heap while ever longer generated files are mined.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};

use checkout_addons_engine::Currency;
use checkout_addons_mining::{read_baskets, Columns, Miner, OrderLines, ReadOptions};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// An order-lines file of `lines` rows, generated as it is read: 4 lines per order, 500
/// products, so the file grows while products and pairs stay the same.
struct Generated {
    line: u64,
    lines: u64,
    pending: Vec<u8>,
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pending.len() < buf.len() && self.line <= self.lines {
            let row = match self.line {
                0 => "order_id,product_id\n".to_owned(),
                n => format!("order-{},product-{}\n", n / 4, (n * 7919 + n / 4 * 104_729) % 500),
            };
            self.pending.extend_from_slice(row.as_bytes());
            self.line += 1;
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

/// Peak heap while mining a generated file of `lines` rows, and the bytes the file holds.
fn peak_heap_mining(lines: u64) -> (usize, u64) {
    let input = Generated {
        line: 0,
        lines,
        pending: Vec::new(),
    };
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let before = LIVE.load(Ordering::Relaxed);
    let order_lines = OrderLines::new(input, &Columns::default(), Currency::parse("EUR").unwrap()).unwrap();
    let mut miner = Miner::new(None);
    let (items, report) = read_baskets(order_lines, &ReadOptions::default(), |b, i| miner.add(b, i)).unwrap();
    let mined = miner.finish(&items, Default::default());
    assert_eq!(report.rows, lines);
    assert!(!mined.copurchase.is_empty());
    let bytes = lines * "order-100000,product-100\n".len() as u64;
    (PEAK.load(Ordering::Relaxed) - before, bytes)
}

#[test]
fn peak_memory_does_not_grow_with_the_file() {
    // Past 800,000 lines (200,000 orders) the memory of closed orders is full, so from there
    // on nothing may grow with the file.
    let (small, _) = peak_heap_mining(800_000);
    let (large, large_bytes) = peak_heap_mining(3_200_000);
    assert!(
        (large as f64) < small as f64 * 1.2,
        "peak heap grew from {small} to {large} bytes for a file four times as long"
    );
    assert!(
        (large as u64) < large_bytes / 4,
        "peak heap {large} bytes for a file of about {large_bytes} bytes"
    );
}
