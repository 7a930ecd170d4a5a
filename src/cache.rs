//! The incremental cache: each input's extraction kept under a key made of
//! its content hash, its path, the configuration digest and the program
//! version. A file whose size and modification time are unchanged since the
//! last run is not even opened; its hash comes from the index.

use crate::error::{Error, Result};
use crate::pipeline::FileResult;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Stamp {
    size: u64,
    mtime_ns: u128,
    sha256: String,
}

pub struct Cache {
    dir: PathBuf,
    salt: String,
    index: Mutex<BTreeMap<String, Stamp>>,
}

impl Cache {
    /// Open (or create) the cache in `dir` for this configuration.
    pub fn open(dir: &Path, config_digest: &str) -> Result<Cache> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let index = std::fs::read(dir.join("index.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Ok(Cache {
            dir: dir.to_path_buf(),
            salt: format!("{}:{}", env!("CARGO_PKG_VERSION"), config_digest),
            index: Mutex::new(index),
        })
    }

    /// The content hash of a file if its size and mtime match the index.
    pub fn known_sha(&self, path: &Path, meta: &std::fs::Metadata) -> Option<String> {
        let key = path.display().to_string();
        let stamp = stamp_of(meta)?;
        let index = self.index.lock().ok()?;
        index
            .get(&key)
            .filter(|s| s.size == stamp.0 && s.mtime_ns == stamp.1)
            .map(|s| s.sha256.clone())
    }

    pub fn remember(&self, path: &Path, meta: &std::fs::Metadata, sha: &str) {
        if let (Some((size, mtime_ns)), Ok(mut index)) = (stamp_of(meta), self.index.lock()) {
            index.insert(
                path.display().to_string(),
                Stamp {
                    size,
                    mtime_ns,
                    sha256: sha.to_string(),
                },
            );
        }
    }

    fn entry_path(&self, path: &Path, sha: &str) -> PathBuf {
        let mut h = Sha256::new();
        h.update(self.salt.as_bytes());
        h.update([0]);
        h.update(path.display().to_string().as_bytes());
        h.update([0]);
        h.update(sha.as_bytes());
        self.dir
            .join(format!("{}.json", crate::config::hex(&h.finalize())))
    }

    pub fn get(&self, path: &Path, sha: &str) -> Option<FileResult> {
        let bytes = std::fs::read(self.entry_path(path, sha)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    pub fn put(&self, path: &Path, sha: &str, result: &FileResult) {
        if let Ok(json) = serde_json::to_vec(result) {
            // A cache entry that fails to write only costs a re-read next time.
            let _ = crate::write::write_atomic(&self.entry_path(path, sha), &json);
        }
    }

    /// Persist the index at the end of a run.
    pub fn save(&self) -> Result<()> {
        let index = self
            .index
            .lock()
            .map_err(|_| Error::Usage("cache index poisoned".into()))?;
        let json = serde_json::to_vec(&*index).map_err(|e| Error::Usage(e.to_string()))?;
        crate::write::write_atomic(&self.dir.join("index.json"), &json)
    }
}

fn stamp_of(meta: &std::fs::Metadata) -> Option<(u64, u128)> {
    let mtime = meta.modified().ok()?;
    let ns = mtime.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
    Some((meta.len(), ns))
}
