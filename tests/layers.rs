//! The crate's layers, one directory of `src/` each, from the bottom up:
//! vocabulary, model, gate, then input and export, then the testing kit. A
//! lower layer never names a higher one: this test reads every source file
//! and fails on a `crate::` path that climbs.

use std::path::Path;

/// A layer's height, from the first segment of a path inside the crate:
/// a layer's directory, or a module the crate root aliases.
fn height(module: &str) -> Option<u8> {
    Some(match module {
        "digest" | "swar" => 0,
        "vocabulary" | "category" | "name" | "purpose" | "standards" => 1,
        "model"
        | "broker"
        | "canonical"
        | "consents"
        | "declaration"
        | "declaration_refusal"
        | "gated"
        | "notice"
        | "postcode"
        | "organisation"
        | "platforms"
        | "recipient"
        | "record"
        | "refusal"
        | "rules"
        | "scope"
        | "suppression" => 2,
        "gate" | "decision" | "field" | "schema" | "value" => 3,
        "input" | "config" | "crm" | "import" | "export" => 4,
        "testkit" | "oracle" | "strategy" | "synthetic" => 5,
        "prelude" | "tutorial" | "cookbook" => 6,
        // The command, a crate of its own over the library: its `crate::`
        // paths are its own modules.
        "bin" => 7,
        _ => return None,
    })
}

/// The layer of a file, from where it sits under `src/`.
fn layer_of(relative: &Path) -> u8 {
    let first = relative
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or_default();
    match first {
        "lib.rs" | "prelude.rs" | "tutorial.rs" | "cookbook.rs" => 6,
        file => height(file.trim_end_matches(".rs")).unwrap_or_else(|| panic!("unknown {file}")),
    }
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::` path in a file's code (not its comments, not its unit
/// tests), with its line.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    let mut found = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or_default();
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            let module: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((i + 1, module));
        }
    }
    found
}

#[test]
fn no_layer_names_a_higher_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    assert!(all.len() > 40, "the sources were found");
    let mut climbs = Vec::new();
    for path in &all {
        let relative = path.strip_prefix(&src).unwrap();
        let own = layer_of(relative);
        let text = std::fs::read_to_string(path).unwrap();
        for (line, module) in crate_paths(&text) {
            if let Some(other) = height(&module)
                && other > own
            {
                climbs.push(format!("{}:{line}: crate::{module}", relative.display()));
            }
        }
    }
    assert!(
        climbs.is_empty(),
        "lower layers name higher ones:\n{}",
        climbs.join("\n")
    );
}

/// The check itself can fail: a model file naming the gate is caught.
#[test]
fn a_climbing_path_is_seen() {
    let paths = crate_paths("use crate::gate::Gate;\n// crate::export in a comment\n");
    assert_eq!(paths, [(1, "gate".to_owned())]);
    assert!(height("gate") > Some(layer_of(Path::new("model/record.rs"))));
}
