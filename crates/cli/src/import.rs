//! `addons import`: catalogs from shop platforms, and Spark rules into a feed.

use anyhow::{anyhow, Context};
use checkout_addons_engine::Catalog;
use checkout_addons_import::{
    merchant, shopify, shopify_bestsellers, shopify_complementary, woocommerce, ImportError, Imported,
};
use checkout_addons_mining::rules::read_rules;
use checkout_addons_mining::{write_mined, Thresholds};

use crate::args::{Import, TagFlags};
use crate::{currency_flag, feed_errors, load_text, read_text, write_output};

/// Runs one import; the feed it writes always passes `addons validate`.
pub fn run(options: &Import) -> anyhow::Result<()> {
    // Told before reading: an export written over by its own feed is lost (a rules file's
    // `--feed` may be its output: the feed is updated in place, as `mine` does).
    let (output, inputs): (&Option<String>, Vec<&str>) = match options {
        Import::Shopify {
            inputs,
            bestsellers,
            output,
            ..
        } => (
            output,
            inputs.iter().chain(bestsellers).map(String::as_str).collect(),
        ),
        Import::Woocommerce { inputs, output, .. } => (output, inputs.iter().map(String::as_str).collect()),
        Import::Merchant { input, output, .. } | Import::Rules { input, output, .. } => (output, vec![input]),
    };
    if let Some(output) = output {
        crate::check_target(output, &inputs)?;
    }
    match options {
        Import::Shopify {
            inputs,
            currency,
            tags,
            complementary,
            bestsellers,
            output,
        } => {
            let currency = currency_flag(currency)?;
            let (label, mut imported) = read_pages(inputs, |pages| shopify::import_pages(pages, currency))?;
            if let Some(folder) = complementary {
                let answers = json_files(folder)?;
                let answers: Vec<(&str, &str)> =
                    answers.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
                shopify_complementary::add_complementary(&mut imported, &answers);
            }
            if let Some(path) = bestsellers {
                shopify_bestsellers::set_bestsellers(&mut imported, path, &read_text(path)?)?;
            }
            finish(&label, imported, tags, output.as_deref(), "products")
        }
        Import::Woocommerce {
            inputs,
            currency,
            tags,
            tax,
            output,
        } => {
            let currency = currency_flag(currency)?;
            let tax = woocommerce::TaxRates::parse(tax).map_err(|e| anyhow!("--tax {e}"))?;
            let (label, imported) =
                read_pages(inputs, |pages| woocommerce::import_pages(pages, currency, &tax))?;
            finish(&label, imported, tags, output.as_deref(), "products")
        }
        Import::Merchant {
            input,
            tags,
            date,
            output,
        } => {
            let text = read_text(input)?;
            let today = date.unwrap_or_else(crate::today);
            let imported = merchant::import(&text, today).with_context(|| input.to_owned())?;
            finish(input, imported, tags, output.as_deref(), "items")
        }
        Import::Rules {
            input,
            feed,
            orders,
            min_count,
            top,
            output,
        } => {
            let thresholds = Thresholds {
                min_count: *min_count,
                top: *top,
            };
            rules(input, feed, *orders, thresholds, output.as_deref())
        }
    }
}

/// Reads every page and imports them together. The label names the input in what is
/// reported: one file itself, or the count of pages, each of which is then named where it is
/// read.
fn read_pages(
    inputs: &[String],
    import: impl FnOnce(&[(&str, &str)]) -> Result<Imported, ImportError>,
) -> anyhow::Result<(String, Imported)> {
    let texts = (inputs.iter().map(|input| read_text(input))).collect::<anyhow::Result<Vec<_>>>()?;
    let (label, names): (String, Vec<&str>) = match inputs {
        [one] => (one.clone(), vec![""]),
        _ => (
            format!("{} pages", inputs.len()),
            inputs.iter().map(String::as_str).collect(),
        ),
    };
    let pages: Vec<(&str, &str)> = names.into_iter().zip(texts.iter().map(String::as_str)).collect();
    let imported = import(&pages).with_context(|| label.clone())?;
    Ok((label, imported))
}

/// Flags the products by the shop's tags, reports what the import left out and writes the
/// feed; `read` names what the input lists (Shopify's products, Merchant Center's items).
fn finish(
    input: &str,
    mut imported: Imported,
    tags: &TagFlags,
    output: Option<&str>,
    read: &str,
) -> anyhow::Result<()> {
    imported.flag_tagged(tags.impulse_tag.as_deref(), tags.restricted_tag.as_deref());
    imported.flag_not_goods();
    let (text, report) = imported.into_valid_feed().with_context(|| input.to_owned())?;
    for problem in report.skipped.iter().chain(&report.notes) {
        say!("{input}: {problem}");
    }
    say!(
        "{input}: read {} {read} ({} variants); wrote {} products with {} variants; {} left out, {} notes above",
        report.products_in,
        report.variants_in,
        report.products_out,
        report.variants_out,
        report.skipped.len(),
        report.notes.len()
    );
    if report.tagged != (0, 0) {
        let (impulse, restricted) = report.tagged;
        say!("{input}: flagged by their tags: {impulse} impulse items, {restricted} restricted");
    }
    if report.links_out != (0, 0) {
        let (complements, upgrades) = report.links_out;
        say!("{input}: the shop's own links: {complements} complements (cross-sells), {upgrades} upgrades (upsells)");
    }
    if report.bestsellers_out > 0 {
        say!(
            "{input}: {} bestsellers, for places the links leave empty",
            report.bestsellers_out
        );
    }
    // A feed without products is a wrong file or a shop whose every price failed, not a shop
    // with nothing to sell: written, it would empty the widget on every checkout.
    if report.products_out == 0 {
        return Err(anyhow!("{input}: no product could be imported; nothing written"));
    }
    write_output(output, &text)
}

/// The files in `folder` whose names `keep` takes, in name order, each with its text.
fn files_in(folder: &str, keep: impl Fn(&str) -> bool) -> anyhow::Result<Vec<(String, String)>> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(folder)
        .with_context(|| folder.to_owned())?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.display().to_string();
            read_text(&name).map(|text| (name, text))
        })
        .collect()
}

/// Shopify's answers, one `<product id>.json` per product.
fn json_files(folder: &str) -> anyhow::Result<Vec<(String, String)>> {
    let files = files_in(folder, |name| name.ends_with(".json"))?;
    if files.is_empty() {
        return Err(anyhow!("{folder}: no .json file in it"));
    }
    Ok(files)
}

/// Spark writes a folder of part files; a single file works too.
fn rule_files(path: &str) -> anyhow::Result<Vec<(String, String)>> {
    let meta = std::fs::metadata(path).with_context(|| path.to_owned())?;
    if !meta.is_dir() {
        return Ok(vec![(path.to_owned(), read_text(path)?)]);
    }
    files_in(path, |name| name.starts_with("part-") && !name.ends_with(".crc"))
}

fn rules(
    input: &str,
    feed_path: &str,
    orders: u64,
    thresholds: Thresholds,
    output: Option<&str>,
) -> anyhow::Result<()> {
    let (text, catalog) = load_text(feed_path)?;
    let mut feed = crate::feed_document(feed_path, &text)?;
    let files = rule_files(input)?;
    // Rules carry shares, which `orders` turns into counts: a wrong number (a typo, another
    // period's) scales every count and lets rare pairs past `--min-count`.
    if let Some(mined) = catalog
        .mined_orders()
        .filter(|&mined| orders.abs_diff(mined).saturating_mul(5) > mined)
    {
        say!(
            "addons: --orders {orders}, but the feed was mined from {mined} orders: every count from the rules is scaled by that; give the number of orders Spark mined"
        );
    }
    let (mined, report) = read_rules(&files, &catalog, orders, thresholds);
    for problem in &report.problems {
        say!("{problem}");
    }
    // No rule read at all is a wrong folder or file, not a shop without pairs: going on would
    // replace the feed's co-purchase lists with nothing.
    if report.rules == 0 {
        return Err(anyhow!(
            "{input}: no rule could be read ({} problems, above); nothing written",
            report.problems.len()
        ));
    }
    let neighbours: usize = mined.copurchase.iter().map(|(_, n)| n.len()).sum();
    // Rules that name no two products of the feed (another shop's, or all under the
    // thresholds) would likewise replace its co-purchase lists with nothing.
    if neighbours == 0 {
        return Err(anyhow!(
            "{input}: {} rules, none of them a pair of {feed_path}'s products at or above the thresholds \
             ({} with more than one item on a side, {} below at least {} orders, {} problems, above); nothing written",
            report.rules,
            report.longer_rules,
            report.below_thresholds,
            thresholds.min_count,
            report.problems.len()
        ));
    }
    say!(
        "{input}: {} rules; {} with more than one item on a side (not pairs), {} below the thresholds \
         (at least {} orders, top {}), {} problems; wrote {neighbours} neighbours for {} products",
        report.rules,
        report.longer_rules,
        report.below_thresholds,
        thresholds.min_count,
        thresholds.top,
        report.problems.len(),
        mined.copurchase.len()
    );
    let source = std::path::Path::new(input)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(input);
    let replaced = write_mined(&mut feed, &mined, thresholds, source);
    if replaced.copurchase > 0 {
        say!(
            "{feed_path}: its {} earlier co-purchase lists are replaced by the rules",
            replaced.copurchase
        );
    }
    let text = crate::orders::feed_text(&feed)?;
    Catalog::from_json(&text).map_err(|errors| anyhow!(feed_errors("the feed with rules", &errors)))?;
    write_output(output, &text)
}
