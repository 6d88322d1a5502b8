//! Tests: `kamerwacht motion`, `member`, `party` and `quality` as a user runs them, on a data
//! directory with the shipped sample imported — the JSON, the text and the exit codes.

use serde_json::Value;

use crate::common::{run, sample_store, stderr, stdout};

fn json(data: &std::path::Path, args: &[&str]) -> Value {
    let out = run(data, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn motion_json_text_and_exit_codes() {
    let data = sample_store();
    let d = data.path();

    let m = json(d, &["motion", "2023Z20568", "--json"]);
    assert_eq!(m["nummer"], "2023Z20568");
    assert_eq!(m["kamerstuk"], "36470-14");
    assert_eq!(m["outcome"]["outcome"], "aangenomen");
    assert_eq!(m["outcome"]["tally"]["voor"], 105);
    assert_eq!(m["outcome"]["tally"]["tegen"], 44);
    let lines = m["outcome"]["party_lines"].as_array().unwrap();
    assert_eq!(lines.len(), 15);
    let ja21 = lines.iter().find(|l| l["party"] == "JA21").unwrap();
    assert_eq!(ja21["vote"], "niet_deelgenomen");
    assert_eq!(ja21["vergissing"], false);
    assert_eq!(m["submitters"][0]["member_name"], "Inge van Dijk");
    assert_eq!(m["submitters"][0]["party"], "CDA");
    assert_eq!(m["documents"][0]["nummer"], "2023D50417");
    // field order is part of the stable JSON
    let keys: Vec<&String> = m.as_object().unwrap().keys().collect();
    assert_eq!(keys.first().map(|k| k.as_str()), Some("id"));
    assert_eq!(keys.last().map(|k| k.as_str()), Some("findings"));

    // the same motion by kamerstuk id and by Id
    let k = json(d, &["motion", "kst-36470-14", "--json"]);
    assert_eq!(k["id"], m["id"]);
    let by_id = json(d, &["motion", m["id"].as_str().unwrap(), "--json"]);
    assert_eq!(by_id["nummer"], "2023Z20568");

    // the text form
    let text = run(d, &["motion", "2023Z20568"]);
    assert!(text.status.success());
    let t = stdout(&text);
    for needle in [
        "2023Z20568",
        "Inge van Dijk (CDA)",
        "AANGENOMEN, 105–44",
        "JA21",
        "niet deelgenomen",
        "2023D50417",
        "36470-14",
        "Geen (expliciete) appreciatie",
    ] {
        assert!(t.contains(needle), "{needle:?} missing from:\n{t}");
    }
    assert!(
        t.lines().all(|l| l == l.trim_end()),
        "trailing spaces:\n{t}"
    );

    // a roll call lists its members
    let r = run(d, &["motion", "2023Z16103"]);
    let rt = stdout(&r);
    assert!(rt.contains("VERWORPEN, 65–82"), "{rt}");
    assert!(rt.contains("Eerdmans, B.J. (JA21)"), "{rt}");

    // nothing found: exit code 3 and a message on stderr
    for q in ["2099Z99999", "36470-999", "geen-motie"] {
        let out = run(d, &["motion", q, "--json"]);
        assert_eq!(out.status.code(), Some(3), "{q}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        assert!(stderr(&out).contains("not in the data") || stderr(&out).contains("no motion"));
    }
    let out = run(d, &["motion", "36470-999"]);
    assert!(
        stderr(&out).contains("kamerstuk 36470-999 is not in the data"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn member_party_and_quality_json() {
    let data = sample_store();
    let d = data.path();

    let m = json(d, &["member", "Van Haga", "--json"]);
    assert_eq!(m["member"]["name"], "W.R. van Haga");
    assert_eq!(m["member"]["derived"], true);
    let motions = m["motions"].as_array().unwrap();
    assert!(
        motions
            .iter()
            .any(|x| x["nummer"] == "2023Z00536" && x["role"] == "medeindiener")
    );
    assert!(!m["votes"].as_array().unwrap().is_empty());

    // an ambiguous name: exit code 3, the candidates with their party
    let out = run(d, &["member", "Van Dijk", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("Inge van Dijk (CDA"), "{err}");
    assert!(err.contains("Jasper van Dijk (SP"), "{err}");

    let a = json(d, &["party", "NSC", "--json"]);
    let b = json(d, &["party", "Nieuw Sociaal Contract", "--json"]);
    assert_eq!(a, b);
    assert_eq!(a["party"]["id"], "nsc");
    assert!(a["tabled"]["as_indiener"]["motions"].as_u64().unwrap() > 0);
    assert!(a["agreement"]["period"]["from"].is_string());
    assert!(
        a["agreement"]["reason"]
            .as_str()
            .unwrap()
            .contains("latest composition")
    );
    assert!(!a["agreement"]["with"].as_array().unwrap().is_empty());
    let out = run(d, &["party", "Geen Partij"]);
    assert_eq!(out.status.code(), Some(3));

    let q = json(d, &["quality", "--json"]);
    let findings = q["findings"].as_array().unwrap();
    assert_eq!(q["count"].as_u64().unwrap() as usize, findings.len());
    for nummer in ["2022Z19228", "2023Z03167"] {
        assert!(
            findings
                .iter()
                .any(|f| f["zaak"] == nummer && f["kind"] == "bare_stemmen"),
            "{nummer}"
        );
    }
    assert_eq!(q["by_kind"]["bare_stemmen"], 2);

    // the text forms run too
    for args in [&["member", "Baudet"][..], &["party", "CDA"], &["quality"]] {
        let out = run(d, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(!out.stdout.is_empty());
    }
}
