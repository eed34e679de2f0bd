//! `addons generate`: a plausible shop of any size, from the `checkout-addons-shops` crate.

use crate::args::Generate;

/// Writes the shop as a v1 feed, and with `--history` its customers' orders.
pub fn run(options: &Generate) -> anyhow::Result<()> {
    // Both told before anything is written: a feed over the history just written, or a
    // history left behind by a feed that could not be.
    if let Some(out) = options.out.as_deref() {
        crate::check_target(out, &[])?;
    }
    if let Some(path) = options.history.as_deref() {
        crate::check_target(path, &[])?;
        if options
            .out
            .as_deref()
            .is_some_and(|out| crate::same_file(out, path))
        {
            anyhow::bail!("{path}: both the feed (-o) and the history; name two files");
        }
    }
    let mut shop = checkout_addons_shops::shop(options.products as usize, options.seed);
    if let Some(path) = &options.history {
        let csv = checkout_addons_shops::history(&mut shop, options.customers as usize, options.seed);
        crate::replace_file(std::path::Path::new(path), csv.as_bytes())?;
    }
    let text = serde_json::to_string(&shop)?;
    crate::write_output(options.out.as_deref(), &text)
}
