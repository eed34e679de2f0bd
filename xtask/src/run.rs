//! Running commands, counting their tests, and the closing summary.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// A command rooted at the project folder.
pub fn command(program: &str, root: &Path) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root);
    command
}

/// Runs to completion; an error names the command and its exit status.
pub fn status(command: &mut Command) -> Result<(), String> {
    let shown = describe(command);
    println!("xtask: $ {shown}");
    let status = command
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs a test runner, echoing its output and adding up the passed and failed tests it reports
/// (cargo's and wasm-bindgen-test's `test result:` lines, node's TAP `# pass`/`# fail`).
pub fn counted(command: &mut Command) -> Result<Counts, (Counts, String)> {
    let shown = describe(command);
    println!("xtask: $ {shown}");
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| (Counts::default(), format!("could not start `{shown}`: {e}")))?;
    let mut counts = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            counts.add(Counts::parse(&line));
        }
    }
    let status = child.wait().map_err(|e| (counts, format!("`{shown}`: {e}")))?;
    if !status.success() {
        return Err((counts, format!("`{shown}` failed ({status})")));
    }
    if counts.passed == 0 {
        return Err((counts, format!("`{shown}` ran no tests")));
    }
    Ok(counts)
}

fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|s| s.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tests passed and failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: u32,
    pub failed: u32,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
    }

    /// The counts one line of runner output reports, if any.
    fn parse(line: &str) -> Counts {
        let number_before = |text: &str, word: &str| {
            let end = text.find(word)?;
            text[..end].split_whitespace().last()?.parse::<u32>().ok()
        };
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            return Counts {
                passed: number_before(rest, " passed").unwrap_or(0),
                failed: number_before(rest, " failed").unwrap_or(0),
            };
        }
        let tap = |prefix: &str| {
            line.strip_prefix(prefix)
                .and_then(|n| n.trim().parse::<u32>().ok())
        };
        // A test node cancels (one that timed out, or was still waiting when its file ended)
        // did not pass: it counts as failed.
        Counts {
            passed: tap("# pass ").unwrap_or(0),
            failed: tap("# fail ").or_else(|| tap("# cancelled ")).unwrap_or(0),
        }
    }
}

/// One line of the closing summary.
pub struct Step {
    name: &'static str,
    /// Whether it runs tests (counted one by one) or is a single check.
    runs_tests: bool,
}

impl Step {
    /// A check that counts as one pass or one failure.
    pub fn check(name: &'static str) -> Step {
        Step {
            name,
            runs_tests: false,
        }
    }

    /// A test runner whose tests are counted.
    pub fn tests(name: &'static str) -> Step {
        Step {
            name,
            runs_tests: true,
        }
    }
}

/// Outcome of a step body: plain checks return `()`, runners return their counts.
pub trait Outcome {
    fn counts(self) -> (Counts, Option<String>);
}

impl Outcome for Result<(), String> {
    fn counts(self) -> (Counts, Option<String>) {
        match self {
            Ok(()) => (Counts { passed: 1, failed: 0 }, None),
            Err(e) => (Counts { passed: 0, failed: 1 }, Some(e)),
        }
    }
}

impl Outcome for Result<Counts, (Counts, String)> {
    fn counts(self) -> (Counts, Option<String>) {
        match self {
            Ok(counts) => (counts, None),
            // A runner that failed without reporting a failed test still failed once.
            Err((counts, e)) => (
                Counts {
                    failed: counts.failed.max(1),
                    ..counts
                },
                Some(e),
            ),
        }
    }
}

/// What ran, for the closing lines.
#[derive(Default)]
pub struct Summary {
    lines: Vec<(String, Counts, f64, bool)>,
    total: Counts,
}

impl Summary {
    /// Runs one step and records it; an error stops the run.
    pub fn step<O: Outcome>(&mut self, step: Step, body: impl FnOnce() -> O) -> Result<(), String> {
        println!("\nxtask: == {} ==", step.name);
        let started = Instant::now();
        let (counts, error) = body().counts();
        let seconds = started.elapsed().as_secs_f64();
        self.total.add(counts);
        let ok = error.is_none();
        let label = if step.runs_tests {
            format!(
                "{} ({} passed, {} failed)",
                step.name, counts.passed, counts.failed
            )
        } else {
            step.name.to_owned()
        };
        self.lines.push((label, counts, seconds, ok));
        error.map_or(Ok(()), Err)
    }

    /// Prints the summary; its last line is `N passed, N failed`.
    pub fn print(&self) {
        println!("\nSummary");
        for (label, _, seconds, ok) in &self.lines {
            println!("  {} {label}  [{seconds:.1}s]", if *ok { "ok  " } else { "FAIL" });
        }
        println!("{} passed, {} failed", self.total.passed, self.total.failed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_and_tap_counts() {
        let cargo = Counts::parse("test result: ok. 13 passed; 2 failed; 0 ignored; 0 measured");
        assert_eq!(
            cargo,
            Counts {
                passed: 13,
                failed: 2
            }
        );
        assert_eq!(Counts::parse("# pass 4"), Counts { passed: 4, failed: 0 });
        assert_eq!(Counts::parse("# fail 1"), Counts { passed: 0, failed: 1 });
        assert_eq!(Counts::parse("# cancelled 5"), Counts { passed: 0, failed: 5 });
        assert_eq!(Counts::parse("# todo 2"), Counts::default());
        assert_eq!(Counts::parse("running 13 tests"), Counts::default());
    }

    #[test]
    fn a_runner_that_dies_counts_as_a_failure() {
        let mut summary = Summary::default();
        let died: Result<Counts, (Counts, String)> = Err((Counts { passed: 3, failed: 0 }, "killed".into()));
        assert!(summary.step(Step::tests("x"), || died).is_err());
        assert_eq!(summary.total, Counts { passed: 3, failed: 1 });
    }
}
