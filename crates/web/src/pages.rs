//! Server-rendered HTML pages (Dutch).

use axum::extract::State;
use axum::response::Html;
use kw_app::queries::{self, MotionSummary};

use crate::{AppState, WebError};

/// `/`: the latest motions with subject, submitters and the Kamer's decision.
pub(crate) async fn index(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let motions = state
        .read(|s| queries::latest_motions(s.conn(), 100))
        .await?;
    Ok(Html(render_index(&motions)))
}

fn render_index(motions: &[MotionSummary]) -> String {
    let mut rows = String::new();
    for m in motions {
        let besluit = m.besluit.as_deref().unwrap_or("nog geen besluit");
        let class = if besluit.contains("aangenomen") {
            "aangenomen"
        } else if besluit.contains("verworpen") {
            "verworpen"
        } else {
            "overig"
        };
        rows.push_str(&format!(
            "<tr><td><time datetime=\"{d}\">{d}</time></td><td>{n}</td><td>{o}</td><td>{i}</td><td class=\"{class}\">{b}</td></tr>\n",
            d = esc(m.datum.as_deref().unwrap_or("")),
            n = esc(m.nummer.as_deref().unwrap_or("")),
            o = esc(m.onderwerp.as_deref().unwrap_or("")),
            i = esc(&m.indieners.join(", ")),
            b = esc(besluit),
        ));
    }
    format!(
        r#"<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kamerwacht — recente moties</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }}
.aangenomen {{ color: #0a6b2d; font-weight: 600; }}
.verworpen {{ color: #a11; font-weight: 600; }}
</style>
</head>
<body>
<header><h1>Kamerwacht</h1><p>Recente moties van de Tweede Kamer, met indieners en het besluit van de Kamer.</p></header>
<main>
<table>
<caption>De {count} meest recente moties met een besluit van de Kamer</caption>
<thead><tr><th scope="col">Datum</th><th scope="col">Zaak</th><th scope="col">Onderwerp</th><th scope="col">Indieners</th><th scope="col">Besluit</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
</main>
<footer><p>Bron: Tweede Kamer der Staten-Generaal (open data).</p></footer>
</body>
</html>
"#,
        count = motions.len()
    )
}

/// Escapes text for HTML.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
