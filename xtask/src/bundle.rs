//! The bundle report: what a shop's checkout page downloads, raw, gzip and brotli, against the
//! budget kept in `budget.json`.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

// The widget's build.rs minifies the stylesheet with this; the report measures what ships.
#[path = "../../style/minify.rs"]
mod minify;

/// The files a shop loads, relative to `dist/`. The stylesheet is compiled into the wasm
/// (constructed inside the shadow root), so there is no CSS file to fetch.
const SHIPPED: [&str; 3] = [
    "checkout-addons.js",
    "core/checkout-addons.js",
    "core/checkout-addons_bg.wasm",
];

/// The cart adapters beside the loader, relative to `dist/`. A page loads at most one, and
/// only when its `cart` attribute names that platform.
pub const PLATFORM_ADAPTERS: [&str; 2] = ["cart/shopify.js", "cart/woocommerce.js"];

#[derive(Deserialize)]
struct Budget {
    /// Brotli bytes a shop's page loads at most: everything in [`SHIPPED`] and the largest
    /// of the [`PLATFORM_ADAPTERS`].
    brotli_total_bytes: u64,
}

/// Sizes of one shipped file.
#[derive(Serialize)]
pub struct FileSize {
    path: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

/// Sizes of every shipped file and the budget.
#[derive(Serialize)]
pub struct Report {
    files: Vec<FileSize>,
    /// Each loaded only by pages on its platform.
    adapters: Vec<FileSize>,
    css_minified_in_wasm: u64,
    brotli_total: u64,
    brotli_budget: u64,
}

/// The name of a custom section only a debug build keeps (`name`, `.debug_info`, ...), if
/// `wasm` has one: a release build's wasm-opt strips them.
fn debug_section(wasm: &[u8]) -> Option<String> {
    // A LEB128 number at `at`: its value and where it ends.
    let number = |mut at: usize| {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let byte = *wasm.get(at)?;
            value |= usize::from(byte & 0x7f).checked_shl(shift)?;
            at += 1;
            shift += 7;
            if byte < 0x80 {
                return Some((value, at));
            }
        }
    };
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, start) = number(at + 1)?;
        if id == 0 {
            let (length, name_at) = number(start)?;
            let name = std::str::from_utf8(wasm.get(name_at..name_at.checked_add(length)?)?).ok()?;
            if name == "name" || name.starts_with(".debug") {
                return Some(name.to_owned());
            }
        }
        at = start.checked_add(size)?;
    }
    None
}

/// Measures `dist/` (after a release build) and writes `target/bundle-report.json`.
pub fn report(root: &Path) -> Result<Report, String> {
    let budget_text =
        std::fs::read_to_string(root.join("budget.json")).map_err(|e| format!("budget.json: {e}"))?;
    let budget: Budget = serde_json::from_str(&budget_text).map_err(|e| format!("budget.json: {e}"))?;
    let measure = |path: &str| {
        let bytes = std::fs::read(root.join("dist").join(path))
            .map_err(|e| format!("dist/{path}: {e} (run a release build first: cargo xtask test)"))?;
        Ok::<_, String>(FileSize {
            path: path.to_owned(),
            raw: bytes.len() as u64,
            gzip: gzip(&bytes),
            brotli: brotli(&bytes),
        })
    };
    let files = SHIPPED.into_iter().map(measure).collect::<Result<Vec<_>, _>>()?;
    let wasm = root.join("dist/core/checkout-addons_bg.wasm");
    let wasm = std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    if let Some(section) = debug_section(&wasm) {
        return Err(format!(
            "dist/ holds a debug build (its wasm has a `{section}` section: `cargo xtask demo` builds one there), which is not what shops load: run `cargo xtask package` first"
        ));
    }
    let adapters = PLATFORM_ADAPTERS
        .into_iter()
        .map(measure)
        .collect::<Result<Vec<_>, _>>()?;
    let css = std::fs::read_to_string(root.join("style/widget.css"))
        .map_err(|e| format!("style/widget.css: {e}"))?;
    let css = minify::minify(&css).len() as u64;
    let report = Report {
        brotli_total: files.iter().map(|f| f.brotli).sum::<u64>()
            + adapters.iter().map(|f| f.brotli).max().unwrap_or(0),
        files,
        adapters,
        css_minified_in_wasm: css,
        brotli_budget: budget.brotli_total_bytes,
    };
    let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    let out = root.join("target/bundle-report.json");
    std::fs::create_dir_all(root.join("target")).map_err(|e| e.to_string())?;
    std::fs::write(&out, json).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(report)
}

impl Report {
    /// A table for the terminal.
    pub fn print(&self) {
        println!(
            "{:<32} {:>10} {:>10} {:>10}",
            "file a shop loads", "raw", "gzip", "brotli"
        );
        for f in &self.files {
            println!("{:<32} {:>10} {:>10} {:>10}", f.path, f.raw, f.gzip, f.brotli);
        }
        for f in &self.adapters {
            println!(
                "{:<32} {:>10} {:>10} {:>10}  (pages on that platform only)",
                f.path, f.raw, f.gzip, f.brotli
            );
        }
        println!(
            "{:<32} {:>10} {:>10} {:>10}  (with the largest adapter)",
            "total", "", "", self.brotli_total
        );
        println!(
            "(style/widget.css, {} bytes minified, is compiled into the wasm)",
            self.css_minified_in_wasm
        );
        println!(
            "brotli total {} bytes ({:.1} KB) of a budget of {} bytes ({:.1} KB)",
            self.brotli_total,
            self.brotli_total as f64 / 1024.0,
            self.brotli_budget,
            self.brotli_budget as f64 / 1024.0
        );
    }

    /// Over budget is a failure.
    pub fn check_budget(&self) -> Result<(), String> {
        if self.brotli_total <= self.brotli_budget {
            Ok(())
        } else {
            Err(format!(
                "the bundle is {} bytes brotli, over the budget of {} in budget.json",
                self.brotli_total, self.brotli_budget
            ))
        }
    }
}

/// Prints the end-to-end tests' start-to-items measurement (target/e2e/performance.json).
pub fn print_performance(root: &Path) -> Result<(), String> {
    let path = root.join("target/e2e/performance.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let report: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "start to items on screen, {} products: median {} ms over {} runs (goal {} ms); runs: {}",
        report["products"], report["median_ms"], report["runs"], report["goal_ms"], report["timings_ms"]
    );
    println!(
        "longest task in each run (goal: none over {} ms): {}; from the demo's published folder: median {} ms, longest tasks {}",
        report["long_task_goal_ms"],
        report["longest_task_ms"],
        report["folder_median_ms"],
        report["folder_longest_task_ms"]
    );
    println!(
        "of which the widget's own scripts, longest run in each (the rest is the page and the browser): {}; from the folder: {}",
        report["longest_widget_script_ms"], report["folder_longest_widget_script_ms"]
    );
    println!(
        "with a feed file of {} products: median {} ms over {} runs, longest tasks {}, of which the widget's scripts {}",
        report["big_products"],
        report["big_median_ms"],
        report["big_runs"],
        report["big_longest_task_ms"],
        report["big_longest_widget_script_ms"]
    );
    Ok(())
}

/// Copies what a shop loads from `dist/` into `target/package/checkout-addons/{version}/`: the
/// folder to upload to a CDN as `/checkout-addons/{version}/`, so shops pin a version in their
/// script tag. The loader names its version too; the two must agree.
pub fn package(root: &Path) -> Result<std::path::PathBuf, String> {
    let version = env!("CARGO_PKG_VERSION");
    let loader = std::fs::read_to_string(root.join("loader/checkout-addons.js"))
        .map_err(|e| format!("loader/checkout-addons.js: {e}"))?;
    if !loader.contains(&format!("const version = '{version}';")) {
        return Err(format!(
            "loader/checkout-addons.js must say `const version = '{version}';` (the workspace version)"
        ));
    }
    let folder = root.join("target/package/checkout-addons").join(version);
    for path in SHIPPED.into_iter().chain(PLATFORM_ADAPTERS) {
        let to = folder.join(path);
        std::fs::create_dir_all(to.parent().expect("a file in a folder")).map_err(|e| e.to_string())?;
        std::fs::copy(root.join("dist").join(path), &to)
            .map_err(|e| format!("dist/{path}: {e} (run a release build first: cargo xtask test)"))?;
    }
    Ok(folder)
}

fn gzip(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len() as u64
}

fn brotli(bytes: &[u8]) -> u64 {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("compressing in memory");
    out.len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_debug_build_is_told_from_a_release_one() {
        // The wasm header, a type section of one byte, then a custom section named `name`.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 1, 0]);
        assert_eq!(debug_section(&wasm), None);
        wasm.extend([0, 6, 4, b'n', b'a', b'm', b'e', 0]);
        assert_eq!(debug_section(&wasm).as_deref(), Some("name"));
        let release = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../dist/core/checkout-addons_bg.wasm"
        ));
        if let Ok(release) = release {
            // Whatever dist holds now, the reading never panics on it.
            let _ = debug_section(&release);
        }
    }

    #[test]
    fn compression_shrinks_repetitive_text() {
        let text = "checkout-addons ".repeat(1000);
        assert!(brotli(text.as_bytes()) < gzip(text.as_bytes()));
        assert!(gzip(text.as_bytes()) < text.len() as u64 / 10);
    }

    #[test]
    fn over_budget_fails_and_names_the_numbers() {
        let report = Report {
            files: Vec::new(),
            adapters: Vec::new(),
            css_minified_in_wasm: 0,
            brotli_total: 130_000,
            brotli_budget: 122_880,
        };
        let error = report.check_budget().unwrap_err();
        assert!(error.contains("130000") && error.contains("122880"), "{error}");
        let fits = Report {
            brotli_total: 100_000,
            ..report
        };
        assert!(fits.check_budget().is_ok());
    }
}
