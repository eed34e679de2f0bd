//! Installs what the project needs on a fresh machine, and nothing twice: each tool is checked
//! by its version first, so a second run costs a few process starts.

use std::path::Path;
use std::process::Command;

use crate::run;

/// trunk 0.22 needs a newer rustc than the machines have.
const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's Chromium and its driver.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// For wasm-bindgen-test-runner.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// trunk with the flags this project always uses: offline, so it never fetches tools, and the
/// npm tools (binaryen's wasm-opt) first on its PATH.
pub fn trunk(root: &Path, subcommand: &str) -> Command {
    let mut trunk = run::command("trunk", root);
    trunk
        .args([subcommand, "--offline"])
        .env("PATH", path_with_npm_tools(root));
    trunk
}

fn path_with_npm_tools(root: &Path) -> std::ffi::OsString {
    let bin = root.join("node_modules/.bin");
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).unwrap_or(rest)
}

/// `cargo` for installing a build tool without optimisation. trunk's own profile asks for fat
/// LTO in one codegen unit, which made its build most of a fresh machine's first run; these
/// tools read a few files per build and hand the heavy work to cargo, rustc and wasm-opt, so
/// optimising them buys nothing a developer notices: on 2 cores, opt-level 0 against 1 built
/// trunk in 297 s instead of 586 s (with its default features off, below) and
/// wasm-bindgen-cli in 119 s instead of 234 s, and `trunk build --release` took no longer.
/// Environment overrides win over the tool's Cargo.toml. Both tools build in one target
/// folder, so the crates they share (serde, syn, clap, ...) are compiled once.
fn tool_install(root: &Path) -> Command {
    let mut cargo = Command::new("cargo");
    cargo
        .env("CARGO_TARGET_DIR", root.join("target/tools"))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false");
    cargo
}

/// The Rust wasm target, trunk, wasm-bindgen-cli at exactly the locked version, and the npm
/// tools (binaryen's wasm-opt, playwright-core) from package-lock.json.
pub fn ensure_build_tools(root: &Path) -> Result<(), String> {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|t| t.trim() == WASM_TARGET) {
        run::status(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    // A minimal rustup profile (common in CI images) has neither: the checks run both.
    let components = output("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    for component in ["clippy", "rustfmt"] {
        if !components.lines().any(|c| c.trim().starts_with(component)) {
            run::status(Command::new("rustup").args(["component", "add", component]))?;
        }
    }

    if !has_version("trunk", TRUNK_VERSION) {
        run::status(tool_install(root).args([
            "install",
            "trunk",
            "--version",
            TRUNK_VERSION,
            "--locked",
            // Without TLS and the update check: trunk here never downloads (`offline`, tools
            // pinned in Trunk.toml) and serves plain HTTP, so rustls and ring need not be built.
            "--no-default-features",
            "--force",
        ]))?;
    }

    let bindgen = locked_wasm_bindgen(root)?;
    check_pins(root, &bindgen)?;
    if !has_version("wasm-bindgen", &bindgen) {
        // Not --locked: one of its locked dependencies is missing from the registry mirror.
        run::status(tool_install(root).args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &bindgen,
            "--force",
        ]))?;
    }

    ensure_npm_tools(root)?;
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let found = output(&wasm_opt.to_string_lossy(), &["--version"]).unwrap_or_default();
    // "wasm-opt version 132 (version_132)": Trunk.toml must name the same, or trunk would try
    // to download its own.
    let version = found.split_whitespace().nth(2).unwrap_or("").to_owned();
    let tool = format!("wasm_opt = \"version_{version}\"");
    if version.is_empty() || !read(root, "Trunk.toml")?.contains(&tool) {
        return Err(format!(
            "Trunk.toml must name `{tool}` under [tools] (npm's binaryen says {found:?})"
        ));
    }
    Ok(())
}

/// Chromium and chromedriver from Debian; and PHP's command line, which runs the WooCommerce
/// docs' shortcode as written (tests/e2e/woocommerce.test.mjs).
pub fn ensure_test_tools() -> Result<(), String> {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        apt_install(&["chromium", "chromium-driver"])?;
    }
    if version_of("php").is_none() {
        apt_install(&["php-cli"])?;
    }
    Ok(())
}

/// The oldest Node.js the tools run on: playwright-core needs 20, and `node --test
/// --test-concurrency` came in 20.10.
const NODE_AT_LEAST: (u32, u32) = (20, 10);

/// node and npm (from Debian when missing), then `npm ci` from package-lock.json.
fn ensure_npm_tools(root: &Path) -> Result<(), String> {
    if version_of("node").is_none() || version_of("npm").is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    // Said here, not ten minutes of builds later when the first end-to-end test fails to start
    // (Debian 12's own nodejs is 18).
    let node = output("node", &["--version"]).unwrap_or_default();
    if node_version(&node).is_none_or(|version| version < NODE_AT_LEAST) {
        return Err(format!(
            "Node.js {}.{} or newer is needed (this machine has {}): install it from your distribution's newer release or NodeSource, then run again",
            NODE_AT_LEAST.0,
            NODE_AT_LEAST.1,
            node.trim()
        ));
    }
    let lock =
        std::fs::read(root.join("package-lock.json")).map_err(|e| format!("package-lock.json: {e}"))?;
    // npm ci wipes node_modules; skip it while the installed tree matches the lockfile.
    let stamp = root.join("node_modules/.checkout-addons-lock");
    if std::fs::read(&stamp).ok().as_deref() != Some(lock.as_slice()) {
        run::status(run::command("npm", root).args(["ci", "--no-audit", "--no-fund"]))?;
        std::fs::write(&stamp, &lock).map_err(|e| format!("{}: {e}", stamp.display()))?;
    }
    Ok(())
}

/// Major and minor of `node --version`'s "v20.19.2".
fn node_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().strip_prefix('v')?.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn read(root: &Path, file: &str) -> Result<String, String> {
    std::fs::read_to_string(root.join(file)).map_err(|e| format!("{file}: {e}"))
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must equal it exactly.
fn locked_wasm_bindgen(root: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// Cargo.toml pins wasm-bindgen with `=` and Trunk.toml names the same version, so the crate,
/// the CLI and trunk never drift apart.
fn check_pins(root: &Path, locked: &str) -> Result<(), String> {
    let pin = format!("wasm-bindgen = \"={locked}\"");
    if !read(root, "Cargo.toml")?.contains(&pin) {
        return Err(format!("Cargo.toml must pin `{pin}` (the version in Cargo.lock)"));
    }
    let tool = format!("wasm_bindgen = \"{locked}\"");
    if !read(root, "Trunk.toml")?.contains(&tool) {
        return Err(format!(
            "Trunk.toml must name `{tool}` under [tools] (the version in Cargo.lock)"
        ));
    }
    Ok(())
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    // As root apt-get runs directly; otherwise through sudo when there is one.
    let root = output("id", &["-u"]).is_some_and(|id| id.trim() == "0");
    let apt = |args: &[&str]| {
        // Through sudo: never waiting for a password that CI cannot type (`-n`), and the
        // environment given on its command line, which sudo's own reset keeps.
        let mut command = if root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root {
            command.args(["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run::status(&mut command)
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend_from_slice(packages);
    apt(&install)
}

/// Whether `tool --version` says "tool VERSION".
fn has_version(tool: &str, version: &str) -> bool {
    version_of(tool).is_some_and(|v| v.split_whitespace().nth(1) == Some(version))
}

fn version_of(tool: &str) -> Option<String> {
    output(tool, &["--version"])
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_versions_are_read_as_major_and_minor() {
        assert_eq!(node_version("v20.19.2\n"), Some((20, 19)));
        assert!(node_version("v18.20.4").unwrap() < NODE_AT_LEAST);
        assert!(node_version("v20.9.0").unwrap() < NODE_AT_LEAST);
        assert!(node_version("v22.1.0").unwrap() >= NODE_AT_LEAST);
        assert_eq!(node_version("not node"), None);
    }
}
