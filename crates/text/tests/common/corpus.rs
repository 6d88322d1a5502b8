//! Test support compiled into kw-text's unit tests (`src/extract/mod.rs`, `#[path]`): the real
//! texts the pre-scan agreement tests compare filtered and plain patterns on. It reads files,
//! which the crate's own sources never do.

/// The texts the pre-scan tests run on: the 450 collector motion texts
/// (`data/sample/motion-texts/document_texts/*.json`, field `content`) as read by
/// [`crate::read::read_text`] (paragraphs joined as the extraction joins them), their raw
/// content, the seed letter and the Handelingen samples (`data/sample/handelingen`, read
/// paragraphs and footnote texts). Read once.
pub(crate) fn corpus() -> &'static [String] {
    static CORPUS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
        let mut files: Vec<_> = std::fs::read_dir(root.join("motion-texts/document_texts"))
            .expect("motion texts")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        let mut out = Vec::new();
        for f in files {
            let json: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&f).expect("motion text"))
                    .expect("motion text JSON");
            let Some(content) = json["content"].as_str() else {
                continue;
            };
            let doc = crate::read::read_text(content, crate::SourceFormat::PlainText);
            out.push(doc.paragraphs.join("\n"));
            out.push(content.to_string());
        }
        let seed = std::fs::read_to_string(root.join("seed/000_983e7923bac65099.txt"))
            .expect("seed letter");
        out.push(seed);
        let mut files: Vec<_> = std::fs::read_dir(root.join("handelingen"))
            .expect("handelingen samples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for f in files {
            let doc = crate::read::read_bytes(&std::fs::read(&f).expect("handelingen"))
                .expect("handelingen XML");
            out.push(doc.paragraphs.join("\n"));
            out.extend(doc.footnotes.iter().filter_map(|n| n.text.clone()));
        }
        assert!(out.len() > 900, "corpus too small");
        out
    });
    &CORPUS
}
