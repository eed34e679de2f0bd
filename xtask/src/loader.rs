//! Ships `loader/checkout-addons.js` and the cart adapters beside it minified by esbuild (from
//! npm, pinned in package-lock.json): the source keeps its notes for developers, the checkout
//! page does not pay for them. Trunk runs this as a post-build hook (Trunk.toml) on the copies
//! in its staging folder. esbuild parses the JavaScript, so unlike a text filter it never cuts
//! a `/*` or `//` inside a string.

use std::path::Path;
use std::process::Command;

use crate::run;

/// Minifies the loader and the cart adapters (`cart/*.js`) in trunk's staging folder
/// (`TRUNK_STAGING_DIR`).
pub fn minify_staged(root: &Path) -> Result<(), String> {
    let staging =
        std::env::var("TRUNK_STAGING_DIR").map_err(|_| "TRUNK_STAGING_DIR is not set; trunk runs this")?;
    let staging = Path::new(&staging);
    let mut scripts = vec![staging.join("checkout-addons.js")];
    for name in crate::bundle::PLATFORM_ADAPTERS {
        scripts.push(staging.join(name));
    }
    for path in scripts {
        minify(root, &path)?;
    }
    Ok(())
}

/// Minifies one ES module in place: white space, comments and local names go; exports,
/// `import.meta` and dynamic imports stay as written (no bundling, no syntax lowering).
pub fn minify(root: &Path, path: &Path) -> Result<(), String> {
    let esbuild = root.join("node_modules/.bin/esbuild");
    let out = format!("--outfile={}", path.display());
    run::status(Command::new(&esbuild).args([
        &path.to_string_lossy(),
        "--minify",
        &out,
        "--allow-overwrite",
        "--log-level=warning",
    ]))
    .map_err(|e| format!("{e} (esbuild comes from `npm ci`; `cargo xtask test` installs it)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minified(name: &str) -> (String, String) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let source = std::fs::read_to_string(root.join("loader").join(name)).unwrap();
        let copy = std::env::temp_dir().join(format!(
            "xtask-minify-{}-{}",
            std::process::id(),
            name.replace('/', "-")
        ));
        std::fs::write(&copy, &source).unwrap();
        minify(&root, &copy).unwrap();
        (source, std::fs::read_to_string(&copy).unwrap())
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
        }
    }

    #[test]
    fn a_comment_marker_inside_a_string_survives() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let copy = std::env::temp_dir().join(format!("xtask-minify-{}-string.js", std::process::id()));
        std::fs::write(&copy, "// note\nexport const pattern = 'a /* b */ c // d';\n").unwrap();
        minify(&root, &copy).unwrap();
        let shipped = std::fs::read_to_string(&copy).unwrap();
        assert!(
            shipped.contains("a /* b */ c // d") && !shipped.contains("note"),
            "{shipped}"
        );
    }
}
