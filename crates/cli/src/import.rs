//! `addons import`: catalogs from shop platforms, and Spark rules into a feed.

use crate::args::Import;

/// Runs one import.
pub fn run(_options: &Import) -> Result<(), String> {
    Err("not yet".into())
}
