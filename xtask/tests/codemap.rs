//! ARCHITECTURE.md stays true: every Rust module is on the codemap, and every type and
//! function it names in backticks still exists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file of the shipped and tool code: the widget, the crates, xtask.
fn sources() -> Vec<PathBuf> {
    let mut folders = vec![root().join("src"), root().join("xtask/src")];
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        folders.push(entry.unwrap().path().join("src"));
    }
    let mut files = Vec::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn codemap() -> String {
    std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap()
}

/// The text between backticks.
fn quoted(text: &str) -> BTreeSet<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn every_module_is_on_the_codemap() {
    let map = codemap();
    let named = quoted(&map);
    let missing: Vec<String> = sources()
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| name != "lib.rs" && name != "main.rs")
        .filter(|name| !named.iter().any(|q| q.ends_with(name.as_str())))
        .collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md does not name {missing:?}");
}

#[test]
fn every_item_the_codemap_names_exists() {
    let code: String = sources()
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    let defines = |name: &str| {
        ["fn ", "struct ", "enum ", "trait ", "type ", "const ", "mod "]
            .iter()
            .any(|kind| code.contains(&format!("{kind}{name}")))
    };
    let map = codemap();
    let (mut gone, mut checked) = (Vec::new(), 0);
    for quote in quoted(&map) {
        // `Type::item` and `function(...)`: the Rust names the codemap promises.
        let head = quote.split(['(', ' ', '<']).next().unwrap_or_default();
        let path: Vec<&str> = head.split("::").collect();
        let rust_name = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
        let names: Vec<&str> = match path[..] {
            [kind, item] if rust_name(kind) && rust_name(item) => vec![kind, item],
            // Rust functions are snake_case; `setCart()` is the loader's JS.
            [name]
                if quote.starts_with(&format!("{name}("))
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
            {
                vec![name]
            }
            [name]
                if rust_name(name)
                    && name.starts_with(char::is_uppercase)
                    && name.chars().any(char::is_lowercase) =>
            {
                vec![name]
            }
            _ => continue,
        };
        checked += 1;
        if !names.iter().all(|n| defines(n)) {
            gone.push(quote);
        }
    }
    assert!(
        checked >= 20,
        "only {checked} names recognised: the check has stopped reading the codemap"
    );
    assert!(
        gone.is_empty(),
        "ARCHITECTURE.md names what the code no longer has: {gone:?}"
    );
}
