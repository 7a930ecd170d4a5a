//! Discover: the input files of a run, in a stable order. Every file found
//! ends up either as an input or as skipped with the rule that skipped it.

use crate::model::{Problem, Severity};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path as shown to planners (as given, joined with the relative part).
    pub display: String,
    /// Path relative to its input root, with `/`: what path patterns match.
    pub rel: String,
    /// Lower-case extension without the dot.
    pub extension: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SkippedFile {
    pub path: String,
    pub rule: String,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<InputFile>,
    pub skipped: Vec<SkippedFile>,
    pub problems: Vec<Problem>,
}

/// Walk the input paths. Symlinked folders are followed once (loops are cut and reported).
pub fn discover(roots: &[PathBuf], extensions: &[String], exclude: &[String]) -> Discovered {
    let mut out = Discovered::default();
    let mut seen_dirs = HashSet::new();
    let mut seen_files = HashSet::new();
    for root in roots {
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => walk(
                root,
                root,
                extensions,
                exclude,
                &mut seen_dirs,
                &mut seen_files,
                &mut out,
                0,
            ),
            Ok(m) if !m.is_file() => out.skipped.push(SkippedFile {
                path: root.display().to_string(),
                rule: NOT_REGULAR.into(),
            }),
            Ok(_) => consider(
                root,
                root.parent().unwrap_or(Path::new("")),
                extensions,
                exclude,
                &mut seen_files,
                &mut out,
            ),
            Err(e) => out.problems.push(Problem::new(
                Severity::Error,
                "input_missing",
                root.display().to_string(),
                "",
                format!("không mở được đường dẫn đầu vào: {e}"),
            )),
        }
    }
    out.files.sort_by(|a, b| a.display.cmp(&b.display));
    out.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

const MAX_DEPTH: usize = 32;

/// FIFOs, sockets and devices are never read: reading a FIFO with no writer
/// would hang an unattended run forever.
const NOT_REGULAR: &str = "không phải tệp thường (FIFO, socket hoặc thiết bị), không đọc";

#[allow(clippy::too_many_arguments)]
fn walk(
    dir: &Path,
    root: &Path,
    extensions: &[String],
    exclude: &[String],
    seen_dirs: &mut HashSet<PathBuf>,
    seen_files: &mut HashSet<PathBuf>,
    out: &mut Discovered,
    depth: usize,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen_dirs.insert(canonical) {
        out.skipped.push(SkippedFile {
            path: dir.display().to_string(),
            rule: "thư mục đã duyệt (vòng liên kết tượng trưng)".into(),
        });
        return;
    }
    if depth > MAX_DEPTH {
        out.skipped.push(SkippedFile {
            path: dir.display().to_string(),
            rule: format!("thư mục lồng quá {MAX_DEPTH} cấp"),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.problems.push(Problem::new(
                Severity::Error,
                "unreadable_folder",
                dir.display().to_string(),
                "",
                format!("không đọc được thư mục: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if let Some(rule) = exclude.iter().find(|g| glob_match(g, &name)) {
            out.skipped.push(SkippedFile {
                path: p.display().to_string(),
                rule: format!("exclude = \"{rule}\""),
            });
            continue;
        }
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(
                &p,
                root,
                extensions,
                exclude,
                seen_dirs,
                seen_files,
                out,
                depth + 1,
            ),
            Ok(m) if !m.is_file() => out.skipped.push(SkippedFile {
                path: p.display().to_string(),
                rule: NOT_REGULAR.into(),
            }),
            Ok(_) => consider(&p, root, extensions, exclude, seen_files, out),
            // A dangling symbolic link, a link loop, or a file removed since the
            // folder was listed: it stays an input, so reading it fails with the
            // reason and Nguồn lists it as failed (every name found is accounted for).
            Err(_) => consider(&p, root, extensions, exclude, seen_files, out),
        }
    }
}

fn consider(
    p: &Path,
    root: &Path,
    extensions: &[String],
    exclude: &[String],
    seen_files: &mut HashSet<PathBuf>,
    out: &mut Discovered,
) {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if let Some(rule) = exclude.iter().find(|g| glob_match(g, &name)) {
        out.skipped.push(SkippedFile {
            path: p.display().to_string(),
            rule: format!("exclude = \"{rule}\""),
        });
        return;
    }
    let extension = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !extensions
        .iter()
        .any(|e| e.eq_ignore_ascii_case(&extension))
    {
        out.skipped.push(SkippedFile {
            path: p.display().to_string(),
            rule: format!("phần mở rộng .{extension} không thuộc inputs.extensions"),
        });
        return;
    }
    let canonical = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if !seen_files.insert(canonical) {
        out.skipped.push(SkippedFile {
            path: p.display().to_string(),
            rule: "cùng một tệp đã có trong danh sách".into(),
        });
        return;
    }
    let rel = p
        .strip_prefix(root)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect::<Vec<_>>()
        .join("/");
    out.files.push(InputFile {
        path: p.to_path_buf(),
        display: p.display().to_string(),
        rel,
        extension,
    });
}

/// `*` and `?` wildcards over a file name.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&c) if c == '?' || Some(&c) == n.get(ni) => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    while p.get(pi) == Some(&'*') {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("~$*", "~$dong-da.xlsx"));
        assert!(glob_match(".*", ".hidden"));
        assert!(glob_match("*.toml", "expected.toml"));
        assert!(!glob_match("*.toml", "dong-da.xlsx"));
        assert!(glob_match("a?c", "abc"));
    }

    /// Every name in a hostile folder ends up as an input or skipped with its
    /// rule: FIFOs are skipped (reading one would hang), dangling links and
    /// link loops stay inputs (reading them fails with the reason), a folder
    /// link back to its parent is cut.
    #[cfg(unix)]
    #[test]
    fn hostile_folder_is_accounted_for() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        symlink(d.join("gone.txt"), d.join("dangling.txt")).unwrap();
        symlink(d.join("self.txt"), d.join("self.txt")).unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        symlink(d, d.join("sub").join("up")).unwrap();
        let fifo = d.join("pipe.txt");
        let made_fifo = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        let found = discover(&[d.to_path_buf()], &["txt".to_string()], &[]);
        let inputs: Vec<&str> = found.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(inputs, ["a.txt", "dangling.txt", "self.txt"]);
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        assert!(found
            .skipped
            .iter()
            .any(|s| s.path.ends_with("up") && s.rule.contains("vòng")));
        if made_fifo {
            assert!(found
                .skipped
                .iter()
                .any(|s| s.path.ends_with("pipe.txt") && s.rule.contains("FIFO")));
        }
    }
}
