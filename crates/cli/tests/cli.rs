//! The `addons` binary as a shop owner runs it.

use std::process::{Command, Output};

fn addons(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_addons"))
        .args(args)
        .output()
        .expect("addons runs")
}

fn demo_feed() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/feed.json").to_owned()
}

/// Writes `text` to a file of its own in the temp folder.
fn temp_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("addons-cli-test-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn validate_summarises_a_good_feed_in_one_line() {
    let out = addons(&["validate", &demo_feed()]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.contains("valid feed, 54 products"), "{stdout}");
}

#[test]
fn validate_lists_every_error_and_exits_1() {
    let feed = temp_file(
        "bad.json",
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "a", "title": "A", "price": -1}, {"id": "a", "title": "B", "price": 1}]}"#,
    );
    let out = addons(&["validate", &feed]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("products[0].price (product `a`): -1 is negative"),
        "{stderr}"
    );
    assert!(
        stderr.contains("products[1].id: id `a` is already used at products[0].id"),
        "{stderr}"
    );
    assert!(stderr.contains("2 errors"), "{stderr}");
}

#[test]
fn recommend_prints_id_title_reason_and_score() {
    let out = addons(&[
        "recommend",
        "--feed",
        &demo_feed(),
        "--cart",
        "kinderwagen-stad,gift-card",
        "--k",
        "2",
        "--date",
        "2026-06-15",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let picks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let picks = picks.as_array().unwrap();
    assert_eq!(picks.len(), 2);
    // The bundle saving beats a plain accessory.
    assert_eq!(picks[0]["id"], "autostoeltje-0");
    assert_eq!(picks[0]["title"], "Autostoeltje groep 0+");
    assert_eq!(picks[0]["reason"]["kind"], "bundle_saving");
    assert_eq!(picks[0]["reason"]["saving"], 900);
    assert!(picks[0]["score"].as_f64().unwrap() > picks[1]["score"].as_f64().unwrap());
    // Unknown cart ids are reported, never fatal.
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("`gift-card` is not in"));
}

#[test]
fn the_config_file_and_flags_share_one_struct() {
    let with_config = |config: &str| {
        addons(&[
            "recommend",
            "--feed",
            &demo_feed(),
            "--cart",
            "omafiets-28",
            "--config",
            config,
        ])
    };
    let out = with_config(&temp_file("config.json", r#"{"max_items": 1}"#));
    let picks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(picks.as_array().unwrap().len(), 1);
    let out = with_config(&temp_file("typo.json", r#"{"max_itmes": 1}"#));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("unknown field `max_itmes`"));
}

#[test]
fn a_carts_file_gets_one_answer_line_per_cart_in_order() {
    let carts = temp_file(
        "carts.jsonl",
        "{\"cart\": [\"omafiets-28\"]}\n{\"cart\": [\"no-such-thing\"]}\nnot json\n{\"cart\": [\"kinderwagen-stad\"]}\n",
    );
    let out = addons(&["recommend", "--feed", &demo_feed(), "--carts", &carts, "--k", "2"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let answers: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(answers.len(), 4, "{stdout}");
    assert_eq!(answers[0]["items"].as_array().unwrap().len(), 2);
    assert_eq!(answers[0]["items"][0]["reason"]["product_id"], "omafiets-28");
    assert!(
        answers[1]["items"].as_array().unwrap().is_empty(),
        "unknown ids are ignored"
    );
    assert!(answers[2]["items"].as_array().unwrap().is_empty());
    assert_eq!(answers[3]["items"][0]["id"], "autostoeltje-0");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(":3: not a cart line"), "{stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad line fails the run after everything is written"
    );
}

#[test]
fn usage_mistakes_exit_2() {
    assert_eq!(addons(&["recommend", "--cart", "a"]).status.code(), Some(2));
}
