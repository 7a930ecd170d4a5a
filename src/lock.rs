//! The run lock: a file beside the outputs that one run holds for its whole
//! length, so two cron runs never write the same outputs.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const LOCK_FILE: &str = ".chitieu.lock";

/// Held for the run; the lock is released when dropped (or when the process dies).
pub struct RunLock {
    // The guard borrows the lock; both live on the heap for the run's length.
    _guard: fd_lock::RwLockWriteGuard<'static, File>,
    pub path: PathBuf,
}

impl RunLock {
    /// Take the lock in `dir`, or fail with `Error::Locked` naming the holder.
    pub fn acquire(dir: &Path) -> Result<RunLock> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        // Leaked on purpose: one small allocation per run, so the guard can be 'static.
        let lock: &'static mut fd_lock::RwLock<File> =
            Box::leak(Box::new(fd_lock::RwLock::new(file)));
        match lock.try_write() {
            Ok(mut guard) => {
                let holder = format!(
                    "pid {} on {} since {}s after the epoch\n",
                    std::process::id(),
                    hostname(),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_secs())
                        .unwrap_or(0)
                );
                let _ = guard.set_len(0);
                let _ = guard.seek(SeekFrom::Start(0));
                let _ = guard.write_all(holder.as_bytes());
                let _ = guard.flush();
                Ok(RunLock {
                    _guard: guard,
                    path,
                })
            }
            Err(_) => {
                let mut holder = String::new();
                let _ = File::open(&path).and_then(|mut f| f.read_to_string(&mut holder));
                let holder = holder.trim();
                Err(Error::Locked {
                    path,
                    holder: if holder.is_empty() {
                        String::new()
                    } else {
                        format!(" (held by {holder})")
                    },
                })
            }
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "this host".into())
}
