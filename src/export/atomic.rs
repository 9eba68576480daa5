//! Writing a file so that a failed job leaves nothing that looks complete.

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

/// Writes `path` through a temporary file beside it, renamed into place
/// only when `write` succeeds and the bytes are on disk. On failure, or a
/// panic inside `write`, the temporary file is removed and `path` is left
/// as it was.
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("cg-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// use std::io::Write;
/// let path = dir.join("out.txt");
/// let failed: Result<(), std::io::Error> = consent_gate::export::write_atomically(&path, |w| {
///     w.write_all(b"half")?;
///     Err(std::io::Error::other("the job failed"))
/// });
/// assert!(failed.is_err() && !path.exists());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_atomically<T, E: From<io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E> {
    let mut temp = Partial {
        path: temp_path(path),
        armed: true,
    };
    let value = File::create(&temp.path)
        .map_err(E::from)
        .and_then(|file| {
            let mut out = BufWriter::with_capacity(1 << 16, file);
            let value = write(&mut out)?;
            let file = out.into_inner().map_err(|e| E::from(e.into_error()))?;
            file.sync_all()?;
            Ok(value)
        })
        .and_then(|value| {
            fs::rename(&temp.path, path)
                .map(|()| value)
                .map_err(E::from)
        })?;
    temp.armed = false;
    Ok(value)
}

/// A temporary file removed when dropped: on an error, and on a panic in
/// the middle of the job (a progress callback's, say), which unwinds
/// through here. Disarmed once renamed into place.
struct Partial {
    path: PathBuf,
    armed: bool,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if self.armed {
            // Best effort: the temporary file may not exist.
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// `dir/.name.partial`: hidden, and plainly not the finished file.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}
