//! Atomic output to a bare file name, in the working directory: alone in
//! its test binary, since it changes the process's working directory.

#[test]
fn a_bare_file_name_is_written_in_the_working_directory() {
    let dir = std::env::temp_dir().join(format!("consent-gate-cwd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::env::set_current_dir(&dir).unwrap();
    let written = consent_gate::export::write_atomically(std::path::Path::new("out.txt"), |w| {
        std::io::Write::write_all(w, b"done")
    });
    assert!(written.is_ok(), "{written:?}");
    assert_eq!(std::fs::read(dir.join("out.txt")).unwrap(), b"done");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
    std::fs::remove_dir_all(&dir).unwrap();
}
