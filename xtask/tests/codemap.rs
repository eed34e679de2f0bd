//! ARCHITECTURE.md stays true: every Rust module is on the codemap, every type and function
//! it names in backticks still exists, and modules import each other one way.

use std::collections::{BTreeMap, BTreeSet};
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

/// The modules of one crate (its `src` folder, one level) and, for each, the sibling modules
/// its code (not its comments) names as `crate::module`.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeMap<String, String> = std::fs::read_dir(src)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .filter(|(name, _)| name != "lib" && name != "main")
        .collect();
    modules
        .iter()
        .map(|(name, text)| {
            let code: String = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let named = code
                .split("crate::")
                .skip(1)
                .map(|rest| {
                    rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or_default()
                })
                .chain(
                    // `use crate::{a, b::C}`
                    code.split("crate::{").skip(1).flat_map(|rest| {
                        rest.split('}')
                            .next()
                            .unwrap_or_default()
                            .split(',')
                            .map(|part| part.trim().split("::").next().unwrap_or_default())
                    }),
                )
                .filter(|target| modules.contains_key(*target) && target != name)
                .map(str::to_owned)
                .collect();
            (name.clone(), named)
        })
        .collect()
}

/// A chain of imports that comes back to where it started, if there is one.
fn circle(imports: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        module: &str,
        imports: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|m| m == module) {
            let mut found = path[start..].to_vec();
            found.push(module.to_owned());
            return Some(found);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_owned());
        for next in imports.get(module).into_iter().flatten() {
            if let Some(found) = visit(next, imports, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(module.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    imports
        .keys()
        .find_map(|module| visit(module, imports, &mut Vec::new(), &mut done))
}

#[test]
fn modules_import_each_other_one_way() {
    let mut folders = vec![root().join("src"), root().join("xtask/src")];
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        folders.push(entry.unwrap().path().join("src"));
    }
    let mut edges = 0;
    for src in folders {
        let imports = imports(&src);
        edges += imports.values().map(BTreeSet::len).sum::<usize>();
        if let Some(found) = circle(&imports) {
            panic!(
                "{}: modules import each other in a circle: {}",
                src.display(),
                found.join(" -> ")
            );
        }
    }
    assert!(
        edges >= 20,
        "only {edges} imports found: the check has stopped reading the code"
    );
}

#[test]
fn a_circle_of_imports_is_found() {
    let imports: BTreeMap<String, BTreeSet<String>> = [
        ("catalog", &["feed_reader", "money"][..]),
        ("feed_reader", &["money", "catalog"][..]),
        ("money", &[][..]),
    ]
    .into_iter()
    .map(|(m, to)| (m.to_owned(), to.iter().map(|t| t.to_string()).collect()))
    .collect();
    assert_eq!(
        circle(&imports),
        Some(vec![
            "catalog".to_owned(),
            "feed_reader".to_owned(),
            "catalog".to_owned()
        ])
    );
}
