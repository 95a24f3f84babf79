//! 放行对账: the security manager's daily check of the slips issued on a day — released,
//! sent back, expired unused, still open — with the mismatches first: two gates that
//! released one slip offline, and slips sent back.

use super::*;
use steward_domain::release::reconcile::{SlipDay, reconcile};

#[component]
pub fn ReleaseDay() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let day = RwSignal::new(today().to_string());
    let report = move || {
        let day: chrono::NaiveDate = day.get().parse().unwrap_or_else(|_| today());
        let all = engine.typed::<ReleaseSlip>();
        let engine_slip_ids: Vec<String> = all.iter().map(|(id, _, _)| id.clone()).collect();
        let slips: Vec<(String, ReleaseSlip)> =
            all.into_iter().filter(|(_, s, _)| s.issued_at.local_day() == day).map(|(id, s, _)| (id, s)).collect();
        let checks = checks_by_slip(engine);
        let empty = Vec::new();
        let plains: Vec<Vec<GateCheck>> = slips.iter().map(|(id, _)| plain(checks.get(id).unwrap_or(&empty))).collect();
        let r = reconcile(slips.iter().zip(&plains).map(|((id, s), c)| SlipDay { slip_id: id, until: s.until, checks: c }), today());
        let mut lines: Vec<(Line, String, String, Vec<GateRecord>)> = r
            .lines
            .iter()
            .filter_map(|(line, id)| {
                let slip = &slips.iter().find(|(i, _)| i == id)?.1;
                let c = checks.get(id).cloned().unwrap_or_default();
                // A check of another pass under this slip's id is no check of this slip.
                let line = if c.iter().any(|c| c.pass != slip.pass) { Line::Unmatched } else { *line };
                Some((line, id.clone(), format!("{} · {}", slip.unit, goods_text(slip)), c))
            })
            .collect();
        // Gates' decisions that day on slips the server has no record of.
        let known: std::collections::HashSet<&str> = engine_slip_ids.iter().map(String::as_str).collect();
        for (id, c) in &checks {
            if !known.contains(id.as_str()) && c.iter().any(|c| c.check.at.local_day() == day) {
                let p = &c[0].pass.pass;
                let goods = p.items.iter().map(|i| format!("{}×{}", i.name, i.quantity)).collect::<Vec<_>>().join("、");
                lines.push((Line::Unmatched, id.clone(), format!("{} · {goods}", p.unit), c.clone()));
            }
        }
        lines.sort_by_key(|l| l.0);
        (r.issued, r.released, r.refused, r.expired_unused, lines)
    };
    view! {
        <section class="page" id="release-day">
            <h1>{t!(i18n, release.day_title)}</h1>
            <p class="intro">{t!(i18n, release.day_intro)}</p>
            <label>{t!(i18n, release.day)}<input id="release-day-date" type="date" bind:value=day /></label>
            {move || {
                let (issued, released, refused, expired, lines) = report();
                view! {
                    <p class="counts" id="release-counts">
                        {t!(i18n, release.issued_count)} " " <strong>{issued}</strong> " · "
                        {t!(i18n, release.released_count)} " " <strong>{released}</strong> " · "
                        {t!(i18n, release.refused_count)} " " <strong>{refused}</strong> " · "
                        {t!(i18n, release.expired_count)} " " <strong>{expired}</strong>
                    </p>
                    <ul class="cards" id="release-lines">
                        {lines.into_iter().map(|(line, id, what, checks)| view! {
                            <li class="card" data-line=format!("{line:?}") data-number=ReleaseSlip::number(&id)>
                                <p><span class=line_class(line)>{line_text(i18n, line)}</span> " "
                                    <strong>{ReleaseSlip::number(&id)}</strong> " · " {what}</p>
                                {(line == Line::Conflict).then(|| view! { <p class="error">{t!(i18n, release.conflict_note)}</p> })}
                                {(line == Line::Unmatched).then(|| view! { <p class="error">{t!(i18n, release.unmatched_note)}</p> })}
                                <ul class="gate-checks">{checks.iter().map(|c| view! { <li>{t!(i18n, release.by_gate)} " " {check_text(i18n, c)}</li> }).collect_view()}</ul>
                            </li>
                        }).collect_view()}
                    </ul>
                }
            }}
        </section>
    }
}
