//! `addons generate`: a plausible shop of any size, from the `checkout-addons-shops` crate.

use anyhow::Context;

use crate::args::Generate;

/// Writes the shop as a v1 feed, and with `--history` its customers' orders.
pub fn run(options: &Generate) -> anyhow::Result<()> {
    let mut shop = checkout_addons_shops::shop(options.products as usize, options.seed);
    if let Some(path) = &options.history {
        let csv = checkout_addons_shops::history(&mut shop, options.customers as usize, options.seed);
        std::fs::write(path, csv).with_context(|| path.to_owned())?;
    }
    let text = serde_json::to_string(&shop)?;
    crate::write_output(options.out.as_deref(), &text)
}
