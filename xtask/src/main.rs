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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&root, args.iter().any(|a| a == "--release")),
        Some("test") => test(&root),
        Some("bundle-report") => bundle::report(&root).map(|report| {
            report.print();
        }),
        Some("package") => package(&root),
        Some("minify-loader") => loader::minify_staged(&root),
        _ => {
            eprintln!(
                "usage: cargo xtask demo [--release]   serve the demo shop on http://127.0.0.1:8080\n       \
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

fn demo(root: &Path, release: bool) -> Result<(), String> {
    tools::ensure_build_tools(root)?;
    println!("xtask: serving the demo shop on http://127.0.0.1:8080 (Ctrl-C stops)");
    let mut serve = tools::trunk(root, "serve");
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
            node.args([
                "--test",
                "--test-reporter=tap",
                "--test-concurrency=1",
                "tests/e2e/",
            ])
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
