//! Writing a file so that a failed job leaves nothing that looks complete,
//! nothing can redirect the write, and a finished file survives a crash.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

/// Writes `path` through a temporary file beside it, renamed into place
/// only when `write` succeeds and the bytes are on disk.
///
/// * The temporary file is created exclusively (`O_EXCL`), with an
///   unpredictable name, in the destination's directory (the `tempfile`
///   crate): a file or link planted in advance cannot receive the bytes.
/// * It is synced before the rename, and the directory after it, so the
///   finished file survives a crash. The rename replaces whatever was at
///   `path`, a link included, never writing through it.
/// * On failure, or a panic inside `write`, the temporary file is removed
///   and `path` is left as it was.
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
/// assert_eq!(std::fs::read_dir(&dir)?.count(), 0);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_atomically<T, E: From<io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempfile_in(dir)?;
    let mut out = BufWriter::with_capacity(1 << 16, temp.as_file().try_clone()?);
    let value = write(&mut out)?;
    let file = out.into_inner().map_err(|e| E::from(e.into_error()))?;
    file.sync_all()?;
    temp.persist(path).map_err(|e| E::from(e.error))?;
    sync_directory(dir)?;
    Ok(value)
}

/// Makes a rename in `dir` durable.
#[cfg(unix)]
fn sync_directory(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Directories cannot be opened to sync here; the rename stands as the
/// platform makes it.
#[cfg(not(unix))]
fn sync_directory(_: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The temporary file is made in the destination's directory, where
    /// the rename cannot cross file systems and no other directory's
    /// links are involved.
    #[test]
    fn the_temporary_file_sits_beside_the_destination() {
        let dir = std::env::temp_dir().join(format!("cg-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.csv");
        write_atomically(&path, |_| {
            let names: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with(".out.csv.") && n.ends_with(".partial")),
                "{names:?}"
            );
            Ok::<(), io::Error>(())
        })
        .unwrap();
        assert!(path.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A directory that cannot be synced is an error, never skipped.
    #[cfg(unix)]
    #[test]
    fn an_unsyncable_directory_is_an_error() {
        let missing = std::env::temp_dir().join(format!("cg-missing-{}", std::process::id()));
        assert!(sync_directory(&missing).is_err());
        assert!(sync_directory(&std::env::temp_dir()).is_ok());
    }
}
