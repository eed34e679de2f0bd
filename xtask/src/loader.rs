//! Ships `loader/checkout-addons.js` and the cart adapters beside it minified by esbuild (from
//! npm, pinned in package-lock.json): the source keeps its notes for developers, the checkout
//! page does not pay for them. Trunk runs this as a post-build hook (Trunk.toml) on the copies
//! in its staging folder. esbuild parses the JavaScript, so unlike a text filter it never cuts
//! a `/*` or `//` inside a string. Each cart adapter is bundled with what it imports
//! (`loader/cart-changes.js`, the two-step changes both platforms share), so a page still loads
//! one adapter file. The wasm-bindgen glue (`core/checkout-addons.js`) is minified too: as
//! written it is 49 KB of indented JavaScript with doc comments (7.8 KB brotli), minified 21.5 KB
//! (5.5 KB), which the checkout page also parses and compiles before the wasm starts.

use std::path::Path;
use std::process::Command;

use crate::run;

/// Minifies the loader and the wasm-bindgen glue in trunk's staging folder
/// (`TRUNK_STAGING_DIR`), and writes the cart adapters (`cart/*.js`) there bundled and minified
/// from their sources.
pub fn minify_staged(root: &Path) -> Result<(), String> {
    let staging =
        std::env::var("TRUNK_STAGING_DIR").map_err(|_| "TRUNK_STAGING_DIR is not set; trunk runs this")?;
    let staging = Path::new(&staging);
    for shipped in ["checkout-addons.js", "core/checkout-addons.js"] {
        let file = staging.join(shipped);
        minify(root, &file, &file, Bundle::No)?;
    }
    for name in crate::bundle::PLATFORM_ADAPTERS {
        minify(
            root,
            &root.join("loader").join(name),
            &staging.join(name),
            Bundle::Yes,
        )?;
    }
    Ok(())
}

/// Whether esbuild takes in the module's static imports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// The loader and the wasm glue: the loader's dynamic imports (the glue, an adapter) are
    /// fetched as they are.
    No,
    /// A cart adapter: its shared steps are inlined, one file per platform.
    Yes,
}

/// Minifies the ES module `source` into `out`: white space, comments and local names go;
/// exports, `import.meta` and dynamic imports stay as written (no syntax lowering).
pub fn minify(root: &Path, source: &Path, out: &Path, bundle: Bundle) -> Result<(), String> {
    let esbuild = root.join("node_modules/.bin/esbuild");
    let outfile = format!("--outfile={}", out.display());
    let mut command = Command::new(&esbuild);
    command.args([
        &source.to_string_lossy(),
        "--minify",
        &outfile,
        "--allow-overwrite",
        "--log-level=warning",
    ]);
    if bundle == Bundle::Yes {
        command.args(["--bundle", "--format=esm"]);
    }
    run::status(&mut command)
        .map_err(|e| format!("{e} (esbuild comes from `npm ci`; `cargo xtask test` installs it)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minified(name: &str) -> (String, String) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let path = root.join("loader").join(name);
        let source = std::fs::read_to_string(&path).unwrap();
        let out = std::env::temp_dir().join(format!(
            "xtask-minify-{}-{}",
            std::process::id(),
            name.replace('/', "-")
        ));
        let bundle = match name.starts_with("cart/") {
            true => Bundle::Yes,
            false => Bundle::No,
        };
        minify(&root, &path, &out, bundle).unwrap();
        (source, std::fs::read_to_string(&out).unwrap())
    }

    #[test]
    fn the_shipped_loader_shrinks_and_keeps_what_pages_and_tests_use() {
        let (source, shipped) = minified("checkout-addons.js");
        assert!(
            shipped.len() < source.len() / 2,
            "{} of {} bytes",
            shipped.len(),
            source.len()
        );
        for kept in [
            "import.meta.url",
            "customElements.define",
            "visitorBucket",
            "groupFor",
            "fatigue",
            "shardOf",
        ] {
            assert!(shipped.contains(kept), "{kept}");
        }
        assert!(!shipped.contains("\n  "), "indentation is gone");
    }

    #[test]
    fn the_shipped_cart_adapters_keep_their_entry_point() {
        for name in crate::bundle::PLATFORM_ADAPTERS {
            let (source, shipped) = minified(name);
            assert!(
                shipped.len() < source.len() * 2 / 3,
                "{name}: {} of {} bytes",
                shipped.len(),
                source.len()
            );
            assert!(
                shipped.contains("export{") || shipped.contains("export function connect"),
                "{name}: {shipped}"
            );
            assert!(
                shipped.contains("connect") && shipped.contains("fetch("),
                "{name}"
            );
            assert!(
                !shipped.contains("cart-changes") && shipped.contains("could not roll back"),
                "{name}: the shared steps are bundled in, not imported: {shipped}"
            );
        }
    }

    #[test]
    fn a_comment_marker_inside_a_string_survives() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let copy = std::env::temp_dir().join(format!("xtask-minify-{}-string.js", std::process::id()));
        std::fs::write(&copy, "// note\nexport const pattern = 'a /* b */ c // d';\n").unwrap();
        minify(&root, &copy, &copy, Bundle::No).unwrap();
        let shipped = std::fs::read_to_string(&copy).unwrap();
        assert!(
            shipped.contains("a /* b */ c // d") && !shipped.contains("note"),
            "{shipped}"
        );
    }
}
