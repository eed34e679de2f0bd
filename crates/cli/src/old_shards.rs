//! Shards a publication no longer names: kept for the pages that still hold an older manifest,
//! then deleted, so that a folder published every night does not grow without end (a changed
//! product leaves its old shards behind under their names; a new shard count leaves them all).
//!
//! When each one left is in the folder's `old-shards.json`: a shard's name says when it was
//! written, not when a publication stopped naming it, and a file's time is what sync tools
//! and restores change. Without the record (lost, unreadable, or a folder published before
//! it existed) every old shard counts as leaving now: kept longer, never deleted early.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use anyhow::Context;
use checkout_addons_engine::shard_file;
use jiff::{SignedDuration, Timestamp};

/// The record, beside `manifest.json`: each old shard's file and when it left, as
/// `{"shards/3-1709050053.json": "2026-12-07T04:00:00Z"}`.
pub const RECORD: &str = "old-shards.json";

/// What became of the shards the live manifest does not name.
#[derive(Debug, PartialEq, Eq)]
pub struct Tidied {
    /// Deleted: old for `keep_days` or more.
    pub deleted: usize,
    /// Kept for pages that may still hold the manifest that named them.
    pub kept: usize,
}

/// Once the manifest naming `live` (files relative to `folder`, as `shards/<n>-<g>.json`) is
/// in place: records from `now` each shard file it does not name that is not recorded yet,
/// deletes those recorded `keep_days` ago or earlier, and writes the record (none when no old
/// shard is left). Files of other names are left alone. A shard that cannot be deleted is
/// named on standard error and tried again next time. One publication at a time: another
/// one's manifest, written meanwhile, may name again a shard this one deletes.
pub fn tidy(folder: &Path, live: &HashSet<String>, keep_days: u32, now: Timestamp) -> anyhow::Result<Tidied> {
    let record_path = folder.join(RECORD);
    let recorded = read_record(&record_path);
    let keep = SignedDuration::from_hours(24 * i64::from(keep_days));
    let shards = folder.join("shards");
    let entries = std::fs::read_dir(&shards).with_context(|| shards.display().to_string())?;
    let mut record = BTreeMap::new();
    let mut tidied = Tidied { deleted: 0, kept: 0 };
    for entry in entries {
        let entry = entry.with_context(|| shards.display().to_string())?;
        let Some(name) = entry
            .file_name()
            .to_str()
            .filter(|name| is_shard_name(name))
            .map(|name| format!("shards/{name}"))
        else {
            continue;
        };
        if live.contains(&name) {
            continue;
        }
        let since = recorded.get(&name).copied().unwrap_or(now);
        if now.duration_since(since) >= keep {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => {
                    tidied.deleted += 1;
                    continue;
                }
                Err(error) => say!("{}: not deleted: {error}", entry.path().display()),
            }
        }
        tidied.kept += 1;
        record.insert(name, since);
    }
    if record.is_empty() {
        match std::fs::remove_file(&record_path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error).with_context(|| record_path.display().to_string())
            }
            _ => {}
        }
    } else {
        // To the second: the day is what counts.
        let text: BTreeMap<&String, String> = (record.iter())
            .map(|(name, since)| (name, format!("{since:.0}")))
            .collect();
        crate::replace_file(&record_path, serde_json::to_string_pretty(&text)?.as_bytes())?;
    }
    Ok(tidied)
}

/// The record's old shards and when they left. Unreadable, it is none (and said): every old
/// shard then counts as leaving now, which keeps it longer rather than deleting it early; so
/// does one entry whose time does not read.
fn read_record(path: &Path) -> BTreeMap<String, Timestamp> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    let read = serde_json::from_str::<BTreeMap<String, String>>(&text).map(|record| {
        (record.into_iter())
            .filter_map(|(name, since)| Some((name, since.parse().ok()?)))
            .collect()
    });
    read.unwrap_or_else(|error| {
        say!(
            "{}: not readable ({error}); its old shards are kept as if they left now",
            path.display()
        );
        BTreeMap::new()
    })
}

/// A name the engine's [`shard_file`] gives (`<n>-<generation>.json`): nothing else in
/// `shards/` is deleted.
pub fn is_shard_name(name: &str) -> bool {
    let numbers = (name.strip_suffix(".json"))
        .and_then(|stem| stem.split_once('-'))
        .and_then(|(n, generation)| Some((n.parse().ok()?, generation.parse().ok()?)));
    numbers.is_some_and(|(n, generation)| shard_file(n, generation) == format!("shards/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_says_when_each_old_shard_left_to_the_second() {
        let folder = std::env::temp_dir().join(format!("addons-old-shards-{}", std::process::id()));
        std::fs::create_dir_all(folder.join("shards")).unwrap();
        std::fs::write(folder.join("shards/3-17.json"), "{}").unwrap();
        let now: Timestamp = "2026-12-07T04:26:59.968117605Z".parse().unwrap();
        let tidied = tidy(&folder, &HashSet::new(), 7, now).unwrap();
        assert_eq!(tidied, Tidied { deleted: 0, kept: 1 });
        let record = std::fs::read_to_string(folder.join(RECORD)).unwrap();
        assert!(
            record.contains(r#""shards/3-17.json": "2026-12-07T04:26:59Z""#),
            "{record}"
        );
        // A week on, to the second, it goes.
        let week = now + SignedDuration::from_hours(7 * 24);
        assert_eq!(
            tidy(&folder, &HashSet::new(), 7, week).unwrap(),
            Tidied { deleted: 1, kept: 0 }
        );
        assert!(!folder.join(RECORD).exists());
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn only_names_publish_writes_are_shards() {
        assert!(is_shard_name("12-1709050053.json"));
        for other in [
            "12-1709050053.json.4242.partial",
            "notes.json",
            "-1.json",
            "1-.json",
            "1-2-3.json",
            "a-1.json",
            "12-1709050053.JSON",
        ] {
            assert!(!is_shard_name(other), "{other}");
        }
    }
}
