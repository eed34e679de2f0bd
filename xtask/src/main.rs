//! Project automation, in Rust rather than shell scripts:
//!
//! - `cargo xtask demo`: installs what is missing, builds the widget and serves the demo shop
//!   on http://127.0.0.1:8080 (`--release` serves the optimised build that shops get).
//! - `cargo xtask test`: installs what is missing, then runs every check in order and stops at
//!   the first failure, ending with an `N passed, N failed` line.

mod bundle;
mod loader;
mod run;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use run::{Step, Summary};

/// The end-to-end test files, in name order.
fn e2e_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let folder = root.join("tests/e2e");
    let entries = std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut files: Vec<PathBuf> = (entries.filter_map(Result::ok))
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    Ok(files)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("demo") => {
            demo_port(&args[1..]).and_then(|port| demo(&root, args.iter().any(|a| a == "--release"), port))
        }
        Some("test") => test(&root),
        Some("bundle-report") => bundle::report(&root).map(|report| {
            report.print();
        }),
        Some("package") => package(&root),
        Some("minify-loader") => loader::minify_staged(&root),
        _ => {
            eprintln!(
                "usage: cargo xtask demo [--release] [--port N]   serve the demo shop on http://127.0.0.1:8080 (or port N)\n       \
                 cargo xtask test               install what is missing and run every check\n       \
                 cargo xtask bundle-report      sizes of what a shop loads (after a release build)\n       \
                 cargo xtask package            the versioned folder for a CDN, in target/package/"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one folder below it.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

/// The demo's port: 8080 (Trunk.toml's), or the one `--port N` names, checked before anything
/// is built. Anything else given is refused, not dropped.
fn demo_port(args: &[String]) -> Result<u16, String> {
    let mut port = 8080;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--release" => {}
            "--port" => {
                let given = args.next().ok_or("--port needs a number")?;
                port = (given.parse().ok())
                    .filter(|&p| p > 0)
                    .ok_or_else(|| format!("--port {given}: not a port number"))?;
            }
            other => return Err(format!("demo: unknown option {other} (--release, --port N)")),
        }
    }
    Ok(port)
}

fn demo(root: &Path, release: bool, port: u16) -> Result<(), String> {
    tools::ensure_build_tools(root)?;
    println!("xtask: serving the demo shop on http://127.0.0.1:{port} (Ctrl-C stops)");
    let mut serve = tools::trunk(root, "serve");
    serve.args(["--port", &port.to_string()]);
    if release {
        serve.arg("--release");
    }
    run::status(&mut serve)
}

fn package(root: &Path) -> Result<(), String> {
    tools::ensure_build_tools(root)?;
    run::status(tools::trunk(root, "build").arg("--release"))?;
    let folder = bundle::package(root)?;
    println!("{}", folder.display());
    Ok(())
}

fn test(root: &Path) -> Result<(), String> {
    let mut summary = Summary::default();
    let outcome = run_checks(root, &mut summary);
    summary.print();
    outcome
}

fn run_checks(root: &Path, summary: &mut Summary) -> Result<(), String> {
    summary.step(Step::check("toolchain installed"), || {
        tools::ensure_build_tools(root)
    })?;
    summary.step(
        Step::check("test tools installed (Chromium, chromedriver, PHP)"),
        tools::ensure_test_tools,
    )?;

    let cargo = || run::command("cargo", root);
    summary.step(Step::check("cargo fmt --check"), || {
        run::status(cargo().args(["fmt", "--all", "--check"]))
    })?;
    // Clippy lints while the tests build: as the workspace wrapper, clippy-driver compiles
    // and lints in one pass, where `cargo clippy` would check every crate a second time (on
    // 2 cores, 140 s native and 137 s for wasm32 of a fresh machine's first run).
    let linted = |command: &mut std::process::Command| {
        command
            .env("RUSTC_WORKSPACE_WRAPPER", "clippy-driver")
            .env("RUSTFLAGS", "-D warnings");
    };
    summary.step(
        Step::tests("cargo test + clippy (native, whole workspace)"),
        || {
            let mut test = cargo();
            test.args(["test", "--workspace"]);
            linted(&mut test);
            run::counted(&mut test)
        },
    )?;
    summary.step(
        Step::tests("browser tests + clippy (wasm-bindgen-test in Chromium)"),
        || {
            let mut test = cargo();
            test.args([
                "test",
                "-p",
                "checkout-addons",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "web",
                "--test",
                "panic",
            ])
            .env("CHROMEDRIVER", tools::CHROMEDRIVER);
            linted(&mut test);
            run::counted(&mut test)
        },
    )?;
    summary.step(Step::check("trunk build --release"), || {
        run::status(tools::trunk(root, "build").arg("--release"))
    })?;
    let mut package = PathBuf::new();
    summary.step(Step::check("cargo xtask package"), || {
        package = bundle::package(root)?;
        Ok(())
    })?;
    summary.step(
        Step::tests("end-to-end tests (Playwright, Chromium, demo shop)"),
        || {
            let mut node = run::command("node", root);
            // Each file named: from Node 21 on, a folder given to `--test` is read as one file.
            // A test that waits for something that never comes is cancelled after 3 minutes,
            // not left to hold CI to its end.
            node.args([
                "--test",
                "--test-reporter=tap",
                "--test-concurrency=1",
                "--test-timeout=180000",
            ])
            .args(e2e_files(root).map_err(|e| (run::Counts::default(), e))?)
            .env("CHECKOUT_ADDONS_DIST", root.join("dist"))
            .env("CHECKOUT_ADDONS_PACKAGE", &package)
            .env("CHECKOUT_ADDONS_E2E_OUT", root.join("target/e2e"))
            .env("CHROMIUM", tools::CHROMIUM);
            run::counted(&mut node)
        },
    )?;
    summary.step(Step::check("start-to-items report"), || {
        bundle::print_performance(root)
    })?;
    summary.step(Step::check("bundle within budget"), || {
        let report = bundle::report(root)?;
        report.print();
        report.check_budget()
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_takes_a_port_and_refuses_what_it_does_not_know() {
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(demo_port(&args(&[])), Ok(8080));
        assert_eq!(demo_port(&args(&["--release", "--port", "8081"])), Ok(8081));
        assert!(demo_port(&args(&["--port"])).is_err());
        assert!(demo_port(&args(&["--port", "0"])).is_err());
        assert!(demo_port(&args(&["--prot", "8081"])).is_err());
    }
}
