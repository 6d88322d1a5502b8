//! Party statistics and voting agreement over the sample.

use chrono::NaiveDate;
use kw_domain::stats::{Period, agreement, default_period, party_motion_stats};

use crate::common::{registry, views};

#[test]
fn tabled_motions_per_party() {
    let s = party_motion_stats(views());
    let total_ind: u32 = s.iter().map(|p| p.as_indiener.motions).sum();
    assert_eq!(
        total_ind, 300,
        "every motion has one indiener with one party"
    );
    let cda = s.iter().find(|p| p.party == "cda").unwrap();
    let c = &cda.as_indiener;
    assert_eq!(c.adopted + c.rejected + c.other, c.motions);
    assert_eq!(
        c.adoption_rate,
        Some(f64::from(c.adopted) / f64::from(c.adopted + c.rejected))
    );
    // independent count of CDA indiener motions straight from the views
    let n = views()
        .iter()
        .filter(|v| {
            v.submitters.iter().any(|s| {
                s.role == kw_domain::motion::Role::Indiener && s.party_id.as_deref() == Some("cda")
            })
        })
        .count();
    assert_eq!(c.motions as usize, n);
    let gvh = s.iter().find(|p| p.party == "groep-van-haga").unwrap();
    assert!(gvh.as_indiener.motions > 0 && gvh.as_medeindiener.motions > 0);
}

#[test]
fn default_period_is_the_latest_composition() {
    let p = default_period(views(), registry());
    assert_eq!(p.period.from, NaiveDate::from_ymd_opt(2023, 12, 6));
    assert!(p.reason.contains("2023-11-22"), "{}", p.reason);
    let a = agreement(views(), p.period);
    assert!(a.votes > 0);
    // parties of the new Kamer only
    assert!(a.pairs.iter().all(|x| x.a != "groenlinks" && x.b != "pvda"));
    assert!(a.pairs.iter().any(|x| x.a == "gl-pvda" || x.b == "gl-pvda"));
    for x in &a.pairs {
        assert!(x.agreed <= x.compared && x.compared <= a.votes);
    }
}

#[test]
fn agreement_over_all_votes() {
    let a = agreement(views(), Period::default());
    assert_eq!(a.votes, 300);
    let pair = |x: &str, y: &str| {
        a.pairs
            .iter()
            .find(|p| (p.a == x && p.b == y) || (p.a == y && p.b == x))
            .unwrap()
    };
    // a pair is symmetric and counted once; two parties that never sat together are absent
    assert!(a.pairs.iter().all(|p| p.a < p.b));
    assert!(!a.pairs.iter().any(|p| p.a == "bij1" && p.b == "nsc"));
    let gl_pvda = pair("groenlinks", "pvda");
    assert!(gl_pvda.rate.unwrap() > 0.9, "{gl_pvda:?}");
    let pvv_d66 = pair("d66", "pvv");
    assert!(pvv_d66.rate.unwrap() < gl_pvda.rate.unwrap());
}
