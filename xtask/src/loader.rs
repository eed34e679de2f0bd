//! Ships `loader/checkout-addons.js` (and the cart adapters beside it) without its comments and indentation: the source keeps its
//! notes for developers, the checkout page does not pay for them. Trunk runs this as a
//! post-build hook (Trunk.toml) on the copy in its staging folder.

use std::path::Path;

/// Strips the loader and the cart adapters (`cart/*.js`) in trunk's staging folder
/// (`TRUNK_STAGING_DIR`).
pub fn strip_staged() -> Result<(), String> {
    let staging =
        std::env::var("TRUNK_STAGING_DIR").map_err(|_| "TRUNK_STAGING_DIR is not set; trunk runs this")?;
    let staging = Path::new(&staging);
    let mut scripts = vec![staging.join("checkout-addons.js")];
    for name in crate::bundle::PLATFORM_ADAPTERS {
        scripts.push(staging.join(name));
    }
    for path in scripts {
        let source = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, strip(&source)).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Drops whole-line `//` comments, `/* ... */` blocks and leading white space. Line breaks stay,
/// so automatic semicolon insertion reads the code as before; comments after code on the same
/// line stay too, because telling them from `//` inside a string or URL needs a JS parser.
pub fn strip(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_indentation_go_code_and_urls_stay() {
        let source = "// header\n/** docs\n * more */\nconst a = 'https://x/';\n  if (a) { f(); } /* why */\n\n  // note\n  g(); // trailing\n";
        assert_eq!(
            strip(source),
            "const a = 'https://x/';\nif (a) { f(); }\ng(); // trailing\n"
        );
    }

    #[test]
    fn the_shipped_loader_keeps_every_statement() {
        let source = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../loader/checkout-addons.js"
        ))
        .unwrap();
        let stripped = strip(&source);
        assert!(stripped.len() < source.len() * 4 / 5, "comments were stripped");
        for needle in [
            "import.meta.url",
            "customElements.define",
            "MutationObserver",
            "const version = '",
        ] {
            assert!(stripped.contains(needle), "{needle}");
        }
    }

    #[test]
    fn the_shipped_cart_adapters_keep_every_statement() {
        for name in crate::bundle::PLATFORM_ADAPTERS {
            let path = format!("{}/../loader/{name}", env!("CARGO_MANIFEST_DIR"));
            let source = std::fs::read_to_string(&path).unwrap();
            let stripped = strip(&source);
            assert!(stripped.len() < source.len(), "{name}: comments were stripped");
            for needle in [
                "export function connect(element, { report, warn",
                "cartAdapter = adapter",
                "fetch(",
            ] {
                assert!(stripped.contains(needle), "{name}: {needle}");
            }
        }
    }
}
