//! Shared loaders: the shipped sample under data/sample, read into the crate's input types.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kw_domain::motion::DocumentInput;
use kw_domain::{Directory, FractieInput, MotionInput, MotionView, PartyRegistry, PersoonInput};

pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample")
}

pub fn test_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    out
}

fn read<T: serde::de::DeserializeOwned>(p: &Path) -> T {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn persons() -> Vec<PersoonInput> {
    json_files(&sample().join("odata/persoon"))
        .iter()
        .flat_map(|p| read::<Vec<PersoonInput>>(p))
        .collect()
}

pub fn fracties() -> Vec<FractieInput> {
    json_files(&sample().join("odata/fractie"))
        .iter()
        .flat_map(|p| read::<Vec<FractieInput>>(p))
        .collect()
}

#[derive(serde::Deserialize)]
struct ZaakDocs {
    #[serde(rename = "Id")]
    id: String,
    #[serde(rename = "Soort")]
    soort: Option<String>,
    #[serde(rename = "Vergaderjaar")]
    vergaderjaar: Option<String>,
    #[serde(rename = "Volgnummer")]
    volgnummer: Option<i64>,
    #[serde(rename = "Document", default)]
    documents: Vec<DocumentInput>,
}

/// All 300 tkmoties motions, with the Zaak fields and documents of motion-texts/zaak_documents
/// merged in where that folder has the Zaak (72 of them).
pub fn motions() -> &'static Vec<MotionInput> {
    static M: OnceLock<Vec<MotionInput>> = OnceLock::new();
    M.get_or_init(|| {
        let docs: BTreeMap<String, ZaakDocs> =
            json_files(&sample().join("motion-texts/zaak_documents"))
                .iter()
                .map(|p| read::<ZaakDocs>(p))
                .map(|z| (z.id.clone(), z))
                .collect();
        let mut out = Vec::new();
        for year in ["2022", "2023"] {
            for p in json_files(&sample().join("tkmoties").join(year)) {
                let mut m: MotionInput = read(&p);
                if let Some(z) = docs.get(&m.id) {
                    m.soort = z.soort.clone();
                    m.vergaderjaar = z.vergaderjaar.clone();
                    m.volgnummer = z.volgnummer;
                    m.documents = z.documents.clone();
                }
                out.push(m);
            }
        }
        out
    })
}

pub fn motion(nummer: &str) -> &'static MotionInput {
    motions()
        .iter()
        .find(|m| m.nummer.as_deref() == Some(nummer))
        .unwrap_or_else(|| panic!("{nummer} not in the sample"))
}

pub fn registry() -> &'static PartyRegistry {
    static R: OnceLock<PartyRegistry> = OnceLock::new();
    R.get_or_init(|| PartyRegistry::new(&fracties()))
}

/// Persoon records plus every actor of every sample motion observed.
pub fn directory() -> &'static Directory {
    static D: OnceLock<Directory> = OnceLock::new();
    D.get_or_init(|| {
        let mut d = Directory::new(&persons());
        for m in motions() {
            d.observe_motion(m);
        }
        d
    })
}

pub fn views() -> &'static Vec<MotionView> {
    static V: OnceLock<Vec<MotionView>> = OnceLock::new();
    V.get_or_init(|| {
        motions()
            .iter()
            .map(|m| MotionView::build(m, directory(), registry()))
            .collect()
    })
}

pub fn view(nummer: &str) -> &'static MotionView {
    views()
        .iter()
        .find(|m| m.nummer.as_deref() == Some(nummer))
        .unwrap_or_else(|| panic!("{nummer} not in the sample"))
}
